/**
 * CachePool.release, which a disconnect calls before it deletes the org's cache files: a
 * sync of that org is cancelled and awaited (never left writing to a closed or deleted file), no
 * new sync starts and the cache does not reopen while the release runs, the handle is closed and
 * forgotten so a later `cacheFor` opens the file afresh instead of handing out a closed handle.
 */
import type Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCachePool, type CachePool } from '../../../src/main/core/cache/cache-pool';
import { orgCachePath } from '../../../src/main/core/cache/org-cache';
import { createActiveOrg } from '../../../src/main/core/connections/active-org';
import type { SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { insertActiveTestConnection } from './connection-fixture';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';

const CONN = 'conn-release';

let dir: string;
let db: Database.Database;
let sync: SyncService;
let caches: CachePool;
let warnings: string[];
/** The org's connection is requested but not answered until the test says so (a sync "in flight"). */
let answerConnection: () => void;
let connectionAsked: Promise<void>;

function hangingGateway(): SalesforceGateway {
  let asked!: () => void;
  connectionAsked = new Promise((resolve) => (asked = resolve));
  return {
    connection: () => {
      asked();
      // Answers with a connection that cannot be used: a sync that gets past preparing fails loudly.
      return new Promise((resolve) => (answerConnection = () => resolve({} as never)));
    },
  } as unknown as SalesforceGateway;
}

/** The cache pool and the sync service as app-core wires them (the sync stops when the pool releases). */
function service(releaseWaitMs?: number) {
  const log = { debug() {}, info() {}, warn: (message: string) => void warnings.push(message), error() {} };
  const gateway = hangingGateway();
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
    releaseWaitMs,
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-release-'));
  db = openDatabase(dir);
  insertActiveTestConnection(db, CONN);
  warnings = [];
});

afterEach(async () => {
  answerConnection?.();
  await sync?.close();
  caches?.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CachePool.release with a sync running', () => {
  it('closes the handle and forgets it: the next cacheFor opens the file afresh', async () => {
    sync = service();
    const first = caches.cacheFor(CONN);
    expect(caches.cacheFor(CONN)).toBe(first);
    await caches.release(CONN);
    expect(first.open).toBe(false);
    const again = caches.cacheFor(CONN);
    expect(again).not.toBe(first);
    expect(again.open).toBe(true);
    expect(again.prepare(`SELECT COUNT(*) AS n FROM outbox`).get()).toEqual({ n: 0 });
    // Releasing a connection whose cache is not open is a no-op.
    await caches.release('never-opened');
  });

  it('cancels a running sync, waits for it to end, and neither reopens the cache nor starts another meanwhile', async () => {
    sync = service();
    const cache = caches.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    expect(sync.status().running).toBe(true);

    let released = false;
    const release = caches.release(CONN).then(() => (released = true));
    // Asked twice (e.g. two disconnect clicks): the same release.
    const twice = caches.release(CONN);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(released).toBe(false); // the sync has not ended yet
    expect(cache.open).toBe(true);
    expect(() => caches.cacheFor(CONN)).toThrow(/being disconnected/);

    answerConnection();
    expect(await run).toMatchObject({ outcome: 'cancelled', error: null });
    await release;
    await twice;
    expect(cache.open).toBe(false);
    expect(sync.status().running).toBe(false);
    // A cancel is not a failure: nothing to warn about.
    expect(warnings).toEqual([]);
  });

  it('refuses new syncs while it runs, then allows them again', async () => {
    sync = service();
    caches.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    const release = caches.release(CONN);
    // While the release runs, no sync starts, and the status says so without reopening the cache.
    expect(() => sync.start()).toThrow(/being disconnected/);
    expect(sync.status()).toMatchObject({ connectionId: CONN, running: true, objects: [] });
    answerConnection();
    await run;
    await release;
    // Released and the sync over: a sync may start again (it opens the cache afresh).
    expect(sync.start()).toMatchObject({ started: true });
  });

  it('does not wait forever for a sync stuck in a request: closes after the wait, and the late sync does not reopen', async () => {
    sync = service(50);
    const cache = caches.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    await caches.release(CONN);
    expect(cache.open).toBe(false);
    expect(warnings.join('\n')).toMatch(/did not stop within 50 ms/);
    rmSync(orgCachePath(dir, CONN), { force: true });

    answerConnection();
    expect(await run).toMatchObject({ outcome: 'cancelled' });
    expect(existsSync(orgCachePath(dir, CONN))).toBe(false);
  });

  it('a release of an org with no sync refuses a sync that tries to start during it', async () => {
    sync = service();
    caches.cacheFor(CONN);
    const release = caches.release(CONN);
    // The release of an idle org closes at once, but until its promise settles nothing may reopen it.
    await expect(sync.runNow(CONN)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That connection is being disconnected.' });
    await release;
    expect(caches.cacheFor(CONN).open).toBe(true);
  });
});
