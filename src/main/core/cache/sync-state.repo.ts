/** Per-object sync bookkeeping (table sync_state, see migrations/0001-records.ts and 0004-sync-reconcile.ts). */
import type { CacheDb } from './org-cache';
import { OBJECT_REGISTRY, type CachedObject } from './objects';

export type SyncScope = 'mine' | 'all';
export type SyncPhase = 'never' | 'full' | 'incremental';

export interface SyncState {
  object: CachedObject;
  scope: SyncScope;
  phase: SyncPhase;
  watermarkStamp: string | null;
  watermarkId: string | null;
  bulkJobId: string | null;
  bulkLocator: string | null;
  bulkMaxStamp: string | null;
  bulkMaxId: string | null;
  replicationCursor: string | null;
  fullTotal: number | null;
  fullDone: number;
  lastFullSyncAt: string | null;
  lastIncrementalAt: string | null;
  lastError: string | null;
  /** The cached field set the object's rows were written with (objects.ts fieldSetOf); null: unknown (older cache). */
  fieldSet: string | null;
  /** When the cached Ids were last checked against the org's (ghosts of purged rows removed). */
  lastReconciledAt: string | null;
  /**
   * Objects scoped by related records (registry relatedScope, scope "mine"): when the rows owned by
   * others that point at the user's records were last read (sync/related-activities.ts).
   */
  relatedSyncedAt: string | null;
}

const COLUMNS: Record<Exclude<keyof SyncState, 'object'>, string> = {
  scope: 'scope',
  phase: 'phase',
  watermarkStamp: 'watermark_stamp',
  watermarkId: 'watermark_id',
  bulkJobId: 'bulk_job_id',
  bulkLocator: 'bulk_locator',
  bulkMaxStamp: 'bulk_max_stamp',
  bulkMaxId: 'bulk_max_id',
  replicationCursor: 'replication_cursor',
  fullTotal: 'full_total',
  fullDone: 'full_done',
  lastFullSyncAt: 'last_full_sync_at',
  lastIncrementalAt: 'last_incremental_at',
  lastError: 'last_error',
  fieldSet: 'field_set',
  lastReconciledAt: 'last_reconciled_at',
  relatedSyncedAt: 'related_synced_at',
};

type Row = Record<string, unknown>;

function fromRow(row: Row): SyncState {
  const out: Record<string, unknown> = { object: row.object };
  for (const [key, column] of Object.entries(COLUMNS)) out[key] = row[column] ?? null;
  out.fullDone = (row.full_done as number | null) ?? 0;
  return out as unknown as SyncState;
}

/**
 * The state of every cached object, creating missing rows ('never' synced, in `scope`). Rows of
 * objects not in `objects` (a registry that has since dropped one) are returned too, and ignored
 * by callers that iterate their own registry.
 */
export function readSyncStates(db: CacheDb, scope: SyncScope, objects: readonly CachedObject[] = OBJECT_REGISTRY.names): Map<CachedObject, SyncState> {
  let rows = db.prepare(`SELECT * FROM sync_state`).all() as Row[];
  // Written only when a row is missing: even an INSERT OR IGNORE that inserts nothing takes the
  // write lock, and this is read while a sync's writer thread commits (the status, once a second),
  // where waiting for the lock would stall the main thread.
  const present = new Set(rows.map((r) => r.object));
  const missing = objects.filter((o) => !present.has(o));
  if (missing.length) {
    const insert = db.prepare(`INSERT OR IGNORE INTO sync_state (object, scope) VALUES (?, ?)`);
    db.transaction(() => {
      for (const object of missing) insert.run(object, scope);
    })();
    rows = db.prepare(`SELECT * FROM sync_state`).all() as Row[];
  }
  return new Map(rows.map((r) => [r.object as CachedObject, fromRow(r)]));
}

export function readSyncState(db: CacheDb, object: CachedObject): SyncState | undefined {
  const row = db.prepare(`SELECT * FROM sync_state WHERE object = ?`).get(object) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** Updates the given fields of one object's state (call it in the same transaction as the data it describes). */
export function updateSyncState(db: CacheDb, object: CachedObject, patch: Partial<Omit<SyncState, 'object'>>): void {
  const entries = Object.entries(patch).filter(([key]) => key in COLUMNS);
  if (!entries.length) return;
  const sets = entries.map(([key]) => `${COLUMNS[key as keyof typeof COLUMNS]} = @${key}`).join(', ');
  db.prepare(`UPDATE sync_state SET ${sets} WHERE object = @object`).run({ ...Object.fromEntries(entries), object });
}
