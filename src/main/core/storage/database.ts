/**
 * The app's own SQLite database (`<dataDir>/atom.sqlite`): WAL, synchronous=FULL (WAL's default
 * NORMAL may lose the last commits on power loss), numbered migrations.
 */
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from './migrations';
import { ensurePrivateDatabaseFile } from './private-files';

export const DATABASE_FILE_NAME = 'atom.sqlite';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export function openDatabase(dataDir: string, migrations: Migration[] = MIGRATIONS): Database.Database {
  return openMigratedDatabase(join(dataDir, DATABASE_FILE_NAME), migrations);
}

/**
 * Opens (creating its folder and the file owner-only, see private-files.ts) a SQLite file the
 * way every database of the core is opened: WAL, synchronous=FULL on this writer (acknowledged
 * commits survive a crash), foreign keys, a busy timeout; then runs its migrations. Closed again
 * if anything fails.
 */
export function openMigratedDatabase(
  file: string,
  migrations: Migration[],
  options: {
    beforeMigrate?: (db: Database.Database) => void;
    /** Page size of a file created now (SQLite ignores it for an existing one): set before anything is written. */
    pageSize?: number;
  } = {},
): Database.Database {
  ensurePrivateDatabaseFile(file, dirname(file));
  const db = new Database(file);
  try {
    if (options.pageSize) db.pragma(`page_size = ${Math.trunc(options.pageSize)}`);
    applyConnectionSettings(db);
    options.beforeMigrate?.(db);
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * The settings of every connection the core opens on its databases, the sync's writer thread too:
 * WAL, synchronous=FULL (checked, see below), foreign keys, and a wait rather than an error while
 * another connection holds the write lock for a moment.
 */
export function applyConnectionSettings(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  assertDurabilityPragmas(db);
}

/**
 * Fails loudly when the durability settings did not take (checklist Q1): SQLite answers a
 * `journal_mode` it cannot honour (an in-memory or read-only database, a file system without
 * shared memory) with the old mode instead of an error, and a silent fallback would give up
 * the crash guarantees every writer here relies on.
 */
export function assertDurabilityPragmas(db: Database.Database): void {
  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  if (journal !== 'wal' || synchronous !== 2) {
    throw new Error(`The database ${db.name} could not be set up safely (journal_mode=${journal}, synchronous=${synchronous}; expected wal and 2 = FULL).`);
  }
}

/** Runs the pending migrations; each is one transaction, so a crash leaves the old or new version. */
export function migrate(db: Database.Database, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(
      `The app's database was written by a newer version of Atom for Salesforce (schema ${current}, this version knows ${latest}). Update the app.`,
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${Number(migration.version)}`);
    })();
  }
}
