/**
 * Sync of the active org's local cache: on demand (`start`), on a schedule (every
 * `intervalMinutes`), one at a time per connection (a second start while one runs joins it),
 * cancellable between pages. Progress is kept in memory so `status()` stays cheap.
 *
 * The push channel carries the same state as it changes (`events`): 'sync-status' when a run starts
 * or ends, the settings change or a cache notice appears; 'sync-progress' while a run moves.
 *
 * The API budget guard (`guard`) decides how far apart scheduled syncs are and holds them back
 * while the org or this app is near its allowance; syncs the user starts always run.
 *
 * The org caches are the cache pool's (cache/cache-pool.ts): it opens them, repairs damaged ones
 * and holds the notices the status carries. This service writes through the pool's handle, stops
 * a sync when the pool releases a cache (a disconnect), and never syncs into a cache the pool
 * knows to be damaged (writing more into a damaged file can spread the damage). A sync that fails
 * because the org did not answer (NETWORK) reports the connection offline, so the outbox stops
 * trying and probes until the org is back.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { SyncSettings, SyncStatus } from '../../../shared/ipc';
import { DAMAGED_MESSAGE, type CachePool } from '../cache/cache-pool';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { countRecords } from '../cache/records.read';
import { readSyncStates } from '../cache/sync-state.repo';
import type { ActiveOrg } from '../connections/active-org';
import type { EventPublisher } from '../events/event-bus';
import type { Logger } from '../logger';
import type { SalesforceGateway } from '../salesforce/gateway';
import type { SettingsStore } from '../settings/settings-store';
import { getConnection } from '../storage/connections.repo';
import type { BudgetGuard } from '../usage/types';
import { createSyncApi } from './sync-api';
import { runSync, SyncCancelled, type ChangeWatch, type SyncProgress } from './sync-engine';
import { workerPageWriter } from '../cache/page-writer';
import { orgRegistryOf } from '../cache/org-registry';
import { referenceDataDue, refreshReferenceData } from './reference-sync';
import { syncOpportunityHistory } from './history-sync';

export const SYNC_SETTINGS_KEY = 'sync';
/**
 * The Bulk API 2.0 threshold is set by measurement (bench/sync.bench.ts, 101,556 records, the Demo
 * org in its own process): every object through Bulk took 21.5 s and 33 calls with no latency,
 * 17.1 s at 150 ms a call; through REST 10.6 s and 11.6 s for 53 calls. Bulk only saves calls —
 * about 2 in 5 — and a job waits and polls before its first row, so it pays off only where REST
 * would spend many calls: above 250,000 rows an object (125+ REST pages).
 */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = { scope: 'mine', intervalMinutes: 5, bulkThreshold: 250_000 };

/** The stored sync settings, repaired field by field (the budget guard reads the chosen interval too). */
export function readSyncSettings(store: SettingsStore): SyncSettings {
  const stored = store.get(SYNC_SETTINGS_KEY);
  const merged = { ...DEFAULT_SYNC_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) };
  const scope = merged.scope === 'all' ? 'all' : 'mine';
  const interval = Number.isInteger(merged.intervalMinutes) && merged.intervalMinutes >= 0 ? merged.intervalMinutes : DEFAULT_SYNC_SETTINGS.intervalMinutes;
  const threshold = Number.isInteger(merged.bulkThreshold) && merged.bulkThreshold >= 1 ? merged.bulkThreshold : DEFAULT_SYNC_SETTINGS.bulkThreshold;
  return { scope, intervalMinutes: interval, bulkThreshold: threshold };
}

export interface SyncService {
  start(options?: { full?: boolean }): { started: boolean; status: SyncStatus };
  /** Runs a sync of the given connection and resolves when it ends (tests, bench, scheduler). */
  runNow(connectionId: string, options?: { full?: boolean }): Promise<SyncStatus['lastRun']>;
  status(): SyncStatus;
  cancel(): { cancelled: boolean };
  settings(): SyncSettings;
  updateSettings(patch: Partial<SyncSettings>): SyncSettings;
  close(): Promise<void>;
}

export interface SyncServiceDeps {
  db: Database.Database;
  /** The org caches: the sync writes through the pool's handle and stops when the pool releases it. */
  caches: CachePool;
  /** Who is active; `prepare` makes a connection reachable before a sync (the Demo org starts on demand). */
  activeOrg: Pick<ActiveOrg, 'current' | 'require' | 'prepare'>;
  gateway: SalesforceGateway;
  settingsStore: SettingsStore;
  log: Logger;
  /** The objects to sync (default: the shared registry). */
  registry?: ObjectRegistry;
  /** A sync failed because the org did not answer: the offline outbox should know (it probes until the org is back). */
  reportOffline?: (connectionId: string) => void;
  /** How long a cache release waits for a cancelled sync to end (it stops between pages). Default 15 s. */
  releaseWaitMs?: number;
  /**
   * The API budget guard: scheduled syncs wait while it holds background work back, run at the
   * interval it puts in force, and skip the daily reconciliation when paused. Syncs the user starts
   * always run (their status carries the guard's warning). Absent: no budget (tests, tools).
   */
  guard?: SyncBudget;
  /** The push channel (sync-status, sync-progress). */
  events?: EventPublisher;
  /** Runs after each sync that reached the org, on the org's cache (the cockpit's pipeline snapshot). */
  afterSync?: (connectionId: string, db: CacheDb) => void | Promise<void>;
  /**
   * Watches one run's incremental changes (change notifications): told each page the engine
   * applies to the watch's objects, with the rows as cached before (the engine's `watch`), and
   * `finish`ed when the run ends however it ended. Undefined: nothing to watch this run (every
   * kind of notification off).
   */
  watchChanges?: (connectionId: string, db: CacheDb, userId: string) => ChangeWatch | undefined;
}

/**
 * A step of the sync besides the engine's objects (the cockpit's data): its failure is recorded
 * ("Org settings: …") and the run goes on; a cancel or an unreachable org ends the run.
 */
async function runStep(errors: string[], what: string, step: () => unknown): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof SyncCancelled || (err instanceof AppError && err.code === 'NETWORK')) throw err;
    if (err instanceof Error && err.name === 'AbortError') throw new SyncCancelled();
    errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** What the sync service needs of the budget guard (usage/budget-guard.ts). */
export type SyncBudget = Pick<BudgetGuard, 'allowBackground' | 'snapshot' | 'onChange'> & {
  /** Told when the chosen sync interval changed (the interval in force, in the guard's snapshot, follows it). */
  refresh?(): void;
};

interface Running {
  connectionId: string;
  startedAt: string;
  controller: AbortController;
  progress: SyncProgress | null;
  done: Promise<SyncStatus['lastRun']>;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { caches } = deps;
  const registry = deps.registry ?? OBJECT_REGISTRY;
  const running = new Map<string, Running>();
  const lastRuns = new Map<string, NonNullable<SyncStatus['lastRun']>>();
  /** Per connection, the counts of its current cache handle (a reopened or repaired cache counts afresh). */
  const countMemo = new Map<string, { db: CacheDb; at: number; counts: ReturnType<typeof countRecords> }>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** The interval (minutes) the timer is armed with: re-armed when the guard's interval in force differs. */
  let armedMinutes = 0;
  /** Scheduled syncs the guard skipped, per connection: since when and why (for the status). */
  const held = new Map<string, { since: string; reason: string }>();

  // ---- push channel -------------------------------------------------------------------------
  // The status is computed once per tick however many changes asked for it (a run's end also
  // reports damage, for instance), and never from inside status() itself.
  let statusQueued = false;
  const publishStatus = () => {
    if (!deps.events || statusQueued) return;
    statusQueued = true;
    queueMicrotask(() => {
      statusQueued = false;
      if (closed) return;
      try {
        deps.events?.publish('sync-status', status());
      } catch (err) {
        deps.log.warn('Could not publish the sync status', err instanceof Error ? err.message : String(err));
      }
    });
  };
  const publishProgress = (entry: Running) =>
    deps.events?.publish('sync-progress', { connectionId: entry.connectionId, startedAt: entry.startedAt, progress: entry.progress });
  // A cache repaired at open or found damaged in use changes what the status says.
  const stopWatchingNotices = caches.onNotice(() => publishStatus());

  const readSettings = (): SyncSettings => readSyncSettings(deps.settingsStore);

  /**
   * `background`: the scheduler started it, not the user: its API calls are metered as background
   * work, and it asks the guard before the reconciliation's calls.
   */
  const launch = (connectionId: string, full: boolean, background = false): Running => {
    const existing = running.get(connectionId);
    if (existing) return existing;
    if (caches.isReleasing(connectionId)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
    // Writing more into a damaged file can spread the damage: no sync until the restart repairs it.
    if (caches.isDamaged(connectionId)) throw new AppError('INTERNAL', DAMAGED_MESSAGE);
    const controller = new AbortController();
    const entry: Running = { connectionId, startedAt: new Date().toISOString(), controller, progress: null, done: undefined as never };
    entry.done = (async () => {
      let outcome: NonNullable<SyncStatus['lastRun']>;
      let apiCalls = 0;
      try {
        const stored = getConnection(deps.db, connectionId);
        if (!stored) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
        const record = await deps.activeOrg.prepare(stored);
        const api = createSyncApi(await deps.gateway.connection(record, { feature: 'sync', background }));
        // Cancelled while preparing (e.g. its cache is being released): do not open the cache again.
        if (controller.signal.aborted) throw new SyncCancelled();
        let watch: ChangeWatch | undefined;
        try {
          const settings = readSettings();
          const db = caches.cacheFor(connectionId);
          watch = deps.watchChanges?.(connectionId, db, record.userId);
          // The org's fiscal year, currencies, stages and lead statuses first: which optional
          // fields the org has (CurrencyIsoCode) decides the field lists the engine asks for.
          const cockpitErrors: string[] = [];
          await runStep(cockpitErrors, 'Org settings', async () => {
            if (referenceDataDue(db, { full })) await refreshReferenceData(db, api);
          });
          const orgRegistry = orgRegistryOf(db, registry);
          const report = await runSync(db, api, {
            scope: settings.scope,
            bulkThreshold: settings.bulkThreshold,
            userId: record.userId,
            full,
            signal: controller.signal,
            onProgress: (p) => {
              entry.progress = p;
              publishProgress(entry);
            },
            // A first load's SQLite work runs in a worker thread beside the reading (page-writer.ts).
            pageWriter: (cacheDb) => workerPageWriter(cacheDb, orgRegistry),
            allowReconcile: background && deps.guard ? () => deps.guard?.allowBackground(connectionId) ?? true : undefined,
            registry: orgRegistry,
            watch,
          });
          if (orgRegistry.has('Opportunity') && !report.errors.Opportunity) {
            await runStep(cockpitErrors, 'Opportunity history', () =>
              syncOpportunityHistory(db, api, { scope: settings.scope, userId: record.userId, signal: controller.signal }),
            );
          }
          await runStep(cockpitErrors, 'Pipeline snapshot', () => deps.afterSync?.(connectionId, db));
          const errors = [...Object.entries(report.errors), ...cockpitErrors.map((e) => e.split(': ', 2) as [string, string])];
          // The engine records an object's failure and goes on; a damaged page is one such failure.
          if (errors.length) caches.checkReadable(connectionId);
          outcome = {
            finishedAt: new Date().toISOString(),
            outcome: errors.length ? 'partial' : 'ok',
            apiCalls: api.calls,
            bulk: report.bulk,
            error: errors.length ? errors.map(([o, m]) => `${o}: ${m}`).join(' ') : null,
          };
        } finally {
          apiCalls = api.calls;
          watch?.finish();
        }
      } catch (err) {
        const cancelled = err instanceof SyncCancelled;
        caches.reportCacheError(connectionId, err);
        if (!cancelled) deps.log.warn(`Sync of connection ${connectionId} failed`, err instanceof Error ? err.message : String(err));
        if (err instanceof AppError && err.code === 'NETWORK') {
          try {
            deps.reportOffline?.(connectionId);
          } catch (reportErr) {
            deps.log.warn('Could not report the org offline', reportErr instanceof Error ? reportErr.message : String(reportErr));
          }
        }
        outcome = {
          finishedAt: new Date().toISOString(),
          outcome: cancelled ? 'cancelled' : 'failed',
          apiCalls,
          bulk: [],
          error: cancelled ? null : err instanceof AppError ? err.message : 'The sync failed unexpectedly.',
        };
      } finally {
        running.delete(connectionId);
      }
      lastRuns.set(connectionId, outcome);
      publishStatus();
      return outcome;
    })();
    running.set(connectionId, entry);
    publishStatus();
    return entry;
  };

  /** The scheduled-sync interval now in force: the chosen one, lengthened by the guard as usage rises. */
  const intervalInForce = (): number => {
    const base = readSettings().intervalMinutes;
    const record = base > 0 && deps.guard ? deps.activeOrg.current() : undefined;
    return (record && deps.guard?.snapshot(record.id).guard.syncIntervalMinutes) || base;
  };

  const tick = () => {
    if (intervalInForce() !== armedMinutes) schedule();
    const record = deps.activeOrg.current();
    if (!record || record.status !== 'connected' || caches.isReleasing(record.id) || caches.isDamaged(record.id)) return;
    if (deps.guard && !deps.guard.allowBackground(record.id)) {
      if (!held.has(record.id)) {
        const reason = deps.guard.snapshot(record.id).guard.reason ?? 'Atom is saving API calls for now.';
        held.set(record.id, { since: new Date().toISOString(), reason });
        deps.log.info(`Scheduled syncs of connection ${record.id} are held back by the API budget guard`);
        publishStatus();
      }
      return;
    }
    held.delete(record.id);
    void launch(record.id, false, true).done;
  };

  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const minutes = intervalInForce();
    armedMinutes = minutes;
    if (closed || minutes <= 0) return;
    timer = setInterval(tick, minutes * 60_000);
    timer.unref();
  };
  schedule();
  // The guard's interval follows usage: re-arm when the active org's interval in force changes.
  const stopWatchingGuard = deps.guard?.onChange((connectionId) => {
    if (!closed && deps.activeOrg.current()?.id === connectionId && intervalInForce() !== armedMinutes) schedule();
  });

  /** The guard's sentence while it holds background work back (paused or blocked), else null. */
  const guardFields = (connectionId: string): Pick<SyncStatus, 'guardWarning' | 'scheduleHeld'> => {
    if (!deps.guard) return {};
    const verdict = deps.guard.snapshot(connectionId).guard;
    const warning = verdict.level === 'paused' || verdict.level === 'blocked' ? verdict.reason : null;
    // Background work is allowed again: the next tick runs, so the schedule is no longer held.
    if (held.has(connectionId) && deps.guard.allowBackground(connectionId)) held.delete(connectionId);
    return { guardWarning: warning, scheduleHeld: held.get(connectionId) ?? null };
  };

  const status = (): SyncStatus => {
    const record = deps.activeOrg.current();
    const settings = readSettings();
    if (!record) return { connectionId: null, running: false, startedAt: null, progress: null, lastRun: null, settings, objects: [] };
    const run = running.get(record.id);
    const base = { connectionId: record.id, running: Boolean(run), startedAt: run?.startedAt ?? null, progress: run?.progress ?? null };
    // Its cache is closing for a disconnect: nothing to count, and it must not reopen.
    if (caches.isReleasing(record.id)) {
      return { ...base, lastRun: lastRuns.get(record.id) ?? null, settings, objects: [], cacheNotice: caches.notice(record.id), ...guardFields(record.id) };
    }
    const db = caches.cacheFor(record.id);
    let counts: ReturnType<typeof countRecords>;
    let states: ReturnType<typeof readSyncStates>;
    try {
      // Counting 100,000 rows costs milliseconds; while a sync runs its status is pushed at every
      // run start/end and read on demand, so counts are refreshed at most once a second then.
      const memo = countMemo.get(record.id);
      const fresh = memo?.db === db && run && Date.now() - memo.at < 1_000;
      counts = fresh ? memo.counts : countRecords(db, registry.names);
      if (!fresh) countMemo.set(record.id, { db, at: Date.now(), counts });
      states = readSyncStates(db, settings.scope, registry.names);
    } catch (err) {
      // The status bar keeps working (and shows the notice) on a damaged cache.
      if (!caches.reportCacheError(record.id, err)) throw err;
      return { ...base, lastRun: lastRuns.get(record.id) ?? null, settings, objects: [], cacheNotice: caches.notice(record.id), ...guardFields(record.id) };
    }
    return {
      connectionId: record.id,
      running: Boolean(run),
      startedAt: run?.startedAt ?? null,
      progress: run?.progress ?? null,
      lastRun: lastRuns.get(record.id) ?? null,
      settings,
      objects: registry.names.map((object) => {
        const s = states.get(object);
        return {
          object,
          count: counts[object],
          state: s?.phase ?? 'never',
          lastFullSyncAt: s?.lastFullSyncAt ?? null,
          lastIncrementalAt: s?.lastIncrementalAt ?? null,
          lastError: s?.lastError ?? null,
        };
      }),
      cacheNotice: caches.notice(record.id),
      ...guardFields(record.id),
    };
  };

  // A disconnect releases the org's cache: its sync stops first (running or about to start).
  caches.beforeRelease(async (connectionId) => {
    const run = running.get(connectionId);
    if (!run) return;
    run.controller.abort();
    // The engine stops between pages; a request that hangs past the wait fails on the closed handle instead.
    const waitMs = deps.releaseWaitMs ?? 15_000;
    let timeout: NodeJS.Timeout | undefined;
    const ended = await Promise.race([run.done.then(() => true), new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), waitMs)))]);
    clearTimeout(timeout);
    if (!ended) deps.log.warn(`The sync of connection ${connectionId} did not stop within ${waitMs} ms; closing its cache anyway`);
    countMemo.delete(connectionId);
  });

  return {
    start(options = {}) {
      const record = deps.activeOrg.require();
      if (record.status !== 'connected') throw new AppError('SESSION_EXPIRED', 'Log in to this org again to sync it.');
      if (caches.isReleasing(record.id)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
      const already = running.has(record.id);
      void launch(record.id, Boolean(options.full)).done;
      return { started: !already, status: status() };
    },
    runNow: async (connectionId, options = {}) => launch(connectionId, Boolean(options.full)).done,
    status,
    cancel() {
      const record = deps.activeOrg.current();
      const run = record && running.get(record.id);
      if (!run) return { cancelled: false };
      run.controller.abort();
      return { cancelled: true };
    },
    settings: readSettings,
    updateSettings(patch) {
      const next = { ...readSettings(), ...patch };
      deps.settingsStore.set(SYNC_SETTINGS_KEY, next);
      schedule();
      deps.guard?.refresh?.();
      publishStatus();
      return readSettings();
    },
    async close() {
      closed = true;
      stopWatchingGuard?.();
      stopWatchingNotices();
      if (timer) clearInterval(timer);
      for (const run of running.values()) run.controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
