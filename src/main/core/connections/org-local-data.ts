/**
 * What a connected org leaves on this computer besides its tokens: one cache database
 * (`cache/<connectionId>.sqlite`, which also holds the offline outbox). A disconnect removes it,
 * as the Mobile SDK wipes offline data on logout (security checklist X8), but only once nothing
 * can still write to it: the outbox queue is stopped, the handle closed, and only then are the
 * files deleted. Files that no connection owns (a delete that failed, a crash in between) are
 * swept at startup, before any cache is opened.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRecoveryFileOf, orgCachePath } from '../cache/org-cache';
import type { Logger } from '../logger';
import type { OrgLocalData, UnsentCounts } from './connections.service';

/** SQLite's companions of a database file: WAL, shared memory, rollback journal. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];
/** `<connectionId>.sqlite` and its side files, as orgCachePath names them. */
const CACHE_FILE = /^([A-Za-z0-9_-]{1,100})\.sqlite(?:-wal|-shm|-journal)?$/;

/** The connection a file in `<dataDir>/cache` belongs to: its cache, side files or recovery leftovers. */
function ownerOfCacheFile(name: string): string | undefined {
  const id = CACHE_FILE.exec(name)?.[1] ?? name.split('.')[0];
  return id && (CACHE_FILE.test(name) || isRecoveryFileOf(id, name)) ? id : undefined;
}

/**
 * Deletes the org's cache files, and what a cache recovery left beside them (quarantined copies
 * hold the org's data too). The caller guarantees no handle to them is open.
 */
export function removeOrgCacheFiles(dataDir: string, connectionId: string): void {
  const path = orgCachePath(dataDir, connectionId);
  let names: string[] = [];
  try {
    names = readdirSync(join(dataDir, 'cache'));
  } catch {
    // no cache folder: nothing of this org's is left
  }
  for (const name of names) if (isRecoveryFileOf(connectionId, name)) rmSync(join(dataDir, 'cache', name), { force: true });
  // The database itself last: a crash midway leaves it with at most a stale side file, never the reverse.
  for (const suffix of [...SIDE_FILES.slice(1), '']) rmSync(`${path}${suffix}`, { force: true });
}

/** Removes cache files of connections that no longer exist; returns the ids swept. Call before any cache is opened. */
export function sweepOrphanedOrgCaches(dataDir: string, knownConnectionIds: ReadonlySet<string>, log: Logger): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, 'cache'));
  } catch {
    return []; // no cache folder yet
  }
  const orphans = new Set<string>();
  for (const name of names) {
    const id = ownerOfCacheFile(name);
    if (id && !knownConnectionIds.has(id)) orphans.add(id);
  }
  for (const id of orphans) {
    try {
      removeOrgCacheFiles(dataDir, id);
      log.info(`Removed the local data of disconnected connection ${id}`);
    } catch (err) {
      log.warn(`Could not remove the local data of disconnected connection ${id}`, err);
      orphans.delete(id);
    }
  }
  return [...orphans];
}

export interface OrgLocalDataDeps {
  dataDir: string;
  /** The org's outbox: what it still holds, and a way to stop its queue for good. */
  outbox: {
    unsentChanges(connectionId: string): UnsentCounts;
    forget(connectionId: string): Promise<void>;
  };
  /**
   * Stops whatever else uses the org's cache and closes its database handle; resolves once none is
   * open and rejects if it could not close one. Files are deleted only after it resolves.
   */
  closeCache(connectionId: string): Promise<void>;
  log: Logger;
}

export function createOrgLocalData(deps: OrgLocalDataDeps): OrgLocalData {
  return {
    unsentCounts(connectionId) {
      const { total, pending, needsAttention, conflicts } = deps.outbox.unsentChanges(connectionId);
      return { total, pending, needsAttention, conflicts };
    },
    async remove(connectionId) {
      await deps.outbox.forget(connectionId);
      try {
        await deps.closeCache(connectionId);
      } catch (err) {
        deps.log.warn(`The cache of connection ${connectionId} could not be closed; its files are kept until the next start`, err);
        return { removed: false };
      }
      removeOrgCacheFiles(deps.dataDir, connectionId);
      return { removed: true };
    },
  };
}
