/**
 * A SELECT on the org: what it will cost first, then the run itself, page after page.
 *
 * Cost (`estimateCost`): an org query costs one API call per page of QUERY_PAGE_SIZE rows. With a
 * LIMIT small enough that it cannot need confirmation, the LIMIT is the answer (no call). An
 * aggregate query answers one row per group (one page for what the console shows). Otherwise one
 * `SELECT COUNT()` with the query's own WHERE (one call) gives the rows, less any OFFSET, capped by
 * the LIMIT. A run stops at MAX_RESULT_ROWS, so its pages are counted up to that; whether an
 * export would use Bulk API 2.0 is judged on the full figure.
 *
 * Run (`runOnOrg`): query or queryAll, then each `nextRecordsUrl` until the rows reach maxRows; a
 * child subquery whose rows did not fit its first answer (`done: false`) is read to its end the
 * same way. `SELECT COUNT()` answers totalSize with no rows, as Salesforce does.
 */
import { composeQuery, type Query } from '@jetstreamapp/soql-parser-js';
import {
  BULK_EXPORT_ABOVE_ROWS,
  CONFIRM_ABOVE_CALLS,
  MAX_RESULT_ROWS,
  QUERY_PAGE_SIZE,
  type QueryColumn,
  type QueryEstimate,
  type QueryRow,
} from '../../../shared/ipc/query.contract';
import type { OrgQueryApi, QueryPage } from './org-api';
import { columnsOfQuery, flattenRecord, isChildResult, resolveColumns, subqueryColumns } from './org-rows';
import { hasSubquery, isAggregateQuery, isCountOnly } from './soql-guard';

const pagesOf = (rows: number) => Math.max(1, Math.ceil(rows / QUERY_PAGE_SIZE));

/** The same FROM and WHERE as a `SELECT COUNT()` (what the run's rows would be before LIMIT and OFFSET). */
function countSoqlOf(query: Query): string {
  const count: Query = {
    sObject: query.sObject,
    ...(query.sObjectAlias ? { sObjectAlias: query.sObjectAlias } : {}),
    fields: [{ type: 'FieldFunctionExpression', functionName: 'COUNT', parameters: [], isAggregateFn: true, rawValue: 'COUNT()' }],
    ...(query.where ? { where: query.where } : {}),
    ...(query.usingScope ? { usingScope: query.usingScope } : {}),
    ...(query.withSecurityEnforced ? { withSecurityEnforced: true } : {}),
    ...(query.withAccessLevel ? { withAccessLevel: query.withAccessLevel } : {}),
    ...(query.withDataCategory ? { withDataCategory: query.withDataCategory } : {}),
  };
  return composeQuery(count);
}

function verdict(rows: number | null, basis: QueryEstimate['basis'], estimateCalls: number, bulkable: boolean): QueryEstimate {
  const calls = rows === null ? 1 : pagesOf(Math.min(rows, MAX_RESULT_ROWS));
  return {
    rows,
    calls,
    basis,
    estimateCalls,
    needsConfirmation: calls > CONFIRM_ABOVE_CALLS,
    bulkExport: bulkable && rows !== null && rows > BULK_EXPORT_ABOVE_ROWS,
  };
}

/** Whether Bulk API 2.0 can run the query: it refuses aggregates, subqueries, OFFSET and TYPEOF. */
export function bulkCapable(query: Query): boolean {
  return !isAggregateQuery(query) && !hasSubquery(query) && query.offset === undefined && !(query.fields ?? []).some((f) => f.type === 'FieldTypeof');
}

export async function estimateCost(api: Pick<OrgQueryApi, 'query'>, query: Query, queryAll: boolean): Promise<QueryEstimate> {
  const bulkable = bulkCapable(query);
  if (isCountOnly(query)) return verdict(0, 'aggregate', 0, false);
  if (isAggregateQuery(query)) return verdict(query.limit ?? null, 'aggregate', 0, false);
  const offset = query.offset ?? 0;
  if (query.limit !== undefined && query.limit <= QUERY_PAGE_SIZE * CONFIRM_ABOVE_CALLS) return verdict(query.limit, 'limit', 0, bulkable);
  const counted = (await api.query(countSoqlOf(query), queryAll)).totalSize;
  const rows = Math.max(0, counted - offset);
  return verdict(query.limit === undefined ? rows : Math.min(rows, query.limit), 'count', 1, bulkable);
}

export interface OrgRunResult {
  object: string;
  columns: QueryColumn[];
  rows: QueryRow[];
  totalSize: number;
  truncated: boolean;
}

/** A child subquery's rows read to their end (each further page is a call). */
async function completeChildren(api: Pick<OrgQueryApi, 'more'>, records: Array<Record<string, unknown>>): Promise<void> {
  for (const record of records) {
    for (const value of Object.values(record)) {
      if (!isChildResult(value) || value.done || !value.nextRecordsUrl) continue;
      let next: string | undefined = value.nextRecordsUrl;
      while (next) {
        const page = await api.more(next);
        value.records.push(...page.records);
        next = page.done ? undefined : page.nextRecordsUrl;
      }
      value.done = true;
      delete value.nextRecordsUrl;
    }
  }
}

/**
 * The pages of a query as they arrive (records as Salesforce sends them), children completed,
 * until `maxRows` records or the last page. For exports and the run alike.
 */
export async function* orgPages(api: Pick<OrgQueryApi, 'query' | 'more'>, soql: string, queryAll: boolean, maxRows = Infinity): AsyncGenerator<QueryPage> {
  let page = await api.query(soql, queryAll);
  let seen = 0;
  for (;;) {
    await completeChildren(api, page.records);
    seen += page.records.length;
    yield page;
    if (page.done || !page.nextRecordsUrl || seen >= maxRows) return;
    page = await api.more(page.nextRecordsUrl);
  }
}

/** The row shaper for a query: columns resolved on the first records seen, then fixed. */
export function rowShaper(query: Query) {
  const asked = columnsOfQuery(query, isAggregateQuery(query));
  const children = subqueryColumns(query);
  let columns: QueryColumn[] | null = null;
  return {
    columns: (records: ReadonlyArray<Record<string, unknown>>) => (columns ??= resolveColumns(asked, records)),
    shape: (record: Record<string, unknown>) => flattenRecord(record, columns ?? asked, children),
  };
}

export async function runOnOrg(
  api: Pick<OrgQueryApi, 'query' | 'more'>,
  query: Query,
  soql: string,
  queryAll: boolean,
  maxRows = MAX_RESULT_ROWS,
): Promise<OrgRunResult> {
  const object = query.sObject ?? '';
  const records: Array<Record<string, unknown>> = [];
  let totalSize = 0;
  for await (const page of orgPages(api, soql, queryAll, maxRows)) {
    totalSize = page.totalSize;
    records.push(...page.records);
  }
  if (isCountOnly(query)) return { object, columns: [], rows: [], totalSize, truncated: false };
  const kept = records.slice(0, maxRows);
  const shaper = rowShaper(query);
  const columns = shaper.columns(kept);
  return { object, columns, rows: kept.map(shaper.shape), totalSize, truncated: totalSize > kept.length };
}
