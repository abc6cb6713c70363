/**
 * Table columns for the cached lists, from the contract's LIST_COLUMNS: the first column links to
 * the record, relationship names link to the related record, values are formatted by kind.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { LIST_COLUMNS, type ColumnKind, type CrmObject, type ListColumn } from '../../../../shared/ipc/records.contract';
import type { ColumnMeta } from '../../components/data-table';
import type { ListRow } from '../../lib/cache-records';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatRelative } from '../../lib/format';
import { recordHref } from '../../lib/objects';

/**
 * Relative column widths (CSS classes w-8 … w-30; a fixed-layout table scales them to its width):
 * by kind, then by field (or Object:Field) where the usual values are shorter or longer than the kind suggests.
 */
const WIDTHS: Record<ColumnKind, number> = { text: 12, number: 8, currency: 9, percent: 9, date: 10, datetime: 10, boolean: 8 };
const FIELD_WIDTHS: Record<string, number> = {
  CaseNumber: 10,
  Type: 12,
  Industry: 11,
  Phone: 13,
  Email: 16,
  Title: 13,
  Subject: 18,
  Company: 14,
  StageName: 13,
  Status: 10,
  Priority: 8,
  LeadSource: 11,
  'Account.Name': 15,
  'Contact.Name': 12,
  'Owner.Name': 11,
  BillingCity: 10,
  BillingCountry: 11,
  // A lead's status ("Open - Not Contacted") is what a lead list is read for.
  'Lead:Status': 14,
  'Lead:Title': 11,
  'Lead:LeadSource': 10,
  // People's names are short: their lists give the room to company, title and status instead.
  'Lead:Name': 15,
  'Contact:Name': 16,
  // Opportunity names are long ("Cedar Point - Integration Project"): they are the list's point.
  'Opportunity:Name': 22,
  'Opportunity:Account.Name': 14,
  'Opportunity:Amount': 10,
  'Opportunity:CloseDate': 11,
  'Account:Name': 18,
  'Account:Phone': 12,
  'Account:AnnualRevenue': 11,
  'Campaign:Name': 16,
  'Campaign:Type': 11,
  'Campaign:StartDate': 11,
  'Campaign:EndDate': 11,
  'Campaign:BudgetedCost': 10,
  'Campaign:ExpectedRevenue': 10,
};
const FIRST_COLUMN_WIDTH = 19;
/** Amounts from this size on are shown compact in lists ($3.5B); the full amount is the tooltip. */
const COMPACT_MONEY_FROM = 10_000_000;
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
    case 'number':
      return typeof value === 'number' ? formatNumber(value) : String(value);
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

/**
 * A list cell: like formatValue, but shorter where columns are narrow (compact big amounts,
 * "3 mo. ago"), and with the full value as a tooltip for whatever the column cuts off.
 */
function ListCell({ kind, value }: { kind: ColumnKind; value: unknown }) {
  if (value === null || value === undefined || value === '') return dash;
  if (kind === 'currency' && typeof value === 'number' && Math.abs(value) >= COMPACT_MONEY_FROM) {
    return <span title={formatMoney(value)}>{formatMoney(value, true)}</span>;
  }
  if (kind === 'datetime') {
    return (
      <time dateTime={String(value)} title={formatDateTime(String(value))}>
        {formatRelative(String(value), Date.now(), 'short')}
      </time>
    );
  }
  const shown = formatValue(kind, value);
  return typeof shown === 'string' ? <span title={shown}>{shown}</span> : shown;
}

/** The link of a row to its own detail screen. */
export function RowTitleLink({ object, row, field }: { object: CrmObject; row: ListRow; field: string }) {
  const text = row[field];
  return (
    <a
      className="row-link"
      data-row-link
      href={recordHref(object, row.Id)}
      title={text === null || text === undefined || text === '' ? undefined : String(text)}
    >
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
      width:
        FIELD_WIDTHS[`${object}:${column.field}`] ??
        (index === 0 && column.field !== 'CaseNumber' ? FIRST_COLUMN_WIDTH : (FIELD_WIDTHS[column.field] ?? WIDTHS[column.kind])),
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
            <a className="subtle-link" href={recordHref(link.object, id)} title={String(record[column.field])}>
              {String(record[column.field])}
            </a>
          );
        }
        return <ListCell kind={column.kind} value={record[column.field]} />;
      },
    };
  });
}
