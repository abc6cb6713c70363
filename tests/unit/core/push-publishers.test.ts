/**
 * The core services publish on the push channel where their state changes: the outbox its counts
 * (a write, a drain) and the online transitions, the sync service a run's start and end. Each
 * payload goes through the real event bus, so it is also checked against the contract.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCachePool } from '../../../src/main/core/cache/cache-pool';
import { createActiveOrg } from '../../../src/main/core/connections/active-org';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { createEventBus } from '../../../src/main/core/events/event-bus';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxService, type OutboxService } from '../../../src/main/core/outbox/outbox-service';
import type { SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';
import type { AtomEvent } from '../../../src/shared/ipc';
import { insertActiveTestConnection } from './connection-fixture';
import { FakeOrg } from './outbox-fake-org';

const CONN = 'conn-push';
const errors: unknown[] = [];
const log = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void errors.push(args) };

function bus() {
  const events = createEventBus({ log });
  const seen: AtomEvent[] = [];
  events.subscribe((e) => seen.push(e));
  return { events, seen };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  expect(errors.splice(0)).toEqual([]);
});

describe('outbox publishes', () => {
  it('its counts when a change is queued and when it is sent, and the online transitions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'push-outbox-'));
    const db: CacheDb = openOrgCache(dir, CONN);
    const org = new FakeOrg();
    const { events, seen } = bus();
    const outbox: OutboxService = createOutboxService({
      cacheFor: () => ({ db, local: createCacheLocalRecords(db) }),
      transportFor: () => org,
      log,
      probeIntervalMs: 10,
      writeWaitMs: 1_000,
      events,
    });
    cleanup.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => void db.close(),
      () => outbox.close(),
      () => events.close(),
    );

    org.down = 'network';
    const outcome = await outbox.create(CONN, 'Contact', { LastName: 'Offline' });
    expect(outcome.state).toBe('queued');
    const summaries = () => seen.flatMap((e) => (e.name === 'outbox-summary' ? [e.payload] : []));
    await until(() => summaries().some((s) => s.pendingCount === 1 && !s.online), 'a summary with one pending change, offline');
    expect(seen).toContainEqual({ name: 'online', payload: { connectionId: CONN, online: false } });

    org.down = null;
    await until(() => summaries().at(-1)?.pendingCount === 0 && summaries().at(-1)?.online === true, 'the change sent and the org online');
    expect(seen).toContainEqual({ name: 'online', payload: { connectionId: CONN, online: true } });
    expect(summaries().at(-1)).toMatchObject({ connectionId: CONN, draining: false, needsAttentionCount: 0, conflictCount: 0 });
  });
});

describe('sync service publishes', () => {
  it('the status when a run starts and when it ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'push-sync-'));
    const db: Database.Database = openDatabase(dir);
    insertActiveTestConnection(db, CONN);
    const { events, seen } = bus();
    let answer!: () => void;
    // The org's connection comes back unusable: the run ends (each object failing) right after it starts.
    const gateway = { connection: () => new Promise((resolve) => (answer = () => resolve({} as never))) } as unknown as SalesforceGateway;
    const sync: SyncService = createSyncService({
      db,
      caches: createCachePool({ dataDir: dir, db, log }),
      activeOrg: {
        ...createActiveOrg({ db, gateway, demo: { ensure: () => Promise.reject(new Error('no Demo org here')) } }),
        prepare: async (record) => record,
      },
      gateway,
      settingsStore: createMemorySettingsStore({ sync: { scope: 'all', intervalMinutes: 0 } }),
      log: { ...log, warn() {} },
      events,
    });
    cleanup.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => void db.close(),
      () => sync.close(),
      () => events.close(),
    );

    sync.start();
    const statuses = () => seen.flatMap((e) => (e.name === 'sync-status' ? [e.payload] : []));
    await until(() => statuses().length === 1, 'the start');
    expect(statuses()[0]).toMatchObject({ connectionId: CONN, running: true, lastRun: null });
    answer();
    await until(() => statuses().length === 2, 'the end');
    expect(statuses()[1]).toMatchObject({ connectionId: CONN, running: false, lastRun: { outcome: expect.stringMatching(/^(failed|partial)$/) } });
  });
});
