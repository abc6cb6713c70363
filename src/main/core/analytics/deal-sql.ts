/**
 * The SQL pieces the cockpit's opportunity reads share: which rows count, days in stage, staleness,
 * totals, and a deal as lists show it. Every metric reads the typed columns of `records` (cache
 * migrations 0006 and 0007: for an Opportunity status = StageName, flag_a = IsClosed, flag_b =
 * IsWon, text_a = ForecastCategoryName, text_b = CurrencyIsoCode, number_a = Probability, date_a =
 * LastActivityDate, date_b = LastStageChangeDate); no metric parses a row's JSON.
 *
 * Rows the user deleted offline (local_state 'deleted') never count; rows created or changed
 * offline count with their local values, which is what a rep expects to see before a sync.
 *
 * Days: CloseDate and LastActivityDate are dates, counted in calendar days from @today (the user's
 * day); datetimes (CreatedDate, LastStageChangeDate, OpportunityHistory.CreatedDate) are instants,
 * counted in whole days elapsed until @now. (Turning an instant into a local day per row with
 * SQLite's 'localtime' costs a time-zone lookup per call when TZ is unset, as in a desktop app:
 * 40 ms over 10,000 deals.)
 */
import type { DealRow, Totals } from '../../../shared/ipc/analytics.contract';
import { currencySql, type AnalyticsContext } from './context';

/** Opportunities that count: cached and not deleted offline. */
export const OPPORTUNITY = `r.object = 'Opportunity' AND r.local_state <> 'deleted'`;
/** ...and open (IsClosed false). */
export const OPEN = `${OPPORTUNITY} AND r.flag_a = 0`;
/**
 * ...open or closed: every deal whose IsClosed is known. Written as a list so the reads of a period
 * stay ranges on the cockpit's covering indexes (flag_a before close_date) rather than table reads.
 */
export const KNOWN = `${OPPORTUNITY} AND r.flag_a IN (0, 1)`;
export const WON = `${OPPORTUNITY} AND r.flag_a = 1 AND r.flag_b = 1`;
export const LOST = `${OPPORTUNITY} AND r.flag_a = 1 AND r.flag_b = 0`;
/** Closing in the period (@ps, @pe: 'YYYY-MM-DD', both included, as SOQL's CloseDate ranges). */
export const IN_PERIOD = `r.close_date BETWEEN @ps AND @pe`;

/**
 * When a deal entered its current stage: LastStageChangeDate; else its latest OpportunityHistory row
 * whose stage differs from the row before it (the first row, its creation, counts as a change);
 * else its CreatedDate; else now (a deal created offline). COALESCE stops at the first value, so
 * the history is read only for deals without LastStageChangeDate, in key order (the table is
 * clustered by deal, cache migration 0008).
 */
const STAGE_ENTERED = `coalesce(
  r.date_b,
  (SELECT h.created_date FROM opportunity_history h
    WHERE h.opportunity_id = r.id
      AND h.stage_name IS NOT (SELECT p.stage_name FROM opportunity_history p
                                WHERE p.opportunity_id = h.opportunity_id
                                  AND (p.created_date < h.created_date OR (p.created_date = h.created_date AND p.id < h.id))
                                ORDER BY p.created_date DESC, p.id DESC LIMIT 1)
    ORDER BY h.created_date DESC, h.id DESC LIMIT 1),
  r.created_date,
  @now)`;

/** Whole days in the current stage until @now (never negative). */
export const DAYS_IN_STAGE = `max(0, CAST(julianday(@now) - julianday(${STAGE_ENTERED}) AS INTEGER))`;

/** Whole days since the last activity: calendar days since LastActivityDate, else days elapsed since CreatedDate. */
export const DAYS_INACTIVE = `max(0, CAST(CASE WHEN r.date_a IS NOT NULL THEN julianday(@today) - julianday(r.date_a)
  ELSE julianday(@now) - julianday(coalesce(r.created_date, @now)) END AS INTEGER))`;

/**
 * The stale rule as SQL, with its parameters: over the stage's threshold (the user's per-stage
 * days, else the default) or without activity for the set number of days.
 */
export function staleSql(ctx: AnalyticsContext): { sql: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { staleDefault: ctx.settings.defaultStaleDays, noActivity: ctx.settings.noActivityDays };
  const cases = Object.entries(ctx.settings.staleDaysByStage).map(([stage, days], i) => {
    params[`st${i}`] = stage;
    params[`sd${i}`] = days;
    return `WHEN @st${i} THEN @sd${i}`;
  });
  const threshold = cases.length ? `CASE r.status ${cases.join(' ')} ELSE @staleDefault END` : '@staleDefault';
  return { sql: `(${DAYS_IN_STAGE} > ${threshold} OR ${DAYS_INACTIVE} > @noActivity)`, params };
}

/**
 * The opportunities whose Ids are the JSON array @ids, as `records r`: the list drives the join
 * (CROSS JOIN keeps that order), so it is one key lookup per Id rather than a scan of the deals
 * probing the list, which the planner picks for `r.id IN (SELECT value FROM json_each(...))`.
 */
export const BY_IDS = `json_each(@ids) AS j CROSS JOIN records r ON r.object = 'Opportunity' AND r.id = j.value`;

/** Count, amount and weighted amount of the rows grouped (null amounts and probabilities count as 0). */
export const TOTALS_SQL = `COUNT(*) AS n, TOTAL(r.amount) AS amount, TOTAL(r.amount * r.number_a) / 100.0 AS weighted`;

export interface TotalsRow {
  n: number;
  amount: number;
  weighted: number;
}

export const toTotals = (row: TotalsRow | undefined): Totals => ({ count: row?.n ?? 0, amount: row?.amount ?? 0, weighted: row?.weighted ?? 0 });
export const ZERO: Totals = { count: 0, amount: 0, weighted: 0 };

/** The columns of a DealRow (see toDealRow). */
export function dealColumns(ctx: AnalyticsContext): string {
  return `r.id, coalesce(r.name, r.id) AS name, r.account_id, r.account_name, r.owner_id, r.owner_name, r.status, r.text_a AS forecast,
    r.amount, ${currencySql(ctx)} AS currency, r.number_a AS probability, r.close_date, r.flag_a, r.flag_b,
    ${DAYS_IN_STAGE} AS days_in_stage, ${DAYS_INACTIVE} AS days_inactive, r.date_a AS last_activity, r.local_state`;
}

export interface DealSqlRow {
  id: string;
  name: string;
  account_id: string | null;
  account_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  status: string | null;
  forecast: string | null;
  amount: number | null;
  currency: string | null;
  probability: number | null;
  close_date: string | null;
  flag_a: number | null;
  flag_b: number | null;
  days_in_stage: number | null;
  days_inactive: number | null;
  last_activity: string | null;
  local_state: 'synced' | 'created' | 'modified';
}

export function toDealRow(r: DealSqlRow, note?: string | null): DealRow {
  return {
    id: r.id,
    name: r.name,
    accountId: r.account_id,
    accountName: r.account_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    stage: r.status,
    forecastCategory: r.forecast,
    amount: r.amount,
    currency: r.currency,
    probability: r.probability,
    closeDate: r.close_date,
    isClosed: r.flag_a === 1,
    isWon: r.flag_b === 1,
    daysInStage: r.days_in_stage,
    lastActivityDate: r.last_activity,
    localState: r.local_state,
    ...(note !== undefined ? { note } : {}),
  };
}

/**
 * The first `limit` deals matching `where` in `orderBy` (expressions over `r`, no aliases), as rows
 * of dealColumns. The order is taken over what the covering indexes hold (row ids and the sort
 * keys), then only the chosen rows are read: sorting whole rows would read every matching deal's row.
 */
export function topDeals(ctx: AnalyticsContext, where: string, orderBy: string, params: Record<string, unknown>, limit: number): DealSqlRow[] {
  return prepared(
    ctx.db,
    `SELECT ${dealColumns(ctx)} FROM (SELECT r.rid FROM records r WHERE ${where} ORDER BY ${orderBy} LIMIT @limit) c
       CROSS JOIN records r ON r.rid = c.rid ORDER BY ${orderBy}`,
  ).all({ ...params, limit }) as DealSqlRow[];
}

/** Why a stale deal is stale, in words. */
export function staleNote(ctx: AnalyticsContext, r: DealSqlRow): string {
  const threshold = (r.status !== null ? ctx.settings.staleDaysByStage[r.status] : undefined) ?? ctx.settings.defaultStaleDays;
  if ((r.days_in_stage ?? 0) > threshold) return `In ${r.status ?? 'its stage'} for ${r.days_in_stage} days`;
  return `No activity for ${r.days_inactive} days`;
}

/**
 * `INDEXED BY <name>` when the cache has that index, else nothing. Some reads name the registry's
 * covering index by Id because the planner, without statistics, prefers the unique (object, id)
 * key and then reads every row; the registry's indexes are absent while a first sync defers them
 * (cache/deferred-indexes.ts), when the read must still work, only slower.
 */
export function indexHint(db: AnalyticsContext['db'], name: string): string {
  const present = prepared(db, `SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !== undefined;
  return present ? `INDEXED BY ${name}` : '';
}

/** The registry's covering index of opportunities by Id (src/shared/objects/registry.ts). */
export const BY_ID_INDEX = 'records_opp_cockpit_by_id';

/** A prepared statement per SQL text and handle (the reads run the same few texts again and again). */
const statements = new WeakMap<object, Map<string, import('better-sqlite3').Statement>>();
export function prepared(db: AnalyticsContext['db'], sql: string): import('better-sqlite3').Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
