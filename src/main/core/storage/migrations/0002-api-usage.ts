import type Database from 'better-sqlite3';

/**
 * API usage statistics (usage/usage-store.ts). Frozen: a later change is a new migration.
 *
 * - api_usage_counts: additive counters per org per local day (YYYY-MM-DD). `kind` says what
 *   `key` names: 'total' (key ''), 'feature', 'family', 'error' (Salesforce errorCode, NETWORK,
 *   HTTP_nnn), 'latency' (upper bound of a fixed histogram bucket, ms, or 'inf'), 'bytes_in',
 *   'bytes_out' (key ''). Additive so a flush is an UPSERT `n = n + excluded.n`, no read first.
 * - api_usage_org: the org's own Sforce-Limit-Info figures that day: the highest `used` seen (with
 *   its `max`) and the last one seen (what the budget guard goes by after a restart).
 * - api_usage_hourly: this app's calls per hour (epoch ms of the hour's start), for the guard's
 *   rolling 24 hours after a restart; kept two days.
 * connection_id is '' for calls made before a connection existed (an OAuth code exchange).
 * No path, query, body or token is ever stored here.
 */
export const migration0002 = {
  version: 2,
  name: 'api-usage',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE api_usage_counts (
        connection_id TEXT NOT NULL,
        day           TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('total', 'feature', 'family', 'error', 'latency', 'bytes_in', 'bytes_out')),
        key           TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (connection_id, day, kind, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX api_usage_counts_day ON api_usage_counts (day);

      CREATE TABLE api_usage_org (
        connection_id TEXT NOT NULL,
        day           TEXT NOT NULL,
        peak_used     INTEGER NOT NULL,
        peak_max      INTEGER NOT NULL,
        last_used     INTEGER NOT NULL,
        last_max      INTEGER NOT NULL,
        last_at       INTEGER NOT NULL,
        PRIMARY KEY (connection_id, day)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE api_usage_hourly (
        connection_id TEXT NOT NULL,
        hour          INTEGER NOT NULL,
        calls         INTEGER NOT NULL,
        PRIMARY KEY (connection_id, hour)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
