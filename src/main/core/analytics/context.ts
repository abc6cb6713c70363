/**
 * What every cockpit read needs to know besides its own query: the cache, today (the process's
 * local date, from an injectable clock), the org's fiscal year and stages, whether amounts are
 * grouped by currency, who "mine" is, and the user's cockpit settings. Built once per call.
 */
import { DEFAULT_FISCAL, localDate } from '../../../shared/analytics/fiscal';
import type { CacheBasis, CockpitSettings, FiscalSettings, Scope, StageInfo } from '../../../shared/ipc/analytics.contract';
import type { CacheDb } from '../cache/org-cache';
import { readLeadStatuses, readOrgSettings, readStages, type LeadStatusRow } from '../cache/reference.repo';
import { readSyncState } from '../cache/sync-state.repo';

export interface AnalyticsContext {
  db: CacheDb;
  /** 'YYYY-MM-DD', the user's day. */
  today: string;
  /** The clock's instant (ISO, UTC): days since a datetime are whole days elapsed until it. */
  now: string;
  fiscal: FiscalSettings;
  /** Amounts are grouped by CurrencyIsoCode (records.text_b) only in a multi-currency org. */
  multiCurrency: boolean;
  /** The org's corporate currency in a multi-currency org (the slice shown when nothing is there yet). */
  corporateCurrency: string | null;
  /** The connected user's Id: scope "mine". */
  userId: string;
  settings: CockpitSettings;
  /** Every stage in the org's order (inactive ones too: old deals may sit in them). */
  stages: Array<StageInfo & { isActive: boolean }>;
  /** Whether the stages and the org settings were read from the org (else the standard ones). */
  orgSettingsKnown: boolean;
}

export function buildContext(db: CacheDb, input: { now: Date; userId: string; settings: CockpitSettings }): AnalyticsContext {
  const org = readOrgSettings(db);
  const { stages, fromOrg } = readStages(db);
  const fiscal: FiscalSettings = org
    ? { startMonth: org.fiscalYearStartMonth, nameByStartYear: org.usesStartDateAsFiscalYearName, fromOrg: true }
    : DEFAULT_FISCAL;
  return {
    db,
    today: localDate(input.now),
    now: input.now.toISOString(),
    fiscal,
    multiCurrency: org?.multiCurrency ?? false,
    corporateCurrency: org?.multiCurrency ? (org.currencies.find((c) => c.isCorporate)?.isoCode ?? null) : null,
    userId: input.userId,
    settings: input.settings,
    stages: stages.map((s) => ({
      name: s.name,
      label: s.label,
      sortOrder: s.sortOrder,
      isClosed: s.isClosed,
      isWon: s.isWon,
      defaultProbability: s.defaultProbability,
      forecastCategory: s.forecastCategory,
      isActive: s.isActive,
    })),
    orgSettingsKnown: org !== null && fromOrg,
  };
}

export function leadStatusesOf(ctx: AnalyticsContext): LeadStatusRow[] {
  return readLeadStatuses(ctx.db).statuses;
}

/** The stages a StageInfo list shows: the active ones, in the org's order. */
export function activeStages(ctx: AnalyticsContext): StageInfo[] {
  return ctx.stages.filter((s) => s.isActive).map(({ isActive: _active, ...info }) => info);
}

/** Open stages in the org's order: the active ones, then inactive ones that still hold deals are appended by the callers. */
export function openStageNames(ctx: AnalyticsContext): string[] {
  return ctx.stages.filter((s) => s.isActive && !s.isClosed).map((s) => s.name);
}

/**
 * The freshness of the figures: 'never-synced' while no row of the object is cached and no full
 * sync of it finished (empty figures, not zeros), and the last time it was brought up to date.
 */
export function basisOf(ctx: AnalyticsContext, object: 'Opportunity' | 'Lead'): CacheBasis {
  const state = readSyncState(ctx.db, object);
  const times = [state?.lastFullSyncAt, state?.lastIncrementalAt].filter((t): t is string => Boolean(t)).sort();
  const any = ctx.db.prepare(`SELECT 1 FROM records WHERE object = ? LIMIT 1`).get(object) !== undefined;
  return { state: !any && !state?.lastFullSyncAt ? 'never-synced' : 'ready', syncedAt: times.at(-1) ?? null, orgSettingsKnown: ctx.orgSettingsKnown };
}

/** `AND <alias>.owner_id = @me` for scope "mine" (the caller binds `me`). */
export function scopeSql(scope: Scope, alias = 'r'): string {
  return scope === 'mine' ? `AND ${alias}.owner_id = @me` : '';
}

/** The currency a row's amounts are grouped by: its CurrencyIsoCode in a multi-currency org, else one slice (NULL). */
export function currencySql(ctx: AnalyticsContext, alias = 'r'): string {
  return ctx.multiCurrency ? `${alias}.text_b` : 'NULL';
}

/**
 * The UTC instant at which a local day starts, as the cache writes datetimes
 * ('YYYY-MM-DDTHH:MM:SS.sssZ'): datetimes compare with it as text, so a "created in the period"
 * filter stays a range on an index.
 */
export function localDayStartUtc(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

/** The day after a 'YYYY-MM-DD' (calendar arithmetic, no time zone). */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The parameters every cockpit query may use: me, today, now, the period's bounds. */
export function baseParams(ctx: AnalyticsContext, period?: { start: string; end: string }): Record<string, string | number> {
  return {
    me: ctx.userId,
    today: ctx.today,
    now: ctx.now,
    ...(period ? { ps: period.start, pe: period.end, psUtc: localDayStartUtc(period.start), peNextUtc: localDayStartUtc(nextDay(period.end)) } : {}),
  };
}

/**
 * The currency slices a figure shows, in order: one slice (null) in a single-currency org; in a
 * multi-currency org the currencies found (the corporate one first, then by code), or the corporate
 * currency alone when nothing is there yet.
 */
export function currencySlices(ctx: AnalyticsContext, found: Iterable<string | null>): Array<string | null> {
  if (!ctx.multiCurrency) return [null];
  const set = new Set(found);
  if (!set.size) return [ctx.corporateCurrency];
  const rank = (c: string | null) => (c === ctx.corporateCurrency ? 0 : c === null ? 2 : 1);
  return [...set].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}

/** The process's UTC offset changes (ISO instant at which an offset of `minutes` starts), memoized per process. */
let offsetTable: { from: string | null; minutes: number }[] | undefined;

function utcOffsets(): { from: string | null; minutes: number }[] {
  if (offsetTable) return offsetTable;
  // Twelve years around now, day by day, each change then found to the minute.
  const offsetAt = (ms: number) => -new Date(ms).getTimezoneOffset();
  const start = Date.UTC(new Date().getUTCFullYear() - 10, 0, 1);
  const end = Date.UTC(new Date().getUTCFullYear() + 2, 11, 31);
  const table: { from: string | null; minutes: number }[] = [{ from: null, minutes: offsetAt(start) }];
  for (let ms = start; ms < end; ms += 86_400_000) {
    if (offsetAt(ms + 86_400_000) === offsetAt(ms)) continue;
    let [lo, hi] = [ms, ms + 86_400_000];
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === offsetAt(lo)) lo = mid;
      else hi = mid;
    }
    table.push({ from: new Date(hi).toISOString(), minutes: offsetAt(hi) });
  }
  return (offsetTable = table);
}

/**
 * SQL for the user's local day ('YYYY-MM-DD') of a datetime column (an ISO instant), without
 * SQLite's 'localtime' (a time-zone lookup per row when TZ is unset): the process's offsets over
 * the years around now, as a CASE over the instants at which they change.
 */
export function localDaySql(expr: string): string {
  const table = utcOffsets();
  if (table.length === 1) return `date(${expr}, '${table[0].minutes >= 0 ? '+' : ''}${table[0].minutes} minutes')`;
  const cases = table
    .slice(1)
    .map((t, i) => `WHEN ${expr} < '${t.from}' THEN '${table[i].minutes >= 0 ? '+' : ''}${table[i].minutes} minutes'`)
    .join(' ');
  const last = table[table.length - 1].minutes;
  return `date(${expr}, CASE ${cases} ELSE '${last >= 0 ? '+' : ''}${last} minutes' END)`;
}
