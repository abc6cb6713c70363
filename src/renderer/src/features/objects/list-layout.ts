/**
 * What a list shows and how wide its columns are, as plain functions (unit-tested): the user's
 * chosen columns or the object's defaults (without Owner when only my own records are synced),
 * pixel widths sized to the values, and moving a column in the Columns dialog.
 */
import { COLUMN_CHOICES, LIST_COLUMN_WIDTH, LIST_COLUMNS, type CrmObject, type ListColumn, type ListPrefs } from '../../../../shared/ipc/records.contract';
import { objectDef } from '../../../../shared/objects/registry';
import { formatDate, formatMoney, formatNumber, formatRelative } from '../../lib/format';
export { CELL_PADDING_PX, columnWidth, fittedWidth } from '../../lib/column-width';

/** Pixels per unit of the registry-side relative widths (list-columns.tsx's WIDTHS). */
export const WIDTH_UNIT_PX = 8;
/**
 * The columns a list shows: the user's choice in their order (defaults and added ones; unknown
 * fields dropped), else the object's defaults. With the sync scope "mine" an owner-scoped object's rows are all the user's,
 * so the default Owner column would repeat their own name on every row: it is left out.
 */
export function effectiveColumns(object: CrmObject, prefs: Pick<ListPrefs, 'columns'> | undefined, scope: 'mine' | 'all' | undefined): ListColumn[] {
  if (prefs?.columns) {
    const choices = COLUMN_CHOICES[object];
    const chosen = prefs.columns.flatMap((field) => choices.filter((c) => c.field === field));
    if (chosen.length > 0) return chosen;
  }
  const ownerIsMe = scope === 'mine' && objectDef(object).ownerScoped;
  return LIST_COLUMNS[object].filter((c) => !(ownerIsMe && c.field === 'Owner.Name'));
}

/** Kinds whose values must never be cut short: a truncated amount or date is a wrong one. */
export function isExactKind(kind: ListColumn['kind']): boolean {
  return kind === 'currency' || kind === 'number' || kind === 'percent' || kind === 'date' || kind === 'datetime';
}

export const clampWidth = (px: number) => Math.round(Math.min(LIST_COLUMN_WIDTH.max, Math.max(LIST_COLUMN_WIDTH.min, px)));

/** Moves `field` one place up (-1) or down (+1); unchanged at either end. */
export function moveColumn(fields: readonly string[], field: string, delta: -1 | 1): string[] {
  const next = [...fields];
  const from = next.indexOf(field);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= next.length) return next;
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** The local calendar date as Salesforce writes dates (2026-01-31): "from today" in a view. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The text a list cell shows for an exact kind (money, numbers, dates): one format per column —
 * every amount in full, never "$4.4B" beside "$3,950,000" — so the column is sized to it (VirtualTable).
 */
export function cellText(kind: ListColumn['kind'], value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
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
      return formatRelative(String(value), Date.now(), 'short');
    case 'boolean':
      return value === true ? 'Yes' : 'No';
    default:
      return String(value);
  }
}
