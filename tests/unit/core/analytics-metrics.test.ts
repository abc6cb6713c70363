/**
 * The cockpit's figures over a hand-made cache, written through the app's own write path, against
 * expectations worked out by hand (the deals are listed below with what each one counts in). Today
 * is Wednesday 2026-05-20 (its week: May 18–24), the read happens at local noon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/shared/analytics/fiscal';
import { FORECAST_CATEGORIES, type PeriodInput, type Scope } from '../../../src/shared/ipc/analytics.contract';
import { readBoard } from '../../../src/main/core/analytics/board.read';
import type { AnalyticsContext } from '../../../src/main/core/analytics/context';
import { listDeals, type ParsedDealsQuery } from '../../../src/main/core/analytics/deals.read';
import { readHome } from '../../../src/main/core/analytics/home.read';
import { readLeadAnalytics } from '../../../src/main/core/analytics/leads.read';
import { readPipeline } from '../../../src/main/core/analytics/pipeline.read';
import { readSlipped } from '../../../src/main/core/analytics/slipped.read';
import { readWaterfall } from '../../../src/main/core/analytics/waterfall.read';
import { applyLocalChange, markDeleted } from '../../../src/main/core/cache/records.repo';
import {
  contextOf,
  historyId,
  lead,
  leadId,
  ME,
  openTestCache,
  opportunity,
  oppId,
  OTHER,
  putHistory,
  putLeads,
  putOpportunities,
  writeOrg,
  type TestCache,
} from './analytics-fixture';

const TODAY = '2026-05-20';
/** A local instant on `day` at 11:00 (an hour before the read: whole days elapsed are exact). */
const at = (day: string, hour = 11) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, hour).toISOString();
};
const LOCAL_DEAL = 'local-0123456789abcdef0123456789abcdef';
const SETTINGS = { staleDaysByStage: { Prospecting: 40 }, defaultStaleDays: 30, noActivityDays: 21, quarterlyQuota: { '': 10_000 } };

const deal = (n: number, owner: string, stage: string, amount: number | null, probability: number | null, close: string, forecast: string, extra = {}) => {
  const closed = stage.startsWith('Closed');
  return opportunity(oppId(n), {
    OwnerId: owner,
    StageName: stage,
    Amount: amount,
    Probability: probability,
    CloseDate: close,
    ForecastCategoryName: forecast,
    IsClosed: closed,
    IsWon: stage === 'Closed Won',
    ...extra,
  });
};

/**
 * D1..D13 (D10 deleted offline, D11 created offline). Q2 = Apr–Jun 2026.
 *  D1  me    Prospecting   1000 p10 close 05-22  in stage 49 d (stale: Prospecting's 40), closing this week
 *  D2  me    Negotiation   5000 p80 close 06-15  80 d (stale), Commit; one push out of Q2 (history without PrevCloseDate)
 *  D3  me    Proposal      2000 p50 close 05-10  5 d, no activity for 108 d (stale), overdue
 *  D4  me    Closed Won    3000      close 04-20  created 03-01: 50-day cycle
 *  D5  me    Closed Lost   4000      close 05-05
 *  D6  other Qualification 7000 p20 close 06-01  no LastStageChangeDate: 15 d from its history
 *  D7  other Closed Won    6000      close 06-10  created 01-01: 160-day cycle; one push out of Q2
 *  D8  me    Prospecting    500 p10 close 08-15  pushed out of Q2 twice
 *  D9  me    Qualification  800 p20 close 02-15  120 d (stale), overdue
 *  D10 me    Proposal       900      close 06-20  deleted offline: never counts
 *  D11 me    Prospecting   (no amount) close 06-30  created offline
 *  D12 other Old Stage      100 p30 close 05-30  an inactive stage: its own column
 *  D13 other Prospecting    300 p10 close 2027-02-10
 */
function fill(c: TestCache, options: { startMonth?: number } = {}) {
  writeOrg(c.db, options);
  putOpportunities(c.db, [
    deal(1, ME, 'Prospecting', 1000, 10, '2026-05-22', 'Pipeline', {
      CreatedDate: at('2026-04-01'),
      LastStageChangeDate: at('2026-04-01'),
      LastActivityDate: '2026-05-01',
    }),
    deal(2, ME, 'Negotiation', 5000, 80, '2026-06-15', 'Commit', {
      CreatedDate: at('2026-01-10'),
      LastStageChangeDate: at('2026-03-01'),
      LastActivityDate: '2026-05-19',
    }),
    deal(3, ME, 'Proposal', 2000, 50, '2026-05-10', 'Best Case', { CreatedDate: at('2026-02-01'), LastStageChangeDate: at('2026-05-15') }),
    deal(4, ME, 'Closed Won', 3000, 100, '2026-04-20', 'Closed', { CreatedDate: at('2026-03-01'), LastStageChangeDate: at('2026-04-20') }),
    deal(5, ME, 'Closed Lost', 4000, 0, '2026-05-05', 'Omitted', { CreatedDate: at('2026-04-05') }),
    deal(6, OTHER, 'Qualification', 7000, 20, '2026-06-01', 'Pipeline', { CreatedDate: at('2026-05-01'), LastActivityDate: '2026-05-18' }),
    deal(7, OTHER, 'Closed Won', 6000, 100, '2026-06-10', 'Closed', { CreatedDate: at('2026-01-01') }),
    deal(8, ME, 'Prospecting', 500, 10, '2026-08-15', 'Pipeline', {
      CreatedDate: at('2026-03-01'),
      LastStageChangeDate: at('2026-05-18'),
      LastActivityDate: '2026-05-18',
    }),
    deal(9, ME, 'Qualification', 800, 20, '2026-02-15', 'Pipeline', {
      CreatedDate: at('2026-01-05'),
      LastStageChangeDate: at('2026-01-20'),
      LastActivityDate: '2026-05-01',
    }),
    deal(10, ME, 'Proposal', 900, 50, '2026-06-20', 'Best Case', { CreatedDate: at('2026-04-01') }),
    deal(12, OTHER, 'Old Stage', 100, 30, '2026-05-30', 'Pipeline', {
      CreatedDate: at('2026-04-01'),
      LastStageChangeDate: at('2026-05-10'),
      LastActivityDate: '2026-05-19',
    }),
    deal(13, OTHER, 'Prospecting', 300, 10, '2027-02-10', 'Pipeline', {
      CreatedDate: at('2026-05-01'),
      LastStageChangeDate: at('2026-05-01'),
      LastActivityDate: '2026-05-19',
    }),
  ]);
  c.db.transaction(() => {
    markDeleted(c.db, 'Opportunity', oppId(10));
    applyLocalChange(c.db, {
      object: 'Opportunity',
      id: LOCAL_DEAL,
      kind: 'create',
      fields: {
        Name: 'Offline deal',
        OwnerId: ME,
        StageName: 'Prospecting',
        CloseDate: '2026-06-30',
        ForecastCategoryName: 'Pipeline',
        IsClosed: false,
        IsWon: false,
      },
    });
  })();
  let n = 0;
  const h = (opp: number, day: string, stage: string, close: string, prevClose: string | null, amount = 1000) => ({
    id: historyId(++n),
    opportunityId: oppId(opp),
    createdDate: at(day),
    stageName: stage,
    amount,
    closeDate: close,
    prevCloseDate: prevClose,
  });
  putHistory(c.db, [
    h(2, '2026-01-10', 'Prospecting', '2026-05-31', null),
    h(2, '2026-03-01', 'Negotiation', '2026-05-31', '2026-05-31'),
    h(2, '2026-04-10', 'Negotiation', '2026-07-15', null), // written before PrevCloseDate existed: its previous row says 05-31
    h(2, '2026-04-20', 'Negotiation', '2026-06-15', '2026-07-15'),
    h(8, '2026-03-01', 'Prospecting', '2026-05-15', null),
    h(8, '2026-04-01', 'Prospecting', '2026-06-20', '2026-05-15'),
    h(8, '2026-04-15', 'Prospecting', '2026-07-10', '2026-06-20'),
    h(8, '2026-05-01', 'Prospecting', '2026-06-25', '2026-07-10'),
    h(8, '2026-05-10', 'Prospecting', '2026-08-15', '2026-06-25'),
    h(6, '2026-05-01', 'Prospecting', '2026-06-01', null, 7000),
    h(6, '2026-05-05', 'Qualification', '2026-06-01', '2026-06-01', 7000),
    h(6, '2026-05-10', 'Qualification', '2026-06-01', '2026-06-01', 7000),
    h(10, '2026-04-01', 'Proposal', '2026-05-20', null),
    h(10, '2026-04-05', 'Proposal', '2026-07-01', '2026-05-20'),
    h(7, '2026-01-01', 'Prospecting', '2026-05-01', null),
    h(7, '2026-02-01', 'Prospecting', '2026-07-01', '2026-05-01'),
    h(7, '2026-03-01', 'Closed Won', '2026-06-10', '2026-07-01'),
  ]);
  const l = (k: number, owner: string, created: string, status: string, source: string | null, extra = {}) =>
    lead(leadId(k), { OwnerId: owner, CreatedDate: at(created), Status: status, LeadSource: source, IsConverted: status === 'Closed - Converted', ...extra });
  putLeads(c.db, [
    l(1, ME, '2026-04-10', 'Open - Not Contacted', 'Web'),
    l(2, ME, '2026-04-15', 'Closed - Converted', 'Web', { ConvertedDate: '2026-04-25', ConvertedOpportunityId: oppId(4) }),
    l(3, ME, '2026-05-01', 'Closed - Converted', 'Phone Inquiry', { ConvertedDate: '2026-05-11', ConvertedOpportunityId: oppId(2) }),
    l(4, OTHER, '2026-05-02', 'Working - Contacted', null, { LastActivityDate: '2026-05-19' }),
    l(5, ME, '2026-03-15', 'Working - Contacted', 'Web', { LastActivityDate: '2026-05-15' }),
    l(6, ME, '2026-04-20', 'Closed - Not Converted', 'Phone Inquiry'),
    l(7, ME, '2026-04-22', 'Closed - Converted', null, { ConvertedDate: '2026-05-12', ConvertedOpportunityId: oppId(4) }),
  ]);
}

const totals = (count: number, amount: number, weighted: number) => ({ count, amount, weighted });
const ids = (...n: number[]) => n.map(oppId);

let cache: TestCache;
let ctx: AnalyticsContext;
const period = (input: PeriodInput, c = ctx) => resolvePeriod(input, c.today, c.fiscal);
const Q2 = () => period({ kind: 'this-quarter' });
const deals = (scope: Scope, filter: ParsedDealsQuery['filter'], p = Q2(), extra: Partial<ParsedDealsQuery> = {}) =>
  listDeals(ctx, p, { period: { kind: 'this-quarter' }, scope, limit: 500, filter, ...extra });

beforeAll(() => {
  cache = openTestCache();
  fill(cache);
  ctx = contextOf(cache.db, TODAY, SETTINGS);
});
afterAll(() => cache.close());

describe('pipeline', () => {
  it('everyone, this quarter: by stage in the org order (the inactive stage appended), forecast, outcomes, rates, cycle, coverage', () => {
    const p = readPipeline(ctx, Q2(), 'all');
    expect(p.period).toMatchObject({ start: '2026-04-01', end: '2026-06-30', label: 'Q2 FY2026' });
    expect(p.stages.map((s) => s.name)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);
    expect(p.currencies).toHaveLength(1);
    const c = p.currencies[0];
    expect(c.currency).toBeNull();
    expect(c.byStage).toEqual([
      { stage: 'Prospecting', label: 'Prospecting label', totals: totals(2, 1000, 100) },
      { stage: 'Qualification', label: 'Qualification label', totals: totals(1, 7000, 1400) },
      { stage: 'Proposal', label: 'Proposal label', totals: totals(1, 2000, 1000) },
      { stage: 'Negotiation', label: 'Negotiation label', totals: totals(1, 5000, 4000) },
      { stage: 'Old Stage', label: 'Old Stage label', totals: totals(1, 100, 30) },
    ]);
    expect(c.byForecast).toEqual([
      { category: 'Closed', totals: totals(2, 9000, 9000) },
      { category: 'Commit', totals: totals(1, 5000, 4000) },
      { category: 'Best Case', totals: totals(1, 2000, 1000) },
      { category: 'Pipeline', totals: totals(4, 8100, 1530) },
    ]);
    expect(c.open).toEqual(totals(6, 15100, 6530));
    expect(c.won).toEqual(totals(2, 9000, 9000));
    expect(c.lost).toEqual(totals(1, 4000, 0));
    expect(c.winRateByCount).toBeCloseTo(2 / 3);
    expect(c.winRateByAmount).toBeCloseTo(9000 / 13000);
    expect(c.averageDealSize).toBe(4500);
    expect(c.averageSalesCycleDays).toBe(105);
    expect(c.coverage).toEqual({ quota: 10_000, remaining: 1000, ratio: 15.1 });
    expect(p.daysInStage).toEqual([
      { stage: 'Prospecting', count: 2, averageDays: 24.5, medianDays: 24.5 },
      { stage: 'Qualification', count: 1, averageDays: 15, medianDays: 15 },
      { stage: 'Proposal', count: 1, averageDays: 5, medianDays: 5 },
      { stage: 'Negotiation', count: 1, averageDays: 80, medianDays: 80 },
      { stage: 'Old Stage', count: 1, averageDays: 10, medianDays: 10 },
    ]);
  });

  it('mine, this quarter: my deals only (the offline one in, the deleted one out)', () => {
    const c = readPipeline(ctx, Q2(), 'mine').currencies[0];
    expect(c.byStage.map((s) => [s.stage, s.totals])).toEqual([
      ['Prospecting', totals(2, 1000, 100)],
      ['Qualification', totals(0, 0, 0)],
      ['Proposal', totals(1, 2000, 1000)],
      ['Negotiation', totals(1, 5000, 4000)],
    ]);
    expect(c.byForecast.map((f) => f.totals)).toEqual([totals(1, 3000, 3000), totals(1, 5000, 4000), totals(1, 2000, 1000), totals(2, 1000, 100)]);
    expect(c.open).toEqual(totals(4, 8000, 5100));
    expect([c.won, c.lost]).toEqual([totals(1, 3000, 3000), totals(1, 4000, 0)]);
    expect([c.winRateByCount, c.winRateByAmount, c.averageDealSize, c.averageSalesCycleDays]).toEqual([0.5, 3000 / 7000, 3000, 50]);
    expect(c.coverage).toEqual({ quota: 10_000, remaining: 7000, ratio: 8000 / 7000 });
  });

  it('other periods: next and last quarter, this year (quota × 4), a custom range (no coverage, a lost deal only)', () => {
    const next = readPipeline(ctx, period({ kind: 'next-quarter' }), 'all').currencies[0];
    expect([next.open, next.won, next.winRateByCount, next.averageDealSize, next.averageSalesCycleDays]).toEqual([
      totals(1, 500, 50),
      totals(0, 0, 0),
      null,
      null,
      null,
    ]);
    expect(next.coverage).toEqual({ quota: 10_000, remaining: 10_000, ratio: 0.05 });
    const last = readPipeline(ctx, period({ kind: 'last-quarter' }), 'all');
    expect(last.period.label).toBe('Q1 FY2026');
    expect(last.currencies[0].open).toEqual(totals(1, 800, 160));
    const year = readPipeline(ctx, period({ kind: 'this-year' }), 'all').currencies[0];
    expect(year.open).toEqual(totals(8, 16_400, 6740));
    expect(year.coverage).toEqual({ quota: 40_000, remaining: 31_000, ratio: 16_400 / 31_000 });
    const may = readPipeline(ctx, period({ kind: 'custom', start: '2026-05-01', end: '2026-05-31' }), 'all').currencies[0];
    expect([may.open, may.won, may.lost, may.winRateByCount, may.winRateByAmount, may.coverage]).toEqual([
      totals(3, 3100, 1130),
      totals(0, 0, 0),
      totals(1, 4000, 0),
      0,
      0,
      null,
    ]);
  });

  it('a fiscal year starting in April: its year, its quarters and their labels', () => {
    const april = openTestCache();
    try {
      fill(april, { startMonth: 4 });
      const actx = contextOf(april.db, TODAY, SETTINGS);
      const year = readPipeline(actx, period({ kind: 'this-year' }, actx), 'all');
      expect(year.period).toMatchObject({ start: '2026-04-01', end: '2027-03-31', label: 'FY2027' });
      // D9 (Feb 2026) is last fiscal year; D13 (Feb 2027) is this one.
      expect(year.currencies[0].open).toEqual(totals(8, 15_900, 6610));
      expect(readPipeline(actx, period({ kind: 'this-quarter' }, actx), 'mine').period.label).toBe('Q1 FY2027');
      const last = readPipeline(actx, period({ kind: 'last-quarter' }, actx), 'all');
      expect(last.period).toMatchObject({ start: '2026-01-01', end: '2026-03-31', label: 'Q4 FY2026' });
      expect(last.currencies[0].open).toEqual(totals(1, 800, 160));
      expect(readHome(actx).period.label).toBe('Q1 FY2027');
    } finally {
      april.close();
    }
  });
});

describe('Home', () => {
  it('my quarter, closing this week, overdue, stale (any close date), by the rules set', () => {
    const home = readHome(ctx);
    expect(home.basis).toMatchObject({ state: 'ready', orgSettingsKnown: true });
    expect(home.pipeline).toEqual([
      {
        currency: null,
        open: totals(4, 8000, 5100),
        byForecast: [
          { category: 'Closed', totals: totals(0, 0, 0) },
          { category: 'Commit', totals: totals(1, 5000, 4000) },
          { category: 'Best Case', totals: totals(1, 2000, 1000) },
          { category: 'Pipeline', totals: totals(2, 1000, 100) },
        ],
        closedWon: totals(1, 3000, 3000),
      },
    ]);
    expect(home.closingThisWeek.map((d) => d.id)).toEqual(ids(1));
    expect(home.overdue.map((d) => [d.id, d.note])).toEqual([
      [oppId(9), '94 days past its close date'],
      [oppId(3), '10 days past its close date'],
    ]);
    expect(home.overdueCount).toBe(2);
    expect(home.stale.map((d) => [d.id, d.daysInStage, d.note])).toEqual([
      [oppId(9), 120, 'In Qualification for 120 days'],
      [oppId(2), 80, 'In Negotiation for 80 days'],
      [oppId(1), 49, 'In Prospecting for 49 days'],
      [oppId(3), 5, 'No activity for 108 days'],
    ]);
    expect(home.staleCount).toBe(4);
    const d1 = home.closingThisWeek[0];
    expect(d1).toMatchObject({
      name: 'Deal 001AAA',
      ownerName: 'Me Myself',
      stage: 'Prospecting',
      amount: 1000,
      probability: 10,
      isClosed: false,
      localState: 'synced',
    });
  });

  it('before the first sync: empty figures, not zeros', () => {
    const empty = openTestCache();
    try {
      const home = readHome(contextOf(empty.db, TODAY));
      expect(home.basis.state).toBe('never-synced');
      expect(home.pipeline).toEqual([]);
      expect(readPipeline(contextOf(empty.db, TODAY), Q2(), 'all').currencies).toEqual([]);
    } finally {
      empty.close();
    }
  });
});

describe('drill-downs list exactly the deals behind each figure', () => {
  for (const scope of ['all', 'mine'] as const) {
    for (const kind of ['this-quarter', 'next-quarter', 'last-quarter', 'this-year'] as const) {
      it(`${scope}, ${kind}: every bar, tile and total`, () => {
        const p = period({ kind });
        const summary = readPipeline(ctx, p, scope);
        const check = (filter: ParsedDealsQuery['filter'], figure: { count: number; amount: number }) => {
          const list = deals(scope, filter, p);
          expect(list.total, JSON.stringify(filter)).toBe(figure.count);
          expect(list.deals.reduce((sum, d) => sum + (d.amount ?? 0), 0)).toBeCloseTo(figure.amount);
        };
        for (const c of summary.currencies) {
          for (const s of c.byStage) check({ kind: 'open', stage: s.stage }, s.totals);
          for (const f of c.byForecast) check({ kind: 'forecast', category: f.category }, f.totals);
          check({ kind: 'open' }, c.open);
          check({ kind: 'won' }, c.won);
          check({ kind: 'lost' }, c.lost);
        }
        const stages = summary.daysInStage;
        for (const s of stages) expect(deals(scope, { kind: 'open', stage: s.stage }, p).total).toBe(s.count);
      });
    }
  }

  it("Home's tiles: open by forecast category, closed won, overdue, stale", () => {
    const home = readHome(ctx);
    for (const f of home.pipeline[0].byForecast) expect(deals('mine', { kind: 'open', forecastCategory: f.category }).total).toBe(f.totals.count);
    expect(deals('mine', { kind: 'won' }).total).toBe(home.pipeline[0].closedWon.count);
    expect(deals('mine', { kind: 'overdue' }).deals.map((d) => d.id)).toEqual(home.overdue.map((d) => d.id));
    const stale = deals('mine', { kind: 'stale', anyCloseDate: true });
    expect(stale.deals.map((d) => [d.id, d.note])).toEqual(home.stale.map((d) => [d.id, d.note]));
    expect(deals('mine', { kind: 'stale', anyCloseDate: false }).deals.map((d) => d.id)).toEqual(ids(2, 1, 3));
  });

  it('limit and currency: the total stays the figure, a currency the single-currency org lacks lists nothing', () => {
    const open = deals('all', { kind: 'open' }, Q2(), { limit: 2 });
    expect(open.total).toBe(6);
    expect(open.deals.map((d) => d.id)).toEqual(ids(6, 2));
    expect(deals('all', { kind: 'open' }, Q2(), { currency: 'EUR' }).total).toBe(0);
    expect(deals('all', { kind: 'open' }, Q2(), { currency: null }).total).toBe(6);
  });
});

describe('slipped deals', () => {
  it('pushes out of the period from OpportunityHistory, with or without PrevCloseDate; deleted deals left out', () => {
    const all = readSlipped(ctx, Q2(), 'all');
    expect(all.deals.map((d) => [d.id, d.pushes, d.firstCloseDate, d.lastPushedAt])).toEqual([
      [oppId(8), 2, '2026-05-15', at('2026-05-10')],
      [oppId(2), 1, '2026-05-31', at('2026-04-10')],
      [oppId(7), 1, '2026-05-01', at('2026-02-01')],
    ]);
    expect([all.total, all.pushCount]).toEqual([3, 4]);
    expect(all.deals[0].note).toBe('Pushed out of the period 2 times');
    const mine = readSlipped(ctx, Q2(), 'mine');
    expect(mine.deals.map((d) => d.id)).toEqual(ids(8, 2));
    expect([mine.total, mine.pushCount]).toEqual([2, 3]);
    // Pulled back into Q3 is not a push out of it.
    expect(readSlipped(ctx, period({ kind: 'next-quarter' }), 'all')).toMatchObject({ deals: [], total: 0, pushCount: 0 });
  });
});

describe('the board', () => {
  it('a column per open stage in order, totals, cards by close date, owners', () => {
    const board = readBoard(ctx, {});
    expect(board.columns.map((c) => [c.stage, c.cards.map((d) => d.id), c.totals])).toEqual([
      ['Prospecting', [oppId(1), LOCAL_DEAL, oppId(8), oppId(13)], [{ currency: null, ...totals(4, 1800, 180) }]],
      ['Qualification', ids(9, 6), [{ currency: null, ...totals(2, 7800, 1560) }]],
      ['Proposal', ids(3), [{ currency: null, ...totals(1, 2000, 1000) }]],
      ['Negotiation', ids(2), [{ currency: null, ...totals(1, 5000, 4000) }]],
      ['Old Stage', ids(12), [{ currency: null, ...totals(1, 100, 30) }]],
    ]);
    expect(board.owners).toEqual([
      { id: ME, name: 'Me Myself' },
      { id: OTHER, name: 'Other Rep' },
    ]);
    expect(board.stages.map((s) => s.name)).toContain('Closed Won');
    const card = board.columns[0].cards[1];
    expect(card).toMatchObject({ id: LOCAL_DEAL, name: 'Offline deal', localState: 'created', amount: null, daysInStage: 0 });
  });

  it('filters: owner, close period, amount', () => {
    const mine = readBoard(ctx, { owner: 'me' });
    expect(mine.columns.map((c) => [c.stage, c.cards.map((d) => d.id)])).toEqual([
      ['Prospecting', [oppId(1), LOCAL_DEAL, oppId(8)]],
      ['Qualification', ids(9)],
      ['Proposal', ids(3)],
      ['Negotiation', ids(2)],
    ]);
    const filtered = readBoard(ctx, { period: { kind: 'this-quarter' }, minAmount: 1000 });
    expect(filtered.columns.map((c) => [c.stage, c.cards.map((d) => d.id)])).toEqual([
      ['Prospecting', ids(1)],
      ['Qualification', ids(6)],
      ['Proposal', ids(3)],
      ['Negotiation', ids(2)],
    ]);
    expect(readBoard(ctx, { owner: OTHER, maxAmount: 200 }).columns.map((c) => [c.stage, c.cards.map((d) => d.id)])).toEqual([
      ['Prospecting', []],
      ['Qualification', []],
      ['Proposal', []],
      ['Negotiation', []],
      ['Old Stage', ids(12)],
    ]);
  });
});

describe('lead analytics', () => {
  it('mine, this quarter: funnel in LeadStatus order, sources, time to convert, aging, converted to won', () => {
    const leads = readLeadAnalytics(ctx, Q2(), 'mine');
    expect(leads.funnel).toEqual([
      { status: 'Open - Not Contacted', sortOrder: 10, isConverted: false, count: 1 },
      { status: 'Working - Contacted', sortOrder: 20, isConverted: false, count: 0 },
      { status: 'Closed - Converted', sortOrder: 30, isConverted: true, count: 3 },
      { status: 'Closed - Not Converted', sortOrder: 40, isConverted: false, count: 1 },
    ]);
    expect([leads.created, leads.converted]).toEqual([5, 3]);
    expect(leads.bySource).toEqual([
      { source: 'Phone Inquiry', created: 2, converted: 1, rate: 0.5 },
      { source: 'Web', created: 2, converted: 1, rate: 0.5 },
      { source: '(none)', created: 1, converted: 1, rate: 1 },
    ]);
    expect(leads.timeToConvert).toEqual({ count: 3, medianDays: 10, p90Days: 20 });
    expect(leads.aging.map((a) => [a.sinceCreated, a.sinceActivity])).toEqual([
      [0, 1],
      [0, 0],
      [2, 1],
      [0, 0],
      [0, 0],
    ]);
    // L2 and L7 became D4 (won, 3000: counted once), L3 became D2 (open).
    expect(leads.toWon).toEqual({ converted: 3, withOpportunity: 3, won: 2, wonAmount: [{ currency: null, amount: 3000 }] });
  });

  it('everyone: the other rep’s lead joins the cohort and the aging', () => {
    const leads = readLeadAnalytics(ctx, Q2(), 'all');
    expect([leads.created, leads.converted]).toEqual([6, 3]);
    expect(leads.funnel.map((f) => f.count)).toEqual([1, 1, 3, 1]);
    expect(leads.bySource).toHaveLength(3);
    expect(leads.bySource).toEqual(expect.arrayContaining([{ source: '(none)', created: 2, converted: 1, rate: 0.5 }]));
    expect(leads.aging.map((a) => [a.sinceCreated, a.sinceActivity])).toEqual([
      [0, 2],
      [1, 0],
      [2, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(readLeadAnalytics(ctx, period({ kind: 'last-quarter' }), 'all')).toMatchObject({ created: 1, converted: 0 });
  });
});

describe('the waterfall before any snapshot', () => {
  it('is rebuilt from history (and the cached values of deals unchanged since): the offline deal is new', () => {
    const w = readWaterfall(ctx, Q2(), 'all', 7);
    expect([w.startDate, w.endDate, w.reconstructed]).toEqual(['2026-05-13', TODAY, true]);
    const c = w.currencies[0];
    expect(c.start).toEqual(totals(5, 15_100, 6530));
    expect(c.end).toEqual(totals(6, 15_100, 6530));
    expect(c.steps.filter((s) => s.deals > 0)).toEqual([{ step: 'new', count: 1, amount: 0, deals: 1 }]);
  });
});

describe('several currencies', () => {
  it('never adds amounts across currencies: one slice per CurrencyIsoCode, the corporate one first; quotas per currency', () => {
    const multi = openTestCache();
    try {
      writeOrg(multi.db, { currencies: ['USD', 'EUR'] });
      const m = (n: number, owner: string, stage: string, amount: number, currency: string, extra = {}) =>
        deal(n, owner, stage, amount, stage.startsWith('Closed') ? (stage === 'Closed Won' ? 100 : 0) : 50, '2026-05-15', 'Pipeline', {
          CurrencyIsoCode: currency,
          CreatedDate: at('2026-04-01'),
          ...extra,
        });
      putOpportunities(multi.db, [
        m(1, ME, 'Proposal', 1000, 'USD'),
        m(2, ME, 'Proposal', 2000, 'EUR'),
        m(3, ME, 'Closed Won', 500, 'EUR', { ForecastCategoryName: 'Closed' }),
        m(4, OTHER, 'Closed Lost', 300, 'USD', { ForecastCategoryName: 'Omitted' }),
      ]);
      putLeads(multi.db, [
        lead(leadId(1), {
          CreatedDate: at('2026-04-02'),
          Status: 'Closed - Converted',
          IsConverted: true,
          ConvertedOpportunityId: oppId(3),
          ConvertedDate: '2026-04-03',
        }),
      ]);
      const mctx = contextOf(multi.db, TODAY, { quarterlyQuota: { USD: 5000, EUR: 1000 } });
      const p = readPipeline(mctx, Q2(), 'all');
      expect(p.currencies.map((c) => [c.currency, c.open, c.won, c.lost, c.coverage])).toEqual([
        ['USD', totals(1, 1000, 500), totals(0, 0, 0), totals(1, 300, 0), { quota: 5000, remaining: 5000, ratio: 0.2 }],
        ['EUR', totals(1, 2000, 1000), totals(1, 500, 500), totals(0, 0, 0), { quota: 1000, remaining: 500, ratio: 4 }],
      ]);
      expect(readHome(mctx).pipeline.map((c) => [c.currency, c.open.amount, c.closedWon.amount])).toEqual([
        ['USD', 1000, 0],
        ['EUR', 2000, 500],
      ]);
      const eur = listDeals(mctx, Q2(), { period: { kind: 'this-quarter' }, scope: 'all', limit: 10, filter: { kind: 'open' }, currency: 'EUR' });
      expect(eur.deals.map((d) => [d.id, d.currency])).toEqual([[oppId(2), 'EUR']]);
      expect(readBoard(mctx, {}).columns.find((c) => c.stage === 'Proposal')?.totals).toEqual([
        { currency: 'USD', ...totals(1, 1000, 500) },
        { currency: 'EUR', ...totals(1, 2000, 1000) },
      ]);
      expect(readLeadAnalytics(mctx, Q2(), 'all').toWon.wonAmount).toEqual([{ currency: 'EUR', amount: 500 }]);
      expect(readWaterfall(mctx, Q2(), 'all', 7).currencies.map((c) => c.currency)).toEqual(['USD', 'EUR']);
    } finally {
      multi.close();
    }
  });
});

it('forecast categories are listed in the contract order', () => {
  expect(readPipeline(ctx, Q2(), 'all').currencies[0].byForecast.map((f) => f.category)).toEqual([...FORECAST_CATEGORIES]);
});
