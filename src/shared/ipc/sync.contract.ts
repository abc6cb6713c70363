import { z } from 'zod';
import { OBJECT_NAMES } from '../objects/registry';
import type { ChannelSpec } from './common';

/** The cached objects (src/shared/objects/registry.ts declares them). */
export const SYNC_OBJECTS = OBJECT_NAMES;
export const SyncObject = z.enum(SYNC_OBJECTS);

/** "mine": records I own (default; Campaigns are always all visible ones). "all": everything I can see. */
export const SyncScope = z.enum(['mine', 'all']);

export const SyncSettings = z.object({
  scope: SyncScope,
  /** Minutes between scheduled incremental syncs of the active org; 0 turns the schedule off. */
  intervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Objects with more rows than this are fully synced with Bulk API 2.0 rather than REST pages. */
  bulkThreshold: z.number().int().min(1).max(100_000_000),
});
export type SyncSettings = z.infer<typeof SyncSettings>;

export const SyncProgress = z.object({
  object: SyncObject,
  /** 'reconcile': the cached Ids are being checked against the org's (rows purged from its recycle bin). */
  phase: z.enum(['full', 'bulk', 'incremental', 'reconcile']),
  done: z.number().int(),
  total: z.number().int().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncObjectStatus = z.object({
  object: SyncObject,
  /** Records in the local cache. */
  count: z.number().int(),
  state: z.enum(['never', 'full', 'incremental']),
  lastFullSyncAt: z.string().nullable(),
  lastIncrementalAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

/**
 * Something the user should be told once about the local cache of the active org: 'repaired' — it
 * was found damaged when opened and rebuilt (unsent changes carried over where readable; the next
 * sync downloads the records again); 'damaged' — SQLite reported damage while in use; a restart
 * repairs it. Lives for the app session.
 */
export const CacheNotice = z.object({
  kind: z.enum(['repaired', 'damaged']),
  at: z.string(),
  message: z.string(),
  /** Unsent changes carried over into the rebuilt cache (null: not known yet). */
  keptChanges: z.number().int().nullable(),
  /** Unsent changes that could not be read from the damaged file (null: unknown). */
  lostChanges: z.number().int().nullable(),
});
export type CacheNotice = z.infer<typeof CacheNotice>;

export const SyncStatus = z.object({
  /** The active org's connection, or null when none is active. */
  connectionId: z.string().nullable(),
  running: z.boolean(),
  startedAt: z.string().nullable(),
  /** While running: the object being synced and how far along it is (pushed as 'sync-progress' events). */
  progress: SyncProgress.nullable(),
  lastRun: z
    .object({
      finishedAt: z.string(),
      outcome: z.enum(['ok', 'partial', 'cancelled', 'failed']),
      apiCalls: z.number().int(),
      /** Objects whose full sync went through Bulk API 2.0. */
      bulk: z.array(SyncObject),
      error: z.string().nullable(),
    })
    .nullable(),
  settings: SyncSettings,
  objects: z.array(SyncObjectStatus),
  /** A notice about the active org's cache (see CacheNotice); absent or null when there is nothing to say. */
  cacheNotice: CacheNotice.nullable().optional(),
  /**
   * The API budget guard's sentence while it holds background work back (the org is near its daily
   * API allowance, Atom used its share, or Salesforce refuses calls): syncs the user starts still run.
   * Absent or null otherwise.
   */
  guardWarning: z.string().nullable().optional(),
  /** Since when scheduled syncs of the active org have been skipped by the budget guard, and why (null: not held). */
  scheduleHeld: z.object({ since: z.string(), reason: z.string() }).nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncContract = {
  'sync:start': {
    method: 'startSync',
    input: z.object({ full: z.boolean().optional() }).strict().optional(),
    output: z.object({ started: z.boolean(), status: SyncStatus }),
  },
  'sync:status': { method: 'syncStatus', input: z.object({}).strict().optional(), output: SyncStatus },
  'sync:cancel': { method: 'cancelSync', input: z.object({}).strict().optional(), output: z.object({ cancelled: z.boolean() }) },
  'sync:settings-update': { method: 'updateSyncSettings', input: SyncSettings.partial().strict(), output: SyncSettings },
} as const satisfies Record<string, ChannelSpec>;
