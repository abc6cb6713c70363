/**
 * The cockpit against the emulator: a generated org (stage histories, pushes, wins and losses,
 * converted leads) synced into a cache by the app's own sync (records, the org's settings and stages,
 * OpportunityHistory), then every figure of `analytics:*`
 * compared with the same figure computed by SOQL — aggregate queries wherever SOQL has one (counts,
 * sums, averages by stage, forecast category, outcome, owner, status and source), plain record
 * queries where it has none (days in stage, sales cycle, time to convert, aging) — for several
 * periods and both scopes, with a January and an April fiscal year.
 *
 * A single-currency org and two multi-currency ones: there SOQL aggregates of currency fields are
 * in the corporate currency, so each of the app's per-currency amounts is converted with the org's
 * CurrencyType rate before it is compared.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, resolvePeriod, weekOf } from '../../src/shared/analytics/fiscal';
import { DEFAULT_COCKPIT_SETTINGS, FORECAST_CATEGORIES, type PeriodInput, type Scope } from '../../src/shared/ipc/analytics.contract';
import { addDays, localDayStartUtc, nextDay } from '../../src/main/core/analytics/context';
import { canonicalDatetime } from '../../src/main/core/cache/objects';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { readOrgSettings } from '../../src/main/core/cache/reference.repo';
import { connect } from '../emulator/helpers';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

type Row = Record<string, any>;
/** A datetime as REST writes it ('+0000') in epoch ms, and the user's day of it. */
const ms = (datetime: string) => Date.parse(canonicalDatetime(datetime));
const dayOf = (datetime: string) => localDate(new Date(ms(datetime)));
const PERIODS: PeriodInput[] = [{ kind: 'this-quarter' }, { kind: 'next-quarter' }, { kind: 'last-quarter' }, { kind: 'this-year' }];
const SCOPES: Scope[] = ['mine', 'all'];
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const QUOTA = { USD: 400_000, EUR: 250_000, GBP: 150_000, '': 500_000 };

interface Org {
  h: Harness;
  /** A multi-currency org (CurrencyIsoCode exists); a single-currency org's figures have currency null. */
  multi: boolean;
  conn: Connection;
  me: string;
  rates: Map<string, number>;
  today: string;
  fiscal: { startMonth: number; nameByStartYear: boolean; fromOrg: boolean };
}

async function soql(org: Org, text: string): Promise<Row[]> {
  return (await org.conn.query<Row>(text, { autoFetch: true, maxFetch: 1_000_000 })).records;
}

/** The sync brought what the cockpit reads besides the records: the org's settings, stages and history. */
function expectReferenceData(org: Org, connectionId: string): void {
  const cache = openOrgCache(org.h.dataDir, connectionId);
  try {
    expect(readOrgSettings(cache)).toMatchObject({ fiscalYearStartMonth: org.fiscal.startMonth, multiCurrency: org.multi });
    expect(cache.prepare('SELECT COUNT(*) FROM opportunity_stages').pluck().get()).toBeGreaterThan(0);
    expect(cache.prepare('SELECT COUNT(*) FROM opportunity_history').pluck().get()).toBeGreaterThan(0);
  } finally {
    cache.close();
  }
}

async function startOrg(emulator: { fiscalYearStartMonth?: number; currencies?: string[] }): Promise<Org> {
  const h = await createHarness({ scale: 120, settings: { sync: { scope: 'all', intervalMinutes: 0 } }, emulator });
  const connectionId = await h.loginDemo();
  const status = await syncAndWait(h);
  expect(status.lastRun).toMatchObject({ outcome: 'ok' });
  const conn = await connect(h.emulator());
  const org: Org = {
    h,
    conn,
    multi: emulator.currencies !== undefined,
    me: h.emulator().demoUserId,
    rates: new Map(),
    today: localDate(),
    fiscal: { startMonth: 1, nameByStartYear: false, fromOrg: true },
  };
  if (org.multi) for (const c of await soql(org, 'SELECT IsoCode, ConversionRate FROM CurrencyType')) org.rates.set(c.IsoCode, c.ConversionRate);
  const [o] = await soql(org, 'SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization');
  org.fiscal = { startMonth: o.FiscalYearStartMonth, nameByStartYear: o.UsesStartDateAsFiscalYearName, fromOrg: true };
  expectReferenceData(org, connectionId);
  await h.call('analytics:settings-update', { quarterlyQuota: QUOTA });
  return org;
}

/** An amount of the app (in its own currency) against a SOQL aggregate (in the corporate currency). */
function expectAmount(org: Org, currency: string | null, app: number, corporate: number | null | undefined, label: string) {
  const converted = app / (org.rates.get(currency ?? '') ?? 1);
  // SOQL rounds a converted aggregate once, to the corporate currency's decimals.
  expect(Math.abs(converted - (corporate ?? 0)), `${label}: ${converted} vs ${corporate}`).toBeLessThan(0.011 + 1e-9 * Math.abs(corporate ?? 0));
}

/** `, CurrencyIsoCode` in a multi-currency org (SELECT and GROUP BY lists), nothing otherwise. */
const cc = (org: Org) => (org.multi ? ', CurrencyIsoCode' : '');
/** A SOQL row's currency as the app names it: its CurrencyIsoCode, or null in a single-currency org. */
const curOf = (org: Org, r: Row): string | null => (org.multi ? r.CurrencyIsoCode : null);
const owner = (org: Org, scope: Scope, field = 'OwnerId') => (scope === 'mine' ? `AND ${field} = '${org.me}'` : '');
const key = (...parts: unknown[]) => parts.map(String).join('|');

async function checkPipeline(org: Org, input: PeriodInput, scope: Scope) {
  const app = await org.h.call('analytics:pipeline', { period: input, scope });
  const p = app.period;
  const where = `CloseDate >= ${p.start} AND CloseDate <= ${p.end} ${owner(org, scope)}`;
  const label = `${p.label} ${scope}`;
  const byStage = await soql(
    org,
    `SELECT StageName${cc(org)}, COUNT(Id) n, SUM(Amount) amount, SUM(ExpectedRevenue) weighted FROM Opportunity WHERE IsClosed = false AND ${where} GROUP BY StageName${cc(org)}`,
  );
  const byForecast = await soql(
    org,
    `SELECT ForecastCategoryName${cc(org)}, COUNT(Id) n, SUM(Amount) amount FROM Opportunity WHERE ${where} GROUP BY ForecastCategoryName${cc(org)}`,
  );
  const outcomes = await soql(
    org,
    `SELECT IsClosed, IsWon${cc(org)}, COUNT(Id) n, SUM(Amount) amount, SUM(ExpectedRevenue) weighted, AVG(Amount) average FROM Opportunity WHERE ${where} GROUP BY IsClosed, IsWon${cc(org)}`,
  );
  const won = await soql(org, `SELECT CreatedDate, CloseDate${cc(org)} FROM Opportunity WHERE IsWon = true AND ${where}`);
  const stageMap = new Map(byStage.map((r) => [key(r.StageName, curOf(org, r)), r]));
  const forecastMap = new Map(byForecast.map((r) => [key(r.ForecastCategoryName, curOf(org, r)), r]));
  const outcomeMap = new Map(outcomes.map((r) => [key(r.IsClosed, r.IsWon, curOf(org, r)), r]));
  expect(new Set(app.currencies.map((c) => c.currency))).toEqual(new Set(outcomes.length ? outcomes.map((r) => curOf(org, r)) : [org.multi ? 'USD' : null]));
  for (const c of app.currencies) {
    const cur = c.currency;
    for (const s of c.byStage) {
      const row = stageMap.get(key(s.stage, cur));
      expect(s.totals.count, `${label} ${cur} ${s.stage}`).toBe(row?.n ?? 0);
      expectAmount(org, cur, s.totals.amount, row?.amount, `${label} ${cur} ${s.stage} amount`);
      expectAmount(org, cur, s.totals.weighted, row?.weighted, `${label} ${cur} ${s.stage} weighted`);
    }
    // Every open deal of the period sits in a listed stage.
    expect(c.byStage.reduce((n, s) => n + s.totals.count, 0)).toBe(c.open.count);
    for (const f of c.byForecast) {
      const row = forecastMap.get(key(f.category, cur));
      expect(f.totals.count, `${label} ${cur} ${f.category}`).toBe(row?.n ?? 0);
      expectAmount(org, cur, f.totals.amount, row?.amount, `${label} ${cur} ${f.category} amount`);
    }
    const open = outcomeMap.get(key(false, false, cur));
    const wonRow = outcomeMap.get(key(true, true, cur));
    const lost = outcomeMap.get(key(true, false, cur));
    expect([c.open.count, c.won.count, c.lost.count], `${label} ${cur} outcomes`).toEqual([open?.n ?? 0, wonRow?.n ?? 0, lost?.n ?? 0]);
    expectAmount(org, cur, c.open.amount, open?.amount, `${label} ${cur} open`);
    expectAmount(org, cur, c.open.weighted, open?.weighted, `${label} ${cur} open weighted`);
    expectAmount(org, cur, c.won.amount, wonRow?.amount, `${label} ${cur} won`);
    expectAmount(org, cur, c.lost.amount, lost?.amount, `${label} ${cur} lost`);
    const closed = (wonRow?.n ?? 0) + (lost?.n ?? 0);
    expect(c.winRateByCount).toBe(closed ? (wonRow?.n ?? 0) / closed : null);
    const closedAmount = (wonRow?.amount ?? 0) + (lost?.amount ?? 0);
    if (closedAmount) expect(c.winRateByAmount).toBeCloseTo((wonRow?.amount ?? 0) / closedAmount, 6);
    if (wonRow) expectAmount(org, cur, c.averageDealSize ?? 0, wonRow.average, `${label} ${cur} average deal`);
    else expect(c.averageDealSize).toBeNull();
    const cycles = won.filter((r) => curOf(org, r) === cur).map((r) => (Date.parse(r.CloseDate) - Date.parse(dayOf(r.CreatedDate))) / 86_400_000);
    if (cycles.length) expect(c.averageSalesCycleDays).toBeCloseTo(cycles.reduce((a, b) => a + b, 0) / cycles.length, 6);
    const quarters = { 'this-year': 4 }[p.kind as string] ?? 1;
    const quota = QUOTA[(cur ?? '') as keyof typeof QUOTA] * quarters;
    expect(c.coverage?.quota).toBe(quota);
    expect(c.coverage?.remaining).toBeCloseTo(quota - c.won.amount, 6);
  }
  // Days in stage: LastStageChangeDate of the open deals, whole days elapsed.
  const open = await soql(org, `SELECT StageName, LastStageChangeDate, CreatedDate FROM Opportunity WHERE IsClosed = false AND ${where}`);
  const now = Date.now();
  for (const d of app.daysInStage) {
    const days = open.filter((r) => r.StageName === d.stage).map((r) => Math.floor((now - ms(r.LastStageChangeDate ?? r.CreatedDate)) / 86_400_000));
    expect(d.count, `${label} days in ${d.stage}`).toBe(days.length);
    if (days.length) expect(d.averageDays).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 6);
  }
  // A bar's drill-down lists the bar's deals.
  const bar = app.currencies[0]?.byStage.find((s) => s.totals.count > 0);
  if (bar) {
    const cur = app.currencies[0].currency;
    const list = await org.h.call('analytics:deals', { period: input, scope, currency: cur, limit: 500, filter: { kind: 'open', stage: bar.stage } });
    const ids = await soql(
      org,
      `SELECT Id FROM Opportunity WHERE IsClosed = false AND StageName = '${bar.stage}' ${org.multi ? `AND CurrencyIsoCode = '${cur}'` : ''} AND ${where}`,
    );
    expect(list.deals.map((d) => d.id).sort()).toEqual(ids.map((r) => r.Id).sort());
  }
  return app;
}

async function checkSlipped(org: Org, input: PeriodInput, scope: Scope) {
  const app = await org.h.call('analytics:slipped', { period: input, scope });
  const p = app.period;
  const mine = scope === 'mine' ? `AND OpportunityId IN (SELECT Id FROM Opportunity WHERE OwnerId = '${org.me}')` : '';
  const rows = await soql(
    org,
    `SELECT OpportunityId, COUNT(Id) n FROM OpportunityHistory WHERE PrevCloseDate >= ${p.start} AND PrevCloseDate <= ${p.end} AND CloseDate > ${p.end} ${mine} GROUP BY OpportunityId`,
  );
  expect(app.total, `${p.label} ${scope} slipped`).toBe(rows.length);
  expect(app.pushCount).toBe(rows.reduce((n, r) => n + r.n, 0));
  const pushes = new Map(rows.map((r) => [r.OpportunityId, r.n]));
  for (const d of app.deals) expect(d.pushes).toBe(pushes.get(d.id));
}

async function checkLeads(org: Org, input: PeriodInput, scope: Scope) {
  const app = await org.h.call('analytics:leads', { period: input, scope });
  const p = app.period;
  const cohort = `CreatedDate >= ${localDayStartUtc(p.start).replace('.000', '')} AND CreatedDate < ${localDayStartUtc(nextDay(p.end)).replace('.000', '')} ${owner(org, scope)}`;
  const label = `${p.label} ${scope} leads`;
  const statuses = await soql(org, `SELECT Status, COUNT(Id) n FROM Lead WHERE ${cohort} GROUP BY Status`);
  for (const f of app.funnel) expect(f.count, `${label} ${f.status}`).toBe(statuses.find((s) => s.Status === f.status)?.n ?? 0);
  const sources = await soql(org, `SELECT LeadSource, IsConverted, COUNT(Id) n FROM Lead WHERE ${cohort} GROUP BY LeadSource, IsConverted`);
  expect(app.created).toBe(sources.reduce((n, s) => n + s.n, 0));
  expect(app.converted).toBe(sources.filter((s) => s.IsConverted).reduce((n, s) => n + s.n, 0));
  for (const s of app.bySource) {
    const of = sources.filter((r) => (r.LeadSource ?? '(none)') === s.source);
    expect([s.created, s.converted], `${label} ${s.source}`).toEqual([
      of.reduce((n, r) => n + r.n, 0),
      of.filter((r) => r.IsConverted).reduce((n, r) => n + r.n, 0),
    ]);
  }
  const converted = await soql(org, `SELECT CreatedDate, ConvertedDate FROM Lead WHERE IsConverted = true AND ConvertedDate != null AND ${cohort}`);
  const days = converted.map((r) => (Date.parse(r.ConvertedDate) - Date.parse(dayOf(r.CreatedDate))) / 86_400_000).sort((a, b) => a - b);
  expect(app.timeToConvert.count).toBe(days.length);
  if (days.length) expect(app.timeToConvert.p90Days).toBe(days[Math.ceil(0.9 * days.length) - 1]);
  const [withOpp] = await soql(org, `SELECT COUNT(Id) n FROM Lead WHERE IsConverted = true AND ConvertedOpportunityId != null AND ${cohort}`);
  const [wonLeads] = await soql(
    org,
    `SELECT COUNT(Id) n FROM Lead WHERE IsConverted = true AND ${cohort} AND ConvertedOpportunityId IN (SELECT Id FROM Opportunity WHERE IsWon = true)`,
  );
  expect([app.toWon.withOpportunity, app.toWon.won], label).toEqual([withOpp.n, wonLeads.n]);
  const wonAmounts = await soql(
    org,
    `SELECT SUM(Amount) amount${cc(org)} FROM Opportunity WHERE IsWon = true AND Id IN (SELECT ConvertedOpportunityId FROM Lead WHERE IsConverted = true AND ${cohort}) ${org.multi ? 'GROUP BY CurrencyIsoCode' : ''}`,
  );
  for (const w of app.toWon.wonAmount)
    expectAmount(org, w.currency, w.amount, wonAmounts.find((r) => curOf(org, r) === w.currency)?.amount, `${label} won amount`);
  return app;
}

async function checkAging(org: Org, scope: Scope, closedStatuses: string[]) {
  const app = await org.h.call('analytics:leads', { period: { kind: 'this-quarter' }, scope });
  const open = await soql(
    org,
    `SELECT CreatedDate, LastActivityDate FROM Lead WHERE IsConverted = false AND Status NOT IN ('${closedStatuses.join("','")}') ${owner(org, scope)}`,
  );
  const bucket = (days: number) => [7, 30, 90, 180].findIndex((max) => days <= max);
  const counts = (daysOf: (r: Row) => number) =>
    [0, 1, 2, 3, 4].map((i) => open.filter((r) => (bucket(daysOf(r)) === -1 ? 4 : bucket(daysOf(r))) === i).length);
  const sinceDay = (day: string) => (Date.parse(org.today) - Date.parse(day)) / 86_400_000;
  expect(app.aging.map((a) => a.sinceCreated)).toEqual(counts((r) => sinceDay(dayOf(r.CreatedDate))));
  expect(app.aging.map((a) => a.sinceActivity)).toEqual(counts((r) => sinceDay(r.LastActivityDate ?? dayOf(r.CreatedDate))));
}

async function checkHomeAndBoard(org: Org) {
  const home = await org.h.call('analytics:home');
  const q = home.period;
  const mineOpen = `IsClosed = false AND OwnerId = '${org.me}'`;
  const byForecast = await soql(
    org,
    `SELECT ForecastCategoryName${cc(org)}, COUNT(Id) n, SUM(Amount) amount FROM Opportunity WHERE ${mineOpen} AND CloseDate >= ${q.start} AND CloseDate <= ${q.end} GROUP BY ForecastCategoryName${cc(org)}`,
  );
  for (const c of home.pipeline) {
    for (const f of c.byForecast) {
      const row = byForecast.find((r) => r.ForecastCategoryName === f.category && curOf(org, r) === c.currency);
      expect(f.totals.count, `home ${c.currency} ${f.category}`).toBe(row?.n ?? 0);
      expectAmount(org, c.currency, f.totals.amount, row?.amount, `home ${c.currency} ${f.category}`);
    }
  }
  const week = await soql(org, `SELECT Id FROM Opportunity WHERE ${mineOpen} AND CloseDate >= ${org.today} AND CloseDate <= ${weekOf(org.today).end}`);
  expect(home.closingThisWeek.map((d) => d.id).sort()).toEqual(week.map((r) => r.Id).sort());
  const [overdue] = await soql(org, `SELECT COUNT(Id) n FROM Opportunity WHERE ${mineOpen} AND CloseDate < ${org.today}`);
  expect(home.overdueCount).toBe(overdue.n);
  // Stale by the default rules: over 30 days in the stage, or 21 without activity.
  const mine = await soql(org, `SELECT LastStageChangeDate, LastActivityDate, CreatedDate FROM Opportunity WHERE ${mineOpen}`);
  const now = Date.now();
  const stale = mine.filter((r) => {
    const inStage = Math.floor((now - ms(r.LastStageChangeDate ?? r.CreatedDate)) / 86_400_000);
    const inactive = r.LastActivityDate
      ? (Date.parse(org.today) - Date.parse(r.LastActivityDate)) / 86_400_000
      : Math.floor((now - ms(r.CreatedDate)) / 86_400_000);
    return inStage > DEFAULT_COCKPIT_SETTINGS.defaultStaleDays || inactive > DEFAULT_COCKPIT_SETTINGS.noActivityDays;
  });
  expect(home.staleCount).toBe(stale.length);

  const board = await org.h.call('analytics:board', {});
  const columns = await soql(
    org,
    `SELECT StageName${cc(org)}, COUNT(Id) n, SUM(Amount) amount FROM Opportunity WHERE IsClosed = false GROUP BY StageName${cc(org)}`,
  );
  for (const column of board.columns) {
    for (const t of column.totals) {
      const row = columns.find((r) => r.StageName === column.stage && curOf(org, r) === t.currency);
      expect(t.count, `board ${column.stage} ${t.currency}`).toBe(row?.n ?? 0);
      expectAmount(org, t.currency, t.amount, row?.amount, `board ${column.stage} ${t.currency}`);
    }
  }
  expect(board.columns.reduce((n, c) => n + c.totals.reduce((m, t) => m + t.count, 0), 0)).toBe(columns.reduce((n, r) => n + r.n, 0));
  const owners = await soql(org, 'SELECT OwnerId FROM Opportunity WHERE IsClosed = false GROUP BY OwnerId');
  expect(board.owners.map((o) => o.id).sort()).toEqual(owners.map((r) => r.OwnerId).sort());
}

/** The waterfall's end is the open pipeline; its rebuilt start is each deal's last history row by the start day. */
async function checkWaterfall(org: Org, input: PeriodInput, scope: Scope) {
  const w = await org.h.call('analytics:waterfall', { period: input, scope, days: 7 });
  const p = w.period;
  const stages = new Map((await soql(org, 'SELECT ApiName, IsClosed FROM OpportunityStage')).map((s) => [s.ApiName, s.IsClosed]));
  const deals = new Map((await soql(org, `SELECT Id, OwnerId, IsClosed, CloseDate, Amount${cc(org)} FROM Opportunity`)).map((r) => [r.Id, r]));
  const dNext = localDayStartUtc(addDays(w.startDate, 1));
  const history = await soql(
    org,
    `SELECT OpportunityId, CreatedDate, StageName, Amount, CloseDate FROM OpportunityHistory ORDER BY OpportunityId, CreatedDate, Id`,
  );
  const last = new Map<string, Row>();
  for (const h of history) if (canonicalDatetime(h.CreatedDate) < dNext) last.set(h.OpportunityId, h);
  for (const c of w.currencies) {
    const inScope = (d: Row) => curOf(org, d) === c.currency && (scope === 'all' || d.OwnerId === org.me);
    const start = [...last].filter(
      ([id, h]) => deals.has(id) && inScope(deals.get(id)!) && !stages.get(h.StageName) && h.CloseDate >= p.start && h.CloseDate <= p.end,
    );
    const end = [...deals.values()].filter((d) => inScope(d) && !d.IsClosed && d.CloseDate >= p.start && d.CloseDate <= p.end);
    const label = `${p.label} ${scope} ${c.currency} waterfall`;
    expect([c.start.count, c.end.count], label).toEqual([start.length, end.length]);
    expect(c.start.amount).toBeCloseTo(
      start.reduce((n, [, h]) => n + (h.Amount ?? 0), 0),
      6,
    );
    expect(c.end.amount).toBeCloseTo(
      end.reduce((n, d) => n + (d.Amount ?? 0), 0),
      6,
    );
    const sum = c.steps.reduce((acc, s) => ({ count: acc.count + s.count, amount: acc.amount + s.amount }), { count: 0, amount: 0 });
    expect(c.start.count + sum.count).toBe(c.end.count);
    expect(c.start.amount + sum.amount).toBeCloseTo(c.end.amount, 6);
  }
}

describe.each([
  { name: 'single currency, a January fiscal year', emulator: {} },
  { name: 'three currencies, a January fiscal year', emulator: { currencies: CURRENCIES } },
  { name: 'three currencies, an April fiscal year', emulator: { fiscalYearStartMonth: 4, currencies: CURRENCIES } },
])('the cockpit against the emulator, $name', ({ emulator }) => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg(emulator);
  }, 120_000);
  afterAll(async () => {
    await org?.h.close();
  });

  it('knows the org: fiscal year, periods, stages', async () => {
    const fiscal = await org.h.call('analytics:fiscal');
    expect(fiscal.fiscal).toEqual(org.fiscal);
    expect(fiscal.periods).toEqual(PERIODS.map((input) => resolvePeriod(input, org.today, org.fiscal)));
    const stages = await soql(org, 'SELECT ApiName FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder');
    expect((await org.h.call('analytics:board', {})).stages.map((s) => s.name)).toEqual(stages.map((s) => s.ApiName));
  });

  for (const scope of SCOPES) {
    it(`pipeline, slipped deals and the waterfall, ${scope}, four periods`, async () => {
      let deals = 0;
      for (const input of PERIODS) {
        const app = await checkPipeline(org, input, scope);
        deals += app.currencies.reduce((n, c) => n + c.open.count + c.won.count + c.lost.count, 0);
        await checkSlipped(org, input, scope);
        await checkWaterfall(org, input, scope);
      }
      expect(deals).toBeGreaterThan(scope === 'all' ? 50 : 5);
    });

    it(`lead analytics, ${scope}, four periods`, async () => {
      let created = 0;
      for (const input of PERIODS) created += (await checkLeads(org, input, scope)).created;
      expect(created).toBeGreaterThan(0);
      const statuses = await soql(org, 'SELECT ApiName, IsConverted FROM LeadStatus');
      await checkAging(
        org,
        scope,
        statuses.filter((s) => s.IsConverted || /^closed\b/i.test(s.ApiName)).map((s) => s.ApiName),
      );
    });
  }

  it("Home and the board: my quarter by forecast category, this week, overdue, stale; the board's columns and owners", async () => {
    await checkHomeAndBoard(org);
  });

  it('the waterfall reads the app’s own states once a snapshot is older than its start', async () => {
    const { takePipelineSnapshot } = await import('../../src/main/core/analytics/snapshots');
    const cache = openOrgCache(org.h.dataDir, (await org.h.call('connections:list'))[0].id);
    try {
      // The sync recorded today's states; this test's history of snapshots starts a week ago instead.
      cache.exec(`DELETE FROM opportunity_states; DELETE FROM pipeline_snapshots;`);
      takePipelineSnapshot(cache, addDays(org.today, -7));
    } finally {
      cache.close();
    }
    const w = await org.h.call('analytics:waterfall', { period: { kind: 'this-quarter' }, scope: 'all', days: 7 });
    expect(w.reconstructed).toBe(false);
    // Nothing changed since the snapshot: every deal is where it was.
    for (const c of w.currencies) {
      expect(c.start).toEqual(c.end);
      expect(c.steps.every((s) => s.deals === 0)).toBe(true);
    }
  });
});

it('forecast categories of the contract are the ones SOQL groups by', () => {
  expect([...FORECAST_CATEGORIES]).toEqual(['Closed', 'Commit', 'Best Case', 'Pipeline']);
});
