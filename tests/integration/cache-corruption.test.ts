/**
 * A damaged org cache through the whole core (checklist Q5): changes made offline are queued, the
 * app closes, a page in the middle of the cache file is overwritten (what a bad sector does), and
 * the app starts again on the same data. It must start, say once that the cache was rebuilt, keep
 * the queued changes, send them, and let a sync download the records again into a cache that
 * passes integrity_check. A file that is not a database at all is handled the same way.
 */
import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { orgCachePath } from '../../src/main/core/cache/org-cache';
import { createHarness, type Harness } from './core-harness';
import { differences, syncAndWait } from './sync-helpers';

const SETTINGS = { sync: { scope: 'all', intervalMinutes: 0 } };
let open: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  open = [];
});

async function start(dataDir: string): Promise<Harness> {
  const h = await createHarness({ dataDir, keepDataDir: true, settings: SETTINGS, core: { outbox: { probeIntervalMs: 50, writeWaitMs: 2_000 } } });
  open.push(h);
  return h;
}
async function stop(h: Harness) {
  open = open.filter((x) => x !== h);
  await h.close();
}

/** A synced org with two changes made while it did not answer, then the app closed. */
async function offlineChangesThenClose(dataDir: string) {
  const h = await start(dataDir);
  const id = await h.loginDemo();
  await syncAndWait(h);
  const [account] = (await h.call('records:list', { object: 'Account', limit: 1 })).rows as Array<{ Id: string }>;
  h.emulator().faults.set({ resetRate: 1 });
  const created = await h.call('records:create', { object: 'Contact', values: { LastName: 'Written Offline' } });
  const updated = await h.call('records:update', { object: 'Account', id: account.Id, values: { Description: 'Edited offline' } });
  expect([created.state, updated.state]).toEqual(['queued', 'queued']);
  h.emulator().faults.set({ resetRate: 0 });
  await stop(h);
  return { id, accountId: account.Id };
}

function smashMiddlePageOfRecords(file: string) {
  const db = new Database(file, { readonly: true });
  const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = 'records' AND pagetype = 'leaf' ORDER BY pageno`).pluck().all() as number[];
  const outboxPages = db.prepare(`SELECT pageno FROM dbstat WHERE name LIKE 'outbox%'`).pluck().all() as number[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const candidates = pages.filter((p) => !outboxPages.includes(p));
  expect(candidates.length).toBeGreaterThan(2);
  const victim = candidates[Math.floor(candidates.length / 2)];
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (victim - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

async function expectRecovered(h: Harness, dataDir: string, id: string, keptChanges: number) {
  const status = await h.call('sync:status');
  expect(status.cacheNotice).toMatchObject({ kind: 'repaired', keptChanges });
  expect(status.cacheNotice?.message).toMatch(/rebuilt/);
  // The damaged file is set aside under a dated name, not deleted.
  expect(readdirSync(join(dataDir, 'cache')).some((n) => n.startsWith(`${id}.sqlite.corrupt-`))).toBe(true);
  expect(h.logs.some((l) => l.startsWith('warn The local cache of an org was damaged'))).toBe(true);
}

describe('a damaged org cache at startup', () => {
  it('a malformed page: the app starts, keeps the queued changes, sends them, and a sync rebuilds the cache', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atom-corrupt-'));
    dirs.push(dataDir);
    const { id, accountId } = await offlineChangesThenClose(dataDir);
    const file = orgCachePath(dataDir, id);
    smashMiddlePageOfRecords(file);

    const h = await start(dataDir);
    await expectRecovered(h, dataDir, id, 2);
    const outbox = await h.call('outbox:status');
    expect(outbox.pending.map((p) => [p.op, p.object])).toEqual([
      ['create', 'Contact'],
      ['update', 'Account'],
    ]);
    // Send them, then sync: the org has each change exactly once and the cache matches the org.
    const drained = await h.call('outbox:retry');
    expect(drained.pendingCount).toBe(0);
    await syncAndWait(h);
    const org = h.emulator().store.db;
    expect(org.prepare(`SELECT COUNT(*) FROM "Contact" WHERE "LastName" = 'Written Offline' AND "IsDeleted" = 0`).pluck().get()).toBe(1);
    expect(org.prepare(`SELECT "Description" FROM "Account" WHERE "Id" = ?`).pluck().get(accountId)).toBe('Edited offline');
    expect(differences(h.emulator(), dataDir, id, 'all')).toEqual([]);
    const listed = await h.call('records:list', { object: 'Account' });
    expect(listed.totalCount).toBeGreaterThan(0);
    // The notice stays for this session only (the renderer shows it once per `at`).
    expect((await h.call('sync:status')).cacheNotice?.kind).toBe('repaired');
    await stop(h);

    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
    // The next start is an ordinary one: nothing to repair, nothing to tell.
    const after = await start(dataDir);
    expect((await after.call('sync:status')).cacheNotice ?? null).toBeNull();
  }, 60_000);

  it('a cache file that is not a database: a fresh cache, a notice, and a sync fills it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atom-notadb-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    const id = await first.loginDemo();
    await syncAndWait(first);
    await stop(first);
    const file = orgCachePath(dataDir, id);
    writeFileSync(file, 'PK\u0003\u0004 this was overwritten by something else entirely '.repeat(300));
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });

    const h = await start(dataDir);
    await expectRecovered(h, dataDir, id, 0);
    expect((await h.call('sync:status')).cacheNotice?.message).toMatch(/could not be read/);
    expect((await h.call('outbox:status')).pendingCount).toBe(0);
    await syncAndWait(h);
    expect(differences(h.emulator(), dataDir, id, 'all')).toEqual([]);
    // Search works on the rebuilt cache (its FTS index was rebuilt with it).
    const [account] = (await h.call('records:list', { object: 'Account', limit: 1 })).rows as Array<{ Id: string; Name: string }>;
    const hits = (await h.call('search:query', { text: account.Name, objects: ['Account'] })).hits;
    expect(hits.map((hit) => hit.id)).toContain(account.Id);
  }, 60_000);
});
