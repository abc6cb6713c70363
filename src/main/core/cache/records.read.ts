/**
 * Reads of the cache: the FTS query text, counts per object, one record. Search as you type lives
 * in src/main/core/search (search.read.ts); lists in src/main/core/records.
 */
import type { CacheDb } from './org-cache';
import { OBJECT_REGISTRY, type CachedObject, type FlatRecord } from './objects';

const MAX_TOKENS = 8;

function searchTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TOKENS);
}

/** `Jane O'Brien, 555-01` → `"jane"* AND "o"* AND "brien"* AND "555"* AND "01"*`; '' when nothing searchable. */
export function ftsPrefixQuery(text: string): string {
  return searchTokens(text)
    .map((t) => `"${t.replace(/"/g, '""')}"*`)
    .join(' AND ');
}

/**
 * The same search without the FTS index, for the seconds a first full load defers it
 * (cache/deferred-indexes.ts): every token must occur in one of the search columns. A substring match
 * finds a little more than the index's word-prefix match would, never less; it scans the object's
 * rows, which is acceptable only while the index is being built. `null` when nothing searchable.
 */
export function scanMatch(text: string, alias = ''): { sql: string; params: string[] } | null {
  const tokens = searchTokens(text);
  if (!tokens.length) return null;
  const a = alias ? `${alias}.` : '';
  const haystack = `lower(coalesce(${a}name, '') || ' ' || coalesce(${a}email, '') || ' ' || coalesce(${a}phone, '') || ' ' || coalesce(${a}company, '') || ' ' || coalesce(${a}account_name, '') || ' ' || coalesce(${a}code, ''))`;
  return {
    sql: tokens.map(() => `instr(${haystack}, ?) > 0`).join(' AND '),
    params: tokens,
  };
}

/**
 * Cached rows per object (locally deleted ones excluded). Two narrow reads instead of one scan of
 * the table: every row counted from the (object, id) unique index, minus the locally deleted ones
 * from the records_pending partial index. A `WHERE local_state <> 'deleted'` over the table reads
 * every row's JSON (about 300 ms at 100,000 rows), and the sync status asks once a second while a
 * sync runs.
 */
export function countRecords(db: CacheDb, objects: readonly CachedObject[] = OBJECT_REGISTRY.names): Record<CachedObject, number> {
  const counts = Object.fromEntries(objects.map((o) => [o, 0])) as Record<CachedObject, number>;
  const known = new Set<string>(objects);
  for (const r of db.prepare(`SELECT object, COUNT(*) AS n FROM records GROUP BY object`).all() as CountRow[]) {
    if (known.has(r.object)) counts[r.object] = r.n;
  }
  for (const r of countPending(db, 'deleted')) if (known.has(r.object)) counts[r.object] -= r.n;
  return counts;
}

interface CountRow {
  object: CachedObject;
  n: number;
}

/** Rows per object in a pending local state, from the records_pending partial index. */
export function countPending(db: CacheDb, state: 'created' | 'modified' | 'deleted'): CountRow[] {
  return db.prepare(`SELECT object, COUNT(*) AS n FROM records WHERE local_state <> 'synced' AND local_state = ? GROUP BY object`).all(state) as CountRow[];
}

/** Every cached row of one object (pending ones included), from the (object, id) unique index. */
export function countObjectRows(db: CacheDb, object: CachedObject): number {
  return db.prepare(`SELECT COUNT(*) FROM records WHERE object = ?`).pluck().get(object) as number;
}

export interface CachedRecord {
  object: CachedObject;
  id: string;
  systemModstamp: string;
  localState: 'synced' | 'created' | 'modified' | 'deleted';
  fields: FlatRecord;
}

export function getCachedRecord(db: CacheDb, object: CachedObject, id: string): CachedRecord | undefined {
  const row = db.prepare(`SELECT object, id, system_modstamp, local_state, fields FROM records WHERE object = ? AND id = ?`).get(object, id) as
    { object: CachedObject; id: string; system_modstamp: string; local_state: CachedRecord['localState']; fields: string } | undefined;
  return (
    row && { object: row.object, id: row.id, systemModstamp: row.system_modstamp, localState: row.local_state, fields: JSON.parse(row.fields) as FlatRecord }
  );
}

/** Every cached id of an object with its SystemModstamp (tests and reconciliation). */
export function cachedStamps(db: CacheDb, object: CachedObject): Map<string, string> {
  const rows = db.prepare(`SELECT id, system_modstamp FROM records WHERE object = ?`).all(object) as Array<{ id: string; system_modstamp: string }>;
  return new Map(rows.map((r) => [r.id, r.system_modstamp]));
}

/**
 * The cached rows of some Ids of one object, by Id (absent: not cached). One statement over the
 * (object, id) unique index whatever the number of Ids: they travel as one JSON array parameter,
 * so a page of 2,000 changes stays under SQLite's limit on bound parameters.
 */
export function getCachedRecords(db: CacheDb, object: CachedObject, ids: readonly string[]): Map<string, CachedRecord> {
  const out = new Map<string, CachedRecord>();
  if (!ids.length) return out;
  const rows = db
    .prepare(
      `SELECT object, id, system_modstamp, local_state, fields FROM records
        WHERE object = ? AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(object, JSON.stringify(ids)) as Array<{
    object: CachedObject;
    id: string;
    system_modstamp: string;
    local_state: CachedRecord['localState'];
    fields: string;
  }>;
  for (const row of rows) {
    out.set(row.id, {
      object: row.object,
      id: row.id,
      systemModstamp: row.system_modstamp,
      localState: row.local_state,
      fields: JSON.parse(row.fields) as FlatRecord,
    });
  }
  return out;
}
