/**
 * Crash safety of the outbox replay (checklist Q2, X1–X4): a child process drains a queue of
 * creates (one a parent with a child), updates and deletes against the emulator served here; the
 * parent SIGKILLs it at seeded random moments, round after round, then lets a last child finish.
 * The org must hold each change exactly once, the queue must be empty, the cache consistent, and
 * `PRAGMA integrity_check` ok.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { mulberry32 } from '../../src/emulator/random';
import { openOrgCache, orgCachePath } from '../../src/main/core/cache/org-cache';
import { upsertRecords } from '../../src/main/core/cache/records.repo';
import { createCacheLocalRecords } from '../../src/main/core/outbox/cache-local-records';
import { createOutboxStore } from '../../src/main/core/outbox/outbox-store';
import { connect } from '../emulator/helpers';

const CONN = 'kill-test';
const ROUNDS = 25;
const CREATES = 12;
const UPDATES = 8;
const DELETES = 5;
const CHILD = join(__dirname, 'outbox-kill-child.ts');

let emu: RunningEmulator;
let dir: string;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 11, scale: 5, autoApprove: true, log: () => {} });
  token = (await connect(emu)).accessToken as string;
  dir = mkdtempSync(join(tmpdir(), 'outbox-kill-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the child; kills it `killAfterMs` after it is ready (undefined: let it finish). */
function runChild(killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, OUTBOX_CHILD_TOKEN: token };
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, CONN, emu.url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== undefined && out.includes('ready') && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null && code !== 0) reject(new Error(`child exited ${code}: ${out}\n${err.slice(0, 2_000)}`));
      else resolve({ code, signal, out });
    });
  });
}

describe('outbox replay under SIGKILL', () => {
  it('resumes after every kill with nothing lost and nothing duplicated', async () => {
    // The queue, as the app would have written it offline: cache rows + outbox rows.
    const seeded = emu.store.db
      .prepare(`SELECT "Id", "LastName", "SystemModstamp", "LastModifiedDate" FROM "Contact" WHERE "IsDeleted" = 0 ORDER BY "Id" LIMIT ?`)
      .all(UPDATES + DELETES) as Array<{ Id: string; LastName: string; SystemModstamp: string; LastModifiedDate: string }>;
    expect(seeded).toHaveLength(UPDATES + DELETES);
    const db = openOrgCache(dir, CONN);
    upsertRecords(
      db,
      'Contact',
      seeded.map((r) => ({ ...r })),
    );
    const store = createOutboxStore(db, CONN, createCacheLocalRecords(db));
    const parent = store.enqueueCreate('Account', { Name: 'Kill Parent' });
    store.enqueueCreate('Contact', { LastName: 'Kill Child', AccountId: parent.recordId });
    for (let i = 0; i < CREATES; i++) store.enqueueCreate('Contact', { LastName: `Kill ${i}`, Title: `T${i}` });
    const toUpdate = seeded.slice(0, UPDATES);
    const toDelete = seeded.slice(UPDATES);
    for (const r of toUpdate) store.enqueueUpdate('Contact', r.Id, { Title: `Updated ${r.Id}`, Department: 'Kill Dept' });
    for (const r of toDelete) store.enqueueDelete('Contact', r.Id);
    const queued = store.open().length;
    db.close();

    // Slow each data-API call a little so a kill lands mid-drain, not only before or after it.
    emu.faults.set({ latencyMs: 15 });
    const random = mulberry32(20250601);
    let killed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await runChild(Math.floor(random() * 250));
      if (result.signal === 'SIGKILL') killed++;
    }
    // Early rounds die mid-drain; once the queue is empty, later children finish before the kill
    // lands (more of them on a fast machine). What matters: several drains really were interrupted.
    console.log(`[outbox sigkill] ${killed} of ${ROUNDS} drains killed`);
    expect(killed).toBeGreaterThanOrEqual(3);
    const last = await runChild();
    expect(last.out).toContain('done 0');
    emu.faults.set({ latencyMs: 0 });

    // The org: each change exactly once.
    const n = (sql: string, ...p: unknown[]) => (emu.store.db.prepare(sql).get(...p) as { n: number }).n;
    for (let i = 0; i < CREATES; i++) expect(n(`SELECT COUNT(*) AS n FROM "Contact" WHERE "LastName" = ? AND "IsDeleted" = 0`, `Kill ${i}`)).toBe(1);
    expect(n(`SELECT COUNT(*) AS n FROM "Account" WHERE "Name" = 'Kill Parent' AND "IsDeleted" = 0`)).toBe(1);
    const child = emu.store.db.prepare(`SELECT "AccountId" FROM "Contact" WHERE "LastName" = 'Kill Child' AND "IsDeleted" = 0`).all() as Array<{
      AccountId: string;
    }>;
    const parentId = (emu.store.db.prepare(`SELECT "Id" FROM "Account" WHERE "Name" = 'Kill Parent'`).get() as { Id: string }).Id;
    expect(child).toEqual([{ AccountId: parentId }]);
    for (const r of toUpdate) {
      expect(emu.store.db.prepare(`SELECT "Title", "Department" FROM "Contact" WHERE "Id" = ?`).get(r.Id)).toEqual({
        Title: `Updated ${r.Id}`,
        Department: 'Kill Dept',
      });
    }
    for (const r of toDelete) expect(n(`SELECT COUNT(*) AS n FROM "Contact" WHERE "Id" = ? AND "IsDeleted" = 0`, r.Id)).toBe(0);

    // The local side: queue empty, no temporary ids left, database intact.
    const check = new Database(orgCachePath(dir, CONN));
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((check.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state != 'done'`).get() as { n: number }).n).toBe(0);
      expect((check.prepare(`SELECT COUNT(*) AS n FROM outbox`).get() as { n: number }).n).toBe(queued);
      expect((check.prepare(`SELECT COUNT(*) AS n FROM records WHERE id LIKE 'local-%' OR local_state != 'synced'`).get() as { n: number }).n).toBe(0);
      expect(
        (
          check.prepare(`SELECT COUNT(*) AS n FROM records WHERE object = 'Contact' AND json_extract(fields, '$.LastName') LIKE 'Kill %'`).get() as {
            n: number;
          }
        ).n,
      ).toBe(CREATES + 1);
    } finally {
      check.close();
    }
  }, 180_000);
});
