/**
 * Sync of the active org's local cache: on demand (`start`), on a schedule (every
 * `intervalMinutes`), one at a time per connection (a second start while one runs joins it),
 * cancellable between pages. Progress is kept in memory so `status()` stays cheap.
 *
 * The push channel carries the same state as it changes (`events`): 'sync-status' when a run starts
 * or ends, the settings change or a cache notice appears; 'sync-progress' while a run moves.
 *
 * Caches are opened lazily per connection and kept open until `releaseCache` (a disconnect) or
 * close(); `cacheFor` hands the same handle to the offline outbox so both write through one
 * connection (one writer per file). A sync that fails because the org did not answer (NETWORK)
 * reports the connection offline, so the outbox stops trying and probes until the org is back.
 *
 * A damaged cache (checklist Q5) is found when it is opened (quick_check, SQLITE_CORRUPT or
 * SQLITE_NOTADB) and replaced there by a fresh one that keeps the unsent changes; the status then
 * carries a notice for the user and the sync fills the cache again. Damage SQLite reports while the
 * cache is in use cannot be repaired in place (the outbox holds the handle): the file is marked,
 * the user is told to restart, and the next open repairs it.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { SearchHit, SyncSettings, SyncStatus } from '../../../shared/ipc';
import { CACHED_OBJECTS } from '../cache/objects';
import { assertCacheReadable, isCorruptionError, type CacheRecoveryReport } from '../cache/cache-recovery';
import { markOrgCacheDamaged, openOrgCacheWithRecovery, type CacheDb } from '../cache/org-cache';
import { countRecords, searchCache } from '../cache/records.read';
import { readSyncStates } from '../cache/sync-state.repo';
import type { EventPublisher } from '../events/event-bus';
import type { Logger } from '../logger';
import type { SalesforceGateway } from '../salesforce/gateway';
import type { SettingsStore } from '../settings/settings-store';
import type { BudgetGuard } from '../usage/types';
import { getActiveConnection, getConnection, NOT_CONNECTED_MESSAGE, type ConnectionRecord } from '../storage/connections.repo';
import { createSyncApi } from './sync-api';
import { runSync, SyncCancelled, type SyncProgress } from './sync-engine';

export const SYNC_SETTINGS_KEY = 'sync';
export const DEFAULT_SYNC_SETTINGS: SyncSettings = { scope: 'mine', intervalMinutes: 5, bulkThreshold: 50_000 };

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
  search(input: { text: string; objects?: SearchHit['object'][]; limit: number }): { hits: SearchHit[] };
  /** The org cache of a connection (opened on first use). For the offline outbox. */
  cacheFor(connectionId: string): CacheDb;
  /**
   * Stops any sync of the connection (running or about to start), waits for it to end, closes its
   * cache and forgets the handle: a later `cacheFor` opens the file afresh. Rejects if the handle
   * could not be closed (it then stays open and in use). Before a disconnect deletes the files.
   */
  releaseCache(connectionId: string): Promise<void>;
  /**
   * For other readers of the cache (records, outbox): an error they got from it. SQLITE_CORRUPT or
   * SQLITE_NOTADB marks the cache for repair at the next start, stops its syncs and sets the notice;
   * returns whether it was such damage (the caller then answers with a clear error instead).
   */
  reportCacheError?(connectionId: string, err: unknown): boolean;
  close(): Promise<void>;
}

export interface SyncServiceDeps {
  dataDir: string;
  db: Database.Database;
  gateway: SalesforceGateway;
  settingsStore: SettingsStore;
  log: Logger;
  /** Makes the connection reachable before a sync (the Demo org's emulator starts on demand) and returns it fresh. */
  prepare?: (record: ConnectionRecord) => Promise<ConnectionRecord>;
  /** A sync failed because the org did not answer: the offline outbox should know (it probes until the org is back). */
  reportOffline?: (connectionId: string) => void;
  /** How long `releaseCache` waits for a cancelled sync to end (it stops between pages). Default 15 s. */
  releaseWaitMs?: number;
  /**
   * The API budget guard: scheduled syncs wait while it holds background work back, run at the
   * interval it puts in force, and skip the daily reconciliation when paused. Syncs the user starts
   * always run (their status carries the guard's warning). Absent: no budget (tests, tools).
   */
  guard?: SyncBudget;
  /** The push channel (sync-status, sync-progress). */
  events?: EventPublisher;
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
  const caches = new Map<string, CacheDb>();
  const running = new Map<string, Running>();
  const lastRuns = new Map<string, NonNullable<SyncStatus['lastRun']>>();
  const countMemo = new Map<string, { at: number; counts: ReturnType<typeof countRecords> }>();
  /** Connections whose cache is being released: no sync may start and the cache may not reopen meanwhile. */
  const releasing = new Map<string, Promise<void>>();
  /** What the user should be told about each connection's cache (a repair, or damage found in use), this session. */
  const notices = new Map<string, CacheNotice>();
  let timer: NodeJS.Timeout | undefined;
  /** The interval (minutes) the timer is armed with: re-armed when the guard's interval in force differs. */
  let armedMinutes = 0;
  /** Scheduled syncs the guard skipped, per connection: since when and why (for the status). */
  const held = new Map<string, { since: string; reason: string }>();
  let closed = false;

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

  const readSettings = (): SyncSettings => readSyncSettings(deps.settingsStore);

  const cacheFor = (connectionId: string): CacheDb => {
    if (closed) throw new AppError('INTERNAL', 'The app is closing.');
    if (releasing.has(connectionId)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
    let db = caches.get(connectionId);
    if (!db) {
      if (!getConnection(deps.db, connectionId)) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      const opened = openOrgCacheWithRecovery(deps.dataDir, connectionId, deps.log);
      db = opened.db;
      caches.set(connectionId, db);
      if (opened.recovery) {
        notices.set(connectionId, recoveryNotice(opened.recovery));
        countMemo.delete(connectionId);
        publishStatus();
      }
    }
    return db;
  };

  /** SQLite said the open cache is damaged: mark it for repair at the next open and tell the user once. */
  const reportDamage = (connectionId: string, err: unknown) => {
    if (notices.get(connectionId)?.kind === 'damaged') return;
    const reason = err instanceof Error ? err.message : String(err);
    deps.log.error(`The local cache of connection ${connectionId} is damaged; it will be repaired when the app starts again`, reason);
    try {
      markOrgCacheDamaged(deps.dataDir, connectionId, reason);
    } catch (markErr) {
      deps.log.warn('Could not mark the damaged cache for repair', markErr instanceof Error ? markErr.message : String(markErr));
    }
    notices.set(connectionId, {
      kind: 'damaged',
      at: new Date().toISOString(),
      message: 'The local copy of this org is damaged. Restart the app to repair it; changes not yet sent to Salesforce are kept.',
      keptChanges: null,
      lostChanges: null,
    });
    publishStatus();
  };
  /** Runs a read of the cache; SQLITE_CORRUPT is reported (and rethrown as a clear error). */
  const guarded = <T>(connectionId: string, read: () => T): T => {
    try {
      return read();
    } catch (err) {
      if (!isCorruptionError(err)) throw err;
      reportDamage(connectionId, err);
      throw new AppError('INTERNAL', DAMAGED_MESSAGE);
    }
  };

  /** After a sync with failures: a quick_check of the open cache tells damage apart from org-side errors. */
  const checkReadable = (connectionId: string) => {
    const db = caches.get(connectionId);
    if (!db?.open || notices.get(connectionId)?.kind === 'damaged') return;
    try {
      assertCacheReadable(db);
    } catch (err) {
      if (isCorruptionError(err)) reportDamage(connectionId, err);
      else deps.log.warn('Could not check the cache after a failed sync', err instanceof Error ? err.message : String(err));
    }
  };

  const active = (): ConnectionRecord => {
    const record = getActiveConnection(deps.db);
    if (!record) throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
    return record;
  };

  /**
   * `background`: the scheduler started it, not the user: its API calls are metered as background
   * work, and it asks the guard before the reconciliation's calls.
   */
  const launch = (connectionId: string, full: boolean, background = false): Running => {
    const existing = running.get(connectionId);
    if (existing) return existing;
    if (releasing.has(connectionId)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
    // Writing more into a damaged file can spread the damage: no sync until the restart repairs it.
    if (notices.get(connectionId)?.kind === 'damaged') throw new AppError('INTERNAL', DAMAGED_MESSAGE);
    const controller = new AbortController();
    const entry: Running = { connectionId, startedAt: new Date().toISOString(), controller, progress: null, done: undefined as never };
    entry.done = (async () => {
      let outcome: NonNullable<SyncStatus['lastRun']>;
      let apiCalls = 0;
      try {
        const stored = getConnection(deps.db, connectionId);
        if (!stored) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
        const record = deps.prepare ? await deps.prepare(stored) : stored;
        const api = createSyncApi(await deps.gateway.connection(record, { feature: 'sync', background }));
        // Cancelled while preparing (e.g. its cache is being released): do not open the cache again.
        if (controller.signal.aborted) throw new SyncCancelled();
        try {
          const settings = readSettings();
          const report = await runSync(cacheFor(connectionId), api, {
            scope: settings.scope,
            bulkThreshold: settings.bulkThreshold,
            userId: record.userId,
            full,
            signal: controller.signal,
            onProgress: (p) => {
              entry.progress = p;
              publishProgress(entry);
            },
            allowReconcile: background && deps.guard ? () => deps.guard?.allowBackground(connectionId) ?? true : undefined,
          });
          const errors = Object.entries(report.errors);
          // The engine records an object's failure and goes on; a damaged page is one such failure.
          if (errors.length) checkReadable(connectionId);
          outcome = {
            finishedAt: new Date().toISOString(),
            outcome: errors.length ? 'partial' : 'ok',
            apiCalls: report.apiCalls,
            bulk: report.bulk,
            error: errors.length ? errors.map(([o, m]) => `${o}: ${m}`).join(' ') : null,
          };
        } finally {
          apiCalls = api.calls;
        }
      } catch (err) {
        const cancelled = err instanceof SyncCancelled;
        if (isCorruptionError(err)) reportDamage(connectionId, err);
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
    const record = base > 0 && deps.guard ? getActiveConnection(deps.db) : undefined;
    return (record && deps.guard?.snapshot(record.id).guard.syncIntervalMinutes) || base;
  };

  const tick = () => {
    if (intervalInForce() !== armedMinutes) schedule();
    const record = getActiveConnection(deps.db);
    if (!record || record.status !== 'connected' || releasing.has(record.id) || notices.get(record.id)?.kind === 'damaged') return;
    if (deps.guard && !deps.guard.allowBackground(record.id)) {
      if (!held.has(record.id)) {
        const reason = deps.guard.snapshot(record.id).guard.reason ?? 'Atom is saving API calls for now.';
        held.set(record.id, { since: new Date().toISOString(), reason });
        deps.log.info(`Scheduled syncs of connection ${record.id} are held back by the API budget guard`);
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
    if (!closed && getActiveConnection(deps.db)?.id === connectionId && intervalInForce() !== armedMinutes) schedule();
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
    const record = getActiveConnection(deps.db);
    const settings = readSettings();
    if (!record) return { connectionId: null, running: false, startedAt: null, progress: null, lastRun: null, settings, objects: [] };
    const run = running.get(record.id);
    const base = { connectionId: record.id, running: Boolean(run), startedAt: run?.startedAt ?? null, progress: run?.progress ?? null };
    // Its cache is closing for a disconnect: nothing to count, and it must not reopen.
    if (releasing.has(record.id)) {
      return { ...base, lastRun: lastRuns.get(record.id) ?? null, settings, objects: [], cacheNotice: notices.get(record.id) ?? null, ...guardFields(record.id) };
    }
    const db = cacheFor(record.id);
    let counts: ReturnType<typeof countRecords>;
    let states: ReturnType<typeof readSyncStates>;
    try {
      // Counting 100,000 rows costs milliseconds; while a sync runs the status is asked often (a
      // snapshot, each published run start/end), so counts are refreshed at most once a second then.
      const memo = countMemo.get(record.id);
      counts = run && memo && Date.now() - memo.at < 1_000 ? memo.counts : countRecords(db);
      if (!memo || memo.counts !== counts) countMemo.set(record.id, { at: Date.now(), counts });
      states = readSyncStates(db, settings.scope);
    } catch (err) {
      if (!isCorruptionError(err)) throw err;
      // The status bar keeps working (and shows the notice) on a damaged cache.
      reportDamage(record.id, err);
      return { ...base, lastRun: lastRuns.get(record.id) ?? null, settings, objects: [], cacheNotice: notices.get(record.id) ?? null, ...guardFields(record.id) };
    }
    return {
      connectionId: record.id,
      running: Boolean(run),
      startedAt: run?.startedAt ?? null,
      progress: run?.progress ?? null,
      lastRun: lastRuns.get(record.id) ?? null,
      settings,
      objects: CACHED_OBJECTS.map((object) => {
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
      cacheNotice: notices.get(record.id) ?? null,
      ...guardFields(record.id),
    };
  };

  return {
    start(options = {}) {
      const record = active();
      if (record.status !== 'connected') throw new AppError('SESSION_EXPIRED', 'Log in to this org again to sync it.');
      if (releasing.has(record.id)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
      const already = running.has(record.id);
      void launch(record.id, Boolean(options.full)).done;
      return { started: !already, status: status() };
    },
    runNow: async (connectionId, options = {}) => launch(connectionId, Boolean(options.full)).done,
    status,
    cancel() {
      const record = getActiveConnection(deps.db);
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
    search({ text, objects, limit }) {
      const record = active();
      const db = cacheFor(record.id);
      return { hits: guarded(record.id, () => searchCache(db, text, { objects, limit })) };
    },
    cacheFor,
    reportCacheError(connectionId, err) {
      if (!isCorruptionError(err)) return false;
      reportDamage(connectionId, err);
      return true;
    },
    releaseCache(connectionId) {
      const inFlight = releasing.get(connectionId);
      if (inFlight) return inFlight;
      const release = (async () => {
        const run = running.get(connectionId);
        if (run) {
          run.controller.abort();
          // The engine stops between pages; a request that hangs past the wait fails on the closed handle instead.
          const waitMs = deps.releaseWaitMs ?? 15_000;
          let timeout: NodeJS.Timeout | undefined;
          const ended = await Promise.race([
            run.done.then(() => true),
            new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), waitMs))),
          ]);
          clearTimeout(timeout);
          if (!ended) deps.log.warn(`The sync of connection ${connectionId} did not stop within ${waitMs} ms; closing its cache anyway`);
        }
        const db = caches.get(connectionId);
        // close() throws while a statement is still iterating: the handle then stays open and mapped.
        db?.close();
        caches.delete(connectionId);
        countMemo.delete(connectionId);
        notices.delete(connectionId);
      })().finally(() => releasing.delete(connectionId));
      releasing.set(connectionId, release);
      return release;
    },
    async close() {
      closed = true;
      stopWatchingGuard?.();
      if (timer) clearInterval(timer);
      for (const run of running.values()) run.controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      for (const db of caches.values()) db.close();
      caches.clear();
    },
  };
}

type CacheNotice = NonNullable<SyncStatus['cacheNotice']>;

const DAMAGED_MESSAGE = 'The local copy of this org is damaged. Restart the app to repair it.';

function recoveryNotice(report: CacheRecoveryReport): CacheNotice {
  const kept = report.keptChanges;
  const keptText = kept === 0 ? '' : ` ${kept} change${kept === 1 ? '' : 's'} not yet sent to Salesforce ${kept === 1 ? 'was' : 'were'} kept.`;
  const lostText = !report.outboxReadable
    ? ' Changes not yet sent could not be read from the damaged copy; it was kept aside for support.'
    : report.lostChanges > 0
      ? ` ${report.lostChanges} unsent change${report.lostChanges === 1 ? '' : 's'} could not be read; the damaged copy was kept aside for support.`
      : '';
  return {
    kind: 'repaired',
    at: report.at,
    message: `The local copy of this org was damaged and has been rebuilt; the next sync downloads its records again.${keptText}${lostText}`,
    keptChanges: kept,
    lostChanges: report.outboxReadable ? report.lostChanges : null,
  };
}
