import type Database from 'better-sqlite3';

/**
 * The SOQL console's autocomplete schema of the org (query/query-schema.ts), kept so it works
 * offline: the org's queryable objects (the global describe, row object = '') and each object's
 * fields, relationships and picklist values as the console reads them (one row per object). `meta`
 * is that JSON, checked on every read; `fetched_at` when it was read from the org.
 *
 * Frozen: SQL written out as it stands at version 11; the file imports nothing but types.
 */
export const cacheMigration0011 = {
  version: 11,
  name: 'query-schema',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE query_schema (
        object     TEXT PRIMARY KEY,
        meta       TEXT NOT NULL CHECK (json_valid(meta)),
        fetched_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
