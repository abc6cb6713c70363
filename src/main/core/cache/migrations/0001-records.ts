import type Database from 'better-sqlite3';

/**
 * The objects this migration admitted, as they were when it was written. Frozen: migrations import
 * no live code, so a change to the object registry can never change what an old migration does.
 * (Migration 0005 drops these CHECKs: which objects are valid is the registry's job at write time.)
 */
const OBJECT_CHECK = `'Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign'`;

/**
 * The org cache's first schema.
 *
 * records — one row per cached Salesforce record of the six objects, keyed (object, id). `fields`
 *   is the JSON of every synced field (flat, dotted relationship names); the other columns are
 *   copies of the few values lists sort, filter and search on, so a 100,000-row list never parses
 *   JSON. `system_modstamp` is the record's server version. `local_state` is 'synced' for a row as
 *   the server last sent it; the offline outbox (a later migration) sets 'created', 'modified' or
 *   'deleted' in the same transaction as its outbox row, and sync never overwrites such a row.
 *   `rid` is an alias of the rowid, needed by the external-content FTS index.
 *
 * records_fts — FTS5 over name, email, phone, company and account name, external content (the
 *   text lives once, in `records`), kept in step by the three triggers below. unicode61 with
 *   diacritics folded; prefix indexes of 1-3 characters make as-you-type prefix queries cheap.
 *
 * sync_state — one row per object: where the last full sync stopped (the (SystemModstamp, Id)
 *   keyset of the last committed row, or a Bulk API job and its result locator), the incremental
 *   watermark (the same keyset once the full sync is done), the replication cursor of objects
 *   checked through getUpdated/getDeleted, the scope the rows were synced with, and times/errors.
 */
export const cacheMigration0001 = {
  version: 1,
  name: 'records',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE records (
        rid             INTEGER PRIMARY KEY,
        object          TEXT NOT NULL CHECK (object IN (${OBJECT_CHECK})),
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
      CREATE INDEX records_by_name ON records (object, name COLLATE NOCASE, id);
      CREATE INDEX records_by_modified ON records (object, last_modified DESC, id);
      CREATE INDEX records_by_owner ON records (object, owner_id);
      CREATE INDEX records_pending ON records (local_state) WHERE local_state <> 'synced';

      CREATE VIRTUAL TABLE records_fts USING fts5(
        name, email, phone, company, account_name,
        content = 'records', content_rowid = 'rid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
        INSERT INTO records_fts (rowid, name, email, phone, company, account_name)
        VALUES (new.rid, new.name, new.email, new.phone, new.company, new.account_name);
      END;
      CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
        INSERT INTO records_fts (records_fts, rowid, name, email, phone, company, account_name)
        VALUES ('delete', old.rid, old.name, old.email, old.phone, old.company, old.account_name);
      END;
      CREATE TRIGGER records_fts_update AFTER UPDATE OF name, email, phone, company, account_name ON records BEGIN
        INSERT INTO records_fts (records_fts, rowid, name, email, phone, company, account_name)
        VALUES ('delete', old.rid, old.name, old.email, old.phone, old.company, old.account_name);
        INSERT INTO records_fts (rowid, name, email, phone, company, account_name)
        VALUES (new.rid, new.name, new.email, new.phone, new.company, new.account_name);
      END;

      CREATE TABLE sync_state (
        object             TEXT PRIMARY KEY CHECK (object IN (${OBJECT_CHECK})),
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
        last_error         TEXT
      ) STRICT;
    `);
  },
};
