import type Database from 'better-sqlite3';
import { createOutboxTables } from '../../outbox/outbox-schema';

/**
 * The offline outbox (engineer K, src/main/core/outbox): queued creates, updates and deletes and
 * each connection's queue state, in the same database as `records` so a local edit and its outbox
 * row commit in one transaction. Schema and reasons: outbox/outbox-schema.ts.
 */
export const cacheMigration0002 = {
  version: 2,
  name: 'outbox',
  up(db: Database.Database) {
    createOutboxTables(db);
  },
};
