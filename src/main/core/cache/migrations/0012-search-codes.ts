import type Database from 'better-sqlite3';

/**
 * Search finds records by their identifying number (a case's CaseNumber), not only by name, email,
 * phone, company and account name: a rep reads "00001027" off the Cases list or a customer's email
 * and types it into search.
 *
 * records.code — the identifying number of objects that have one besides their name (the object
 *   registry's `columns.code`; at version 12, Case's CaseNumber). Existing rows are filled from
 *   their JSON here.
 * records_fts — rebuilt with a sixth column, code, after the five it had; same tokenizer, prefix
 *   indexes and trigger names (cache/deferred-indexes.ts drops and restores the triggers by name).
 *
 * Frozen: the field mapping and every SQL text are written out as they stand at version 12; the file
 * imports nothing but types.
 */
export const cacheMigration0012 = {
  version: 12,
  name: 'search-codes',
  up(db: Database.Database) {
    db.exec(`
      ALTER TABLE records ADD COLUMN code TEXT;
      UPDATE records SET code = nullif(json_extract(fields, '$.CaseNumber'), '') WHERE object = 'Case';

      DROP TRIGGER IF EXISTS records_fts_insert;
      DROP TRIGGER IF EXISTS records_fts_delete;
      DROP TRIGGER IF EXISTS records_fts_update;
      DROP TABLE records_fts;
      CREATE VIRTUAL TABLE records_fts USING fts5(
        name, email, phone, company, account_name, code,
        content = 'records', content_rowid = 'rid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2'
      );
      INSERT INTO records_fts (records_fts) VALUES ('rebuild');
      CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
        INSERT INTO records_fts (rowid, name, email, phone, company, account_name, code)
        VALUES (new.rid, new.name, new.email, new.phone, new.company, new.account_name, new.code);
      END;
      CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
        INSERT INTO records_fts (records_fts, rowid, name, email, phone, company, account_name, code)
        VALUES ('delete', old.rid, old.name, old.email, old.phone, old.company, old.account_name, old.code);
      END;
      CREATE TRIGGER records_fts_update AFTER UPDATE OF name, email, phone, company, account_name, code ON records BEGIN
        INSERT INTO records_fts (records_fts, rowid, name, email, phone, company, account_name, code)
        VALUES ('delete', old.rid, old.name, old.email, old.phone, old.company, old.account_name, old.code);
        INSERT INTO records_fts (rowid, name, email, phone, company, account_name, code)
        VALUES (new.rid, new.name, new.email, new.phone, new.company, new.account_name, new.code);
      END;
    `);
  },
};
