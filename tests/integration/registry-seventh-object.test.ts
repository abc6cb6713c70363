/**
 * Adding an object is one registry entry: an object (Task), declared only in an extended registry
 * in this file, is synced from the emulator (full, then incremental), searched and listed by the
 * core's own sync engine, search and list code — no module-level object list, no migration (0005
 * took the CHECK on object away), its sort index created by the cache from the declaration. (Task
 * has been one of the shared registry's objects since issue 11: the base here is the shared
 * registry without it, so the declaration below stays this file's own.)
 */
import type { Connection } from 'jsforce';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureObjectIndexes } from '../../src/main/core/cache/object-indexes';
import { openOrgCache, type CacheDb } from '../../src/main/core/cache/org-cache';
import { readSyncStates } from '../../src/main/core/cache/sync-state.repo';
import { listRecords } from '../../src/main/core/records/records-read';
import type { ParsedListQuery } from '../../src/main/core/records/types';
import type { TokenVault } from '../../src/main/core/auth/token-vault';
import { createApiMeter } from '../../src/main/core/salesforce/api-meter';
import { createSalesforceGateway } from '../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../src/main/core/storage/connections.repo';
import { searchCache } from '../../src/main/core/search/search.read';
import { createSyncApi } from '../../src/main/core/sync/sync-api';
import { runSync } from '../../src/main/core/sync/sync-engine';
import { COMMON_FIELDS, createObjectRegistry, extendRegistry, OBJECT_REGISTRY, type CachedObject, type ObjectDef } from '../../src/shared/objects/registry';
import { connect, startTestEmulator, TEST_API_VERSION, type RunningEmulator } from '../emulator/helpers';

/** The whole declaration of the seventh object. */
const TASK: ObjectDef = {
  name: 'Task',
  label: { one: 'Task', many: 'Tasks' },
  path: 'tasks',
  keyPrefix: '00T',
  titleField: 'Subject',
  ownerScoped: true,
  changeCheck: 'query',
  fields: [
    ...COMMON_FIELDS,
    { name: 'Subject', kind: 'text' },
    { name: 'Status', kind: 'text' },
    { name: 'Priority', kind: 'text' },
    { name: 'ActivityDate', kind: 'date' },
    { name: 'WhatId', kind: 'text' },
    { name: 'AccountId', kind: 'text' },
    { name: 'Account.Name', kind: 'text' },
    { name: 'IsClosed', kind: 'boolean' },
    { name: 'Description', kind: 'text' },
  ],
  columns: { name: 'Subject', accountName: 'Account.Name', status: 'Status', closeDate: 'ActivityDate' },
  searchShowsStatus: true,
  listColumns: [
    { field: 'Subject', label: 'Subject', kind: 'text', sortable: true },
    { field: 'Status', label: 'Status', kind: 'text', sortable: true },
    { field: 'ActivityDate', label: 'Due Date', kind: 'date', sortable: true },
    { field: 'Account.Name', label: 'Account', kind: 'text', sortable: false },
    { field: 'Owner.Name', label: 'Assigned To', kind: 'text', sortable: false },
  ],
  moreColumns: [{ field: 'Description', label: 'Comments', kind: 'text', sortable: false }],
  listRowFields: ['IsClosed'],
  defaultSort: 'ActivityDate',
  formFields: ['Subject', 'Status', 'Priority', 'ActivityDate', 'Description'],
  writable: true,
  indexes: [{ name: 'records_task_due', on: 'close_date, id' }],
};
/** The shared registry without its own Task, which this file declares afresh. */
const base = createObjectRegistry(OBJECT_REGISTRY.names.filter((name) => name !== 'Task').map((name) => OBJECT_REGISTRY.get(name)));
const registry = extendRegistry(base, TASK);
const Task = 'Task' as CachedObject;

let emu: RunningEmulator;
let conn: Connection;
let dir: string;
let db: CacheDb;

/** The sync reaches the emulator the way the app does: through the metered gateway. */
const api = async () => {
  const vault = { storage: 'memory', accessToken: async () => conn.accessToken ?? '' } as unknown as TokenVault;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const gateway = createSalesforceGateway({ vault, apiVersion: async () => TEST_API_VERSION, log: silent, meter: createApiMeter() });
  const record = { id: 'conn-7th', instanceUrl: emu.url, status: 'connected' } as ConnectionRecord;
  return createSyncApi(await gateway.connection(record, { feature: 'sync' }));
};
const sync = async () => runSync(db, await api(), { scope: 'all', userId: emu.demoUserId, bulkThreshold: 50_000, registry });
const orgTasks = (where = '') =>
  emu.store.db.prepare(`SELECT "Id", "OwnerId" FROM "Task" WHERE "IsDeleted" = 0 ${where}`).all(...(where ? [emu.demoUserId] : [])) as Array<{ Id: string }>;
const list = (query: Partial<ParsedListQuery>) =>
  listRecords(
    db,
    { object: Task, sortBy: 'ActivityDate', sortDir: 'asc', offset: 0, limit: 500, ...query } as ParsedListQuery,
    emu.demoUserId,
    new Date(),
    registry,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 2 });
  conn = await connect(emu);
  dir = mkdtempSync(join(tmpdir(), 'registry-7th-'));
  db = openOrgCache(dir, 'conn-7th');
  ensureObjectIndexes(db, registry);
}, 60_000);

afterAll(async () => {
  db?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a seventh object declared only in the registry', () => {
  it('is synced in full with the others, into the same tables', async () => {
    const report = await sync();
    expect(report.errors).toEqual({});
    expect(report.fullSynced).toContain(Task);
    const cached = db.prepare(`SELECT id FROM records WHERE object = 'Task'`).pluck().all() as string[];
    expect(orgTasks().length).toBeGreaterThan(0);
    expect(cached.sort()).toEqual(
      orgTasks()
        .map((t) => t.Id)
        .sort(),
    );
    expect(readSyncStates(db, 'all', registry.names).get(Task)).toMatchObject({ phase: 'incremental', lastError: null });
    // Its declared index exists (no migration made it).
    expect(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'records_task_due'`).get()).toBeTruthy();
  });

  it('is kept up to date by the incremental sync and found by search', async () => {
    const [first] = orgTasks();
    await conn.sobject('Task').update({ Id: first.Id, Subject: 'Zephyrine follow-up call' });
    const report = await sync();
    expect(report.errors).toEqual({});
    expect(report.fullSynced).toEqual([]);
    const hits = searchCache(db, 'zephyr', { registry });
    expect(hits).toEqual([expect.objectContaining({ object: 'Task', id: first.Id, title: 'Zephyrine follow-up call' })]);
    expect(searchCache(db, 'zephyr', { registry, objects: [Task] })).toHaveLength(1);
    expect(searchCache(db, 'zephyr', { registry, objects: ['Contact'] })).toEqual([]);
    // A registry that does not know Task: its search leaves the rows out.
    expect(searchCache(db, 'zephyr', { registry: base })).toEqual([]);
  });

  it('is listed: sorted by its default sort, filtered to mine, rows shaped by its list columns', async () => {
    const all = list({});
    expect(all.freshness.state).toBe('ready');
    expect(all.totalCount).toBe(orgTasks().length);
    const dates = all.rows.map((r) => (r as Record<string, unknown>).ActivityDate as string | null);
    const known = dates.filter((d): d is string => d !== null);
    expect(known).toEqual([...known].sort());
    expect(Object.keys(all.rows[0]).sort()).toEqual(
      ['Account.Name', 'ActivityDate', 'Description', 'Id', 'IsClosed', 'LastModifiedDate', 'Owner.Name', 'Status', 'Subject', 'localState'].sort(),
    );

    const mine = list({ filters: { ownedByMe: true } } as Partial<ParsedListQuery>);
    expect(mine.totalCount).toBe(orgTasks('AND "OwnerId" = ?').length);
    const found = list({ search: 'zephyrine' });
    expect(found.rows.map((r) => (r as Record<string, unknown>).Subject)).toEqual(['Zephyrine follow-up call']);
  });
});
