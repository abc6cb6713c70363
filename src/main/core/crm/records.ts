/** Small helpers shared by the CRM services: reading query rows and paging within Salesforce's limits. */
import { AppError } from '../../../shared/errors';
import type { SalesforceSession } from '../salesforce/gateway';

/** Salesforce refuses OFFSET above 2,000 (MALFORMED_QUERY "maximum SOQL offset allowed is 2000"). */
export const MAX_SOQL_OFFSET = 2_000;

export type Row = Record<string, unknown>;

export const text = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
/** `Account.Name` of a row: the parent is a nested object, or null when the lookup is empty. */
export const parentField = (row: Row, relationship: string, field: string): string | null => {
  const parent = row[relationship];
  return parent && typeof parent === 'object' ? text((parent as Row)[field]) : null;
};

export interface PageWindow {
  offset: number;
  limit: number;
}

/** The LIMIT/OFFSET for a page, or a clear error past Salesforce's offset ceiling. */
export function pageWindow(page: number, pageSize: number): PageWindow {
  const offset = page * pageSize;
  if (offset > MAX_SOQL_OFFSET) {
    throw new AppError(
      'INVALID_INPUT',
      `Salesforce lists stop after the first ${MAX_SOQL_OFFSET.toLocaleString('en-US')} rows. Use search or a different sort order to find records further down.`,
      ['page'],
    );
  }
  return { offset, limit: pageSize };
}

/** Whether a next page exists and can still be reached with OFFSET. */
export function hasMorePages(window: PageWindow, received: number, totalSize: number): boolean {
  const next = window.offset + window.limit;
  return window.offset + received < totalSize && next <= MAX_SOQL_OFFSET;
}

export interface ListPageQuery {
  /** A field from the contract's whitelist (never free text), so it can go into ORDER BY as is. */
  sortBy: string;
  sortDir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface RecordPage<T> {
  records: T[];
  totalSize: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/**
 * One sorted page of a list and its total. The page and the COUNT() share one WHERE clause
 * (`where` is empty or starts with " WHERE"), so the total always matches what paging can show.
 */
export async function listPage<T>(
  session: () => Promise<SalesforceSession>,
  query: ListPageQuery,
  list: { object: string; fields: string; where: string; toRow: (row: Row) => T },
): Promise<RecordPage<T>> {
  const window = pageWindow(query.page, query.pageSize);
  const dir = query.sortDir === 'desc' ? 'DESC' : 'ASC';
  // Id as the tie-breaker keeps pages stable when many rows share a sort value.
  const soql = `SELECT ${list.fields} FROM ${list.object}${list.where} ORDER BY ${query.sortBy} ${dir} NULLS LAST, Id ${dir} LIMIT ${window.limit} OFFSET ${window.offset}`;
  const sf = await session();
  const [result, totalSize] = await Promise.all([sf.query<Row>(soql), sf.count(`SELECT COUNT() FROM ${list.object}${list.where}`)]);
  return {
    records: result.records.map(list.toRow),
    totalSize,
    page: query.page,
    pageSize: query.pageSize,
    hasMore: hasMorePages(window, result.records.length, totalSize),
  };
}

/** Drops undefined values (omitted optional fields) before a create. */
export function definedValues(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
