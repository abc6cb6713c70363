/**
 * The SOQL console (`query:*`) for the active org: parse and check, the cost of an org run, the
 * run on the org (metered as 'query-console') or on the local cache, the query plan and the
 * schema for autocomplete. Every run is written to the history (query-library.ts).
 *
 * An org run above CONFIRM_ABOVE_CALLS is refused unless `confirmed`. The figure comes from the
 * estimate the console asked for a moment ago (kept ESTIMATE_KEEP_MS per org, query and queryAll),
 * or is worked out then, so confirming never costs a second COUNT().
 *
 * The text is parsed once per request (`query:check` runs at each pause in typing): the parsed
 * query goes on to the estimate, the org run, the cache's planner and the formatter.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../shared/errors';
import type { QueryEstimate, QueryPlans, QueryResult, QuerySchema, QueryTarget, SoqlProblem } from '../../../shared/ipc/query.contract';
import { CONFIRM_ABOVE_CALLS, QueryPlans as QueryPlansSchema } from '../../../shared/ipc/query.contract';
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { CachePool } from '../cache/cache-pool';
import type { CacheDb } from '../cache/org-cache';
import type { ActiveOrg } from '../connections/active-org';
import type { CallUse, RawConnection } from '../salesforce/gateway';
import type { ConnectionRecord } from '../storage/connections.repo';
import { cacheQueryProblem, iterateCacheQuery, runCacheQuery, type SoqlInput } from './cache-query';
import type { HistoryRun } from './history.repo';
import { createOrgQueryApi, type OrgQueryApi } from './org-api';
import { estimateCost, runOnOrg } from './org-run';
import { createQuerySchema } from './query-schema';
import type { QueryLibrary } from './query-library';
import { formatSoql, parsedSelect, readSelect, type ParsedSelect } from './soql-guard';

const ESTIMATE_KEEP_MS = 5 * 60_000;
const QUERY_ALL_CACHE_MESSAGE = "The local copy doesn't keep deleted or archived rows: run the query on the org to include them (queryAll).";

export interface QueryServiceDeps {
  /** Where each run is written (the active org's history). */
  library: Pick<QueryLibrary, 'recordRun'>;
  activeOrg: Pick<ActiveOrg, 'require' | 'current'>;
  caches: Pick<CachePool, 'cacheFor' | 'guarded'>;
  /** A raw connection of the active org, its calls metered as `use` (the Demo org started when needed). */
  connection: (use: CallUse) => Promise<RawConnection>;
  registry: ObjectRegistry;
  now?: () => number;
}

export interface RunInput {
  soql: string;
  target: QueryTarget;
  queryAll: boolean;
  confirmed: boolean;
}

function confirmationMessage(estimate: QueryEstimate): string {
  const rows = estimate.rows === null ? '' : ` (about ${estimate.rows.toLocaleString('en-US')} rows)`;
  return `This query would use ${estimate.calls} API calls${rows}; the console asks before a run uses more than ${CONFIRM_ABOVE_CALLS}. Confirm to run it.`;
}

export interface QueryCheck {
  problem: SoqlProblem | null;
  object: string | null;
  cacheProblem: string | null;
  formatted: string | null;
}

/** `query:check`: the parse problem, or the object, whether the cache can answer it (and why not), the formatted text. */
function checkQuery(deps: Pick<QueryServiceDeps, 'activeOrg' | 'caches' | 'registry'>, soql: string): QueryCheck {
  const { query, problem } = readSelect(soql);
  if (problem) return { problem, object: null, cacheProblem: null, formatted: null };
  const connection = deps.activeOrg.current();
  let cacheProblem: string | null = 'Connect an org to query its local copy.';
  if (connection) {
    try {
      const db = deps.caches.cacheFor(connection.id);
      cacheProblem = deps.caches.guarded(connection.id, () => cacheQueryProblem(db, deps.registry, query));
    } catch (err) {
      // A query Salesforce would refuse too: the cache cannot answer it either, and says why.
      if (!(err instanceof AppError) || err.code !== 'INVALID_INPUT') throw err;
      cacheProblem = err.message;
    }
  }
  return { problem: null, object: query.sObject ?? null, cacheProblem, formatted: formatSoql(query) };
}

type RunOutcome = Omit<QueryResult, 'target' | 'durationMs' | 'historyId'>;

/** Runs it, timed, and writes the run (or its failure, in words) to the history; a refusal for its cost ran nothing and is not written. */
async function recordedRun(
  library: Pick<QueryLibrary, 'recordRun'>,
  orgId: string,
  input: RunInput,
  run: () => Promise<RunOutcome> | RunOutcome,
): Promise<QueryResult> {
  const started = performance.now();
  const record = (outcome: Omit<HistoryRun, 'soql' | 'target' | 'queryAll' | 'durationMs'>) =>
    library.recordRun(orgId, {
      soql: input.soql,
      target: input.target,
      queryAll: input.queryAll,
      durationMs: Math.round(performance.now() - started),
      ...outcome,
    });
  try {
    const result = await run();
    const durationMs = Math.round(performance.now() - started);
    // COUNT() answers no rows: its figure is the count.
    const rows = result.rows.length || (result.columns.length ? 0 : result.totalSize);
    const historyId = record({ rows, apiCalls: result.apiCalls, error: null });
    return { target: input.target, ...result, durationMs, historyId };
  } catch (err) {
    if (err instanceof AppError && err.fields?.includes('confirmed')) throw err;
    const apiCalls = (err as { apiCalls?: number } | null)?.apiCalls ?? 0;
    record({ rows: null, apiCalls, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

export function createQueryService(deps: QueryServiceDeps) {
  const now = deps.now ?? Date.now;
  const schemaReader = createQuerySchema({ registry: deps.registry, now });
  const estimates = new Map<string, { estimate: QueryEstimate; at: number }>();
  const estimateKey = (orgId: string, soql: string, queryAll: boolean) => `${orgId}\u0000${queryAll ? 1 : 0}\u0000${soql.trim()}`;

  const api = async (): Promise<OrgQueryApi> => createOrgQueryApi(await deps.connection({ feature: 'query-console' }));

  const cacheOf = (connection: ConnectionRecord): CacheDb => deps.caches.cacheFor(connection.id);

  /** Keeps an estimate, first dropping those past ESTIMATE_KEEP_MS (the map never holds more than a few minutes of typing). */
  const keepEstimate = (key: string, estimate: QueryEstimate) => {
    const at = now();
    for (const [k, kept] of estimates) if (at - kept.at >= ESTIMATE_KEEP_MS) estimates.delete(k);
    estimates.set(key, { estimate, at });
  };

  const estimate = async (connection: ConnectionRecord, orgApi: OrgQueryApi, select: ParsedSelect, queryAll: boolean): Promise<QueryEstimate> => {
    const key = estimateKey(connection.orgId, select.soql, queryAll);
    const kept = estimates.get(key);
    if (kept && now() - kept.at < ESTIMATE_KEEP_MS) return { ...kept.estimate, estimateCalls: 0 };
    const fresh = await estimateCost(orgApi, select.query, queryAll);
    keepEstimate(key, fresh);
    return fresh;
  };

  const runOrg = async (connection: ConnectionRecord, input: RunInput, select: ParsedSelect) => {
    const orgApi = await api();
    if (!input.confirmed) {
      const cost = await estimate(connection, orgApi, select, input.queryAll);
      if (cost.needsConfirmation) throw new AppError('INVALID_INPUT', confirmationMessage(cost), ['confirmed']);
    }
    try {
      return { ...(await runOnOrg(orgApi, select.query, input.soql, input.queryAll)), apiCalls: orgApi.calls };
    } catch (err) {
      throw Object.assign(err as object, { apiCalls: orgApi.calls });
    }
  };

  const runCache = (connection: ConnectionRecord, input: RunInput, select: ParsedSelect) => {
    if (input.queryAll) throw new AppError('INVALID_INPUT', QUERY_ALL_CACHE_MESSAGE);
    const db = cacheOf(connection);
    return { ...deps.caches.guarded(connection.id, () => runCacheQuery(db, deps.registry, select.query)), apiCalls: 0 };
  };

  return {
    /** A metered API of the active org (exports use it). */
    orgApi: api,
    /** The cost of an org run, remembered like the console's (exports use it; a parsed query is not parsed again). */
    costOf: (orgApi: OrgQueryApi, select: string | ParsedSelect, queryAll: boolean) =>
      estimate(deps.activeOrg.require(), orgApi, typeof select === 'string' ? parsedSelect(select) : select, queryAll),
    /** The cache's rows of a query, for an export (no row cap). */
    cacheRows(soql: SoqlInput) {
      const connection = deps.activeOrg.require();
      const db = cacheOf(connection);
      return deps.caches.guarded(connection.id, () => iterateCacheQuery(db, deps.registry, soql));
    },

    check: (soql: string) => checkQuery(deps, soql),

    async estimate(input: { soql: string; queryAll: boolean }): Promise<QueryEstimate> {
      const connection = deps.activeOrg.require();
      const select = parsedSelect(input.soql);
      return estimate(connection, await api(), select, input.queryAll);
    },

    async run(input: RunInput): Promise<QueryResult> {
      const connection = deps.activeOrg.require();
      // A query that does not parse is refused before anything runs, and is no run of the history.
      const select = parsedSelect(input.soql);
      return recordedRun(deps.library, connection.orgId, input, () =>
        input.target === 'org' ? runOrg(connection, input, select) : runCache(connection, input, select),
      );
    },

    async explain(soql: string): Promise<QueryPlans> {
      deps.activeOrg.require();
      parsedSelect(soql);
      const raw = await (await api()).explain(soql);
      const parsed = QueryPlansSchema.safeParse(raw);
      if (!parsed.success) throw new AppError('SALESFORCE', 'Salesforce sent a query plan the app could not read.');
      return parsed.data;
    },

    async schema(object?: string): Promise<QuerySchema> {
      const connection = deps.activeOrg.require();
      return schemaReader.schema({ db: cacheOf(connection), connection: () => deps.connection({ feature: 'describe' }) }, object);
    },
  };
}

export type QueryService = ReturnType<typeof createQueryService>;
