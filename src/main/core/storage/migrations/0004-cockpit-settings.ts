import type Database from 'better-sqlite3';

/**
 * The user's cockpit settings per connected org (analytics/cockpit-settings.repo.ts): quarterly
 * quota per currency, stale days per stage and by default, days without activity. Kept in the app
 * database rather than the org's cache, so a cache rebuilt after damage keeps them; removed with
 * the connection by the foreign key (a disconnect deletes the connections row).
 *
 * `settings` is the JSON of CockpitSettings as the contract defines it, checked on every read.
 * Frozen: a later change is a new migration.
 */
export const migration0004 = {
  version: 4,
  name: 'cockpit-settings',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE cockpit_settings (
        connection_id TEXT PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
        settings      TEXT NOT NULL CHECK (json_valid(settings)),
        updated_at    TEXT NOT NULL
      ) STRICT;
    `);
  },
};
