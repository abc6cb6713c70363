/**
 * The API usage statistics with synthetic calls and a clock the test moves: aggregation per day,
 * the local-midnight rollover, 90-day pruning, percentiles, the ring of 100 errors, flush on close,
 * and history kept across a reopen. Plus the cost of `record` (the meter runs on every call).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/core/storage/database';
import type { ApiCallRecord } from '../../../src/main/core/usage/types';
import { createUsageStore, type UsageStore } from '../../../src/main/core/usage/usage-store';
import { percentileFromHistogram } from '../../../src/main/core/usage/latency';

const ORG = 'conn-1';
let dataDir: string;
let db: Database.Database;
let store: UsageStore | undefined;
let clock: { now: number };

/** Local noon of a given date, so "today" is unambiguous whatever the test machine's time zone. */
const localNoon = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();

const call = (overrides: Partial<ApiCallRecord> = {}): ApiCallRecord => ({
  connectionId: ORG,
  feature: 'sync',
  family: 'query',
  method: 'GET',
  path: '/services/data/v62.0/query',
  startedAt: clock.now,
  latencyMs: 40,
  status: 200,
  errorCode: null,
  requestBytes: 100,
  responseBytes: 2_000,
  limitInfo: null,
  background: false,
  ...overrides,
});

const open = () => (store = createUsageStore({ db, now: () => clock.now, flushIntervalMs: 0 }));

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atom-usage-'));
  db = openDatabase(dataDir);
  clock = { now: localNoon(2026, 3, 10) };
});
afterEach(() => {
  store?.close();
  store = undefined;
  if (db.open) db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('usage store', () => {
  it('aggregates a day by feature, family, error code and bytes, and keeps the highest org figure', () => {
    const s = open();
    s.record(call({ limitInfo: { used: 100, max: 15_000 } }));
    s.record(call({ feature: 'records', family: 'sobjects', limitInfo: { used: 180, max: 15_000 } }));
    s.record(call({ feature: 'outbox', family: 'composite', method: 'POST', status: 400, errorCode: 'INVALID_FIELD', limitInfo: { used: 150, max: 15_000 } }));
    s.record(call({ status: null, errorCode: null, responseBytes: 0 }));
    s.record(call({ status: 503 }));
    s.record(call({ connectionId: 'other' }));

    expect(s.today(ORG)).toMatchObject({ total: 5, byFeature: { sync: 3, records: 1, outbox: 1 } });
    const [day] = s.daily(ORG, 1);
    expect(day).toMatchObject({
      total: 5,
      byFeature: { sync: 3, records: 1, outbox: 1 },
      byFamily: { query: 3, sobjects: 1, composite: 1 },
      errors: 3,
      errorsByCode: { INVALID_FIELD: 1, NETWORK: 1, HTTP_503: 1 },
      bytesOut: 500,
      bytesIn: 8_000,
      orgUsed: 180,
      orgMax: 15_000,
    });
    // today().org is the newest figure (usage can fall), daily's orgUsed the day's highest.
    expect(s.today(ORG).org).toMatchObject({ used: 150, max: 15_000 });
    expect(s.today('other').total).toBe(1);
  });

  it('counts today from local midnight and rolls over to a new day', () => {
    const s = open();
    clock.now = new Date(2026, 2, 10, 23, 59).getTime();
    s.record(call());
    s.record(call());
    expect(s.today(ORG).total).toBe(2);
    clock.now = new Date(2026, 2, 11, 0, 1).getTime();
    expect(s.today(ORG).total).toBe(0);
    s.record(call());
    expect(s.today(ORG).total).toBe(1);
    const days = s.daily(ORG, 3);
    expect(days.map((d) => [d.day, d.total])).toEqual([
      ['2026-03-09', 0],
      ['2026-03-10', 2],
      ['2026-03-11', 1],
    ]);
  });

  it('keeps 90 days and prunes older ones at most once a day', () => {
    const s = open();
    const start = clock.now;
    for (let d = 0; d < 100; d++) {
      clock.now = start + d * 86_400_000;
      s.record(call({ startedAt: clock.now }));
      s.flush();
    }
    const days = s.daily(ORG, 120);
    expect(days).toHaveLength(90);
    expect(days.every((d) => d.total === 1)).toBe(true);
    const stored = db.prepare(`SELECT COUNT(DISTINCT day) AS n FROM api_usage_counts WHERE connection_id = ?`).get(ORG) as { n: number };
    expect(stored.n).toBe(90);

    // A second flush the same day does not prune again (a row planted in the past stays until tomorrow).
    db.prepare(`INSERT INTO api_usage_counts (connection_id, day, kind, key, n) VALUES (?, '2000-01-01', 'total', '', 1)`).run(ORG);
    s.record(call());
    s.flush();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM api_usage_counts WHERE day = '2000-01-01'`).get()).toEqual({ n: 1 });
    clock.now += 86_400_000;
    s.flush();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM api_usage_counts WHERE day = '2000-01-01'`).get()).toEqual({ n: 0 });
  });

  it('gives exact p50/p95 for the last hour and estimates them per day from the histogram', () => {
    const s = open();
    const start = clock.now;
    // 100 calls of 1..100 ms, then one old slow call that falls out of the hour.
    s.record(call({ startedAt: start - 2 * 3_600_000, latencyMs: 9_000 }));
    for (let i = 1; i <= 100; i++) s.record(call({ startedAt: start - 1_000, latencyMs: i }));
    const c = s.connectivity(ORG);
    expect(c).toMatchObject({ p50Ms: 50, p95Ms: 95, callsLastHour: 100 });
    expect(c.lastSuccessAt).toBe(new Date(start - 1_000 + 100).toISOString());

    const [day] = s.daily(ORG, 1);
    expect(day.latency.buckets).toMatchObject({ '25': 25, '50': 25, '100': 50, '10000': 1 });
    expect(day.latency.p50Ms).toBeGreaterThanOrEqual(25);
    expect(day.latency.p50Ms).toBeLessThanOrEqual(100);
    expect(day.latency.p95Ms).toBeLessThanOrEqual(100);
    expect(percentileFromHistogram({}, 0.5)).toBeNull();
    expect(percentileFromHistogram({ inf: 3 }, 0.95)).toBe(30_000);
  });

  it('keeps the last 100 failed calls, redacted, newest first, and errors of the last 24 h by code', () => {
    const s = open();
    for (let i = 0; i < 130; i++) {
      s.record(call({ status: 404, errorCode: 'NOT_FOUND', path: `/services/data/v62.0/sobjects/Account/${i}?fields=Name#x`, startedAt: clock.now + i }));
    }
    s.record(call({ connectionId: null, feature: 'auth', family: 'oauth', status: 400, errorCode: 'invalid_grant', path: '/services/oauth2/token' }));
    const all = s.recentErrors(null, 500);
    expect(all).toHaveLength(100);
    expect(all[0]).toMatchObject({ connectionId: null, errorCode: 'invalid_grant' });
    expect(all[1]).toMatchObject({ connectionId: ORG, path: '/services/data/v62.0/sobjects/Account/129', status: 404, method: 'GET' });
    expect(JSON.stringify(all)).not.toContain('?');
    expect(s.recentErrors(ORG, 5).map((e) => e.path.split('/').pop())).toEqual(['129', '128', '127', '126', '125']);
    expect(s.connectivity(ORG).errorsByCode24h).toEqual({ NOT_FOUND: 130 });
    clock.now += 25 * 3_600_000;
    expect(s.connectivity(ORG).errorsByCode24h).toEqual({});
  });

  it('writes nothing until a flush, everything on close, and a reopen keeps the history', () => {
    const s = open();
    for (let i = 0; i < 10; i++) s.record(call({ limitInfo: { used: 200 + i, max: 1_000 } }));
    expect(db.prepare(`SELECT COUNT(*) AS n FROM api_usage_counts`).get()).toEqual({ n: 0 });
    s.close();
    s.record(call()); // after close: ignored, no throw
    store = undefined;

    const again = open();
    expect(again.today(ORG)).toMatchObject({ total: 10, byFeature: { sync: 10 }, org: { used: 209, max: 1_000 } });
    expect(again.callsLast24h(ORG)).toBe(10);
    expect(again.orgFigures(ORG)).toMatchObject({ used: 209, max: 1_000 });
    again.record(call());
    expect(again.today(ORG).total).toBe(11);
    expect(again.daily(ORG, 1)[0].total).toBe(11);
  });

  it('takes odd numbers from the meter without poisoning a flush', () => {
    const s = open();
    s.record(call({ latencyMs: Number.NaN, requestBytes: 12.7, responseBytes: -5, limitInfo: { used: Number.NaN, max: 100 } }));
    s.record(call({ startedAt: Number.NaN, limitInfo: { used: 5, max: 0 } }));
    s.flush();
    expect(s.daily(ORG, 1)[0]).toMatchObject({ total: 2, bytesOut: 113, bytesIn: 2_000, orgUsed: null });
    expect(s.orgFigures(ORG)).toBeNull();
  });

  it('counts the rolling 24 hours by hourly buckets', () => {
    const s = open();
    const start = clock.now;
    s.record(call({ startedAt: start - 30 * 3_600_000 }));
    s.record(call({ startedAt: start - 20 * 3_600_000 }));
    s.record(call({ startedAt: start }));
    expect(s.callsLast24h(ORG)).toBe(2);
    clock.now += 5 * 3_600_000;
    expect(s.callsLast24h(ORG)).toBe(1);
  });

  it('keeps recording off the database: record() writes nothing, one flush writes every call (its cost is in bench/meter.bench.ts)', () => {
    const s = open();
    const n = 5_000;
    const features = ['sync', 'records', 'outbox', 'describe'] as const;
    const rowsOnDisk = () => (db.prepare('SELECT COUNT(*) AS n FROM api_usage_counts').get() as { n: number }).n;
    for (let i = 0; i < n; i++) {
      s.record(call({ feature: features[i % 4], latencyMs: i % 700, status: i % 50 === 0 ? 500 : 200, limitInfo: { used: i, max: 100_000 } }));
    }
    expect(rowsOnDisk()).toBe(0);
    s.flush();
    expect(rowsOnDisk()).toBeGreaterThan(0);
    expect(s.daily(ORG, 1)[0].total).toBe(n);
  });
});
