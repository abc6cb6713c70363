import type Database from 'better-sqlite3';

/**
 * `records` and `sync_state` without the CHECK on `object` that migration 0001 wrote (the six first
 * objects, by name): an object added to the registry (src/shared/objects/registry.ts) is cached
 * with no table rebuild. Which object names are valid is the registry's job at write time (the
 * cache's writers ask it; it admits only API-name shapes).
 *
 * SQLite cannot drop a CHECK in place, so both tables are rebuilt the documented way — create the
 * new table, copy every row, drop the old one, rename — in this migration's one transaction (a crash
 * leaves version 4 or 5, never a mix). `rid` is copied as it is: the FTS index (records_fts) is
 * external content keyed by rid, so it stays valid without a rebuild; dropping `records` does not
 * fire its triggers (SQLite drops them first). Every index and trigger `records` had — 0001's, 0003's
 * and any the registry added since — is read from the schema before the drop and created again
 * after the rename, with the same SQL.
 *
 * Frozen: this file imports nothing but types; the column lists are written out as they stand at
 * version 4.
 */
export const cacheMigration0005 = {
  version: 5,
  name: 'any-object',
  up(db: Database.Database) {
    const dependents = db
      .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'records' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
      .pluck()
      .all() as string[];
    db.exec(`
      CREATE TABLE records_0005 (
        rid             INTEGER PRIMARY KEY,
        object          TEXT NOT NULL,
        id              TEXT NOT NULL,
        name            TEXT,
        email           TEXT,
        phone           TEXT,
        company         TEXT,
        account_name    TEXT,
        owner_id        TEXT,
        owner_name      TEXT,
        status          TEXT,
        amount          REAL,
        close_date      TEXT,
        last_modified   TEXT,
        system_modstamp TEXT NOT NULL,
        fields          TEXT NOT NULL CHECK (json_valid(fields)),
        local_state     TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'created', 'modified', 'deleted')),
        UNIQUE (object, id)
      ) STRICT;
      INSERT INTO records_0005 (rid, object, id, name, email, phone, company, account_name, owner_id, owner_name, status, amount,
                                close_date, last_modified, system_modstamp, fields, local_state)
        SELECT rid, object, id, name, email, phone, company, account_name, owner_id, owner_name, status, amount,
               close_date, last_modified, system_modstamp, fields, local_state
          FROM records;
      DROP TABLE records;
      ALTER TABLE records_0005 RENAME TO records;

      CREATE TABLE sync_state_0005 (
        object             TEXT PRIMARY KEY,
        scope              TEXT NOT NULL CHECK (scope IN ('mine', 'all')),
        phase              TEXT NOT NULL DEFAULT 'never' CHECK (phase IN ('never', 'full', 'incremental')),
        watermark_stamp    TEXT,
        watermark_id       TEXT,
        bulk_job_id        TEXT,
        bulk_locator       TEXT,
        bulk_max_stamp     TEXT,
        bulk_max_id        TEXT,
        replication_cursor TEXT,
        full_total         INTEGER,
        full_done          INTEGER NOT NULL DEFAULT 0,
        last_full_sync_at  TEXT,
        last_incremental_at TEXT,
        last_error         TEXT,
        field_set          TEXT,
        last_reconciled_at TEXT
      ) STRICT;
      INSERT INTO sync_state_0005 (object, scope, phase, watermark_stamp, watermark_id, bulk_job_id, bulk_locator, bulk_max_stamp,
                                   bulk_max_id, replication_cursor, full_total, full_done, last_full_sync_at, last_incremental_at,
                                   last_error, field_set, last_reconciled_at)
        SELECT object, scope, phase, watermark_stamp, watermark_id, bulk_job_id, bulk_locator, bulk_max_stamp,
               bulk_max_id, replication_cursor, full_total, full_done, last_full_sync_at, last_incremental_at,
               last_error, field_set, last_reconciled_at
          FROM sync_state;
      DROP TABLE sync_state;
      ALTER TABLE sync_state_0005 RENAME TO sync_state;
    `);
    for (const sql of dependents) db.exec(sql);
  },
};
