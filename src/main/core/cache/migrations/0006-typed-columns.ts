import type Database from 'better-sqlite3';

/**
 * A cheaper write path for the sync (measured with bench/cache-write.bench.ts at 100,000 rows).
 *
 * Typed columns instead of `json_extract` indexes — created_date (every object's CreatedDate),
 *   account_id, contact_id and campaign_id (related lists look records up by parent), and three
 *   spare columns an object maps its other sortable list fields to (text_a, text_b, number_a; the
 *   object registry says which field fills which). An index over `json_extract(fields, ...)` parses
 *   the row's JSON on every insert; ten of them did, and they cost about a fifth of a first sync's
 *   write time. Existing rows are filled from their JSON here, and the ten indexes are rebuilt over
 *   the columns under the same names (so the registry's ensureObjectIndexes finds them present).
 *
 * The FTS index keeps prefix indexes of 1 and 2 characters (was 1, 2 and 3): the 3-character one
 *   added about half again to the index's write cost and size, and a 3-character prefix query is
 *   answered fast from the term index without it (p95 well under 1 ms over 100,000 rows). The
 *   index is rebuilt here with the same columns, tokenizer and triggers.
 *
 * cache_meta — small facts about the cache itself. `indexes_deferred` is set while a first full
 *   load writes rows without the FTS triggers and the secondary indexes (cache/deferred-indexes.ts):
 *   they are built once at the end instead of row by row, and a cache opened with the flag set (a
 *   crash during that load) is finished before anything reads it.
 *
 * Frozen: the six first objects' field mapping and every SQL text are written out as they stand at
 * version 6; the file imports nothing but types.
 */
export const cacheMigration0006 = {
  version: 6,
  name: 'typed-columns',
  up(db: Database.Database) {
    db.exec(`
      ALTER TABLE records ADD COLUMN created_date TEXT;
      ALTER TABLE records ADD COLUMN account_id TEXT;
      ALTER TABLE records ADD COLUMN contact_id TEXT;
      ALTER TABLE records ADD COLUMN campaign_id TEXT;
      ALTER TABLE records ADD COLUMN text_a TEXT;
      ALTER TABLE records ADD COLUMN text_b TEXT;
      ALTER TABLE records ADD COLUMN number_a REAL;

      UPDATE records SET created_date = nullif(json_extract(fields, '$.CreatedDate'), '');
      UPDATE records SET account_id = nullif(json_extract(fields, '$.AccountId'), '') WHERE object IN ('Contact', 'Opportunity', 'Case');
      UPDATE records SET contact_id = nullif(json_extract(fields, '$.ContactId'), '') WHERE object = 'Case';
      UPDATE records SET campaign_id = nullif(json_extract(fields, '$.CampaignId'), '') WHERE object = 'Opportunity';
      UPDATE records SET text_a = nullif(json_extract(fields, '$.Industry'), ''), text_b = nullif(json_extract(fields, '$.BillingCity'), ''),
                         number_a = json_extract(fields, '$.AnnualRevenue')
        WHERE object = 'Account';
      UPDATE records SET text_a = nullif(json_extract(fields, '$.CaseNumber'), ''), text_b = nullif(json_extract(fields, '$.Priority'), '')
        WHERE object = 'Case';

      DROP INDEX IF EXISTS records_account_industry;
      DROP INDEX IF EXISTS records_account_city;
      DROP INDEX IF EXISTS records_account_revenue;
      DROP INDEX IF EXISTS records_contact_by_account;
      DROP INDEX IF EXISTS records_opp_by_account;
      DROP INDEX IF EXISTS records_opp_by_campaign;
      DROP INDEX IF EXISTS records_case_created;
      DROP INDEX IF EXISTS records_case_number;
      DROP INDEX IF EXISTS records_case_priority;
      DROP INDEX IF EXISTS records_case_by_account;
      DROP INDEX IF EXISTS records_case_by_contact;
      CREATE INDEX records_account_industry   ON records (object, text_a COLLATE NOCASE, id) WHERE object = 'Account';
      CREATE INDEX records_account_city       ON records (object, text_b COLLATE NOCASE, id) WHERE object = 'Account';
      CREATE INDEX records_account_revenue    ON records (object, number_a, id) WHERE object = 'Account';
      CREATE INDEX records_contact_by_account ON records (object, account_id) WHERE object = 'Contact';
      CREATE INDEX records_opp_by_account     ON records (object, account_id) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_by_campaign    ON records (object, campaign_id) WHERE object = 'Opportunity';
      CREATE INDEX records_case_created       ON records (object, created_date, id) WHERE object = 'Case';
      CREATE INDEX records_case_number        ON records (object, text_a COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_priority      ON records (object, text_b COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_by_account    ON records (object, account_id) WHERE object = 'Case';
      CREATE INDEX records_case_by_contact    ON records (object, contact_id) WHERE object = 'Case';

      DROP TRIGGER IF EXISTS records_fts_insert;
      DROP TRIGGER IF EXISTS records_fts_delete;
      DROP TRIGGER IF EXISTS records_fts_update;
      DROP TABLE records_fts;
      CREATE VIRTUAL TABLE records_fts USING fts5(
        name, email, phone, company, account_name,
        content = 'records', content_rowid = 'rid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2'
      );
      INSERT INTO records_fts (records_fts) VALUES ('rebuild');
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

      CREATE TABLE cache_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
