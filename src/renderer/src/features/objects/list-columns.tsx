/**
 * Table columns for the cached lists, from the contract's LIST_COLUMNS: the first column links to
 * the record, relationship names link to the related record, values are formatted by kind.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { LIST_COLUMNS, type ColumnKind, type CrmObject, type ListColumn, type OutboxRowState } from '../../../../shared/ipc/records.contract';
import type { ColumnMeta } from '../../components/data-table';
import type { ListRow } from '../../lib/cache-records';
import { formatDateTime, formatRelative } from '../../lib/format';
import { recordHref } from '../../lib/objects';
import { cellText, isExactKind, WIDTH_UNIT_PX } from './list-layout';

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
/** Dotted relationship name → the Id field and object it links to. */
const LINKS: Record<string, { idField: string; object: CrmObject }> = {
  'Account.Name': { idField: 'AccountId', object: 'Account' },
  'Contact.Name': { idField: 'ContactId', object: 'Contact' },
};

const dash = <span className="muted">—</span>;

/** A value as record pages show it: the list's text (list-layout.ts' cellText), a datetime as a <time>. */
export function formatValue(kind: ColumnKind, value: unknown) {
  if (value === null || value === undefined || value === '') return dash;
  if (kind === 'datetime') return <time dateTime={String(value)}>{formatRelative(String(value))}</time>;
  return cellText(kind, value);
}

/**
 * A list cell: like formatValue, but relative times are short ("3 mo. ago", the exact time as the
 * tooltip), and text the column cuts off has its full value as a tooltip.
 */
function ListCell({ kind, value }: { kind: ColumnKind; value: unknown }) {
  if (value === null || value === undefined || value === '') return dash;
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

/** What a row's unsent change looks like: its words, tooltip and colour (refused and conflict need the user). */
const STATE_BADGES: Record<OutboxRowState, { label: string; newLabel: string; title: string; tone: string }> = {
  refused: { label: 'Refused', newLabel: 'New · refused', title: 'Salesforce refused this change: open Changes to fix or discard it', tone: 'badge-danger' },
  conflict: {
    label: 'Conflict',
    newLabel: 'New · conflict',
    title: 'Changed in Salesforce meanwhile: open Changes to choose',
    tone: 'badge-high badge-conflict',
  },
  pending: { label: 'Pending', newLabel: 'New · pending', title: 'Has changes not yet sent to Salesforce', tone: 'badge-pending' },
};

/** A row's local state as a badge (nothing for a synced row): the true state, refused or conflict included. */
export function RowStateBadge({ row }: { row: Pick<ListRow, 'localState'> & { outboxState?: unknown } }) {
  if (row.localState === 'synced') return null;
  const state = row.outboxState;
  const badge = STATE_BADGES[state === 'refused' || state === 'conflict' ? state : 'pending'];
  return (
    <span className={`badge row-state ${badge.tone}`} title={badge.title} data-testid="row-state">
      {row.localState === 'created' ? badge.newLabel : badge.label}
    </span>
  );
}

/**
 * The link of a row to its own detail screen, and its state badge beside it: the name may be cut
 * short with "…", the badge never. `tabbable: false` inside a list that is one tab stop of its own.
 */
export function RowTitleLink({ object, row, field, tabbable = true }: { object: CrmObject; row: ListRow; field: string; tabbable?: boolean }) {
  const text = row[field];
  return (
    <span className="row-title">
      <a
        className="row-link"
        data-row-link
        href={recordHref(object, row.Id)}
        tabIndex={tabbable ? undefined : -1}
        title={text === null || text === undefined || text === '' ? undefined : String(text)}
      >
        {text === null || text === undefined || text === '' ? '(no name)' : String(text)}
      </a>
      <RowStateBadge row={row} />
    </span>
  );
}

/** A column's base width in the registry's relative units (×10 px in a list, % in a related list). */
function widthUnits(object: CrmObject, column: ListColumn, first: boolean): number {
  return (
    FIELD_WIDTHS[`${object}:${column.field}`] ??
    (first && column.field !== 'CaseNumber' ? FIRST_COLUMN_WIDTH : (FIELD_WIDTHS[column.field] ?? WIDTHS[column.kind]))
  );
}

export function listColumns(object: CrmObject, only?: readonly string[]): Array<ColumnDef<ListRow, unknown>> {
  const source: readonly ListColumn[] = only ? LIST_COLUMNS[object].filter((c) => only.includes(c.field)) : LIST_COLUMNS[object];
  return columnsOf(object, source, { tabbable: true, px: false });
}

/**
 * The columns of an object's own list (the virtual table): the given ones in order, widths in
 * pixels, money and dates sized to their values (`fitText`), links out of the tab order (the list
 * is one tab stop; arrows move, Enter opens).
 */
export function gridColumns(object: CrmObject, source: readonly ListColumn[]): Array<ColumnDef<ListRow, unknown>> {
  return columnsOf(object, source, { tabbable: false, px: true });
}

function columnsOf(object: CrmObject, source: readonly ListColumn[], options: { tabbable: boolean; px: boolean }): Array<ColumnDef<ListRow, unknown>> {
  return source.map((column, index): ColumnDef<ListRow, unknown> => {
    const numeric = column.kind === 'currency' || column.kind === 'number' || column.kind === 'percent';
    const units = widthUnits(object, column, index === 0);
    const meta: ColumnMeta = {
      width: options.px ? undefined : units,
      widthPx: options.px ? units * WIDTH_UNIT_PX : undefined,
      fitText: options.px && isExactKind(column.kind) ? (row) => cellText(column.kind, (row as ListRow)[column.field]) : undefined,
      sortField: column.sortable ? column.field : undefined,
      className: index === 0 ? 'col-name' : numeric ? 'col-number' : column.kind === 'date' || column.kind === 'datetime' ? 'col-nowrap' : undefined,
    };
    return {
      id: column.field,
      header: column.label,
      meta,
      cell: ({ row }) => {
        const record = row.original;
        if (index === 0) return <RowTitleLink object={object} row={record} field={column.field} tabbable={options.tabbable} />;
        const link = LINKS[column.field];
        const id = link ? record[link.idField] : null;
        if (link && typeof id === 'string' && record[column.field]) {
          return (
            <a className="subtle-link" href={recordHref(link.object, id)} title={String(record[column.field])} tabIndex={options.tabbable ? undefined : -1}>
              {String(record[column.field])}
            </a>
          );
        }
        return <ListCell kind={column.kind} value={record[column.field]} />;
      },
    };
  });
}
