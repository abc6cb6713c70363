/**
 * The per-org cache handles: one SQLite connection per org cache, opened lazily and kept open until
 * released (a disconnect) or closed, so the sync engine, the outbox, lists and search all write and
 * read through one handle (one writer per file).
 *
 * It also owns what the user is told about each cache (checklist Q5). A damaged cache is found when
 * it is opened (quick_check, SQLITE_CORRUPT or SQLITE_NOTADB) and replaced there by a fresh one that
 * keeps the unsent changes: a 'repaired' notice. Damage SQLite reports while the cache is in use
 * cannot be repaired in place (others hold the handle): the file is marked, the user is told to
 * restart ('damaged'), and the next open repairs it. Readers report errors they get from the cache
 * through `reportCacheError`.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { CacheNotice } from '../../../shared/ipc';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../../../shared/objects/registry';
import type { Logger } from '../logger';
import { getConnection } from '../storage/connections.repo';
import { assertCacheReadable, isCorruptionError, type CacheRecoveryReport } from './cache-recovery';
import { ensureObjectIndexes } from './object-indexes';
import { finishIndexes } from './deferred-indexes';
import { markOrgCacheDamaged, openOrgCacheWithRecovery, type CacheDb } from './org-cache';

export interface CachePool {
  /** The org cache of a connection (opened, repaired if damaged, on first use). */
  cacheFor(connectionId: string): CacheDb;
  /** What the user should be told about the connection's cache this session, if anything. */
  notice(connectionId: string): CacheNotice | null;
  /** SQLite reported the open cache damaged: nothing more should be written to it until a restart. */
  isDamaged(connectionId: string): boolean;
  /** The cache is being released for a disconnect: it may not be used or reopened meanwhile. */
  isReleasing(connectionId: string): boolean;
  /**
   * For readers of the cache (sync, records, outbox, search): an error they got from it.
   * SQLITE_CORRUPT or SQLITE_NOTADB marks the cache for repair at the next start and sets the
   * notice; returns whether it was such damage (the caller then answers with a clear error).
   */
  reportCacheError(connectionId: string, err: unknown): boolean;
  /** Runs a read of the cache; damage is reported and rethrown as a clear error. */
  guarded<T>(connectionId: string, read: () => T): T;
  /** A quick_check of the open cache (after a sync with failures: damage, or org-side errors?). */
  checkReadable(connectionId: string): void;
  /**
   * Work to stop before a cache is closed (the sync service stops that org's sync). Called by
   * `release` after the cache is marked releasing, awaited before the handle closes.
   */
  beforeRelease(stop: (connectionId: string) => Promise<void>): void;
  /** Told when a connection's notice appears (a repair at open, damage found in use): the sync status changed. */
  onNotice(listener: (connectionId: string) => void): () => void;
  /**
   * Stops what uses the connection's cache (see beforeRelease), closes the handle and forgets it: a
   * later `cacheFor` opens the file afresh. Rejects if the handle could not be closed (it then stays
   * open and in use). Before a disconnect deletes the files.
   */
  release(connectionId: string): Promise<void>;
  close(): void;
}

export interface CachePoolDeps {
  dataDir: string;
  /** The app database: a cache opens only for a connection that exists. */
  db: Database.Database;
  log: Logger;
  /** Which objects the caches keep (their indexes are created on open). Default: the shared registry. */
  registry?: ObjectRegistry;
}

/** What the user is told when a cache turns out to be damaged while in use. */
export const CACHE_DAMAGED_NOTICE = 'The local copy of this org is damaged. Restart the app to repair it; changes not yet sent to Salesforce are kept.';
export const DAMAGED_MESSAGE = 'The local copy of this org is damaged. Restart the app to repair it.';

export function createCachePool(deps: CachePoolDeps): CachePool {
  const registry = deps.registry ?? OBJECT_REGISTRY;
  const caches = new Map<string, CacheDb>();
  /** Connections whose cache is being released: it may not reopen meanwhile. */
  const releasing = new Map<string, Promise<void>>();
  const notices = new Map<string, CacheNotice>();
  const stoppers: Array<(connectionId: string) => Promise<void>> = [];
  const noticeListeners = new Set<(connectionId: string) => void>();
  const setNotice = (connectionId: string, notice: CacheNotice) => {
    notices.set(connectionId, notice);
    for (const listener of noticeListeners) {
      try {
        listener(connectionId);
      } catch (err) {
        deps.log.warn('A cache notice listener failed', err instanceof Error ? err.message : String(err));
      }
    }
  };
  let closed = false;

  const cacheFor = (connectionId: string): CacheDb => {
    if (closed) throw new AppError('INTERNAL', 'The app is closing.');
    if (releasing.has(connectionId)) throw new AppError('NOT_FOUND', 'That connection is being disconnected.');
    let db = caches.get(connectionId);
    if (!db) {
      if (!getConnection(deps.db, connectionId)) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      const opened = openOrgCacheWithRecovery(deps.dataDir, connectionId, deps.log);
      db = opened.db;
      try {
        ensureObjectIndexes(db, registry);
        // A first full load that a crash interrupted left the FTS index behind: rebuild it now,
        // before search reads it (a resumed load defers it again for itself).
        finishIndexes(db);
      } catch (err) {
        db.close();
        throw err;
      }
      caches.set(connectionId, db);
      if (opened.recovery) setNotice(connectionId, recoveryNotice(opened.recovery));
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
    setNotice(connectionId, { kind: 'damaged', at: new Date().toISOString(), message: CACHE_DAMAGED_NOTICE, keptChanges: null, lostChanges: null });
  };

  const reportCacheError = (connectionId: string, err: unknown): boolean => {
    if (!isCorruptionError(err)) return false;
    reportDamage(connectionId, err);
    return true;
  };

  const release = (connectionId: string): Promise<void> => {
    const inFlight = releasing.get(connectionId);
    if (inFlight) return inFlight;
    const work = (async () => {
      for (const stop of stoppers) await stop(connectionId);
      const db = caches.get(connectionId);
      // close() throws while a statement is still iterating: the handle then stays open and mapped.
      db?.close();
      caches.delete(connectionId);
      notices.delete(connectionId);
    })().finally(() => releasing.delete(connectionId));
    releasing.set(connectionId, work);
    return work;
  };

  return {
    cacheFor,
    notice: (connectionId) => notices.get(connectionId) ?? null,
    isDamaged: (connectionId) => notices.get(connectionId)?.kind === 'damaged',
    isReleasing: (connectionId) => releasing.has(connectionId),
    reportCacheError,
    guarded(connectionId, read) {
      try {
        return read();
      } catch (err) {
        if (!reportCacheError(connectionId, err)) throw err;
        throw new AppError('INTERNAL', DAMAGED_MESSAGE);
      }
    },
    checkReadable(connectionId) {
      const db = caches.get(connectionId);
      if (!db?.open || notices.get(connectionId)?.kind === 'damaged') return;
      try {
        assertCacheReadable(db);
      } catch (err) {
        if (!reportCacheError(connectionId, err)) deps.log.warn('Could not check the cache', err instanceof Error ? err.message : String(err));
      }
    },
    beforeRelease: (stop) => void stoppers.push(stop),
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    release,
    close() {
      closed = true;
      for (const db of caches.values()) db.close();
      caches.clear();
    },
  };
}

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
