import type Database from 'better-sqlite3';

/**
 * The columns a salesperson chose for each list and the widths they dragged them to, per connected
 * org and object (lists/list-prefs.repo.ts). In the app database, like the cockpit settings, so a
 * rebuilt cache keeps them; removed with the connection by the foreign key.
 *
 * `prefs` is the JSON of the contract's ListPrefs, checked on every read.
 * Frozen: a later change is a new migration.
 */
export const migration0006 = {
  version: 6,
  name: 'list-prefs',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE list_prefs (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        object        TEXT NOT NULL,
        prefs         TEXT NOT NULL CHECK (json_valid(prefs)),
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (connection_id, object)
      ) STRICT;
    `);
  },
};
