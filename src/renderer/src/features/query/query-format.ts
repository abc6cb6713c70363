/**
 * Words and figures of the Query page, as pure functions: durations, costs, the status line under
 * the editor, a result cell's text, and which values are record Ids the app can open.
 */
import type { QueryEstimate, QueryResult, SoqlProblem } from '../../../../shared/ipc';
import { formatCount } from '../../lib/format';
import { objectOfId, type ObjectName } from '../../lib/objects';

/** "1 row", "1,204 rows": the figure as the rest of the app writes counts. */
export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "Line 2, column 5: …" (or the message alone when the parser gave no place). */
export function problemText(problem: SoqlProblem): string {
  if (problem.line === null) return problem.message;
  return `Line ${problem.line}${problem.column !== null ? `, column ${problem.column}` : ''}: ${problem.message}`;
}

/** What an org run will cost, in words. */
export function estimateText(estimate: QueryEstimate): string {
  const rows =
    estimate.rows === null
      ? 'an unknown number of rows'
      : estimate.basis === 'limit'
        ? `at most ${plural(estimate.rows, 'row')}`
        : `about ${plural(estimate.rows, 'row')}`;
  const spent = estimate.estimateCalls > 0 ? ` (counting them took ${plural(estimate.estimateCalls, 'call')})` : '';
  return `${rows}, ${plural(estimate.calls, 'API call')}${spent}`;
}

/** The line above the results: rows, time, calls and where it ran. */
export function resultSummary(result: QueryResult): string {
  const where = result.target === 'org' ? 'on the org' : 'on this computer';
  const calls = result.target === 'org' ? ` · ${plural(result.apiCalls, 'API call')}` : ' · no API calls';
  return `${plural(result.totalSize, 'row')} · ${formatDuration(result.durationMs)}${calls} · ${where}`;
}

/** `SELECT COUNT() FROM …`: Salesforce answers a size and no rows or columns. */
export const isCountOnly = (result: QueryResult) => result.columns.length === 0;

/** A cell's text: blank for null, true/false, numbers and text as Salesforce gave them. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The app's object for a value in an Id column (`Id`, `AccountId`, `Account.Id`, `What.Id`), when
 * its key prefix is one the app keeps; undefined otherwise (text that merely looks like an Id).
 */
export function recordOf(column: string, value: unknown): ObjectName | undefined {
  if (typeof value !== 'string' || !ID.test(value)) return undefined;
  const last = column.split('.').pop() ?? '';
  if (!/Id$/.test(last)) return undefined;
  return objectOfId(value);
}

/** The rows of a child subquery cell (an array of flattened rows), or null. */
export function childRows(value: unknown): Array<Record<string, unknown>> | null {
  if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
  if (value && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records)) {
    return (value as { records: Array<Record<string, unknown>> }).records;
  }
  return null;
}

/** Columns of child rows: every key, in first-seen order (Salesforce's `attributes` left out). */
export function childColumns(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (key !== 'attributes') seen.add(key);
  return [...seen];
}
