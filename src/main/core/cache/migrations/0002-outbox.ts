import type Database from 'better-sqlite3';

/**
 * The offline outbox (src/main/core/outbox): queued creates, updates and deletes and each
 * connection's queue state. They live in the per-org cache database next to the records table, so
 * one SQLite transaction covers a local edit and its outbox row (X1).
 *
 * Frozen: the SQL is inlined exactly as the outbox's schema module (outbox-schema.ts, since removed)
 * produced it, byte for byte, so fresh caches get the same schema text; a later change to the
 * outbox is a new migration, never an edit here.
 */
export const cacheMigration0002 = {
  version: 2,
  name: 'outbox',
  up(db: Database.Database) {
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
  },
};
