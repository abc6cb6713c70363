/**
 * `analytics:pipeline`: the pipeline of a period (deals whose CloseDate falls in it) for the user or
 * everyone the cache holds: by stage in the org's order, by forecast category, open/won/lost
 * totals, win rates, average deal size and sales cycle, coverage against the user's quota, and days
 * in stage. Three grouped queries over the cockpit's covering indexes (records_opp_cockpit,
 * records_opp_owner_cockpit) and one over the period's open deals for days in stage.
 */
import { FORECAST_CATEGORIES, type Period, type PipelineCurrency, type PipelineSummary, type Scope, type Totals } from '../../../shared/ipc/analytics.contract';
import { activeStages, baseParams, basisOf, currencySlices, currencySql, localDaySql, scopeSql, type AnalyticsContext } from './context';
import { DAYS_IN_STAGE, IN_PERIOD, KNOWN, OPEN, prepared, TOTALS_SQL, type TotalsRow } from './deal-sql';
import { ratio } from './stats';

/** One group of the period's deals: currency, IsClosed, IsWon, stage, forecast category. */
interface Group extends TotalsRow {
  cur: string | null;
  flag_a: number;
  flag_b: number | null;
  stage: string | null;
  category: string | null;
  /** Σ and count of non-null amounts; over won deals, Σ and count of the days from creation to close. */
  amount_sum: number;
  amount_n: number;
  cycle_sum: number;
  cycle_n: number;
}

/** How many whole fiscal quarters a period spans, or null when it does not start and end on quarter boundaries. */
export function fiscalQuartersIn(period: { start: string; end: string }, startMonth: number): number | null {
  const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  const isQuarterStart = (m: number) => ((((m % 12) - (startMonth - 1)) % 3) + 3) % 3 === 0;
  const first = month(period.start);
  const last = month(period.end);
  const lastDay = new Date(Date.UTC(Math.floor(last / 12), (last % 12) + 1, 0)).getUTCDate();
  if (period.start.slice(8) !== '01' || Number(period.end.slice(8)) !== lastDay) return null;
  if (!isQuarterStart(first) || !isQuarterStart(last + 1)) return null;
  return (last - first + 1) / 3;
}

/** Days from CreatedDate (the user's day of it) to CloseDate of a won deal; NULL otherwise. */
const CYCLE = `CASE WHEN r.flag_b = 1 THEN julianday(r.close_date) - julianday(${localDaySql('r.created_date')}) END`;

/**
 * The period's deals in one scan of the covering index, grouped by everything a figure splits them
 * by; the figures are sums of these groups (a few dozen rows).
 */
function readGroups(ctx: AnalyticsContext, period: Period, scope: Scope): Group[] {
  return prepared(
    ctx.db,
    `SELECT ${currencySql(ctx)} AS cur, r.flag_a, r.flag_b, r.status AS stage, r.text_a AS category, ${TOTALS_SQL},
            TOTAL(r.amount) AS amount_sum, COUNT(r.amount) AS amount_n,
            TOTAL(${CYCLE}) AS cycle_sum, COUNT(${CYCLE}) AS cycle_n
       FROM records r WHERE ${KNOWN} AND ${IN_PERIOD} ${scopeSql(scope)} GROUP BY 1, 2, 3, 4, 5`,
  ).all(baseParams(ctx, period)) as Group[];
}

const sum = (rows: readonly Group[]): Totals =>
  rows.reduce((t, r) => ({ count: t.count + r.n, amount: t.amount + r.amount, weighted: t.weighted + r.weighted }), { count: 0, amount: 0, weighted: 0 });

/** The stages a by-stage figure lists: open active stages in order, then any other stage open deals sit in. */
export function stageColumns(ctx: AnalyticsContext, found: Iterable<string | null>): Array<{ stage: string; label: string }> {
  const open = ctx.stages.filter((s) => s.isActive && !s.isClosed);
  const listed = new Set(open.map((s) => s.name));
  const extra = [...new Set(found)]
    .filter((s): s is string => s !== null && !listed.has(s))
    .sort((a, b) => (ctx.stages.find((s) => s.name === a)?.sortOrder ?? 1e9) - (ctx.stages.find((s) => s.name === b)?.sortOrder ?? 1e9) || a.localeCompare(b));
  return [
    ...open.map((s) => ({ stage: s.name, label: s.label })),
    ...extra.map((s) => ({ stage: s, label: ctx.stages.find((x) => x.name === s)?.label ?? s })),
  ];
}

function sliceOf(ctx: AnalyticsContext, period: Period, groups: Group[], currency: string | null): PipelineCurrency {
  const mine = groups.filter((g) => g.cur === currency);
  const openGroups = mine.filter((g) => g.flag_a === 0);
  const wonGroups = mine.filter((g) => g.flag_a === 1 && g.flag_b === 1);
  const [open, won, lost] = [openGroups, wonGroups, mine.filter((g) => g.flag_a === 1 && g.flag_b === 0)].map(sum);
  const amountN = wonGroups.reduce((n, g) => n + g.amount_n, 0);
  const quarters = fiscalQuartersIn(period, ctx.fiscal.startMonth);
  const quarterly = ctx.settings.quarterlyQuota[currency ?? ''];
  const quota = quarters !== null && quarterly !== undefined ? quarterly * quarters : null;
  const remaining = quota === null ? null : quota - won.amount;
  return {
    currency,
    byStage: stageColumns(
      ctx,
      groups.filter((g) => g.flag_a === 0).map((g) => g.stage),
    ).map(({ stage, label }) => ({ stage, label, totals: sum(openGroups.filter((g) => g.stage === stage)) })),
    byForecast: FORECAST_CATEGORIES.map((category) => ({ category, totals: sum(mine.filter((g) => g.category === category)) })),
    open,
    won,
    lost,
    winRateByCount: ratio(won.count, won.count + lost.count),
    winRateByAmount: ratio(won.amount, won.amount + lost.amount),
    // AVG(Amount) skips deals without one, as SOQL's does.
    averageDealSize: amountN ? wonGroups.reduce((n, g) => n + g.amount_sum, 0) / amountN : null,
    averageSalesCycleDays: ratio(
      wonGroups.reduce((n, g) => n + g.cycle_sum, 0),
      wonGroups.reduce((n, g) => n + g.cycle_n, 0),
    ),
    coverage: quota === null || remaining === null ? null : { quota, remaining, ratio: remaining > 0 ? open.amount / remaining : null },
  };
}

/** Days in stage of the period's open deals: a histogram (stage, days, deals) from SQL, its mean and median here. */
function daysInStage(ctx: AnalyticsContext, period: Period, scope: Scope): PipelineSummary['daysInStage'] {
  const rows = prepared(
    ctx.db,
    `SELECT r.status AS stage, ${DAYS_IN_STAGE} AS days, COUNT(*) AS n FROM records r WHERE ${OPEN} AND ${IN_PERIOD} ${scopeSql(scope)} GROUP BY 1, 2 ORDER BY 1, 2`,
  ).all(baseParams(ctx, period)) as Array<{ stage: string | null; days: number; n: number }>;
  return stageColumns(
    ctx,
    rows.map((r) => r.stage),
  ).map(({ stage }) => {
    const histogram = rows.filter((r) => r.stage === stage);
    const count = histogram.reduce((n, r) => n + r.n, 0);
    const total = histogram.reduce((n, r) => n + r.days * r.n, 0);
    return { stage, count, averageDays: count ? total / count : null, medianDays: medianOf(histogram, count) };
  });
}

/** The median of a histogram sorted by value (the mean of the two middle values for an even count). */
function medianOf(histogram: ReadonlyArray<{ days: number; n: number }>, count: number): number | null {
  if (!count) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const bar of histogram) if ((seen += bar.n) > rank) return bar.days;
    return histogram[histogram.length - 1].days;
  };
  return count % 2 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
}

export function readPipeline(ctx: AnalyticsContext, period: Period, scope: Scope): PipelineSummary {
  const basis = basisOf(ctx, 'Opportunity');
  const stages = activeStages(ctx);
  if (basis.state === 'never-synced') return { basis, period, scope, stages, currencies: [], daysInStage: [] };
  const groups = readGroups(ctx, period, scope);
  const found = groups.map((g) => g.cur);
  const currencies = currencySlices(ctx, found).map((c) => sliceOf(ctx, period, groups, c));
  return { basis, period, scope, stages, currencies, daysInStage: daysInStage(ctx, period, scope) };
}
