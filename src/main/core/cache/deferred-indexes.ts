/**
 * The indexes of `records` during a first full load: built once at the end instead of kept row by
 * row.
 *
 * Index maintenance is most of a first load's SQLite work. Measured at 100,000 rows
 * (bench/cache-write.bench.ts): the FTS triggers cost about 110 µs a row against one 'rebuild' of
 * about half a second, and the secondary indexes (sort, filter and parent lookups) about a quarter
 * more kept row by row than built once afterwards (with 16 KB pages, cache/page-size.ts). So while
 * the sync engine loads objects in full, `deferIndexes` drops the FTS triggers and every secondary
 * index — keeping their SQL in cache_meta, and a flag saying they are behind — in one transaction;
 * `finishIndexes` creates the indexes again, rebuilds the FTS index from `records` and restores the
 * triggers, again in one transaction. Either way a crash leaves a consistent state: everything in
 * place, or the flag set and the SQL to restore it kept. A cache opened with the flag set finishes
 * first (cache-pool), so nothing reads without its indexes for long.
 *
 * Kept throughout: the (object, id) unique index (upserts need it) and records_pending (the outbox
 * and the lists' NOT_DELETED read it). Reads never see wrong rows while the rest is behind: lists
 * sort without their index (slower, same rows) and search scans the columns instead of the FTS
 * index (search.read.ts and list-sql.ts ask `areIndexesDeferred`).
 */
import type { CacheDb } from './org-cache';

const FLAG = 'indexes_deferred';
const SAVED = 'deferred_schema';
/** Indexes a deferred load keeps (see the header). */
const KEPT = new Set(['records_pending']);

const metaGet = (db: CacheDb, key: string) => db.prepare(`SELECT value FROM cache_meta WHERE key = ?`).pluck().get(key) as string | undefined;

export function areIndexesDeferred(db: CacheDb): boolean {
  return metaGet(db, FLAG) === '1';
}

interface SavedSchema {
  type: 'trigger' | 'index';
  name: string;
  sql: string;
}

/** Drops the FTS triggers and the secondary indexes until finishIndexes. Does nothing when already deferred. */
export function deferIndexes(db: CacheDb): void {
  db.transaction(() => {
    if (areIndexesDeferred(db)) return;
    // sql IS NOT NULL leaves out the automatic (UNIQUE) index, which SQLite alone manages.
    const schema = (
      db
        .prepare(
          `SELECT type, name, sql FROM sqlite_master
            WHERE tbl_name = 'records' AND sql IS NOT NULL AND (type = 'index' OR (type = 'trigger' AND name LIKE 'records_fts_%'))
            ORDER BY type, name`,
        )
        .all() as SavedSchema[]
    ).filter((item) => !KEPT.has(item.name));
    const upsert = db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    upsert.run(SAVED, JSON.stringify(schema));
    upsert.run(FLAG, '1');
    // Names come from sqlite_master (the schema's own), not from input.
    for (const item of schema) db.exec(`DROP ${item.type === 'index' ? 'INDEX' : 'TRIGGER'} "${item.name}"`);
  })();
}

/** Creates the dropped indexes, rebuilds records_fts from `records` and restores its triggers. Does nothing when not deferred. */
export function finishIndexes(db: CacheDb): void {
  db.transaction(() => {
    if (!areIndexesDeferred(db)) return;
    const saved = JSON.parse(metaGet(db, SAVED) ?? '[]') as SavedSchema[];
    // An index the registry created meanwhile (ensureObjectIndexes at open) is already there.
    const present = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = 'records'`).pluck().all() as string[]);
    for (const item of saved) if (item.type === 'index' && !present.has(item.name)) db.exec(item.sql);
    db.exec(`INSERT INTO records_fts (records_fts) VALUES ('rebuild')`);
    for (const item of saved) if (item.type === 'trigger' && !present.has(item.name)) db.exec(item.sql);
    db.prepare(`DELETE FROM cache_meta WHERE key IN (?, ?)`).run(FLAG, SAVED);
  })();
}
