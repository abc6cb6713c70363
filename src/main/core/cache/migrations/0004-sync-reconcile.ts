import type Database from 'better-sqlite3';

/**
 * Two sync_state columns (sync engine, src/main/core/sync):
 *
 * field_set — the cached field list (objects.ts `fieldSetOf`) every synced row of the object was
 *   written with. Caches from before this migration hold NULL: their rows lack fields added since
 *   (Description), so the next sync reads those objects again in place (rows stay visible and
 *   pending local changes untouched) and then records the current field set.
 *
 * last_reconciled_at — when the cached Ids of the object were last checked against the org's.
 *   Rows deleted and purged from the recycle bin before an incremental sync saw them never appear
 *   in queryAll; a periodic check (count first, Ids only on a mismatch) removes such ghosts.
 *   NULL: never checked, so the next sync checks.
 */
export const cacheMigration0004 = {
  version: 4,
  name: 'sync-reconcile',
  up(db: Database.Database) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN field_set TEXT;
      ALTER TABLE sync_state ADD COLUMN last_reconciled_at TEXT;
    `);
  },
};
