/**
 * How the sync service tells the metered path who its calls are for: `sync`, and background work
 * when the scheduler started the run rather than the user.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCachePool } from '../../../src/main/core/cache/cache-pool';
import { createActiveOrg } from '../../../src/main/core/connections/active-org';
import type { CallUse, SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';
import { insertActiveTestConnection } from './connection-fixture';

const CONN = 'conn-attribution';
let dir: string;
let db: Database.Database;
let sync: SyncService | undefined;
let uses: CallUse[];

/** Records what each run asked for, then fails it (no org in this test). */
const recordingGateway = () =>
  ({
    connection: (_record: unknown, use: CallUse) => {
      uses.push(use);
      return Promise.reject(new Error('no org in this test'));
    },
  }) as unknown as SalesforceGateway;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-attribution-'));
  db = openDatabase(dir);
  insertActiveTestConnection(db, CONN);
  uses = [];
});

afterEach(async () => {
  vi.useRealTimers();
  await sync?.close();
  sync = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const service = (intervalMinutes: number) =>
  createSyncService({
    db,
    caches: createCachePool({ dataDir: dir, db, log: { debug() {}, info() {}, warn() {}, error() {} } }),
    activeOrg: {
      ...createActiveOrg({ db, gateway: recordingGateway(), demo: { ensure: () => Promise.reject(new Error('no Demo org here')) } }),
      prepare: async (record) => record,
    },
    gateway: recordingGateway(),
    settingsStore: createMemorySettingsStore({ sync: { scope: 'all', intervalMinutes } }),
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });

describe('sync call attribution', () => {
  it('a sync the user starts is sync work in the foreground', async () => {
    sync = service(0);
    await sync.runNow(CONN);
    sync.start();
    await vi.waitFor(() => expect(uses).toHaveLength(2));
    expect(uses).toEqual([
      { feature: 'sync', background: false },
      { feature: 'sync', background: false },
    ]);
  });

  it('a sync the scheduler starts is background work', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    sync = service(5);
    vi.advanceTimersByTime(5 * 60_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(uses).toEqual([{ feature: 'sync', background: true }]));
  });
});
