/**
 * The registry's per-object indexes on `records` (ObjectDef.indexes), created when a cache opens
 * if they are missing. They are not a migration: an object added to the registry brings its
 * indexes with it, and creating a missing index changes no data. The first six objects' indexes
 * were created by migration 0003 under the same names, so for them this does nothing.
 */
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { CacheDb } from './org-cache';

export function ensureObjectIndexes(db: CacheDb, registry: ObjectRegistry): void {
  const existing = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'`).pluck().all() as string[]);
  const missing = registry.names.flatMap((name) => {
    const def = registry.get(name);
    // Names and expressions are code constants the registry checked; the object name is an API name.
    return def.indexes
      .filter((index) => !existing.has(index.name))
      .map((index) => `CREATE INDEX IF NOT EXISTS ${index.name} ON records (object, ${index.on}) WHERE object = '${def.name}'`);
  });
  if (!missing.length) return;
  db.transaction(() => {
    for (const sql of missing) db.exec(sql);
  })();
}
