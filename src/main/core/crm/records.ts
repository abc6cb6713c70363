/** Small helpers shared by the CRM services: reading query rows and paging within Salesforce's limits. */
import { AppError } from '../../../shared/errors';

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

/** Drops undefined values (omitted optional fields) before a create. */
export function definedValues(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
