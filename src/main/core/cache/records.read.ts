/**
 * Reads of the cache: search as you type over every cached record, counts per object, one record.
 *
 * Search is built for latency at 100,000+ rows: each token of the text becomes an FTS5 prefix
 * term (`"tok"*`), ANDed, over name, email, phone, company and account name. The query is
 * unranked with a LIMIT — SQLite stops after `limit` matches instead of scoring every match (an
 * `ORDER BY rank` on a common prefix scores thousands of rows) — and only that small result set is
 * ordered in JS (exact name prefix first, then shorter names, then name order).
 */
import type { CacheDb } from './org-cache';
import { CACHED_OBJECTS, type CachedObject, type FlatRecord } from './objects';

export interface SearchHit {
  object: CachedObject;
  id: string;
  title: string;
  subtitle: string | null;
}

export interface SearchOptions {
  objects?: readonly CachedObject[];
  limit?: number;
}

const MAX_TOKENS = 8;

/** `Jane O'Brien, 555-01` → `"jane"* AND "o"* AND "brien"* AND "555"* AND "01"*`; '' when nothing searchable. */
export function ftsPrefixQuery(text: string): string {
  const tokens = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TOKENS);
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
}

function subtitleOf(row: { object: string; email: string | null; phone: string | null; company: string | null; account_name: string | null; status: string | null }): string | null {
  const parts = [row.account_name ?? row.company, row.email ?? row.phone, row.object === 'Account' ? null : row.status].filter(
    (p): p is string => Boolean(p),
  );
  return parts.length ? parts.join(' · ') : null;
}

export function searchCache(db: CacheDb, text: string, options: SearchOptions = {}): SearchHit[] {
  const match = ftsPrefixQuery(text);
  if (!match) return [];
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const objects = options.objects?.length ? options.objects.filter((o) => (CACHED_OBJECTS as readonly string[]).includes(o)) : undefined;
  const objectFilter = objects ? `AND r.object IN (${objects.map(() => '?').join(', ')})` : '';
  const rows = db
    .prepare(
      `SELECT r.object, r.id, r.name, r.email, r.phone, r.company, r.account_name, r.status
         FROM records_fts f JOIN records r ON r.rid = f.rowid
        WHERE records_fts MATCH ? AND r.local_state <> 'deleted' ${objectFilter}
        LIMIT ?`,
    )
    .all(match, ...(objects ?? []), limit) as Array<{
    object: CachedObject;
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    company: string | null;
    account_name: string | null;
    status: string | null;
  }>;
  const first = text.trim().toLowerCase();
  const score = (name: string) => (name.toLowerCase().startsWith(first) ? 0 : 1);
  return rows
    .map((r) => ({ row: r, title: r.name ?? r.email ?? r.id }))
    .sort((a, b) => score(a.title) - score(b.title) || a.title.length - b.title.length || a.title.localeCompare(b.title))
    .map(({ row, title }) => ({ object: row.object, id: row.id, title, subtitle: subtitleOf(row) }));
}

/** Cached rows per object (locally deleted ones excluded). */
export function countRecords(db: CacheDb): Record<CachedObject, number> {
  const counts = Object.fromEntries(CACHED_OBJECTS.map((o) => [o, 0])) as Record<CachedObject, number>;
  const rows = db.prepare(`SELECT object, COUNT(*) AS n FROM records WHERE local_state <> 'deleted' GROUP BY object`).all() as Array<{
    object: CachedObject;
    n: number;
  }>;
  for (const r of rows) counts[r.object] = r.n;
  return counts;
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
    | { object: CachedObject; id: string; system_modstamp: string; local_state: CachedRecord['localState']; fields: string }
    | undefined;
  return row && { object: row.object, id: row.id, systemModstamp: row.system_modstamp, localState: row.local_state, fields: JSON.parse(row.fields) as FlatRecord };
}

/** Every cached id of an object with its SystemModstamp (tests and reconciliation). */
export function cachedStamps(db: CacheDb, object: CachedObject): Map<string, string> {
  const rows = db.prepare(`SELECT id, system_modstamp FROM records WHERE object = ?`).all(object) as Array<{ id: string; system_modstamp: string }>;
  return new Map(rows.map((r) => [r.id, r.system_modstamp]));
}
