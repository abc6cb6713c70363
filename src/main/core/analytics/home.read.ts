/**
 * `analytics:home`: what a salesperson opens every morning, all from the cache: my open pipeline of
 * the current fiscal quarter (total, weighted, by forecast category, closed won), my deals closing
 * this week, my overdue and stale deals, and the records I opened lately.
 */
import { resolvePeriod, weekOf } from '../../../shared/analytics/fiscal';
import { FORECAST_CATEGORIES, type HomeSummary, type Totals } from '../../../shared/ipc/analytics.contract';
import { baseParams, basisOf, currencySlices, currencySql, type AnalyticsContext } from './context';
import {
  DAYS_IN_STAGE,
  IN_PERIOD,
  KNOWN,
  OPEN,
  prepared,
  staleNote,
  staleSql,
  toDealRow,
  topDeals,
  TOTALS_SQL,
  ZERO,
  type DealSqlRow,
  type TotalsRow,
} from './deal-sql';
import { readRecentItems } from './recent-items';

/** How many deals Home lists per list (the counts say how many there are; a drill-down lists them all). */
export const HOME_LIST_LIMIT = 20;
const WEEK_LIMIT = 100;

interface HomeGroup extends TotalsRow {
  cur: string | null;
  flag_a: number | null;
  flag_b: number | null;
  category: string | null;
}

const add = (a: Totals, b: TotalsRow): Totals => ({ count: a.count + b.n, amount: a.amount + b.amount, weighted: a.weighted + b.weighted });

function myPipeline(ctx: AnalyticsContext, period: { start: string; end: string }): HomeSummary['pipeline'] {
  const rows = prepared(
    ctx.db,
    `SELECT ${currencySql(ctx)} AS cur, r.flag_a, r.flag_b, r.text_a AS category, ${TOTALS_SQL}
       FROM records r WHERE ${KNOWN} AND r.owner_id = @me AND ${IN_PERIOD} GROUP BY 1, 2, 3, 4`,
  ).all(baseParams(ctx, period)) as HomeGroup[];
  const found = rows.filter((r) => r.flag_a === 0 || r.flag_b === 1).map((r) => r.cur);
  return currencySlices(ctx, found).map((currency) => {
    const mine = rows.filter((r) => r.cur === currency);
    const open = mine.filter((r) => r.flag_a === 0).reduce(add, ZERO);
    const closedWon = mine.filter((r) => r.flag_b === 1).reduce(add, ZERO);
    const byForecast = FORECAST_CATEGORIES.map((category) => ({
      category,
      totals: mine.filter((r) => r.flag_a === 0 && r.category === category).reduce(add, ZERO),
    }));
    return { currency, open, byForecast, closedWon };
  });
}

function myDeals(ctx: AnalyticsContext, where: string, params: Record<string, string | number>, orderBy: string, limit: number): DealSqlRow[] {
  return topDeals(ctx, `${OPEN} AND r.owner_id = @me AND ${where}`, orderBy, params, limit);
}

function myCount(ctx: AnalyticsContext, where: string, params: Record<string, string | number>): number {
  return prepared(ctx.db, `SELECT COUNT(*) FROM records r WHERE ${OPEN} AND r.owner_id = @me AND ${where}`).pluck().get(params) as number;
}

export function readHome(ctx: AnalyticsContext): HomeSummary {
  const period = resolvePeriod({ kind: 'this-quarter' }, ctx.today, ctx.fiscal);
  const basis = basisOf(ctx, 'Opportunity');
  const recent = readRecentItems(ctx.db);
  if (basis.state === 'never-synced') {
    return { basis, period, pipeline: [], closingThisWeek: [], overdue: [], overdueCount: 0, stale: [], staleCount: 0, recent };
  }
  const params = { ...baseParams(ctx), weekEnd: weekOf(ctx.today).end };
  const stale = staleSql(ctx);
  const staleParams = { ...params, ...stale.params };
  const overdueNote = (r: DealSqlRow): string => {
    const days = Math.round((Date.parse(ctx.today) - Date.parse(r.close_date ?? ctx.today)) / 86_400_000);
    return `${days} day${days === 1 ? '' : 's'} past its close date`;
  };
  return {
    basis,
    period,
    pipeline: myPipeline(ctx, period),
    closingThisWeek: myDeals(ctx, `r.close_date BETWEEN @today AND @weekEnd`, params, 'r.close_date, r.amount DESC, r.id', WEEK_LIMIT).map((r) => toDealRow(r)),
    overdue: myDeals(ctx, `r.close_date < @today`, params, 'r.close_date, r.id', HOME_LIST_LIMIT).map((r) => toDealRow(r, overdueNote(r))),
    overdueCount: myCount(ctx, `r.close_date < @today`, params),
    stale: myDeals(ctx, stale.sql, staleParams, `${DAYS_IN_STAGE} DESC, r.id`, HOME_LIST_LIMIT).map((r) => toDealRow(r, staleNote(ctx, r))),
    staleCount: myCount(ctx, stale.sql, staleParams),
    recent,
  };
}
