/**
 * One SQLite database per connected org: `<dataDir>/cache/<connectionId>.sqlite`. WAL so readers
 * (search as you type) never wait for the sync writer; synchronous=FULL so a committed sync page
 * and its watermark survive power loss together; numbered migrations (./migrations).
 */
import type Database from 'better-sqlite3';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { openMigratedDatabase, type Migration } from '../storage/database';
import { assertCacheReadable, finishInterruptedRecovery, isCorruptionError, recoverCorruptCache, type CacheRecoveryReport } from './cache-recovery';
import { CACHE_MIGRATIONS } from './migrations';
import { CACHE_PAGE_SIZE } from './page-size';

export type CacheDb = Database.Database;

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function orgCachePath(dataDir: string, connectionId: string): string {
  if (!CONNECTION_ID.test(connectionId)) throw new Error('Bad connection id for the org cache');
  return join(dataDir, 'cache', `${connectionId}.sqlite`);
}

export function openOrgCache(dataDir: string, connectionId: string, migrations: Migration[] = CACHE_MIGRATIONS): CacheDb {
  return openMigratedDatabase(orgCachePath(dataDir, connectionId), migrations, { pageSize: CACHE_PAGE_SIZE });
}

/**
 * When each cache file was last checked (quick_check at open) in this process, and how it ended:
 * the Health panel shows it. Keyed by file path; memory only (every app start checks again).
 */
const lastChecks = new Map<string, { at: string; outcome: 'ok' | 'repaired' }>();

export function lastCacheCheck(dataDir: string, connectionId: string): { at: string; outcome: 'ok' | 'repaired' } | null {
  return lastChecks.get(orgCachePath(dataDir, connectionId)) ?? null;
}

/** A marker beside the cache: SQLite reported it damaged while in use; the next open replaces it. */
const recoveryMarkerOf = (file: string) => `${file}.needs-recovery`;

/**
 * Remembers that the open cache of a connection reported SQLITE_CORRUPT. It cannot be swapped
 * while handles are open on it, so the next open (the next start of the app) recovers it, even if
 * its quick check would pass (integrity_check finds index damage quick_check does not).
 */
export function markOrgCacheDamaged(dataDir: string, connectionId: string, reason: string): void {
  writeFileSync(recoveryMarkerOf(orgCachePath(dataDir, connectionId)), `${new Date().toISOString()} ${reason}\n`, { mode: 0o600 });
}

/**
 * Opens an org cache the way the app does: first finishes a recovery a crash interrupted, then
 * opens, checks the file is readable (`quick_check`) before migrating it, and migrates. A damaged
 * file — not a database, malformed pages, SQLITE_CORRUPT while migrating, or marked damaged in
 * use — is replaced by a fresh cache holding its unsent changes (cache-recovery.ts); `recovery`
 * then says what happened. Other failures (a newer schema, a full disk) are thrown as they are.
 */
export function openOrgCacheWithRecovery(
  dataDir: string,
  connectionId: string,
  log: Logger,
  migrations: Migration[] = CACHE_MIGRATIONS,
): { db: CacheDb; recovery: CacheRecoveryReport | null } {
  const file = orgCachePath(dataDir, connectionId);
  finishInterruptedRecovery(file, log);
  const marker = recoveryMarkerOf(file);
  let reason: string | null = existsSync(marker) ? 'SQLite reported the cache damaged while it was in use' : null;
  if (!reason) {
    try {
      const db = openMigratedDatabase(file, migrations, { beforeMigrate: assertCacheReadable, pageSize: CACHE_PAGE_SIZE });
      lastChecks.set(file, { at: new Date().toISOString(), outcome: 'ok' });
      return { db, recovery: null };
    } catch (err) {
      if (!isCorruptionError(err)) throw err;
      // openMigratedDatabase closed its handle before throwing: nothing of ours is open on the file.
      reason = err instanceof Error ? err.message : String(err);
    }
  }
  const recovery = recoverCorruptCache(file, migrations, reason, log);
  rmSync(marker, { force: true });
  const db = openMigratedDatabase(file, migrations, { beforeMigrate: assertCacheReadable, pageSize: CACHE_PAGE_SIZE });
  lastChecks.set(file, { at: new Date().toISOString(), outcome: 'repaired' });
  return { db, recovery };
}

/**
 * Files a recovery leaves beside an org's cache (the quarantined copies, an unfinished rebuild, a
 * damaged-in-use marker), by name in `<dataDir>/cache`: they hold the org's data too, so a
 * disconnect should remove them with the cache.
 */
export function isRecoveryFileOf(connectionId: string, fileName: string): boolean {
  return (
    fileName === `${connectionId}.rebuild.sqlite` ||
    fileName.startsWith(`${connectionId}.rebuild.sqlite-`) ||
    fileName.startsWith(`${connectionId}.sqlite.corrupt-`) ||
    fileName === `${connectionId}.sqlite.needs-recovery`
  );
}
