/**
 * The FTS index (records_fts) during a first full load: rebuilt once at the end instead of kept
 * row by row.
 *
 * Three triggers keep records_fts in step with `records`; on a first sync they cost more than
 * everything else the write path does together (at 100,000 rows, about 110 µs a row against one
 * 'rebuild' of about 1 s: bench/cache-write.bench.ts). So while the sync engine loads objects in
 * full, `deferSearchIndex` drops the triggers — keeping their SQL in cache_meta, and a flag saying
 * the index is behind — in one transaction; `finishSearchIndex` rebuilds the index from `records`
 * and puts the triggers back, again in one transaction. Either way a crash leaves a consistent
 * state: triggers present, or the flag set and the SQL to restore them kept. A cache opened with
 * the flag set finishes first (cache-pool), so nothing reads a stale index for long.
 *
 * Reads never see wrong rows while the index is behind: search falls back to a scan of the
 * columns (search.read.ts asks `isSearchIndexDeferred`).
 */
import type { CacheDb } from './org-cache';

const FLAG = 'search_index_deferred';
const TRIGGERS = 'search_index_triggers';

const metaGet = (db: CacheDb, key: string) => db.prepare(`SELECT value FROM cache_meta WHERE key = ?`).pluck().get(key) as string | undefined;

export function isSearchIndexDeferred(db: CacheDb): boolean {
  return metaGet(db, FLAG) === '1';
}

/** Drops the FTS triggers until finishSearchIndex. Does nothing when already deferred. */
export function deferSearchIndex(db: CacheDb): void {
  db.transaction(() => {
    if (isSearchIndexDeferred(db)) return;
    const triggers = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records' AND name LIKE 'records_fts_%' ORDER BY name`)
      .all() as Array<{ name: string; sql: string }>;
    const upsert = db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    upsert.run(TRIGGERS, JSON.stringify(triggers.map((t) => t.sql)));
    upsert.run(FLAG, '1');
    // Names come from sqlite_master (the schema's own), not from input.
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  })();
}

/** Rebuilds records_fts from `records` and restores its triggers. Does nothing when not deferred. */
export function finishSearchIndex(db: CacheDb): void {
  db.transaction(() => {
    if (!isSearchIndexDeferred(db)) return;
    const saved = JSON.parse(metaGet(db, TRIGGERS) ?? '[]') as string[];
    db.exec(`INSERT INTO records_fts (records_fts) VALUES ('rebuild')`);
    for (const sql of saved) db.exec(sql);
    db.prepare(`DELETE FROM cache_meta WHERE key IN (?, ?)`).run(FLAG, TRIGGERS);
  })();
}
