/**
 * Table columns for the cached lists, from the contract's LIST_COLUMNS: the first column links to
 * the record, relationship names link to the related record, values are formatted by kind.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { LIST_COLUMNS, type ColumnKind, type CrmObject, type ListColumn } from '../../../../shared/ipc/records.contract';
import type { ColumnMeta } from '../../components/data-table';
import type { ListRow } from '../../lib/cache-records';
import { formatDate, formatMoney, formatRelative } from '../../lib/format';
import { recordHref } from '../../lib/objects';

const WIDTHS: Record<ColumnKind, number> = { text: 12, number: 8, currency: 10, percent: 8, date: 10, datetime: 11, boolean: 8 };
/** Dotted relationship name → the Id field and object it links to. */
const LINKS: Record<string, { idField: string; object: CrmObject }> = {
  'Account.Name': { idField: 'AccountId', object: 'Account' },
  'Contact.Name': { idField: 'ContactId', object: 'Contact' },
};

const dash = <span className="muted">—</span>;

export function formatValue(kind: ColumnKind, value: unknown) {
  if (value === null || value === undefined || value === '') return dash;
  switch (kind) {
    case 'currency':
      return typeof value === 'number' ? formatMoney(value) : String(value);
    case 'percent':
      return `${String(value)}%`;
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return <time dateTime={String(value)}>{formatRelative(String(value))}</time>;
    case 'boolean':
      return value === true ? 'Yes' : 'No';
    default:
      return String(value);
  }
}

/** The link of a row to its own detail screen. */
export function RowTitleLink({ object, row, field }: { object: CrmObject; row: ListRow; field: string }) {
  const text = row[field];
  return (
    <a className="row-link" data-row-link href={recordHref(object, row.Id)}>
      {text === null || text === undefined || text === '' ? '(no name)' : String(text)}
      {row.localState !== 'synced' && (
        <span className="badge badge-pending" title="Has changes not yet sent to Salesforce">
          {row.localState === 'created' ? 'New · pending' : 'Pending'}
        </span>
      )}
    </a>
  );
}

export function listColumns(object: CrmObject, only?: readonly string[]): Array<ColumnDef<ListRow, unknown>> {
  const source: readonly ListColumn[] = only ? LIST_COLUMNS[object].filter((c) => only.includes(c.field)) : LIST_COLUMNS[object];
  return source.map((column, index): ColumnDef<ListRow, unknown> => {
    const numeric = column.kind === 'currency' || column.kind === 'number' || column.kind === 'percent';
    const meta: ColumnMeta = {
      width: index === 0 ? 18 : WIDTHS[column.kind],
      sortField: column.sortable ? column.field : undefined,
      className: index === 0 ? 'col-name' : numeric ? 'col-number' : column.kind === 'date' || column.kind === 'datetime' ? 'col-nowrap' : undefined,
    };
    return {
      id: column.field,
      header: column.label,
      meta,
      cell: ({ row }) => {
        const record = row.original;
        if (index === 0) return <RowTitleLink object={object} row={record} field={column.field} />;
        const link = LINKS[column.field];
        const id = link ? record[link.idField] : null;
        if (link && typeof id === 'string' && record[column.field]) {
          return (
            <a className="subtle-link" href={recordHref(link.object, id)}>
              {String(record[column.field])}
            </a>
          );
        }
        return formatValue(column.kind, record[column.field]);
      },
    };
  });
}
