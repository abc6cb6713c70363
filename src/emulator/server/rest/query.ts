/**
 * `query` and `queryAll` with cursor paging, `query/<locator>` (under either name, any version),
 * `query/?explain=`, and `columns=true` (column metadata instead of rows).
 */
import { SalesforceError } from '../../errors';
import { runQuery, runQueryCursor } from '../../soql/engine';
import type { RestRequest, RestRoute } from '../types';
import { headerValue } from '../http-util';
import type { EmulatorState } from '../state';
import { queryColumns } from './query-columns';
import { batchSizeFrom } from './query-cursors';

function soqlFrom(req: RestRequest): string {
  const q = req.query.get('q');
  if (q === null || q.trim() === '') {
    throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  }
  return q;
}

/**
 * The top-level `FROM <name>` of a SOQL statement, for the explain plan (the engine has validated
 * it). String literals and parenthesised parts (child subqueries, semi-joins) are blanked first, so
 * `SELECT Name, (SELECT Id FROM Contacts) FROM Account` explains Account, as Salesforce does.
 */
function fromObject(soql: string): string | undefined {
  let outer = soql.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  for (let inner = outer.replace(/\([^()]*\)/g, '()'); inner !== outer; inner = outer.replace(/\([^()]*\)/g, '()')) outer = inner;
  return /\bFROM\s+([A-Za-z][A-Za-z0-9_]*)/i.exec(outer)?.[1];
}

function explain(state: EmulatorState, req: RestRequest, soql: string) {
  const result = runQuery(state.store, soql, { includeDeleted: false, apiVersion: req.apiVersion });
  const objectName = fromObject(soql);
  const object = objectName ? state.store.schema.getObject(objectName) : undefined;
  if (!object) throw new SalesforceError(400, 'MALFORMED_QUERY', 'unable to explain the query');
  const { n } = state.store.db.prepare(`SELECT COUNT(*) AS n FROM "${object.name.replace(/"/g, '""')}" WHERE "IsDeleted" = 0`).get() as { n: number };
  const byId = /\bWHERE\b[\s\S]*\bId\s*(=|IN)\s*/i.test(soql);
  const cardinality = byId ? result.totalSize : Math.max(result.totalSize, 0);
  return {
    plans: [
      {
        cardinality,
        fields: byId ? ['Id'] : [],
        leadingOperationType: byId ? 'Index' : 'TableScan',
        notes: [],
        relativeCost: n === 0 ? 0 : Number((byId ? 0.01 : Math.max(0.1, cardinality / n)).toFixed(4)),
        sobjectCardinality: n,
        sobjectType: object.name,
      },
    ],
    sourceQuery: soql,
  };
}

export function queryRoutes(state: EmulatorState): RestRoute[] {
  const runPaged = (req: RestRequest, includeDeleted: boolean) => {
    const explainSoql = req.query.get('explain');
    if (explainSoql !== null && !includeDeleted) {
      if (explainSoql.trim() === '') throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      return { status: 200, body: explain(state, req, explainSoql) };
    }
    const soql = soqlFrom(req);
    if (req.query.get('columns')?.toLowerCase() === 'true') {
      // Run the statement first so a bad one fails exactly as it would without columns=true
      // (as cursor text, which keeps no record objects for a large result).
      runQueryCursor(state.store, soql, { includeDeleted, apiVersion: req.apiVersion });
      return { status: 200, body: queryColumns(state.store.schema, soql) };
    }
    const reservation = state.cursors.reserve();
    const source = runQueryCursor(state.store, soql, { includeDeleted, apiVersion: req.apiVersion, childLocator: reservation.childLocator });
    const batchSize = batchSizeFrom(headerValue(req.headers['sforce-query-options']));
    const page = state.cursors.firstPage(req.user.userId, source, batchSize, req.apiVersion, reservation);
    return { status: 200, body: page };
  };
  const more = (req: RestRequest, params: Record<string, string>) => ({
    status: 200,
    body: state.cursors.nextPage(req.user.userId, params.locator, req.apiVersion),
  });
  return [
    { method: 'GET', pattern: /^\/query$/, handle: (req) => runPaged(req, false) },
    { method: 'GET', pattern: /^\/queryAll$/, handle: (req) => runPaged(req, true) },
    // Salesforce answers queryAll locators under /query/ too, and the reverse.
    { method: 'GET', pattern: /^\/query\/(?<locator>[^/]+)$/, handle: more },
    { method: 'GET', pattern: /^\/queryAll\/(?<locator>[^/]+)$/, handle: more },
  ];
}
