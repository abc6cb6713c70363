/**
 * `analytics:leads`: lead analytics over a creation cohort (leads created in the period, the user's
 * or everyone's): the funnel by status in LeadStatus order, conversion by lead source, time to
 * convert, converted leads that became won deals; and the aging of all open leads of the scope.
 * Typed columns only (Lead: status = Status, flag_a = IsConverted, text_a = LeadSource, text_b =
 * ConvertedOpportunityId, date_a = ConvertedDate, date_b = LastActivityDate).
 */
import type { LeadAnalytics, Period, Scope } from '../../../shared/ipc/analytics.contract';
import {
  addDays,
  baseParams,
  basisOf,
  currencySlices,
  currencySql,
  leadStatusesOf,
  localDayStartUtc,
  localDaySql,
  scopeSql,
  type AnalyticsContext,
} from './context';
import { BY_ID_INDEX, indexHint, prepared } from './deal-sql';
import { median, percentile, ratio } from './stats';

const lead = (a: string) => `${a}.object = 'Lead' AND ${a}.local_state <> 'deleted'`;
const LEAD = lead('r');
/** Created in the period (local days, compared as UTC instants on records_lead_cockpit / _owner_cockpit). */
const cohort = (a: string) => `${lead(a)} AND ${a}.created_date >= @psUtc AND ${a}.created_date < @peNextUtc`;
const COHORT = cohort('r');

/** A lead source's label when the lead has none. */
export const NO_SOURCE = '(none)';

/** Aging buckets: upper bound in days (inclusive) and label. */
export const AGING_BUCKETS: ReadonlyArray<[number, string]> = [
  [7, '0–7 days'],
  [30, '8–30 days'],
  [90, '31–90 days'],
  [180, '91–180 days'],
  [Infinity, 'Over 180 days'],
];

/**
 * Statuses a lead is no longer worked in. LeadStatus has no "closed" flag (only IsConverted), so a
 * status counts as closed when it is a converted one or its name starts with "Closed", as the
 * standard picklist's "Closed - Converted" and "Closed - Not Converted" do.
 */
export function closedLeadStatuses(ctx: AnalyticsContext): string[] {
  return leadStatusesOf(ctx)
    .filter((s) => s.isConverted || /^closed\b/i.test(s.name))
    .map((s) => s.name);
}

function funnel(ctx: AnalyticsContext, counts: Array<{ status: string | null; n: number }>): LeadAnalytics['funnel'] {
  const statuses = leadStatusesOf(ctx);
  const listed = statuses.map((s) => ({
    status: s.name,
    sortOrder: s.sortOrder,
    isConverted: s.isConverted,
    count: counts.find((c) => c.status === s.name)?.n ?? 0,
  }));
  const known = new Set(statuses.map((s) => s.name));
  const last = statuses.reduce((max, s) => Math.max(max, s.sortOrder), 0);
  const extra = counts
    .filter((c) => !known.has(c.status ?? ''))
    .sort((a, b) => String(a.status).localeCompare(String(b.status)))
    .map((c, i) => ({ status: c.status ?? NO_SOURCE, sortOrder: last + i + 1, isConverted: false, count: c.n }));
  return [...listed, ...extra];
}

/**
 * Open leads of the scope by age: days since created (the local day CreatedDate falls on) and since
 * the last activity (LastActivityDate, else CreatedDate). A bucket's bounds are turned into dates
 * and instants first, so each row is compared, not converted.
 */
function aging(ctx: AnalyticsContext, scope: Scope): LeadAnalytics['aging'] {
  const params: Record<string, string | number> = { ...baseParams(ctx), closed: JSON.stringify(closedLeadStatuses(ctx)) };
  const createdCases: string[] = [];
  const activityCases: string[] = [];
  AGING_BUCKETS.forEach(([max], i) => {
    if (!Number.isFinite(max)) return;
    // Within `max` days: on or after the local day `max` days before today.
    params[`day${i}`] = addDays(ctx.today, -max);
    params[`at${i}`] = localDayStartUtc(addDays(ctx.today, -max));
    createdCases.push(`WHEN r.created_date >= @at${i} THEN ${i}`);
    activityCases.push(`WHEN r.date_b IS NOT NULL AND r.date_b >= @day${i} THEN ${i} WHEN r.date_b IS NULL AND r.created_date >= @at${i} THEN ${i}`);
  });
  const last = AGING_BUCKETS.length - 1;
  const rows = prepared(
    ctx.db,
    `SELECT CASE ${createdCases.join(' ')} ELSE ${last} END AS bc, CASE ${activityCases.join(' ')} ELSE ${last} END AS ba, COUNT(*) AS n FROM records r
      WHERE ${LEAD} AND r.flag_a = 0 AND coalesce(r.status, '') NOT IN (SELECT value FROM json_each(@closed)) ${scopeSql(scope)} GROUP BY 1, 2`,
  ).all(params) as Array<{ bc: number; ba: number; n: number }>;
  return AGING_BUCKETS.map(([, label], i) => ({
    bucket: label,
    sinceCreated: rows.filter((r) => r.bc === i).reduce((sum, r) => sum + r.n, 0),
    sinceActivity: rows.filter((r) => r.ba === i).reduce((sum, r) => sum + r.n, 0),
  }));
}

function toWon(ctx: AnalyticsContext, scope: Scope, params: Record<string, string | number>): LeadAnalytics['toWon'] {
  const counts = prepared(
    ctx.db,
    `SELECT COUNT(*) AS converted, COUNT(r.text_b) AS with_opportunity,
            SUM(EXISTS (SELECT 1 FROM records o ${indexHint(ctx.db, BY_ID_INDEX)} WHERE o.object = 'Opportunity' AND o.id = r.text_b AND o.local_state <> 'deleted' AND o.flag_b = 1)) AS won
       FROM records r WHERE ${COHORT} AND r.flag_a = 1 ${scopeSql(scope)}`,
  ).get(params) as { converted: number; with_opportunity: number; won: number | null };
  // Summed over distinct opportunities: several leads may be converted into one.
  const amounts = prepared(
    ctx.db,
    `SELECT ${currencySql(ctx)} AS cur, TOTAL(r.amount) AS amount FROM records r ${indexHint(ctx.db, BY_ID_INDEX)}
      WHERE r.object = 'Opportunity' AND r.local_state <> 'deleted' AND r.flag_b = 1
        AND r.id IN (SELECT l.text_b FROM records l WHERE ${cohort('l')} AND l.flag_a = 1 ${scopeSql(scope, 'l')})
      GROUP BY 1`,
  ).all(params) as Array<{ cur: string | null; amount: number }>;
  const wonAmount = currencySlices(
    ctx,
    amounts.map((a) => a.cur),
  ).map((currency) => ({ currency, amount: amounts.find((a) => a.cur === currency)?.amount ?? 0 }));
  return { converted: counts.converted, withOpportunity: counts.with_opportunity, won: counts.won ?? 0, wonAmount };
}

export function readLeadAnalytics(ctx: AnalyticsContext, period: Period, scope: Scope): LeadAnalytics {
  const basis = basisOf(ctx, 'Lead');
  const params = baseParams(ctx, period);
  const empty = { count: 0, medianDays: null, p90Days: null };
  if (basis.state === 'never-synced') {
    return {
      basis,
      period,
      funnel: [],
      created: 0,
      converted: 0,
      bySource: [],
      timeToConvert: empty,
      aging: [],
      toWon: { converted: 0, withOpportunity: 0, won: 0, wonAmount: [] },
    };
  }
  const byStatus = prepared(ctx.db, `SELECT r.status, COUNT(*) AS n FROM records r WHERE ${COHORT} ${scopeSql(scope)} GROUP BY 1`).all(params) as Array<{
    status: string | null;
    n: number;
  }>;
  const sources = prepared(
    ctx.db,
    `SELECT coalesce(r.text_a, '') AS source, COUNT(*) AS created, SUM(r.flag_a = 1) AS converted FROM records r WHERE ${COHORT} ${scopeSql(scope)} GROUP BY 1`,
  ).all(params) as Array<{ source: string; created: number; converted: number }>;
  const days = prepared(
    ctx.db,
    `SELECT julianday(r.date_a) - julianday(${localDaySql('r.created_date')}) FROM records r
      WHERE ${COHORT} AND r.flag_a = 1 AND r.date_a IS NOT NULL ${scopeSql(scope)}`,
  )
    .pluck()
    .all(params) as number[];
  const bySource = sources
    .map((s) => ({ source: s.source || NO_SOURCE, created: s.created, converted: s.converted, rate: ratio(s.converted, s.created) }))
    .sort((a, b) => b.created - a.created || a.source.localeCompare(b.source));
  return {
    basis,
    period,
    funnel: funnel(ctx, byStatus),
    created: sources.reduce((sum, s) => sum + s.created, 0),
    converted: sources.reduce((sum, s) => sum + s.converted, 0),
    bySource,
    timeToConvert: { count: days.length, medianDays: median(days), p90Days: percentile(days, 90) },
    aging: aging(ctx, scope),
    toWon: toWon(ctx, scope, params),
  };
}
