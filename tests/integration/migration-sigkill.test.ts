/**
 * A kill during a migration (checklist Q4): every migration runs in one transaction that also
 * bumps user_version, so a process killed at any statement of it leaves the database at the old
 * version with none of the new schema, or at the new version with all of it — never in between —
 * and the next open finishes the job. A child runs a slow, many-statement migration through the
 * core's openMigratedDatabase; the parent SIGKILLs it after a seeded random statement, round
 * after round, and inspects the file.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/emulator/random';
import { openMigratedDatabase } from '../../src/main/core/storage/database';
import { KILL_MIGRATIONS_STEPS, ROWS_PER_TABLE, killTestMigrations } from './migration-kill-schema';

const CHILD = join(__dirname, 'migration-kill-child.ts');
const ROUNDS = 16;
let dir: string;
let template: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'migration-kill-'));
  // A database at version 1, closed cleanly (no WAL beside it): each round starts from a copy of it.
  template = join(dir, 'template.sqlite');
  const db = openMigratedDatabase(template, killTestMigrations().slice(0, 1));
  db.pragma('journal_mode = DELETE');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child on `file`; kills it once it has announced step `killAtStep` (undefined: let it finish). */
function runChild(file: string, killAtStep?: number): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAtStep !== undefined && out.includes(`step ${killAtStep}/`) && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, out });
      else if (code === 0) resolve({ killed: false, out });
      else reject(new Error(`child exited ${code}: ${out}\n${err.slice(0, 2_000)}`));
    });
  });
}

/** What a file holds, read without migrating it. */
function inspect(file: string) {
  const db = new Database(file);
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'part_%'`).pluck().all() as string[];
    const columns = (db.pragma('table_info(base)') as Array<{ name: string }>).map((c) => c.name);
    const rows = tables.map((t) => db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number);
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      tables: tables.length,
      allRowsThere: rows.every((n) => n === ROWS_PER_TABLE),
      migratedColumn: columns.includes('migrated'),
      integrity: db.pragma('integrity_check', { simple: true }),
      base: db.prepare(`SELECT note FROM base`).pluck().all(),
    };
  } finally {
    db.close();
  }
}

describe('SIGKILL during a migration', () => {
  it('leaves the old or the new version, never a mix, and the next open completes it', async () => {
    const random = mulberry32(42);
    let killedMidway = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const file = join(dir, `round-${round}.sqlite`);
      copyFileSync(template, file); // the template is closed: a plain copy of a closed file is a valid database
      // Up to the last statement: a kill there races the COMMIT, which lands wholly or not at all.
      const killAtStep = 1 + Math.floor(random() * KILL_MIGRATIONS_STEPS);
      const { killed } = await runChild(file, killAtStep);
      const state = inspect(file);
      expect(state.integrity).toBe('ok');
      expect(state.base).toEqual(['from v1']);
      if (state.version === 1) {
        killedMidway += killed ? 1 : 0;
        expect({ tables: state.tables, migratedColumn: state.migratedColumn }).toEqual({ tables: 0, migratedColumn: false });
      } else {
        expect(state.version).toBe(2);
        expect({ tables: state.tables, all: state.allRowsThere, migratedColumn: state.migratedColumn }).toEqual({
          tables: KILL_MIGRATIONS_STEPS - 2,
          all: true,
          migratedColumn: true,
        });
      }
      // The next start runs the migration again from the old version and finishes.
      if (round % 4 === 0) {
        const { killed: again, out } = await runChild(file);
        expect(again).toBe(false);
        expect(out).toContain('version 2');
        expect(inspect(file)).toMatchObject({ version: 2, tables: KILL_MIGRATIONS_STEPS - 2, allRowsThere: true, migratedColumn: true, integrity: 'ok' });
      }
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    }
    // The test only proves something if most kills landed inside the migration's transaction.
    expect(killedMidway).toBeGreaterThan(ROUNDS / 2);
  }, 180_000);
});
