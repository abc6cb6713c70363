import type Database from 'better-sqlite3';

/**
 * The SOQL console's history and saved queries (query/history.repo.ts, query/saved-queries.repo.ts),
 * kept per org in the app database rather than the org's cache, so a cache rebuilt after damage or
 * cleared keeps them. Keyed by the Salesforce org's Id (`org_id`), not the connection: logging in
 * to the same org again (a new connection row) finds them again.
 *
 * query_history — one row per run: the SOQL, where it ran ('org' or 'cache'), queryAll, the rows it
 *   returned (null when it failed), how long it took, the API calls it used, the error in words.
 *   The service keeps the newest few hundred per org. Index query_history_recent lists them newest first.
 * saved_queries — a name and an optional folder ('' = none), unique together per org; a description
 *   and the SOQL; created and updated times.
 *
 * Frozen: a later change is a new migration.
 */
export const migration0005 = {
  version: 5,
  name: 'query-console',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE query_history (
        id          TEXT PRIMARY KEY,
        org_id      TEXT NOT NULL,
        soql        TEXT NOT NULL,
        target      TEXT NOT NULL CHECK (target IN ('org', 'cache')),
        query_all   INTEGER NOT NULL DEFAULT 0,
        rows        INTEGER,
        duration_ms REAL NOT NULL,
        api_calls   INTEGER NOT NULL DEFAULT 0,
        error       TEXT,
        ran_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX query_history_recent ON query_history (org_id, ran_at);
      CREATE TABLE saved_queries (
        id          TEXT PRIMARY KEY,
        org_id      TEXT NOT NULL,
        name        TEXT NOT NULL,
        folder      TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        soql        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        UNIQUE (org_id, folder, name)
      ) STRICT;
    `);
  },
};
