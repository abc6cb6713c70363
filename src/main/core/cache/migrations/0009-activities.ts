import type Database from 'better-sqlite3';

/**
 * What activities (Task, Event) need besides their rows in `records`:
 *
 * task_statuses — the org's TaskStatus rows (the Task Status picklist: its order, which values
 *   close a task, which is the default), refreshed by the sync with the other reference data.
 *   Logging a call sets the org's closed status, a new task its default open one, and a task
 *   changed offline takes IsClosed from its status.
 *
 * sync_state.related_synced_at — when the sync last read, for an object scoped by related records
 *   (the registry's relatedScope: a colleague's task on my account), the rows owned by others that
 *   point at records the user owns. NULL: never, so the next sync reads them.
 *
 * Frozen: SQL written out as it stands at version 9; the file imports nothing but types.
 */
export const cacheMigration0009 = {
  version: 9,
  name: 'activities',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE task_statuses (
        api_name   TEXT PRIMARY KEY,
        label      TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        is_closed  INTEGER NOT NULL,
        is_default INTEGER NOT NULL
      );
      ALTER TABLE sync_state ADD COLUMN related_synced_at TEXT;
    `);
  },
};
