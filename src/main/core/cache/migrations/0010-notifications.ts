import type Database from 'better-sqlite3';

/**
 * Change notifications of the org (notifications/): what others changed on the user's records, as
 * the sync found it, for the in-app list behind the bell. At most about 200 rows are kept (the
 * service removes older ones after each sync).
 *
 * notifications — one row per change: `id` is the kind, the record and its SystemModstamp, so a
 *   change found twice is stored once (INSERT OR IGNORE). `object` and `record_id` are what a click
 *   opens; `at` when the change was made (the record's LastModifiedDate), `noticed_at` when the sync
 *   found it; `held` whether quiet hours kept its pop-up back; `read` whether the user opened it.
 *   Indexes: notifications_recent orders the list newest first; notifications_unread counts what
 *   the bell shows.
 *
 * Frozen: SQL written out as it stands at version 10; the file imports nothing but types.
 */
export const cacheMigration0010 = {
  version: 10,
  name: 'notifications',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE notifications (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        object      TEXT NOT NULL,
        record_id   TEXT NOT NULL,
        title       TEXT NOT NULL,
        body        TEXT NOT NULL,
        changed_by  TEXT,
        at          TEXT NOT NULL,
        noticed_at  TEXT NOT NULL,
        held        INTEGER NOT NULL DEFAULT 0,
        read        INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX notifications_recent ON notifications (noticed_at, at, id);
      CREATE INDEX notifications_unread ON notifications (read) WHERE read = 0;
    `);
  },
};
