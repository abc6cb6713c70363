/**
 * SyncService.releaseCache, which a disconnect calls before it deletes the org's cache files: a
 * sync of that org is cancelled and awaited (never left writing to a closed or deleted file), no
 * new sync starts and the cache does not reopen while the release runs, the handle is closed and
 * forgotten so a later `cacheFor` opens the file afresh instead of handing out a closed handle.
 */
import type Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orgCachePath } from '../../../src/main/core/cache/org-cache';
import type { SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { insertActiveTestConnection } from './connection-fixture';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';

const CONN = 'conn-release';

let dir: string;
let db: Database.Database;
let sync: SyncService;
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

function service(releaseWaitMs?: number) {
  return createSyncService({
    dataDir: dir,
    db,
    gateway: hangingGateway(),
    settingsStore: createMemorySettingsStore({ sync: { scope: 'all', intervalMinutes: 0 } }),
    log: { debug() {}, info() {}, warn: (message: string) => void warnings.push(message), error() {} },
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
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('releaseCache', () => {
  it('closes the handle and forgets it: the next cacheFor opens the file afresh', async () => {
    sync = service();
    const first = sync.cacheFor(CONN);
    expect(sync.cacheFor(CONN)).toBe(first);
    await sync.releaseCache(CONN);
    expect(first.open).toBe(false);
    const again = sync.cacheFor(CONN);
    expect(again).not.toBe(first);
    expect(again.open).toBe(true);
    expect(again.prepare(`SELECT COUNT(*) AS n FROM outbox`).get()).toEqual({ n: 0 });
    // Releasing a connection whose cache is not open is a no-op.
    await sync.releaseCache('never-opened');
  });

  it('cancels a running sync, waits for it to end, and neither reopens the cache nor starts another meanwhile', async () => {
    sync = service();
    const cache = sync.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    expect(sync.status().running).toBe(true);

    let released = false;
    const release = sync.releaseCache(CONN).then(() => (released = true));
    // Asked twice (e.g. two disconnect clicks): the same release.
    const twice = sync.releaseCache(CONN);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(released).toBe(false); // the sync has not ended yet
    expect(cache.open).toBe(true);
    expect(() => sync.cacheFor(CONN)).toThrow(/being disconnected/);

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
    sync.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    const release = sync.releaseCache(CONN);
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
    const cache = sync.cacheFor(CONN);
    const run = sync.runNow(CONN);
    await connectionAsked;
    await sync.releaseCache(CONN);
    expect(cache.open).toBe(false);
    expect(warnings.join('\n')).toMatch(/did not stop within 50 ms/);
    rmSync(orgCachePath(dir, CONN), { force: true });

    answerConnection();
    expect(await run).toMatchObject({ outcome: 'cancelled' });
    expect(existsSync(orgCachePath(dir, CONN))).toBe(false);
  });

  it('a release of an org with no sync refuses a sync that tries to start during it', async () => {
    sync = service();
    sync.cacheFor(CONN);
    const release = sync.releaseCache(CONN);
    // The release of an idle org closes at once, but until its promise settles nothing may reopen it.
    await expect(sync.runNow(CONN)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That connection is being disconnected.' });
    await release;
    expect(sync.cacheFor(CONN).open).toBe(true);
  });
});
