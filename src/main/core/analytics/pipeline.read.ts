/**
 * `analytics:pipeline`: the pipeline of a period (deals whose CloseDate falls in it) for the user or
 * everyone the cache holds: by stage in the org's order, by forecast category, open/won/lost
 * totals, win rates, average deal size and sales cycle, coverage against the user's quota, and days
 * in stage. Three grouped queries over the cockpit's covering indexes (records_opp_cockpit,
 * records_opp_owner_cockpit) and one over the period's open deals for days in stage.
 */
import { FORECAST_CATEGORIES, type Period, type PipelineCurrency, type PipelineSummary, type Scope } from '../../../shared/ipc/analytics.contract';
import { activeStages, baseParams, basisOf, currencySlices, currencySql, localDaySql, scopeSql, type AnalyticsContext } from './context';
import { DAYS_IN_STAGE, IN_PERIOD, KNOWN, OPEN, prepared, toTotals, TOTALS_SQL, type TotalsRow } from './deal-sql';
import { mean, median, ratio } from './stats';

type Grouped<K extends string> = TotalsRow & { cur: string | null } & Record<K, string | number | null>;

interface Outcomes extends TotalsRow {
  cur: string | null;
  flag_a: number | null;
  flag_b: number | null;
  avg_amount: number | null;
  avg_cycle: number | null;
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

function readGroups(ctx: AnalyticsContext, period: Period, scope: Scope) {
  const params = baseParams(ctx, period);
  const cur = currencySql(ctx);
  const byStage = prepared(
    ctx.db,
    `SELECT ${cur} AS cur, r.status AS stage, ${TOTALS_SQL} FROM records r WHERE ${OPEN} AND ${IN_PERIOD} ${scopeSql(scope)} GROUP BY 1, 2`,
  ).all(params) as Array<Grouped<'stage'>>;
  const byForecast = prepared(
    ctx.db,
    `SELECT ${cur} AS cur, r.text_a AS category, ${TOTALS_SQL} FROM records r
      WHERE ${KNOWN} AND ${IN_PERIOD} ${scopeSql(scope)} AND r.text_a IN ('Closed', 'Commit', 'Best Case', 'Pipeline') GROUP BY 1, 2`,
  ).all(params) as Array<Grouped<'category'>>;
  const outcomes = prepared(
    ctx.db,
    `SELECT ${cur} AS cur, r.flag_a, r.flag_b, ${TOTALS_SQL},
            AVG(CASE WHEN r.flag_b = 1 THEN r.amount END) AS avg_amount,
            AVG(CASE WHEN r.flag_b = 1 THEN julianday(r.close_date) - julianday(${localDaySql('r.created_date')}) END) AS avg_cycle
       FROM records r WHERE ${KNOWN} AND ${IN_PERIOD} ${scopeSql(scope)} GROUP BY 1, 2, 3`,
  ).all(params) as Outcomes[];
  return { byStage, byForecast, outcomes };
}

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

function sliceOf(ctx: AnalyticsContext, period: Period, groups: ReturnType<typeof readGroups>, currency: string | null): PipelineCurrency {
  const mine = <T extends { cur: string | null }>(rows: T[]) => rows.filter((r) => r.cur === currency);
  const outcomes = mine(groups.outcomes);
  const open = toTotals(outcomes.find((o) => o.flag_a === 0));
  const wonRow = outcomes.find((o) => o.flag_a === 1 && o.flag_b === 1);
  const won = toTotals(wonRow);
  const lost = toTotals(outcomes.find((o) => o.flag_a === 1 && o.flag_b === 0));
  const stages = mine(groups.byStage);
  const forecasts = mine(groups.byForecast);
  const quarters = fiscalQuartersIn(period, ctx.fiscal.startMonth);
  const quarterly = ctx.settings.quarterlyQuota[currency ?? ''];
  const quota = quarters !== null && quarterly !== undefined ? quarterly * quarters : null;
  const remaining = quota === null ? null : quota - won.amount;
  return {
    currency,
    byStage: stageColumns(
      ctx,
      groups.byStage.map((s) => s.stage as string | null),
    ).map(({ stage, label }) => ({ stage, label, totals: toTotals(stages.find((s) => s.stage === stage)) })),
    byForecast: FORECAST_CATEGORIES.map((category) => ({ category, totals: toTotals(forecasts.find((f) => f.category === category)) })),
    open,
    won,
    lost,
    winRateByCount: ratio(won.count, won.count + lost.count),
    winRateByAmount: ratio(won.amount, won.amount + lost.amount),
    averageDealSize: wonRow?.avg_amount ?? null,
    averageSalesCycleDays: wonRow?.avg_cycle ?? null,
    coverage: quota === null || remaining === null ? null : { quota, remaining, ratio: remaining > 0 ? open.amount / remaining : null },
  };
}

function daysInStage(ctx: AnalyticsContext, period: Period, scope: Scope): PipelineSummary['daysInStage'] {
  const rows = prepared(ctx.db, `SELECT r.status AS stage, ${DAYS_IN_STAGE} AS days FROM records r WHERE ${OPEN} AND ${IN_PERIOD} ${scopeSql(scope)}`).all(
    baseParams(ctx, period),
  ) as Array<{ stage: string | null; days: number }>;
  return stageColumns(
    ctx,
    rows.map((r) => r.stage),
  ).map(({ stage }) => {
    const days = rows.filter((r) => r.stage === stage).map((r) => r.days);
    return { stage, count: days.length, averageDays: mean(days), medianDays: median(days) };
  });
}

export function readPipeline(ctx: AnalyticsContext, period: Period, scope: Scope): PipelineSummary {
  const basis = basisOf(ctx, 'Opportunity');
  const stages = activeStages(ctx);
  if (basis.state === 'never-synced') return { basis, period, scope, stages, currencies: [], daysInStage: [] };
  const groups = readGroups(ctx, period, scope);
  const found = [...groups.outcomes.map((o) => o.cur)];
  const currencies = currencySlices(ctx, found).map((c) => sliceOf(ctx, period, groups, c));
  return { basis, period, scope, stages, currencies, daysInStage: daysInStage(ctx, period, scope) };
}
