/**
 * The cockpit's service as the gate reaches it: every `analytics:*` channel through its handler,
 * inputs and outputs parsed with the contract's schemas; cockpit settings kept in the app database
 * and removed with the connection; "recently viewed" kept in the org's cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../../src/shared/ipc';
import { analyticsContract, DEFAULT_COCKPIT_SETTINGS } from '../../../src/shared/ipc/analytics.contract';
import { createAnalyticsService, type AnalyticsService } from '../../../src/main/core/analytics/analytics-service';
import { RECENT_ITEMS_KEPT } from '../../../src/main/core/analytics/recent-items';
import { createCachePool, type CachePool } from '../../../src/main/core/cache/cache-pool';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { analyticsHandlers } from '../../../src/main/core/handlers/analytics.handlers';
import type { CoreServices } from '../../../src/main/core/handlers/types';
import { openDatabase } from '../../../src/main/core/storage/database';
import { deleteConnection, getConnection } from '../../../src/main/core/storage/connections.repo';
import { ME, lead, leadId, opportunity, oppId, putOpportunities, writeOrg } from './analytics-fixture';
import { insertActiveTestConnection } from './connection-fixture';

const CONN = 'conn-1';
const log = { debug() {}, info() {}, warn() {}, error() {} };

let dir: string;
let db: Database.Database;
let caches: CachePool;
let service: AnalyticsService;
let clock: Date;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-analytics-service-'));
  db = openDatabase(dir);
  insertActiveTestConnection(db, CONN);
  caches = createCachePool({ dataDir: dir, db, log });
  clock = new Date(2026, 4, 20, 12);
  service = createAnalyticsService({
    db,
    activeOrg: {
      require: () =>
        getConnection(db, CONN) ??
        (() => {
          throw new Error('not connected');
        })(),
    },
    caches,
    now: () => clock,
  });
  const cache = caches.cacheFor(CONN);
  writeOrg(cache);
  putOpportunities(cache, [
    opportunity(oppId(1), { OwnerId: ME, StageName: 'Proposal', Amount: 2000, Probability: 50, CloseDate: '2026-05-22', ForecastCategoryName: 'Best Case' }),
    opportunity(oppId(2), { OwnerId: ME, StageName: 'Closed Won', Amount: 1000, Probability: 100, CloseDate: '2026-04-22', IsClosed: true, IsWon: true }),
  ]);
  cache.transaction(() => upsertRecords(cache, 'Lead', [lead(leadId(1), { Status: 'Open - Not Contacted', CreatedDate: '2026-05-01T10:00:00.000Z' })]))();
});

afterEach(() => {
  caches.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Calls a channel as the gate does: input parsed, handler run, output parsed. */
async function call<C extends keyof typeof analyticsContract>(channel: C, payload?: unknown): Promise<OutputOf<C>> {
  const spec = analyticsContract[channel];
  const handlers = analyticsHandlers({ analytics: service } as unknown as CoreServices);
  const input = spec.input.parse(payload);
  const output = await (handlers[channel] as (input: unknown) => unknown)(input);
  return spec.output.parse(output) as OutputOf<C>;
}

describe('analytics channels', () => {
  it('answer every channel with what the contract says', async () => {
    const home = await call('analytics:home');
    expect(home.pipeline[0].open).toEqual({ count: 1, amount: 2000, weighted: 1000 });
    expect(home.closingThisWeek.map((d) => d.id)).toEqual([oppId(1)]);
    const query = { period: { kind: 'this-quarter' }, scope: 'mine' };
    expect((await call('analytics:pipeline', query)).currencies[0].won.amount).toBe(1000);
    expect((await call('analytics:slipped', query)).total).toBe(0);
    expect((await call('analytics:waterfall', { ...query, days: 7 })).currencies[0].end.count).toBe(1);
    expect((await call('analytics:deals', { ...query, filter: { kind: 'open', stage: 'Proposal' } })).total).toBe(1);
    // Created on Jan 1 with no stage change since: 139 days in Proposal.
    expect((await call('analytics:deals', { ...query, filter: { kind: 'stale' } })).deals[0]?.note).toBe('In Proposal for 139 days');
    expect((await call('analytics:board', { owner: 'me' })).columns.find((c) => c.stage === 'Proposal')?.cards).toHaveLength(1);
    expect((await call('analytics:leads', query)).created).toBe(1);
    const fiscal = await call('analytics:fiscal');
    expect(fiscal.fiscal).toEqual({ startMonth: 1, nameByStartYear: false, fromOrg: true });
    expect(fiscal.periods.map((p) => p.label)).toEqual(['Q2 FY2026', 'Q3 FY2026', 'Q1 FY2026', 'FY2026']);
  });

  it('today follows the clock', async () => {
    clock = new Date(2026, 6, 2, 9);
    expect((await call('analytics:home')).period.label).toBe('Q3 FY2026');
  });
});

describe('cockpit settings', () => {
  it('default, merge a change, feed the coverage; leave with the connection', async () => {
    expect(await call('analytics:settings-get')).toEqual(DEFAULT_COCKPIT_SETTINGS);
    const updated = await call('analytics:settings-update', { quarterlyQuota: { '': 5000 }, noActivityDays: 10 });
    expect(updated).toEqual({ ...DEFAULT_COCKPIT_SETTINGS, quarterlyQuota: { '': 5000 }, noActivityDays: 10 });
    expect(await call('analytics:settings-get')).toEqual(updated);
    const pipeline = await call('analytics:pipeline', { period: { kind: 'this-quarter' }, scope: 'mine' });
    expect(pipeline.currencies[0].coverage).toEqual({ quota: 5000, remaining: 4000, ratio: 0.5 });
    // Kept in the app database (a rebuilt cache keeps them), removed with the connection.
    expect(db.prepare(`SELECT COUNT(*) FROM cockpit_settings WHERE connection_id = ?`).pluck().get(CONN)).toBe(1);
    deleteConnection(db, CONN);
    expect(db.prepare(`SELECT COUNT(*) FROM cockpit_settings`).pluck().get()).toBe(0);
  });

  it('refuses values outside the contract', () => {
    expect(() => analyticsContract['analytics:settings-update'].input.parse({ defaultStaleDays: 0 })).toThrow();
  });
});

describe('recently viewed', () => {
  it('newest first, titles from the cache, records no longer cached skipped, the newest 50 kept', async () => {
    await call('analytics:viewed', { object: 'Opportunity', id: oppId(1) });
    clock = new Date(clock.getTime() + 1000);
    await call('analytics:viewed', { object: 'Lead', id: leadId(1) });
    clock = new Date(clock.getTime() + 1000);
    await call('analytics:viewed', { object: 'Opportunity', id: oppId(99) });
    const recent = (await call('analytics:home')).recent;
    expect(recent.map((r) => [r.object, r.id, r.title])).toEqual([
      ['Lead', leadId(1), 'Lead 001AAA'],
      ['Opportunity', oppId(1), 'Deal 001AAA'],
    ]);
    for (let i = 0; i < RECENT_ITEMS_KEPT + 5; i++) {
      clock = new Date(clock.getTime() + 1000);
      await call('analytics:viewed', { object: 'Opportunity', id: oppId(1000 + i) });
    }
    expect(caches.cacheFor(CONN).prepare(`SELECT COUNT(*) FROM recent_items`).pluck().get()).toBe(RECENT_ITEMS_KEPT);
  });
});
