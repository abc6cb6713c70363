import type Database from 'better-sqlite3';

/**
 * Connected orgs. Identity and status are plain columns; the tokens exist only as cipher blobs
 * (NULL when the OS offers no safe key store and they live in memory, or after a wipe).
 * One row per org + user: logging in again to the same org as the same user updates it.
 */
export const migration0001 = {
  version: 1,
  name: 'connections',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE connections (
        id                TEXT PRIMARY KEY,
        environment       TEXT NOT NULL CHECK (environment IN ('production', 'sandbox', 'custom', 'demo')),
        login_url         TEXT NOT NULL,
        instance_url      TEXT NOT NULL,
        client_id         TEXT NOT NULL,
        org_id            TEXT NOT NULL,
        user_id           TEXT NOT NULL,
        profile_id        TEXT,
        username          TEXT NOT NULL,
        display_name      TEXT NOT NULL,
        scope             TEXT,
        issued_at         INTEGER,
        expires_at        INTEGER,
        access_token_enc  BLOB,
        refresh_token_enc BLOB,
        status            TEXT NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'needs-login')),
        active            INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        last_used_at      TEXT,
        UNIQUE (org_id, user_id)
      ) STRICT;
      -- At most one active connection, enforced by the database itself.
      CREATE UNIQUE INDEX connections_single_active ON connections (active) WHERE active = 1;
    `);
  },
};
