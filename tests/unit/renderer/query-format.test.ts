/**
 * The Query page's words and figures: the route, the cost in words, the result's summary, the
 * inline problem's place, which values open a record, child rows, durations.
 */
import { describe, expect, it } from 'vitest';
import {
  cellText,
  childColumns,
  childRows,
  estimateText,
  formatDuration,
  isCountOnly,
  problemText,
  recordOf,
  resultSummary,
} from '../../../src/renderer/src/features/query/query-format';
import { parseRoute, routeHref } from '../../../src/renderer/src/lib/router';
import type { QueryResult } from '../../../src/shared/ipc';

const result = (over: Partial<QueryResult>): QueryResult => ({
  target: 'org',
  object: 'Account',
  columns: [{ path: 'Id', kind: 'field' }],
  rows: [],
  totalSize: 0,
  truncated: false,
  durationMs: 0,
  apiCalls: 0,
  historyId: 'h1',
  ...over,
});

describe('the Query page', () => {
  it('lives at #/query', () => {
    expect(parseRoute('#/query')).toEqual({ name: 'query' });
    expect(routeHref({ name: 'query' })).toBe('#/query');
  });

  it('says what an org run will cost', () => {
    expect(estimateText({ rows: 10, calls: 1, basis: 'limit', estimateCalls: 0, needsConfirmation: false, bulkExport: false })).toBe(
      'at most 10 rows, 1 API call',
    );
    expect(estimateText({ rows: 12_345, calls: 7, basis: 'count', estimateCalls: 1, needsConfirmation: true, bulkExport: false })).toBe(
      'about 12,345 rows, 7 API calls (counting them took 1 call)',
    );
    expect(estimateText({ rows: null, calls: 1, basis: 'aggregate', estimateCalls: 0, needsConfirmation: false, bulkExport: false })).toBe(
      'an unknown number of rows, 1 API call',
    );
  });

  it('sums a result up: rows, time, calls, where', () => {
    expect(resultSummary(result({ totalSize: 1, durationMs: 432, apiCalls: 1 }))).toBe('1 row · 432 ms · 1 API call · on the org');
    expect(resultSummary(result({ target: 'cache', totalSize: 2_500, durationMs: 1_234 }))).toBe('2,500 rows · 1.23 s · no API calls · on this computer');
    expect(isCountOnly(result({ columns: [] }))).toBe(true);
    expect(formatDuration(75_000)).toBe('1 min 15 s');
  });

  it('places the inline problem', () => {
    expect(problemText({ message: "Unexpected 'LIMT'", line: 2, column: 5 })).toBe("Line 2, column 5: Unexpected 'LIMT'");
    expect(problemText({ message: 'Only SELECT can run here', line: null, column: null })).toBe('Only SELECT can run here');
  });

  it('opens records only for Ids of objects the app keeps, in Id columns', () => {
    expect(recordOf('Id', '0068d000000001HAAQ')).toBe('Opportunity');
    expect(recordOf('Account.Id', '001000000000001')).toBe('Account');
    expect(recordOf('AccountId', '001000000000001AAA')).toBe('Account');
    // Not an Id column, a prefix the app does not keep, not an Id at all.
    expect(recordOf('Name', '001000000000001')).toBeUndefined();
    expect(recordOf('OwnerId', '005000000000001')).toBeUndefined();
    expect(recordOf('Id', 'short')).toBeUndefined();
  });

  it('reads cells and child rows', () => {
    expect([null, true, 3.5, 'x', { a: 1 }].map(cellText)).toEqual(['', 'true', '3.5', 'x', '{"a":1}']);
    const rows = [
      { LastName: 'Ng', attributes: {} },
      { LastName: 'Li', Email: 'li@example.com' },
    ];
    expect(childRows(rows)).toBe(rows);
    expect(childRows({ records: rows })).toBe(rows);
    expect(childRows(null)).toBeNull();
    expect(childColumns(rows)).toEqual(['LastName', 'Email']);
  });
});
