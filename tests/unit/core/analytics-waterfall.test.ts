/**
 * The waterfall and the daily states it starts from: snapshot intervals, a hand-made week of
 * changes classified step by step, the start rebuilt from OpportunityHistory against a brute-force
 * reading of the history, and start + Σ steps = end on randomized histories (both scopes, several
 * periods, one and several currencies), each step's drill-down listing exactly its deals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/shared/analytics/fiscal';
import { WATERFALL_STEPS, type PeriodInput, type Scope } from '../../../src/shared/ipc/analytics.contract';
import { localDayStartUtc, nextDay, type AnalyticsContext } from '../../../src/main/core/analytics/context';
import { listDeals } from '../../../src/main/core/analytics/deals.read';
import { readPipeline } from '../../../src/main/core/analytics/pipeline.read';
import { STATES_KEPT_DAYS, takePipelineSnapshot } from '../../../src/main/core/analytics/snapshots';
import { startStates } from '../../../src/main/core/analytics/start-state';
import { readWaterfall } from '../../../src/main/core/analytics/waterfall.read';
import type { FlatRecord } from '../../../src/main/core/cache/objects';
import { getCachedRecord } from '../../../src/main/core/cache/records.read';
import { applyLocalChange, markDeleted, removeRecords, upsertRecords } from '../../../src/main/core/cache/records.repo';
import {
  contextOf,
  generatePipeline,
  ME,
  openTestCache,
  opportunity,
  oppId,
  OTHER,
  putOpportunities,
  TEST_STAGES,
  writeOrg,
  type TestCache,
} from './analytics-fixture';
import { rng } from './records-fixture';

const TODAY = '2026-05-20';
const at = (day: string, hour = 11) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, hour).toISOString();
};

let cache: TestCache | undefined;
afterEach(() => {
  cache?.close();
  cache = undefined;
});

interface StateRow {
  opportunity_id: string;
  valid_from: string;
  valid_to: string | null;
  amount: number | null;
  is_closed: number;
}
const states = (c: TestCache) =>
  c.db
    .prepare(`SELECT opportunity_id, valid_from, valid_to, amount, is_closed FROM opportunity_states ORDER BY opportunity_id, valid_from`)
    .all() as StateRow[];

describe('takePipelineSnapshot', () => {
  it('keeps one interval per state: opens, closes, rewrites the same day, closes deals gone or deleted offline', () => {
    cache = openTestCache();
    const c = cache;
    const d = (n: number, amount: number, extra = {}) => opportunity(oppId(n), { StageName: 'Prospecting', Amount: amount, CloseDate: '2026-06-01', ...extra });
    putOpportunities(c.db, [d(1, 100), d(2, 200), d(3, 300), d(4, 400, { StageName: 'Closed Won', IsClosed: true, IsWon: true })]);
    expect(takePipelineSnapshot(c.db, '2026-05-01')).toEqual({ day: '2026-05-01', opportunities: 4, opened: 4, closed: 0 });
    expect(takePipelineSnapshot(c.db, '2026-05-01')).toEqual({ day: '2026-05-01', opportunities: 4, opened: 0, closed: 0 });
    expect(states(c).every((s) => s.valid_from === '2026-05-01' && s.valid_to === null)).toBe(true);
    expect(states(c).find((s) => s.opportunity_id === oppId(4))?.is_closed).toBe(1);

    // A change on a later day closes the old state and opens a new one; the others stay as they were.
    putOpportunities(c.db, [d(1, 150)]);
    expect(takePipelineSnapshot(c.db, '2026-05-03')).toMatchObject({ opened: 1, closed: 1 });
    expect(states(c).filter((s) => s.opportunity_id === oppId(1))).toEqual([
      { opportunity_id: oppId(1), valid_from: '2026-05-01', valid_to: '2026-05-03', amount: 100, is_closed: 0 },
      { opportunity_id: oppId(1), valid_from: '2026-05-03', valid_to: null, amount: 150, is_closed: 0 },
    ]);
    // Another change the same day rewrites that day's state in place.
    putOpportunities(c.db, [d(1, 175)]);
    expect(takePipelineSnapshot(c.db, '2026-05-03')).toMatchObject({ opened: 1, closed: 0 });
    expect(
      states(c)
        .filter((s) => s.opportunity_id === oppId(1))
        .map((s) => [s.valid_from, s.valid_to, s.amount]),
    ).toEqual([
      ['2026-05-01', '2026-05-03', 100],
      ['2026-05-03', null, 175],
    ]);
    // Gone from the cache, or deleted offline: closed. A new deal opens its first state.
    c.db.transaction(() => {
      removeRecords(c.db, 'Opportunity', [oppId(2)]);
      markDeleted(c.db, 'Opportunity', oppId(3));
    })();
    putOpportunities(c.db, [d(5, 500)]);
    expect(takePipelineSnapshot(c.db, '2026-05-04')).toEqual({ day: '2026-05-04', opportunities: 3, opened: 1, closed: 2 });
    expect(
      states(c)
        .filter((s) => [oppId(2), oppId(3)].includes(s.opportunity_id))
        .map((s) => s.valid_to),
    ).toEqual(['2026-05-04', '2026-05-04']);
    // A deal seen and gone the same day leaves no state behind.
    putOpportunities(c.db, [d(6, 600)]);
    takePipelineSnapshot(c.db, '2026-05-05');
    c.db.transaction(() => removeRecords(c.db, 'Opportunity', [oppId(6)]))();
    takePipelineSnapshot(c.db, '2026-05-05');
    expect(states(c).some((s) => s.opportunity_id === oppId(6))).toBe(false);
    // A clock set back never rewrites the past: the day moves up to the last snapshot's.
    expect(takePipelineSnapshot(c.db, '2026-04-01').day).toBe('2026-05-05');
    // The state on a day is the interval holding it.
    const ctx = contextOf(c.db, '2026-05-05');
    expect(
      startStates(ctx, '2026-05-02')
        .statesOf([oppId(1)])
        .get(oppId(1))?.amount,
    ).toBe(100);
    expect(
      startStates(ctx, '2026-05-03')
        .statesOf([oppId(1)])
        .get(oppId(1))?.amount,
    ).toBe(175);
    expect(
      startStates(ctx, '2026-05-04')
        .statesOf([oppId(2)])
        .has(oppId(2)),
    ).toBe(false);
    expect(startStates(ctx, '2026-05-02').reconstructed).toBe(false);
    expect(startStates(ctx, '2026-04-30').reconstructed).toBe(true);
  });

  it(`drops intervals that ended over ${STATES_KEPT_DAYS} days before`, () => {
    cache = openTestCache();
    const c = cache;
    putOpportunities(c.db, [opportunity(oppId(1), { Amount: 1, CloseDate: '2026-06-01' })]);
    takePipelineSnapshot(c.db, '2026-01-01');
    putOpportunities(c.db, [opportunity(oppId(1), { Amount: 2, CloseDate: '2026-06-01' })]);
    takePipelineSnapshot(c.db, '2026-01-02');
    expect(states(c)).toHaveLength(2);
    takePipelineSnapshot(c.db, '2026-05-20');
    expect(states(c).map((s) => s.amount)).toEqual([2]);
  });
});

/** A hand-made week: W1..W13 on 2026-05-13, changed by 2026-05-20 (see each line). */
function handWeek(c: TestCache) {
  writeOrg(c.db);
  const w = (n: number, owner: string, amount: number, close: string, stage = 'Prospecting', extra = {}) =>
    opportunity(oppId(n), {
      OwnerId: owner,
      Amount: amount,
      Probability: 10,
      CloseDate: close,
      StageName: stage,
      IsClosed: stage.startsWith('Closed'),
      IsWon: stage === 'Closed Won',
      CreatedDate: at('2026-04-01'),
      ...extra,
    });
  putOpportunities(c.db, [
    w(1, ME, 50, '2026-06-01'),
    w(2, ME, 100, '2026-06-01'),
    w(3, ME, 200, '2026-06-01'),
    w(4, ME, 300, '2026-06-10'),
    w(5, ME, 400, '2026-06-01'),
    w(6, ME, 500, '2026-06-01'),
    w(8, ME, 700, '2026-08-01'),
    w(9, ME, 800, '2026-06-01'),
    w(10, ME, 900, '2026-05-01', 'Closed Lost'),
    w(11, ME, 1000, '2026-06-20'),
    w(12, ME, 1100, '2026-06-01'),
    w(13, OTHER, 1200, '2026-06-01'),
  ]);
  takePipelineSnapshot(c.db, '2026-05-13');
  putOpportunities(c.db, [
    w(2, ME, 150, '2026-06-01'), // increased
    w(3, ME, 120, '2026-06-01'), // decreased
    w(4, ME, 300, '2026-07-05'), // pushed out
    w(5, ME, 400, '2026-06-01', 'Closed Won'), // won
    w(6, ME, 500, '2026-06-01', 'Closed Lost'), // lost
    w(7, ME, 600, '2026-06-01', 'Prospecting', { CreatedDate: at('2026-05-15') }), // new
    w(8, ME, 700, '2026-06-01'), // pulled in
    w(10, ME, 900, '2026-06-05'), // reopened: other
    w(11, ME, 1000, '2026-03-20'), // moved before the period: other
  ]);
  c.db.transaction(() => removeRecords(c.db, 'Opportunity', [oppId(9)]))(); // gone: other
  takePipelineSnapshot(c.db, '2026-05-16');
  putOpportunities(c.db, [w(12, OTHER, 1100, '2026-06-01'), w(13, ME, 1200, '2026-06-01')]); // owners swapped
}

describe('the waterfall over snapshots', () => {
  const steps = (scope: Scope) => {
    const ctx = contextOf(cache!.db, TODAY);
    const period = resolvePeriod({ kind: 'this-quarter' }, TODAY, ctx.fiscal);
    const w = readWaterfall(ctx, period, scope, 7);
    expect(w.reconstructed).toBe(false);
    const byStep = Object.fromEntries(w.currencies[0].steps.map((s) => [s.step, [s.count, s.amount, s.deals]]));
    const list = (step: (typeof WATERFALL_STEPS)[number]) =>
      listDeals(ctx, period, { period: { kind: 'this-quarter' }, scope, limit: 100, filter: { kind: 'waterfall', step, days: 7 } })
        .deals.map((d) => d.id)
        .sort();
    return { w, byStep, list };
  };

  it('everyone: each deal in its step, start + steps = end', () => {
    cache = openTestCache();
    handWeek(cache);
    const { w, byStep, list } = steps('all');
    expect(w.currencies[0].start).toMatchObject({ count: 10, amount: 5650 });
    expect(w.currencies[0].end).toMatchObject({ count: 8, amount: 4820 });
    expect(byStep).toEqual({
      new: [1, 600, 1],
      'pulled-in': [1, 700, 1],
      'pushed-out': [-1, -300, 1],
      increased: [0, 50, 1],
      decreased: [0, -80, 1],
      won: [-1, -400, 1],
      lost: [-1, -500, 1],
      other: [-1, -900, 3],
    });
    expect(list('other')).toEqual([oppId(10), oppId(11), oppId(9)].sort());
    expect(list('pushed-out')).toEqual([oppId(4)]);
    const gone = listDeals(contextOf(cache.db, TODAY), resolvePeriod({ kind: 'this-quarter' }, TODAY), {
      period: { kind: 'this-quarter' },
      scope: 'all',
      limit: 100,
      filter: { kind: 'waterfall', step: 'other', days: 7 },
    }).deals.find((d) => d.id === oppId(9));
    expect(gone).toMatchObject({ amount: 800, closeDate: '2026-06-01', note: 'No longer in the local cache (deleted, or no longer synced)' });
  });

  it('mine: deals that changed hands leave or join my pipeline as other', () => {
    cache = openTestCache();
    handWeek(cache);
    const { w, byStep, list } = steps('mine');
    expect(w.currencies[0].start).toMatchObject({ count: 9, amount: 4450 });
    expect(w.currencies[0].end).toMatchObject({ count: 7, amount: 3720 });
    expect(byStep.other).toEqual([-1, -800, 5]);
    expect(list('other')).toEqual([9, 10, 11, 12, 13].map(oppId).sort());
    expect(list('new')).toEqual([oppId(7)]);
  });
});

/** The start pipeline by the definition, read from the history rows in JS (each deal's last row by the day). */
function bruteForceStart(c: TestCache, ctx: AnalyticsContext, day: string, period: { start: string; end: string }, scope: Scope): Map<string, number> {
  const rows = c.db.prepare(`SELECT * FROM opportunity_history ORDER BY opportunity_id, created_date, id`).all() as Array<
    Record<string, string | number | null>
  >;
  const owners = new Map(
    (c.db.prepare(`SELECT id, owner_id FROM records WHERE object = 'Opportunity'`).all() as Array<{ id: string; owner_id: string }>).map((r) => [
      r.id,
      r.owner_id,
    ]),
  );
  const dNext = localDayStartUtc(nextDay(day));
  const last = new Map<string, Record<string, string | number | null>>();
  for (const r of rows) if (String(r.created_date) < dNext) last.set(String(r.opportunity_id), r);
  const out = new Map<string, number>();
  for (const [id, r] of last) {
    const closed = TEST_STAGES.find((s) => s.name === r.stage_name)?.isClosed ?? false;
    const close = String(r.close_date);
    if (closed || close < period.start || close > period.end || !owners.has(id)) continue;
    if (scope === 'mine' && owners.get(id) !== ctx.userId) continue;
    out.set(id, Number(r.amount));
  }
  return out;
}

describe('the start rebuilt from OpportunityHistory', () => {
  it('equals each deal’s last history row by the start day, for several days, periods and scopes', () => {
    cache = openTestCache();
    writeOrg(cache.db);
    generatePipeline(cache.db, { count: 1500, seed: 11, today: TODAY });
    const ctx = contextOf(cache.db, TODAY);
    for (const day of ['2026-05-19', '2026-05-13', '2026-04-20', '2026-02-01']) {
      for (const kind of ['this-quarter', 'last-quarter', 'next-quarter', 'this-year'] as const) {
        for (const scope of ['all', 'mine'] as const) {
          const period = resolvePeriod({ kind }, TODAY, ctx.fiscal);
          const expected = bruteForceStart(cache, ctx, day, period, scope);
          const actual = startStates(ctx, day).pipeline(period, scope);
          expect(new Map(actual.map((r) => [r.id, r.amount])), `${day} ${kind} ${scope}`).toEqual(expected);
        }
      }
    }
  });
});

/** Random server and offline changes of a fifth of the deals, as a sync and the outbox would write them. */
function mutate(c: TestCache, seed: number, day: string, currencies?: string[]) {
  const r = rng(seed);
  const ids = c.db.prepare(`SELECT id FROM records WHERE object = 'Opportunity' AND local_state = 'synced'`).pluck().all() as string[];
  const server: FlatRecord[] = [];
  const gone: string[] = [];
  const shift = (date: unknown, days: number) => new Date(Date.parse(String(date)) + days * 86_400_000).toISOString().slice(0, 10);
  for (const id of ids) {
    if (r.next() > 0.2) continue;
    const rec = { ...getCachedRecord(c.db, 'Opportunity', id)!.fields };
    const roll = r.next();
    if (roll < 0.2) rec.Amount = Math.max(0, Number(rec.Amount ?? 0) + 500 * (r.int(9) - 4));
    else if (roll < 0.4) rec.CloseDate = shift(rec.CloseDate, r.int(120) - 60);
    else if (roll < 0.5) Object.assign(rec, { StageName: 'Closed Won', IsClosed: true, IsWon: true });
    else if (roll < 0.6) Object.assign(rec, { StageName: 'Closed Lost', IsClosed: true, IsWon: false });
    else if (roll < 0.65) Object.assign(rec, { StageName: 'Prospecting', IsClosed: false, IsWon: false });
    else if (roll < 0.75) rec.OwnerId = rec.OwnerId === ME ? OTHER : ME;
    else if (roll < 0.8 && currencies) rec.CurrencyIsoCode = r.pick(currencies);
    else if (roll < 0.85) gone.push(id);
    else if (roll < 0.9) applyLocalChange(c.db, { object: 'Opportunity', id, kind: 'update', fields: { Amount: 777, CloseDate: shift(rec.CloseDate, 10) } });
    else if (roll < 0.93) markDeleted(c.db, 'Opportunity', id);
    if (roll < 0.8) server.push({ ...rec, SystemModstamp: new Date().toISOString() });
  }
  for (let k = 0; k < 20; k++) {
    server.push(
      opportunity(`006N${String(seed).padStart(5, '0')}${String(k).padStart(6, '0')}AAA`.slice(0, 18), {
        OwnerId: r.next() < 0.5 ? ME : OTHER,
        StageName: 'Prospecting',
        Amount: 1000 * r.int(50),
        Probability: 10,
        CloseDate: shift(day, r.int(150) - 30),
        CreatedDate: at(day),
        CurrencyIsoCode: currencies ? r.pick(currencies) : null,
      }),
    );
  }
  c.db.transaction(() => {
    upsertRecords(c.db, 'Opportunity', server);
    removeRecords(c.db, 'Opportunity', gone);
  })();
}

describe('start + Σ steps = end on randomized histories', () => {
  for (const currencies of [undefined, ['USD', 'EUR', 'JPY']]) {
    it(`${currencies ? 'several currencies' : 'one currency'}: snapshots and rebuilt starts, both scopes, several periods; drill-downs match`, () => {
      cache = openTestCache();
      const c = cache;
      writeOrg(c.db, { currencies });
      generatePipeline(c.db, { count: 600, seed: currencies ? 7 : 5, today: TODAY, owners: 3, currencies });
      mutate(c, 1, '2026-05-06', currencies);
      takePipelineSnapshot(c.db, '2026-05-08');
      mutate(c, 2, '2026-05-10', currencies);
      takePipelineSnapshot(c.db, '2026-05-12');
      mutate(c, 3, '2026-05-14', currencies);
      takePipelineSnapshot(c.db, '2026-05-15');
      mutate(c, 4, '2026-05-18', currencies);
      const ctx = contextOf(c.db, TODAY);
      const periods: PeriodInput[] = [
        { kind: 'this-quarter' },
        { kind: 'next-quarter' },
        { kind: 'last-quarter' },
        { kind: 'this-year' },
        { kind: 'custom', start: '2026-05-01', end: '2026-07-31' },
      ];
      let checked = 0;
      for (const days of [1, 5, 7, 8, 12, 30]) {
        for (const input of periods) {
          for (const scope of ['all', 'mine'] as const) {
            const period = resolvePeriod(input, TODAY, ctx.fiscal);
            const w = readWaterfall(ctx, period, scope, days);
            expect(w.reconstructed).toBe(days > 12);
            const pipeline = readPipeline(ctx, period, scope);
            for (const slice of w.currencies) {
              const label = `${days} ${JSON.stringify(input)} ${scope} ${slice.currency}`;
              const sum = slice.steps.reduce((acc, s) => ({ count: acc.count + s.count, amount: acc.amount + s.amount }), { count: 0, amount: 0 });
              expect(slice.start.count + sum.count, label).toBe(slice.end.count);
              expect(slice.start.amount + sum.amount, label).toBeCloseTo(slice.end.amount, 6);
              // The end is the pipeline's open figure.
              const open = pipeline.currencies.find((p) => p.currency === slice.currency)?.open ?? { count: 0, amount: 0 };
              expect([slice.end.count, slice.end.amount], label).toEqual([open.count, open.amount]);
              for (const step of slice.steps) {
                const list = listDeals(ctx, period, {
                  period: input,
                  scope,
                  currency: slice.currency,
                  limit: 500,
                  filter: { kind: 'waterfall', step: step.step, days },
                });
                expect(list.total, `${label} ${step.step}`).toBe(step.deals);
                expect(new Set(list.deals.map((d) => d.id)).size).toBe(list.deals.length);
                checked += step.deals;
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(1000);
    });
  }
});
