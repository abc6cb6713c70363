/**
 * The sync service and a damaged org cache (checklist Q5): damage found when the cache is opened is
 * repaired there and reported once in `sync:status`; damage SQLite reports while the cache is in
 * use (its handle cannot be swapped under the outbox) keeps the status bar working, tells the user
 * to restart, and the next start repairs it with the unsent changes kept.
 */
import type Database from 'better-sqlite3';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCachePool, type CachePool } from '../../../src/main/core/cache/cache-pool';
import { openOrgCache, orgCachePath } from '../../../src/main/core/cache/org-cache';
import { createActiveOrg } from '../../../src/main/core/connections/active-org';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxStore } from '../../../src/main/core/outbox/outbox-store';
import type { SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { insertActiveTestConnection } from './connection-fixture';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';
import { SyncStatus } from '../../../src/shared/ipc/sync.contract';
import { syntheticRecords } from './records-fixture';

const CONN = 'conn-damaged';
let dir: string;
let db: Database.Database;
let sync: SyncService | undefined;
let caches: CachePool;
let logged: string[];

/** The cache pool (which owns repairs and notices) and the sync service, wired as app-core does. */
const service = () => {
  const log = { debug() {}, info() {}, warn: (m: string) => void logged.push(`warn ${m}`), error: (m: string) => void logged.push(`error ${m}`) };
  const gateway = { connection: () => Promise.reject(new Error('no org in this test')) } as unknown as SalesforceGateway;
  caches = createCachePool({ dataDir: dir, db, log });
  return createSyncService({
    db,
    caches,
    // The fixture's connection is a Demo org one: used as it is, with no emulator to start.
    activeOrg: {
      ...createActiveOrg({ db, gateway, demo: { ensure: () => Promise.reject(new Error('no Demo org here')) } }),
      prepare: async (record) => record,
    },
    gateway,
    settingsStore: createMemorySettingsStore({ sync: { scope: 'all', intervalMinutes: 0 } }),
    log,
  });
};

/** 2,000 cached Accounts and one unsent change, closed. */
function seed() {
  const cache = openOrgCache(dir, CONN);
  cache.transaction(() => upsertRecords(cache, 'Account', syntheticRecords('Account', 2_000, 4)))();
  createOutboxStore(cache, CONN, createCacheLocalRecords(cache)).enqueueCreate('Account', { Name: 'Unsent Co' });
  cache.close();
}

/** Overwrites a leaf page of `btree` (the records table, or one of its indexes) in the middle of the file. */
function smashRecordsPage(file: string, handle: Database.Database, btree = 'records') {
  const pages = handle.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).pluck().all(btree) as number[];
  const victim = pages[Math.floor(pages.length / 2)];
  const pageSize = handle.pragma('page_size', { simple: true }) as number;
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (victim - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-damaged-'));
  db = openDatabase(dir);
  insertActiveTestConnection(db, CONN);
  logged = [];
  seed();
});

afterEach(async () => {
  await sync?.close();
  sync = undefined;
  caches?.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync service and a damaged cache', () => {
  it('damage at open: repaired by cacheFor, reported in the status (valid by the contract), unsent change kept', () => {
    const file = orgCachePath(dir, CONN);
    const raw = openOrgCache(dir, CONN);
    smashRecordsPage(file, raw);
    raw.close();

    sync = service();
    const status = sync.status();
    expect(SyncStatus.parse(status)).toEqual(status);
    expect(status.cacheNotice).toMatchObject({ kind: 'repaired', keptChanges: 1, lostChanges: 0 });
    expect(status.objects.find((o) => o.object === 'Account')).toMatchObject({ count: 1, state: 'never' });
    const outbox = caches.cacheFor(CONN).prepare(`SELECT op, object, state FROM outbox`).all();
    expect(outbox).toEqual([{ op: 'create', object: 'Account', state: 'pending' }]);
    expect(readdirSync(join(dir, 'cache')).some((n) => n.startsWith(`${CONN}.sqlite.corrupt-`))).toBe(true);
  });

  it('damage in use: the status still answers with a restart notice, the next start repairs', async () => {
    sync = service();
    const cache = caches.cacheFor(CONN);
    expect(sync.status().cacheNotice ?? null).toBeNull();
    // A bad sector under the open handle, in the index the status counts rows with (read from the
    // query plan); its page cache is dropped so SQLite reads the disk again.
    const plan = cache.prepare(`EXPLAIN QUERY PLAN SELECT object, COUNT(*) AS n FROM records GROUP BY object`).all() as Array<{ detail: string }>;
    const countIndex = /USING COVERING INDEX (\w+)/.exec(plan.map((p) => p.detail).join(' '))?.[1] as string;
    smashRecordsPage(orgCachePath(dir, CONN), cache, countIndex);
    cache.pragma('shrink_memory');

    const status = sync.status();
    expect(SyncStatus.parse(status)).toEqual(status);
    expect(status.cacheNotice).toMatchObject({ kind: 'damaged', keptChanges: null });
    expect(status.cacheNotice?.message).toMatch(/Restart the app/);
    expect(status.objects).toEqual([]);
    expect(existsSync(`${orgCachePath(dir, CONN)}.needs-recovery`)).toBe(true);
    expect(logged.filter((l) => l.startsWith('error The local cache of connection'))).toHaveLength(1);
    // No sync writes into the damaged file until the restart repairs it.
    expect(() => sync!.start()).toThrow(/damaged/);
    await expect(sync.runNow(CONN)).rejects.toThrow(/damaged/);

    await sync.close();
    sync = service();
    const after = sync.status();
    expect(after.cacheNotice).toMatchObject({ kind: 'repaired', keptChanges: 1 });
    expect(caches.cacheFor(CONN).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(existsSync(`${orgCachePath(dir, CONN)}.needs-recovery`)).toBe(false);
  });

  it('other readers report errors they got from the cache: only corruption counts', () => {
    sync = service();
    caches.cacheFor(CONN);
    expect(caches.reportCacheError(CONN, Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(caches.reportCacheError(CONN, new Error('plain'))).toBe(false);
    expect(sync.status().cacheNotice ?? null).toBeNull();
    expect(caches.reportCacheError(CONN, Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(sync.status().cacheNotice).toMatchObject({ kind: 'damaged' });
    expect(existsSync(`${orgCachePath(dir, CONN)}.needs-recovery`)).toBe(true);
  });
});
