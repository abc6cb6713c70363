/**
 * Which object each row of `records` holds, by rowid, kept in memory per cache handle. The quick
 * lookup (lookup.read.ts) counts matches per object and picks each object's first candidates while
 * FTS5 streams the matching rowids through a SQL function, so no row of `records` is read per match.
 *
 * Why: a prefix as short as "co" matches about 70,000 of the 162,637 rows of the Demo org at
 * --scale 12,000 (every ".com" address). Measured over that cache with the search prefixes of
 * bench/bench-options.ts: counting per object by joining each match to its row took 17 ms at the
 * median and 56 ms at p95 (112 ms for "a"); through a covering (rid, object) index 17 ms at p95;
 * through this map 5 ms at p95 (under 10 ms for "co"). The FTS index cannot say the object
 * itself: it is external-content over the search columns only.
 *
 * Staying right: a row's object never changes (upserts keep their rowid), but rows come and go,
 * and SQLite may give a new row the rowid of a deleted one at the top of the table. So the map is
 * built again whenever the database changed since it was built — `PRAGMA data_version` moves when
 * another connection committed (the first load's page writer), `total_changes()` when this one
 * wrote (incremental syncs, the outbox). Building it reads only the (object, id) index, through
 * the same kind of function: about 30 ms at 160,000 rows, paid by the first lookup after a write.
 * Locally deleted rows are marked as belonging to no object: searches never show them.
 */
import type { CachedObject } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';

/** A rowid that is no object's (gone, locally deleted, or of an object the registry does not know). */
export const NO_OBJECT = 255;

export interface RowObjects {
  /** The objects, in the order their codes index. */
  readonly names: readonly CachedObject[];
  /** The code (index into `names`) of each rowid; NO_OBJECT past the end or for no object. */
  codeOf(rid: number): number;
  /**
   * Runs `sql` (which calls `atom_row(rowid)`) with `visit` called for every rowid it passes to the
   * function. The function returns 1 once `visit` returns true, else 0: `SELECT count(atom_row(rowid))
   * …` visits every row, `… WHERE atom_row(rowid) LIMIT 1` stops at the first row `visit` is done with.
   */
  scan(sql: string, params: readonly unknown[], visit: (rid: number) => boolean | void): void;
}

interface State {
  stamp: string;
  names: readonly CachedObject[];
  codes: Uint8Array;
  /** Where `atom_row` sends each rowid during a scan. */
  visit: (rid: number) => boolean | void;
}

const states = new WeakMap<CacheDb, State>();
const FUNCTION_NAME = 'atom_row';

function changeStamp(db: CacheDb): string {
  const version = db.pragma('data_version', { simple: true }) as number;
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${version}:${changes}`;
}

function registerFunction(db: CacheDb, state: State): void {
  db.function(FUNCTION_NAME, { deterministic: false, varargs: false }, (rid: unknown) => {
    return (typeof rid === 'number' || typeof rid === 'bigint') && state.visit(Number(rid)) === true ? 1 : 0;
  });
}

function build(db: CacheDb, state: State, names: readonly CachedObject[]): void {
  const max = (db.prepare('SELECT max(rid) FROM records').pluck().get() as number | null) ?? 0;
  if (max > 0x7fff_ffff) throw new Error('The cache holds more rows than quick lookup can index');
  const codes = new Uint8Array(max + 1).fill(NO_OBJECT);
  const mark = db.prepare(`SELECT count(${FUNCTION_NAME}(rid)) FROM records WHERE object = ?`).pluck();
  names.forEach((name, code) => {
    state.visit = (rid) => void (codes[rid] = code);
    mark.get(name);
  });
  state.visit = (rid) => void (codes[rid] = NO_OBJECT);
  // The locally deleted rows are hidden. `<> 'synced'` lets SQLite read them from records_pending
  // (the few rows with a local change) instead of scanning the table.
  db.prepare(`SELECT count(${FUNCTION_NAME}(rid)) FROM records WHERE local_state <> 'synced' AND local_state = 'deleted'`).pluck().get();
  state.visit = () => undefined;
  state.codes = codes;
  state.names = names;
}

/** The map for this cache handle, built again first when the database changed (or the objects asked for did). */
export function rowObjectsOf(db: CacheDb, names: readonly CachedObject[]): RowObjects {
  if (names.length >= NO_OBJECT) throw new Error('Too many objects for quick lookup');
  let state = states.get(db);
  if (!state) {
    state = { stamp: '', names: [], codes: new Uint8Array(0), visit: () => undefined };
    registerFunction(db, state);
    states.set(db, state);
  }
  const sameNames = state.names.length === names.length && state.names.every((name, i) => name === names[i]);
  const stamp = changeStamp(db);
  if (stamp !== state.stamp || !sameNames) {
    build(db, state, names);
    // Read after building: the build itself changes nothing, but take no chances with the order.
    state.stamp = changeStamp(db);
  }
  const current = state;
  return {
    names: current.names,
    codeOf: (rid) => (rid >= 0 && rid < current.codes.length ? current.codes[rid] : NO_OBJECT),
    scan(sql, params, visit) {
      current.visit = visit;
      try {
        db.prepare(sql).all(...params);
      } finally {
        current.visit = () => undefined;
      }
    },
  };
}
