/**
 * What disconnect needs from the outbox and the org's local data (security checklist X8): every
 * unsent change listed by state with the user's values and Salesforce's message; a queue that can
 * be stopped for good before its database closes; the cache files removed only once the handle is
 * closed, and leftovers swept at startup. Also `reportOffline`, which failed live reads call.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOrgCache, orgCachePath, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { createOrgLocalData, removeOrgCacheFiles, sweepOrphanedOrgCaches } from '../../../src/main/core/connections/org-local-data';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxService, type OutboxService } from '../../../src/main/core/outbox/outbox-service';
import { FakeOrg } from './outbox-fake-org';

const CONN = 'conn-1';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let dir: string;
let db: CacheDb;
let org: FakeOrg;
let outbox: OutboxService;
let cacheErrors: unknown[];

beforeEach(() => {
  cacheErrors = [];
  dir = mkdtempSync(join(tmpdir(), 'outbox-disconnect-'));
  db = openOrgCache(dir, CONN);
  org = new FakeOrg();
  outbox = createOutboxService({
    cacheFor: () => ({ db, local: createCacheLocalRecords(db) }),
    transportFor: () => org,
    log: silent,
    random: () => 0.5,
    probeIntervalMs: 10,
    writeWaitMs: 2_000,
    reportCacheError: (_connectionId, err) => void cacheErrors.push(err),
  });
});
afterEach(async () => {
  await outbox.close();
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function cached(values: Record<string, string | null>) {
  const { id, stamp } = org.seed('Contact', values);
  upsertRecords(db, 'Contact', [{ ...values, Id: id, SystemModstamp: stamp, LastModifiedDate: stamp }]);
  return id;
}

async function waitFor(check: () => boolean, timeoutMs = 3_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('unsent changes', () => {
  it('lists every change Salesforce does not have, by state, with values and messages; sent ones are not listed', async () => {
    const conflicted = cached({ LastName: 'Both', Title: 'Old' });
    expect((await outbox.create(CONN, 'Contact', { LastName: 'Sent' })).state).toBe('saved');
    expect((await outbox.create(CONN, 'Contact', { LastName: 'Refused', Email: 'nope' })).state).toBe('needs-attention');
    org.serverEdit(conflicted, { Title: 'Theirs' });
    expect((await outbox.update(CONN, 'Contact', conflicted, { Title: 'Mine' })).state).toBe('conflict');
    org.down = 'network';
    expect((await outbox.create(CONN, 'Contact', { LastName: 'Waiting' })).state).toBe('queued');

    const unsent = outbox.unsentChanges(CONN);
    expect(unsent).toMatchObject({ connectionId: CONN, total: 3, pending: 1, needsAttention: 1, conflicts: 1 });
    expect(unsent.changes.map((c) => [c.state, c.op, c.values])).toEqual([
      ['needs-attention', 'create', { LastName: 'Refused', Email: 'nope' }],
      ['conflict', 'update', { Title: 'Mine' }],
      ['pending', 'create', { LastName: 'Waiting' }],
    ]);
    const [refused, conflict, waiting] = unsent.changes;
    expect(refused.error).toMatchObject({ code: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] });
    expect(refused.theirs).toBeNull();
    expect(conflict.theirs).toMatchObject({ Title: 'Theirs' });
    expect(conflict.recordId).toBe(conflicted);
    // Named from the change itself, else from the cached record (an update of Title only).
    expect(unsent.changes.map((c) => c.title)).toEqual(['Refused', 'Both', 'Waiting']);
    expect(waiting.recordId).toMatch(/^local-/);
    expect(waiting.error).toMatchObject({ code: 'NETWORK' });
  });

  it('an empty outbox has nothing unsent', () => {
    expect(outbox.unsentChanges(CONN)).toEqual({ connectionId: CONN, total: 0, pending: 0, needsAttention: 0, conflicts: 0, changes: [] });
  });
});

describe('reportOffline', () => {
  it('flips the connection offline at once; the probe flips it back when the org answers', async () => {
    org.down = 'network';
    outbox.reportOffline(CONN);
    expect(outbox.status(CONN).online).toBe(false);
    await waitFor(() => org.calls.filter((c) => c === 'probe').length >= 2);
    expect(outbox.status(CONN).online).toBe(false);
    org.down = null;
    await waitFor(() => outbox.status(CONN).online);
  });
});

describe('a drain that fails on the cache itself', () => {
  it('hands the error over to be checked for damage, and the change stays queued', async () => {
    org.down = 'network';
    await outbox.create(CONN, 'Contact', { LastName: 'Queued' });
    // The database refuses every write: the drain cannot record what it sent.
    db.pragma('query_only = ON');
    org.down = null;
    await outbox.drain(CONN);
    expect(cacheErrors.map((e) => (e as { code?: string }).code)).toContain('SQLITE_READONLY');
    db.pragma('query_only = OFF');
    expect((db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n).toBe(1);
  });
});

describe('forget', () => {
  it('waits for a running drain, then stops the probe and retry timers for good', async () => {
    org.down = 'network';
    await outbox.create(CONN, 'Contact', { LastName: 'Offline' });
    expect(outbox.status(CONN).online).toBe(false);
    await waitFor(() => org.calls.includes('probe'));
    await outbox.forget(CONN);
    const calls = org.calls.length;
    org.down = null;
    await new Promise((r) => setTimeout(r, 60));
    // No probe, no drain: the queue is gone, its entry untouched in the database.
    expect(org.calls.length).toBe(calls);
    expect(org.live('Contact')).toEqual([]);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n).toBe(1);
    // A late report about the disconnected org is ignored; a write to it is refused, not queued.
    outbox.reportOffline(CONN);
    await expect(outbox.create(CONN, 'Contact', { LastName: 'Too late' })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
      message: 'That org is no longer connected.',
    });
    // A status poll racing the disconnect gets the same plain answer (not an internal error).
    expect(() => outbox.status(CONN)).toThrow(expect.objectContaining({ code: 'NOT_CONNECTED' }));
    expect(org.calls.length).toBe(calls);
  });

  it('a drain in flight finishes before forget resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowUpsert = org.upsert.bind(org);
    org.upsert = async (...args) => {
      await gate;
      return slowUpsert(...args);
    };
    const write = outbox.create(CONN, 'Contact', { LastName: 'Slow' });
    await waitFor(() => outbox.status(CONN).draining);
    let forgotten = false;
    const forgetting = outbox.forget(CONN).then(() => (forgotten = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(forgotten).toBe(false);
    release();
    await forgetting;
    expect(org.live('Contact')).toHaveLength(1);
    await write;
  });
});

describe('org local data', () => {
  const fakeOutbox = (order: string[], total = 0) => ({
    unsentChanges: () => ({ total, pending: total, needsAttention: 0, conflicts: 0 }),
    forget: async () => {
      order.push('forget');
    },
  });

  it('stops the outbox, closes the cache, then deletes its files', async () => {
    const order: string[] = [];
    db.prepare(`SELECT 1`).get();
    expect(existsSync(orgCachePath(dir, CONN))).toBe(true);
    const local = createOrgLocalData({
      dataDir: dir,
      outbox: fakeOutbox(order),
      closeCache: async () => {
        order.push('close');
        db.close();
      },
      log: silent,
    });
    expect(await local.remove(CONN)).toEqual({ removed: true });
    expect(order).toEqual(['forget', 'close']);
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(`${orgCachePath(dir, CONN)}${suffix}`)).toBe(false);
  });

  it('also deletes what a cache recovery left beside the cache (it holds the org data too), and nothing of other orgs', async () => {
    const cacheDir = join(dir, 'cache');
    const leftovers = [
      `${CONN}.sqlite.corrupt-20261127T080000Z`,
      `${CONN}.sqlite.corrupt-20261127T080000Z-wal`,
      `${CONN}.rebuild.sqlite`,
      `${CONN}.sqlite.needs-recovery`,
    ];
    for (const name of [...leftovers, 'other-org.sqlite.corrupt-20261127T080000Z']) writeFileSync(join(cacheDir, name), 'x');
    const local = createOrgLocalData({ dataDir: dir, outbox: fakeOutbox([]), closeCache: async () => void db.close(), log: silent });
    expect(await local.remove(CONN)).toEqual({ removed: true });
    for (const name of leftovers) expect(existsSync(join(cacheDir, name))).toBe(false);
    expect(existsSync(join(cacheDir, 'other-org.sqlite.corrupt-20261127T080000Z'))).toBe(true);
  });

  it('never deletes the files of a database that could not be closed', async () => {
    // better-sqlite3 refuses to close while a statement is still iterating.
    const rows = db.prepare(`SELECT 1 UNION ALL SELECT 2`).iterate();
    rows.next();
    const warnings: string[] = [];
    const log = { ...silent, warn: (message: string) => void warnings.push(message) };
    const local = createOrgLocalData({ dataDir: dir, outbox: fakeOutbox([]), closeCache: async () => void db.close(), log });
    expect(await local.remove(CONN)).toEqual({ removed: false });
    expect(warnings.join('\n')).toMatch(/could not be closed; its files are kept/);
    rows.return?.();
    expect(existsSync(orgCachePath(dir, CONN))).toBe(true);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM outbox`).get()).toEqual({ n: 0 });
  });

  it('counts come from the outbox', () => {
    const local = createOrgLocalData({ dataDir: dir, outbox: fakeOutbox([], 4), closeCache: async () => {}, log: silent });
    expect(local.unsentCounts(CONN)).toEqual({ total: 4, pending: 4, needsAttention: 0, conflicts: 0 });
  });

  it('the startup sweep removes caches no connection owns and leaves everything else', () => {
    db.close();
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir, { recursive: true });
    for (const name of [
      'gone.sqlite',
      'gone.sqlite-wal',
      'gone.sqlite-shm',
      'other.txt',
      'conn-1.sqlite-wal',
      'lost.sqlite.corrupt-20261127T080000Z',
      `${CONN}.rebuild.sqlite`,
    ]) {
      writeFileSync(join(cacheDir, name), 'x');
    }
    expect(sweepOrphanedOrgCaches(dir, new Set([CONN]), silent).sort()).toEqual(['gone', 'lost']);
    expect(existsSync(join(cacheDir, 'lost.sqlite.corrupt-20261127T080000Z'))).toBe(false);
    expect(existsSync(join(cacheDir, `${CONN}.rebuild.sqlite`))).toBe(true);
    expect(existsSync(join(cacheDir, 'gone.sqlite'))).toBe(false);
    expect(existsSync(join(cacheDir, 'gone.sqlite-wal'))).toBe(false);
    expect(existsSync(join(cacheDir, 'other.txt'))).toBe(true);
    expect(existsSync(orgCachePath(dir, CONN))).toBe(true);
    expect(existsSync(join(cacheDir, 'conn-1.sqlite-wal'))).toBe(true);
    expect(sweepOrphanedOrgCaches(join(dir, 'no-such-dir'), new Set(), silent)).toEqual([]);
  });

  it('refuses a connection id that could name a file outside the cache folder', () => {
    expect(() => removeOrgCacheFiles(dir, '../escape')).toThrow(/Bad connection id/);
  });
});
