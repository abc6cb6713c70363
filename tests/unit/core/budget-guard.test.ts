/**
 * The budget guard on a real usage store with synthetic calls: levels at the org's and the app's
 * thresholds, the interval in force, the backoff, the recheck of a stale org figure, and onChange.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/main/core/storage/database';
import { createBudgetGuard, ORG_FIGURE_RECHECK_MS, type BudgetGuardService } from '../../../src/main/core/usage/budget-guard';
import { assessBudget } from '../../../src/main/core/usage/guard-verdict';
import type { ApiCallRecord } from '../../../src/main/core/usage/types';
import { createUsageStore, type UsageStore } from '../../../src/main/core/usage/usage-store';

const ORG = 'conn-1';
let dataDir: string;
let db: Database.Database;
let store: UsageStore;
let guard: BudgetGuardService;
let clock: { now: number };
let settings: { share: number; interval: number; blockedUntil: number | null };

const call = (overrides: Partial<ApiCallRecord> = {}): ApiCallRecord => ({
  connectionId: ORG,
  feature: 'sync',
  family: 'query',
  method: 'GET',
  path: '/services/data/v62.0/query',
  startedAt: clock.now,
  latencyMs: 30,
  status: 200,
  errorCode: null,
  requestBytes: 0,
  responseBytes: 0,
  limitInfo: null,
  background: true,
  ...overrides,
});
const orgAt = (used: number, max = 1_000) => store.record(call({ limitInfo: { used, max } }));

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atom-guard-'));
  db = openDatabase(dataDir);
  clock = { now: new Date(2026, 2, 10, 12).getTime() };
  settings = { share: 100, interval: 5, blockedUntil: null };
  store = createUsageStore({ db, now: () => clock.now, flushIntervalMs: 0 });
  guard = createBudgetGuard({
    usage: store,
    sharePercent: () => settings.share,
    baseIntervalMinutes: () => settings.interval,
    backoff: { backoffOf: () => ({ blockedUntil: settings.blockedUntil }) },
    now: () => clock.now,
    debounceMs: 20,
  });
});
afterEach(() => {
  guard.close();
  store.close();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('budget guard', () => {
  it('is ok before any figure, then slows ×2 above 50%, ×4 above 75%, pauses above 90% of the org', () => {
    expect(guard.snapshot(ORG).guard).toEqual({ level: 'ok', reason: null, syncIntervalMinutes: 5 });
    orgAt(400);
    expect(guard.snapshot(ORG)).toMatchObject({ org: { used: 400, max: 1_000 }, guard: { level: 'ok', syncIntervalMinutes: 5 } });
    orgAt(510);
    expect(guard.snapshot(ORG).guard).toMatchObject({ level: 'slowed', syncIntervalMinutes: 10 });
    expect(guard.snapshot(ORG).guard.reason).toBe(
      'Your org has used 51% of its daily API allowance; Atom now syncs every 10 minutes instead of every 5 to save calls.',
    );
    orgAt(760);
    expect(guard.snapshot(ORG).guard).toMatchObject({ level: 'slowed', syncIntervalMinutes: 20 });
    expect(guard.allowBackground(ORG)).toBe(true);
    orgAt(930);
    const paused = guard.snapshot(ORG);
    expect(paused.guard.level).toBe('paused');
    expect(paused.guard.reason).toBe(
      'Your org has used 93% of its daily API allowance; Atom has paused background syncs until usage falls. Syncs you start still run.',
    );
    expect(guard.allowBackground(ORG)).toBe(false);
    // Usage falls (Salesforce's rolling 24 hours): the next answer says so and background work resumes.
    orgAt(100);
    expect(guard.snapshot(ORG).guard.level).toBe('ok');
    expect(guard.allowBackground(ORG)).toBe(true);
  });

  it("pauses when the app's rolling 24 h calls reach its share, and counts them off as hours pass", () => {
    settings.share = 10; // 100 calls of a 1,000 allowance
    orgAt(10);
    for (let i = 0; i < 59; i++) store.record(call());
    expect(guard.snapshot(ORG).guard).toMatchObject({ level: 'slowed', syncIntervalMinutes: 10 });
    expect(guard.snapshot(ORG).guard.reason).toContain('Atom has used 60% of its share');
    for (let i = 0; i < 40; i++) store.record(call());
    const snap = guard.snapshot(ORG);
    expect(snap).toMatchObject({ appSharePercent: 10, appToday: { total: 100, byFeature: { sync: 100 } }, guard: { level: 'paused' } });
    expect(snap.guard.reason).toContain('share (10%)');
    expect(guard.allowBackground(ORG)).toBe(false);
    // A bigger share lifts the pause at once.
    settings.share = 50;
    expect(guard.snapshot(ORG).guard.level).toBe('ok');
    settings.share = 10;
    // 25 hours later the calls have left the rolling window (today's count is another matter).
    clock.now += 25 * 3_600_000;
    expect(guard.allowBackground(ORG)).toBe(true);
  });

  it('is blocked while the metered path backs off, whatever the figures', () => {
    orgAt(10);
    settings.blockedUntil = clock.now + 10 * 60_000;
    const snap = guard.snapshot(ORG);
    expect(snap.guard.level).toBe('blocked');
    expect(snap.guard.reason).toContain('in about 10 minutes');
    expect(guard.allowBackground(ORG)).toBe(false);
    clock.now += 10 * 60_000 + 1;
    expect(guard.allowBackground(ORG)).toBe(true);
  });

  it('lets one background run recheck an org figure that has gone stale while paused', () => {
    orgAt(950);
    expect(guard.allowBackground(ORG)).toBe(false);
    clock.now += ORG_FIGURE_RECHECK_MS + 1_000;
    expect(guard.snapshot(ORG).guard.level).toBe('paused');
    expect(guard.allowBackground(ORG)).toBe(true);
    orgAt(960); // the recheck's answer: still high
    expect(guard.allowBackground(ORG)).toBe(false);
  });

  it('announces a changed snapshot once per burst (debounced), not an unchanged one', async () => {
    const heard: string[] = [];
    guard.onChange((id) => heard.push(id));
    for (let i = 0; i < 20; i++) orgAt(100);
    await vi.waitFor(() => expect(heard).toEqual([ORG]));
    guard.refresh();
    await new Promise((r) => setTimeout(r, 60));
    expect(heard).toEqual([ORG]);
    settings.share = 5;
    guard.refresh();
    await vi.waitFor(() => expect(heard).toEqual([ORG, ORG]));
  });

  it('reports no interval when the schedule is off, and holds back background work all the same', () => {
    settings.interval = 0;
    orgAt(800);
    expect(guard.snapshot(ORG).guard).toMatchObject({ level: 'slowed', syncIntervalMinutes: null });
    expect(assessBudget({ now: 0, org: { used: 10, max: 0, at: 0 }, appCalls24h: 5, sharePercent: 10, blockedUntil: null, baseIntervalMinutes: 5 }).level).toBe(
      'ok',
    );
  });
});
