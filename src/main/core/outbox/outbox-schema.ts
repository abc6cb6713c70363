/**
 * The outbox tables. They live in the per-org cache database next to the records table, so one
 * SQLite transaction covers a local edit and its outbox row (X1). The cache's migration list runs
 * this inside its own transaction and bumps user_version (Q4).
 */
import type Database from 'better-sqlite3';

export function createOutboxTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE outbox (
      id              INTEGER PRIMARY KEY AUTOINCREMENT,
      connection_id   TEXT NOT NULL,
      object          TEXT NOT NULL,
      op              TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      record_id       TEXT NOT NULL,
      client_uuid     TEXT UNIQUE,
      payload         TEXT NOT NULL DEFAULT '{}',
      base_modstamp   TEXT,
      state           TEXT NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'sending', 'done', 'conflict', 'needs-attention')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      theirs          TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX outbox_by_state ON outbox (connection_id, state, id);
    CREATE INDEX outbox_by_record ON outbox (connection_id, object, record_id, id);
    -- One row per connection: why its queue is paused (auth), and when it last drained.
    CREATE TABLE outbox_queue (
      connection_id TEXT PRIMARY KEY,
      paused_code   TEXT,
      paused_reason TEXT,
      last_sync_at  TEXT
    ) STRICT;
  `);
}
