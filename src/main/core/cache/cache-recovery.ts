/**
 * A damaged org cache (checklist Q5). The cache is a copy of the org plus the user's unsent
 * changes, so the cure is: save the unsent changes that can still be read, set the damaged files
 * aside under a dated name (never deleted: they may hold more than we could read), and start a
 * fresh cache that the next sync fills from the server.
 *
 * Crash safety: the fresh cache is built, filled with the salvage and closed under a side name
 * (`<id>.rebuild.sqlite`) while the damaged file still sits in place; only then is the damaged
 * file renamed away and the rebuild renamed in. A crash before the swap leaves the damaged file,
 * which is found and recovered again on the next open; a crash in between leaves no cache but a
 * finished rebuild, which `finishInterruptedRecovery` moves in. No file is renamed while a handle
 * of ours is open on it.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../logger';
import { openMigratedDatabase, type Migration } from '../storage/database';
import type { CachedObject } from './objects';
import { CACHE_PAGE_SIZE } from './page-size';
import { refreshColumns } from './records.repo';

/** SQLite's companion files of a database: WAL, shared memory, rollback journal. */
const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'];

/** SQLITE_CORRUPT (and its extended codes) or SQLITE_NOTADB: the file is damaged, not busy or full. */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_'));
}

export class CacheCorruptError extends Error {
  readonly code = 'SQLITE_CORRUPT';
}

/**
 * `PRAGMA quick_check` (every page and row readable, b-trees well formed; it skips the slower
 * index-to-table comparison of integrity_check). Throws CacheCorruptError with SQLite's first
 * findings when the file is damaged.
 */
export function assertCacheReadable(db: Database.Database): void {
  const rows = db.pragma('quick_check(5)') as Array<{ quick_check: string }>;
  const findings = rows.map((r) => r.quick_check);
  if (findings.length !== 1 || findings[0] !== 'ok') throw new CacheCorruptError(`quick_check: ${findings.join('; ')}`);
}

/** An unsent change read out of a damaged cache, column for column. */
export type SalvagedOutboxRow = Record<string, unknown> & { id: number };
/** A cached record with a pending local change (`local_state` other than 'synced'). */
export type SalvagedRecordRow = Record<string, unknown>;

export interface Salvage {
  outbox: SalvagedOutboxRow[];
  records: SalvagedRecordRow[];
  /** Outbox ids that exist but could not be read (their pages are damaged). */
  unreadableOutboxIds: number[];
  /** False when not even the outbox's id list could be read (e.g. the file is not a database). */
  outboxReadable: boolean;
}

const OUTBOX_COLUMNS = [
  'id',
  'connection_id',
  'object',
  'op',
  'record_id',
  'client_uuid',
  'payload',
  'base_modstamp',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'theirs',
  'created_at',
  'updated_at',
] as const;
const RECORD_COLUMNS = [
  'object',
  'id',
  'name',
  'email',
  'phone',
  'company',
  'account_name',
  'owner_id',
  'owner_name',
  'status',
  'amount',
  'close_date',
  'last_modified',
  'system_modstamp',
  'fields',
  'local_state',
] as const;

/**
 * Reads what the user still needs out of a damaged cache: every outbox entry not done, and the
 * cached rows their local edits changed. Row by row, so one damaged page costs only its rows.
 * Opens the file read-only (its WAL is still read) and closes it before returning.
 */
export function salvageUnsentChanges(file: string): Salvage {
  const salvage: Salvage = { outbox: [], records: [], unreadableOutboxIds: [], outboxReadable: false };
  if (!existsSync(file)) return salvage;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return salvage;
  }
  try {
    let ids: number[] = [];
    try {
      ids = db.prepare(`SELECT id FROM outbox ORDER BY id`).pluck().all() as number[];
      salvage.outboxReadable = true;
    } catch {
      // The id list (the table's b-tree) is damaged or missing: probe the id range instead.
      try {
        const max = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as number | undefined;
        if (typeof max === 'number' && max > 0 && max <= 1_000_000) ids = Array.from({ length: max }, (_, i) => i + 1);
      } catch {
        ids = [];
      }
    }
    const one = safePrepare(db, `SELECT ${OUTBOX_COLUMNS.join(', ')} FROM outbox WHERE id = ?`);
    const pendingKeys = new Set<string>();
    for (const id of ids) {
      let row: SalvagedOutboxRow | undefined;
      try {
        row = one?.get(id) as SalvagedOutboxRow | undefined;
      } catch {
        salvage.unreadableOutboxIds.push(id);
        continue;
      }
      if (!row || row.state === 'done') continue;
      salvage.outbox.push(row);
      pendingKeys.add(`${String(row.object)}\u0000${String(row.record_id)}`);
    }
    const record = safePrepare(db, `SELECT ${RECORD_COLUMNS.join(', ')} FROM records WHERE object = ? AND id = ?`);
    for (const key of pendingKeys) {
      const [object, id] = key.split('\u0000');
      try {
        const row = record?.get(object, id) as SalvagedRecordRow | undefined;
        if (row && row.local_state !== 'synced') salvage.records.push(row);
      } catch {
        // The row's page is damaged: the outbox entry alone still carries the user's values.
      }
    }
  } finally {
    db.close();
  }
  return salvage;
}

function safePrepare(db: Database.Database, sql: string): Database.Statement | undefined {
  try {
    return db.prepare(sql);
  } catch {
    return undefined;
  }
}

export interface CacheRecoveryReport {
  at: string;
  reason: string;
  /** Where the damaged file now is. */
  quarantinedAs: string;
  /** Unsent changes carried over into the fresh cache. */
  keptChanges: number;
  /** Unsent changes that could not be read (they remain in the quarantined file). */
  lostChanges: number;
  /** Whether the outbox could be read at all (false: unsent changes may have been lost). */
  outboxReadable: boolean;
}

const rebuildPathOf = (file: string) => file.replace(/\.sqlite$/, '.rebuild.sqlite');

function removeWithSideFiles(file: string): void {
  for (const suffix of [...SIDE_SUFFIXES, '']) rmSync(`${file}${suffix}`, { force: true });
}

/** Makes the renames in the cache folder durable (a no-op where directories cannot be opened). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a directory; its renames are journaled by NTFS.
  }
}

/** `2026-11-27T08-47-55-123Z`: sortable and valid in file names on every OS. */
const stamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

/**
 * Moves `file` and its side files to `<file>.corrupt-<stamp>` (side files keep their suffix after
 * it, so SQLite still pairs them if someone opens the quarantined copy). The database first: once
 * it is gone nothing can open it against a fresh side file.
 */
function quarantine(file: string, at: Date): string {
  const target = `${file}.corrupt-${stamp(at)}`;
  if (existsSync(file)) renameSync(file, target);
  for (const suffix of SIDE_SUFFIXES) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${target}${suffix}`);
  return target;
}

/**
 * Startup repair of a recovery cut short by a crash. The cache file is missing but a rebuild
 * exists: the damaged file was already set aside, so side files left at the old name belong to
 * it (quarantined too) and the rebuild, complete since it is renamed only after it was closed,
 * takes its place. The cache file exists: any rebuild is an unfinished leftover and goes.
 */
export function finishInterruptedRecovery(file: string, log: Logger): void {
  const rebuild = rebuildPathOf(file);
  if (!existsSync(rebuild)) return;
  if (existsSync(file)) {
    removeWithSideFiles(rebuild);
    return;
  }
  const stray = SIDE_SUFFIXES.some((s) => existsSync(`${file}${s}`));
  if (stray) quarantine(file, new Date());
  renameSync(rebuild, file);
  syncDirectory(dirname(file));
  log.info('Finished a cache recovery interrupted by a crash');
}

/**
 * Replaces a damaged cache (no handle of ours may be open on it) with a fresh one holding the
 * salvaged unsent changes. Returns what happened, for the log and the user.
 */
export function recoverCorruptCache(file: string, migrations: Migration[], reason: string, log: Logger, now: Date = new Date()): CacheRecoveryReport {
  const salvage = salvageUnsentChanges(file);
  const rebuild = rebuildPathOf(file);
  removeWithSideFiles(rebuild);
  const fresh = openMigratedDatabase(rebuild, migrations, { pageSize: CACHE_PAGE_SIZE });
  let kept = 0;
  try {
    fresh.transaction(() => {
      const insertOutbox = fresh.prepare(`INSERT INTO outbox (${OUTBOX_COLUMNS.join(', ')}) VALUES (${OUTBOX_COLUMNS.map((c) => `@${c}`).join(', ')})`);
      for (const row of salvage.outbox) {
        try {
          insertOutbox.run(pickColumns(row, OUTBOX_COLUMNS));
          kept++;
        } catch (err) {
          // A row whose values were damaged in place (fails a CHECK): it stays in the quarantined file.
          log.warn(`Could not carry outbox entry ${row.id} over to the fresh cache`, err instanceof Error ? err.message : String(err));
          salvage.unreadableOutboxIds.push(row.id);
        }
      }
      const insertRecord = fresh.prepare(
        `INSERT OR IGNORE INTO records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      );
      for (const row of salvage.records) {
        try {
          insertRecord.run(pickColumns(row, RECORD_COLUMNS));
          // The typed columns later migrations added (0006) are derived from the row's JSON again.
          refreshColumns(fresh, row.object as CachedObject, String(row.id));
        } catch {
          // The cached row is only a display copy; the outbox entry carries the change itself.
        }
      }
    })();
    // A self-contained file for the rename: no WAL beside it (reopening switches back to WAL).
    fresh.pragma('journal_mode = DELETE');
  } finally {
    fresh.close();
  }
  const quarantinedAs = quarantine(file, now);
  renameSync(rebuild, file);
  syncDirectory(dirname(file));
  const report: CacheRecoveryReport = {
    at: now.toISOString(),
    reason,
    quarantinedAs,
    keptChanges: kept,
    lostChanges: salvage.unreadableOutboxIds.length,
    outboxReadable: salvage.outboxReadable,
  };
  log.warn('The local cache of an org was damaged and has been replaced by a fresh one; the next sync fills it again', report);
  return report;
}

function pickColumns(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
}
