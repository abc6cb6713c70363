/**
 * Runs a plan on the cache database and shapes the rows.
 *
 * Record queries run in two steps: the matching rows' rowids in the query's order (WHERE, ORDER
 * BY, LIMIT and OFFSET in one statement), then their values a chunk of rowids at a time, with the
 * chunk's child subquery rows. Every statement is read to its end before the next starts, so a
 * caller that streams the rows (an export writing a file) never holds a statement open between
 * chunks: better-sqlite3 refuses writes on a connection while a statement is being iterated, and
 * the sync writes to the same connection.
 */
import type { QueryRow } from '../../../../shared/ipc/query.contract';
import type { CacheDb } from '../../cache/org-cache';
import { refuse } from './errors';
import type { AggregatePlan, ChildPlan, Output, ParentCheck, RecordPlan } from './plan-types';

const CHUNK = 1_000;

/** Rows whose parent fields the local copy cannot answer: refused, naming the relationship. */
export function checkParents(db: CacheDb, check: ParentCheck | null, params: Record<string, unknown>): void {
  if (!check) return;
  const def = check.scope.object;
  for (const join of check.joins) {
    const sql = `SELECT COUNT(*) FROM ${check.scope.fromSql} WHERE ${[...check.where, `${join.fkSql} IS NOT NULL`, `${join.alias}.rid IS NULL`].join(' AND ')}`;
    const missing = db.prepare(sql).pluck().get(params) as number;
    if (missing === 0) continue;
    const rows = missing === 1 ? `1 ${def.label.one}` : `${missing.toLocaleString('en-US')} ${def.label.many}`;
    const article = /^[AEIOU]/.test(join.object.name) ? 'an' : 'a';
    refuse(
      `${rows} ${missing === 1 ? 'points' : 'point'} at ${article} ${join.object.name} the local copy doesn't keep, so ${join.path} fields can't be answered offline`,
    );
  }
}

function shape(outputs: readonly Output[], row: unknown[]): QueryRow {
  const out: QueryRow = {};
  for (const o of outputs) out[o.key] = o.convert(row[o.col]);
  return out;
}

export function matchingRowids(db: CacheDb, plan: RecordPlan): number[] {
  return db.prepare(plan.ridSql).pluck().all(plan.params) as number[];
}

/** A child subquery's rows for a set of parents, by parent Id, shaped. */
function childRows(db: CacheDb, child: ChildPlan, params: Record<string, unknown>, parentIds: string[]): Map<string, QueryRow[]> {
  const byParent = new Map<string, QueryRow[]>();
  const rows = db
    .prepare(child.sql)
    .raw(true)
    .all({ ...params, __ids: JSON.stringify(parentIds) }) as unknown[][];
  for (const row of rows) {
    const parent = row[child.fkCol] as string;
    let list = byParent.get(parent);
    if (!list) byParent.set(parent, (list = []));
    list.push(shape(child.outputs, row));
  }
  return byParent;
}

/** One chunk of rows by rowid, in the given order (rows gone since the first step are skipped). */
function recordChunk(db: CacheDb, plan: RecordPlan, rids: number[]): QueryRow[] {
  const rows = db
    .prepare(plan.rowSql)
    .raw(true)
    .all({ ...plan.params, __rids: JSON.stringify(rids) }) as unknown[][];
  const byRid = new Map(rows.map((row) => [row[0] as number, row]));
  const ids = rows.map((row) => row[1] as string);
  // A subquery's rows: null when a parent has none, as Salesforce answers.
  const children = plan.children.map((child) => ({ key: child.key, rows: childRows(db, child, plan.params, ids) }));
  const out: QueryRow[] = [];
  for (const rid of rids) {
    const row = byRid.get(rid);
    if (!row) continue;
    const record = shape(plan.outputs, row);
    for (const child of children) record[child.key] = child.rows.get(row[1] as string) ?? null;
    out.push(record);
  }
  return out;
}

/** The rows of these rowids, a chunk at a time. */
export function* recordRows(db: CacheDb, plan: RecordPlan, rids: readonly number[]): Generator<QueryRow> {
  for (let i = 0; i < rids.length; i += CHUNK) yield* recordChunk(db, plan, rids.slice(i, i + CHUNK));
}

export function aggregateRows(db: CacheDb, plan: AggregatePlan): QueryRow[] {
  const rows = db.prepare(plan.sql).raw(true).all(plan.params) as unknown[][];
  return rows.map((row) => shape(plan.outputs, row));
}

export function countRows(db: CacheDb, sql: string, params: Record<string, unknown>): number {
  return Number(db.prepare(sql).pluck().get(params) ?? 0);
}
