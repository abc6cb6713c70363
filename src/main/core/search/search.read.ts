/**
 * Search as you type over every cached record of the active org (moved here from the cache's
 * reads: search is its own domain, the cache only keeps the FTS index in step).
 *
 * Built for latency at 100,000+ rows: each token of the text becomes an FTS5 prefix term
 * (`"tok"*`, see ftsPrefixQuery), ANDed, over the registry's search columns (name, email, phone,
 * company, account name, and an identifying number such as a case's CaseNumber). The query is unranked with a LIMIT — SQLite stops after `limit` matches
 * instead of scoring every match (an `ORDER BY rank` on a common prefix scores thousands of rows)
 * — and only that small result set is ordered in JS (exact name prefix first, then shorter names,
 * then name order).
 */
import { OBJECT_REGISTRY, type CachedObject, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { ftsPrefixQuery, scanMatch } from '../cache/records.read';
import { areIndexesDeferred } from '../cache/deferred-indexes';

export interface SearchHit {
  object: CachedObject;
  id: string;
  title: string;
  subtitle: string | null;
}

export interface SearchOptions {
  objects?: readonly CachedObject[];
  limit?: number;
  /** Which objects exist and how their hits read (default: the shared registry). */
  registry?: ObjectRegistry;
}

interface HitRow {
  object: CachedObject;
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  account_name: string | null;
  status: string | null;
  code: string | null;
}

/**
 * What a hit says under its title: its number (a case's), account or company, email or phone, and
 * status where useful. A part equal to the title is left out (an account's company column is its
 * own name: "Alder Health SA · Alder Health SA" told the reader nothing).
 */
export function subtitleOf(row: HitRow, registry: ObjectRegistry, title: string): string | null {
  const showsStatus = registry.has(row.object) ? registry.get(row.object).searchShowsStatus : false;
  const same = (part: string) => part.trim().toLowerCase() === title.trim().toLowerCase();
  const parts = [row.code, row.account_name ?? row.company, row.email ?? row.phone, showsStatus ? row.status : null].filter(
    (p): p is string => Boolean(p) && !same(p as string),
  );
  return parts.length ? parts.join(' · ') : null;
}

export function searchCache(db: CacheDb, text: string, options: SearchOptions = {}): SearchHit[] {
  const match = ftsPrefixQuery(text);
  if (!match) return [];
  const registry = options.registry ?? OBJECT_REGISTRY;
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  // Rows of objects the registry no longer knows stay out of the results, whatever was asked.
  const objects = options.objects?.length ? options.objects.filter((o) => registry.has(o)) : registry.names;
  const objectFilter = `AND r.object IN (${objects.map(() => '?').join(', ')})`;
  // While a first load defers the FTS index, the columns are scanned instead (deferred-indexes.ts).
  const scan = areIndexesDeferred(db) ? scanMatch(text, 'r') : null;
  const source = scan
    ? { from: 'records r', where: scan.sql, params: scan.params }
    : { from: 'records_fts f JOIN records r ON r.rid = f.rowid', where: 'records_fts MATCH ?', params: [match] };
  const rows = db
    .prepare(
      `SELECT r.object, r.id, r.name, r.email, r.phone, r.company, r.account_name, r.status, r.code
         FROM ${source.from}
        WHERE ${source.where} AND r.local_state <> 'deleted' ${objectFilter}
        LIMIT ?`,
    )
    .all(...source.params, ...objects, limit) as HitRow[];
  const first = text.trim().toLowerCase();
  const score = (name: string) => (name.toLowerCase().startsWith(first) ? 0 : 1);
  return rows
    .map((r) => ({ row: r, title: r.name ?? r.email ?? r.id }))
    .sort((a, b) => score(a.title) - score(b.title) || a.title.length - b.title.length || a.title.localeCompare(b.title))
    .map(({ row, title }) => ({ object: row.object, id: row.id, title, subtitle: subtitleOf(row, registry, title) }));
}
