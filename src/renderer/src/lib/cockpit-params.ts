/**
 * The cockpit screens' state in the URL (period, scope, currency, board filters), so a reload or
 * the back button keeps what the user chose and a link shares it. Parsed against whitelists like
 * the list parameters: anything odd falls back to the defaults. Pure (unit-tested).
 */
import type { BoardQuery, PeriodInput, Scope } from '../../../shared/ipc/analytics.contract';

export const NAMED_PERIOD_KINDS = ['this-quarter', 'next-quarter', 'last-quarter', 'this-year'] as const;
export type NamedPeriodKind = (typeof NAMED_PERIOD_KINDS)[number];

/** The Pipeline and Lead analytics pages: a period, a scope and (multi-currency orgs) a currency. */
export interface AnalyticsParams {
  period: PeriodInput;
  scope: Scope;
  /** '' = the first currency the figures hold. */
  currency: string;
}

/** The board's filters: owner ('me', 'all' or a user Id), close period ('any' or a period), amount range. */
export interface BoardParams {
  owner: string;
  period: PeriodInput | null;
  minAmount: number | null;
  maxAmount: number | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

function validDate(value: string | null): value is string {
  return value !== null && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** `period=this-quarter`, or `period=custom&from=…&to=…` (both ends included). */
export function parsePeriod(query: URLSearchParams, fallback: PeriodInput | null): PeriodInput | null {
  const kind = query.get('period');
  if ((NAMED_PERIOD_KINDS as readonly string[]).includes(kind ?? '')) return { kind: kind as NamedPeriodKind };
  if (kind === 'custom') {
    const start = query.get('from');
    const end = query.get('to');
    if (validDate(start) && validDate(end) && start <= end) return { kind: 'custom', start, end };
  }
  return fallback;
}

function printPeriod(query: URLSearchParams, period: PeriodInput | null, fallback: PeriodInput | null): void {
  if (!period || samePeriod(period, fallback)) return;
  query.set('period', period.kind);
  if (period.kind === 'custom') {
    query.set('from', period.start);
    query.set('to', period.end);
  }
}

export function samePeriod(a: PeriodInput | null, b: PeriodInput | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  return a.kind !== 'custom' || (b.kind === 'custom' && a.start === b.start && a.end === b.end);
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const DEFAULT_PIPELINE_PARAMS: AnalyticsParams = { period: { kind: 'this-quarter' }, scope: 'mine', currency: '' };
/** Leads convert over weeks: a whole fiscal year's cohort says more than a quarter just begun. */
export const DEFAULT_LEAD_PARAMS: AnalyticsParams = { period: { kind: 'this-year' }, scope: 'mine', currency: '' };

export function parseAnalyticsParams(query: URLSearchParams, defaults: AnalyticsParams): AnalyticsParams {
  const scope = query.get('scope');
  const currency = query.get('currency') ?? '';
  return {
    period: parsePeriod(query, defaults.period) ?? defaults.period,
    scope: scope === 'all' || scope === 'mine' ? scope : defaults.scope,
    currency: CURRENCY.test(currency) ? currency : '',
  };
}

export function printAnalyticsParams(path: string, params: AnalyticsParams, defaults: AnalyticsParams): string {
  const query = new URLSearchParams();
  printPeriod(query, params.period, defaults.period);
  if (params.scope !== defaults.scope) query.set('scope', params.scope);
  if (params.currency) query.set('currency', params.currency);
  return withQuery(path, query);
}

export const DEFAULT_BOARD_PARAMS: BoardParams = { owner: 'me', period: null, minAmount: null, maxAmount: null };

function parseAmount(value: string | null): number | null {
  if (value === null || !/^\d{1,15}(?:\.\d{1,2})?$/.test(value)) return null;
  return Number(value);
}

export function parseBoardParams(query: URLSearchParams): BoardParams {
  const owner = query.get('owner') ?? '';
  return {
    owner: owner === 'all' || owner === 'me' || USER_ID.test(owner) ? owner : DEFAULT_BOARD_PARAMS.owner,
    period: parsePeriod(query, null),
    minAmount: parseAmount(query.get('min')),
    maxAmount: parseAmount(query.get('max')),
  };
}

export function printBoardParams(params: BoardParams): string {
  const query = new URLSearchParams();
  if (params.owner !== DEFAULT_BOARD_PARAMS.owner) query.set('owner', params.owner);
  printPeriod(query, params.period, null);
  if (params.minAmount !== null) query.set('min', String(params.minAmount));
  if (params.maxAmount !== null) query.set('max', String(params.maxAmount));
  return withQuery('#/board', query);
}

/** The board's filters as the contract's query (a range given upside down is read the right way round). */
export function boardQueryOf(params: BoardParams): BoardQuery {
  const query: BoardQuery = {};
  if (params.owner !== 'all') query.owner = params.owner;
  if (params.period) query.period = params.period;
  const [min, max] =
    params.minAmount !== null && params.maxAmount !== null && params.minAmount > params.maxAmount
      ? [params.maxAmount, params.minAmount]
      : [params.minAmount, params.maxAmount];
  if (min !== null) query.minAmount = min;
  if (max !== null) query.maxAmount = max;
  return query;
}
