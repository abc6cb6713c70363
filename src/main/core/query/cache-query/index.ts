/**
 * The SOQL console's offline engine: answers the SOQL the local cache can (cached objects and
 * fields, WHERE, ORDER BY, LIMIT, OFFSET, parent fields, child subqueries, semi-joins, aggregates
 * with GROUP BY and HAVING, date literals and functions) from the org's cache database, with the
 * rows an org run gives over the same data, and names what it cannot.
 *
 * parse → plan (plan.ts, scope.ts, conditions.ts, select-*.ts) → execute (execute.ts), SQL over the
 * `records` table's typed columns and JSON. The rows are the local copy's: what the sync keeps
 * (scope "mine" keeps the user's records), with offline changes, without rows deleted offline.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import { AppError } from '../../../../shared/errors';
import { MAX_RESULT_ROWS, type QueryColumn, type QueryRow } from '../../../../shared/ipc/query.contract';
import type { ObjectRegistry } from '../../../../shared/objects/registry';
import type { CacheDb } from '../../cache/org-cache';
import { CacheSchema } from './cache-schema';
import { localTimeZone } from './date-literals';
import { CacheRefusal, refuse } from './errors';
import { aggregateRows, checkParents, countRows, matchingRowids, recordRows } from './execute';
import { planQuery } from './plan';
import type { Plan } from './plan-types';

/** The SOQL text, or the query already parsed from it (the console parses once and passes it on). */
export type SoqlInput = string | Query;

export type CacheQueryResult = { object: string; columns: QueryColumn[]; rows: QueryRow[]; totalSize: number; truncated: boolean };

export interface CacheQueryOptions {
  /** At most this many rows (default MAX_RESULT_ROWS); `truncated` says when more matched. */
  maxRows?: number;
  /** The clock date literals are read against (default: now). */
  now?: Date;
  /** The user's time zone for date literals (default: this machine's). */
  timeZone?: string;
}

/** The objects a plan reads must have been synced, or an empty answer would pass for a true one. */
function checkSynced(db: CacheDb, objects: readonly string[]): void {
  const synced = db.prepare(`SELECT last_full_sync_at FROM sync_state WHERE object = ?`).pluck();
  for (const object of objects) if (!synced.get(object)) refuse(`${object} hasn't been synced to the local copy yet`);
}

function plan(db: CacheDb, registry: ObjectRegistry, soql: SoqlInput, opts: CacheQueryOptions): Plan {
  const schema = new CacheSchema(db, registry);
  const planned = planQuery(schema, soql, { now: opts.now ?? new Date(), timeZone: opts.timeZone ?? localTimeZone() });
  checkSynced(db, planned.objectsRead);
  checkParents(db, planned.parentCheck, planned.params);
  return planned;
}

/** A refusal as the error the console shows (INVALID_INPUT, the sentence naming what is missing). */
function planOrThrow(db: CacheDb, registry: ObjectRegistry, soql: SoqlInput, opts: CacheQueryOptions): Plan {
  try {
    return plan(db, registry, soql, opts);
  } catch (err) {
    if (err instanceof CacheRefusal) throw new AppError('INVALID_INPUT', err.message);
    throw err;
  }
}

/**
 * null when the cache can answer the query; otherwise a sentence naming what it cannot ("The local
 * copy doesn't keep Opportunity.NextStep", "TYPEOF isn't supported offline", "Contact isn't kept in
 * the local copy"). Throws AppError('INVALID_INPUT', …) with the parser's message for a query that
 * doesn't parse or isn't a SELECT, and with Salesforce's for one the org would refuse too.
 */
export function cacheQueryProblem(db: CacheDb, registry: ObjectRegistry, soql: SoqlInput, opts: Omit<CacheQueryOptions, 'maxRows'> = {}): string | null {
  try {
    plan(db, registry, soql, opts);
    return null;
  } catch (err) {
    if (err instanceof CacheRefusal) return err.message;
    throw err;
  }
}

/** Runs it; throws AppError('INVALID_INPUT', problem) when cacheQueryProblem says no. maxRows default MAX_RESULT_ROWS. */
export function runCacheQuery(db: CacheDb, registry: ObjectRegistry, soql: SoqlInput, opts: CacheQueryOptions = {}): CacheQueryResult {
  const planned = planOrThrow(db, registry, soql, opts);
  const maxRows = opts.maxRows ?? MAX_RESULT_ROWS;
  if (planned.kind === 'count') {
    return { object: planned.object, columns: [], rows: [], totalSize: countRows(db, planned.sql, planned.params), truncated: false };
  }
  if (planned.kind === 'aggregate') {
    const rows = aggregateRows(db, planned);
    return { object: planned.object, columns: planned.resultColumns, rows: rows.slice(0, maxRows), totalSize: rows.length, truncated: rows.length > maxRows };
  }
  const rids = matchingRowids(db, planned);
  const rows = [...recordRows(db, planned, rids.slice(0, maxRows))];
  return { object: planned.object, columns: planned.resultColumns, rows, totalSize: rids.length, truncated: rids.length > maxRows };
}

/** Same query, rows streamed for exports (no maxRows cut; respects the query's own LIMIT). */
export function iterateCacheQuery(
  db: CacheDb,
  registry: ObjectRegistry,
  soql: SoqlInput,
  opts: Omit<CacheQueryOptions, 'maxRows'> = {},
): { object: string; columns: QueryColumn[]; rows: Iterable<QueryRow> } {
  const planned = planOrThrow(db, registry, soql, opts);
  if (planned.kind === 'count') return { object: planned.object, columns: [], rows: [] };
  if (planned.kind === 'aggregate') return { object: planned.object, columns: planned.resultColumns, rows: aggregateRows(db, planned) };
  // The matching rows are fixed now (a snapshot of their rowids); their values are read as the caller iterates.
  const rids = matchingRowids(db, planned);
  return { object: planned.object, columns: planned.resultColumns, rows: { [Symbol.iterator]: () => recordRows(db, planned, rids) } };
}
