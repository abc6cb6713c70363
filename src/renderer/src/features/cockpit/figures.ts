/**
 * The cockpit's arithmetic on what the core answered: which currency to show, Salesforce's
 * cumulative forecast, the waterfall's floating bars, coverage. Never adds amounts across
 * currencies: every function takes one currency's slice. Pure (unit-tested).
 */
import type { DealsFilter, Totals, WaterfallStep } from '../../../../shared/ipc/analytics.contract';

/** The slice to show: the one asked for, else the one with the most open deals, else the first. */
export function pickCurrency<T extends { currency: string | null; open?: Totals }>(slices: readonly T[], wanted: string): T | undefined {
  const asked = slices.find((s) => (s.currency ?? '') === wanted);
  if (asked) return asked;
  return [...slices].sort((a, b) => (b.open?.count ?? 0) - (a.open?.count ?? 0))[0];
}

export interface ForecastBar {
  key: string;
  label: string;
  /** What the bar adds up, for its tooltip ("Closed + Commit"). */
  parts: string[];
  count: number;
  amount: number;
  weighted: number;
  /** The deals behind the bar: one drill-down query per forecast category it holds. */
  filters: DealsFilter[];
}

/** The deals of a forecast category closing in the period, open or closed (Closed: the won ones). */
export function forecastFilter(category: string): DealsFilter {
  return { kind: 'forecast', category };
}

type ForecastRow = { category: string; totals: Totals };

function sumOf(rows: readonly ForecastRow[], parts: readonly string[]): Pick<ForecastBar, 'count' | 'amount' | 'weighted'> {
  const chosen = rows.filter((r) => parts.includes(r.category));
  return {
    count: chosen.reduce((n, r) => n + r.totals.count, 0),
    amount: chosen.reduce((n, r) => n + r.totals.amount, 0),
    weighted: chosen.reduce((n, r) => n + r.totals.weighted, 0),
  };
}

/** One bar per forecast category, in the order the core gives (Closed, Commit, Best Case, Pipeline). */
export function forecastBars(rows: readonly ForecastRow[]): ForecastBar[] {
  return rows.map((r) => ({
    key: r.category,
    label: r.category,
    parts: [r.category],
    ...sumOf(rows, [r.category]),
    filters: [forecastFilter(r.category)],
  }));
}

/**
 * Salesforce's cumulative forecast rollups (Collaborative Forecasts; ForecastingSubmissionItem's
 * ForecastingItemCategory in the object reference): Closed Only; Commit Forecast = Commit + Closed;
 * Best Case Forecast = Best Case + Commit + Closed; Open Pipeline = Pipeline + Best Case + Commit
 * (the open deals only: it leaves Closed out). Most Likely is not one of the standard categories.
 */
export const CUMULATIVE_ROLLUPS: ReadonlyArray<{ key: string; label: string; parts: string[] }> = [
  { key: 'closed', label: 'Closed', parts: ['Closed'] },
  { key: 'commit', label: 'Commit forecast', parts: ['Closed', 'Commit'] },
  { key: 'best-case', label: 'Best Case forecast', parts: ['Closed', 'Commit', 'Best Case'] },
  { key: 'open-pipeline', label: 'Open pipeline', parts: ['Commit', 'Best Case', 'Pipeline'] },
];

export function cumulativeForecastBars(rows: readonly ForecastRow[]): ForecastBar[] {
  return CUMULATIVE_ROLLUPS.map((r) => ({ ...r, ...sumOf(rows, r.parts), filters: r.parts.map(forecastFilter) }));
}

export const WATERFALL_LABELS: Record<WaterfallStep, string> = {
  new: 'New',
  'pulled-in': 'Pulled in',
  'pushed-out': 'Pushed out',
  increased: 'Increased',
  decreased: 'Decreased',
  won: 'Won',
  lost: 'Lost',
  other: 'Other changes',
};

export interface WaterfallBar {
  key: 'start' | 'end' | WaterfallStep;
  label: string;
  /** The bar's bottom and top on the amount axis (a floating bar for a step). */
  range: [number, number];
  /** The step's signed change; for start and end, their amount. */
  delta: number;
  /** The deals behind the bar (what its drill-down lists). */
  count: number;
  kind: 'total' | 'up' | 'down';
}

/** Start, each step floating from the running total (the core signs each step's amount), end. */
export function waterfallBars(slice: {
  start: Totals;
  steps: ReadonlyArray<{ step: WaterfallStep; amount: number; deals: number }>;
  end: Totals;
}): WaterfallBar[] {
  const bars: WaterfallBar[] = [
    { key: 'start', label: 'Start', range: [0, slice.start.amount], delta: slice.start.amount, count: slice.start.count, kind: 'total' },
  ];
  let running = slice.start.amount;
  for (const s of slice.steps) {
    const delta = s.amount;
    const next = running + delta;
    bars.push({
      key: s.step,
      label: WATERFALL_LABELS[s.step],
      range: [Math.min(running, next), Math.max(running, next)],
      delta,
      count: s.deals,
      kind: delta < 0 ? 'down' : 'up',
    });
    running = next;
  }
  bars.push({ key: 'end', label: 'End', range: [0, slice.end.amount], delta: slice.end.amount, count: slice.end.count, kind: 'total' });
  return bars;
}

/** Whether the steps lead from the start to the end (to the cent): the chart says so when they do not. */
export function waterfallBalances(bars: readonly WaterfallBar[]): boolean {
  const start = bars[0]?.delta ?? 0;
  const end = bars[bars.length - 1]?.delta ?? 0;
  const steps = bars.slice(1, -1).reduce((n, b) => n + b.delta, 0);
  return Math.abs(start + steps - end) < 0.01;
}

/** A quota field's text as a number ('' = no quota); undefined when it is not a usable amount. */
export function parseQuota(text: string): number | null | undefined {
  const clean = text.replace(/[\s,]/g, '');
  if (clean === '') return null;
  if (!/^\d{1,15}(?:\.\d{1,2})?$/.test(clean)) return undefined;
  return Number(clean);
}

/** The key under which a currency's quota is kept ('' = the single-currency org's). */
export const quotaKey = (currency: string | null) => currency ?? '';

/**
 * Where the waterfall's amount axis starts: low enough to show the lowest step with room below,
 * high enough that a week's changes are not slivers on top of a tall pipeline (the start and end
 * bars are cut at the axis, as waterfall charts do). Rounded down to two significant digits.
 */
export function waterfallFloor(bars: readonly WaterfallBar[]): number {
  if (bars.length === 0) return 0;
  const lows = bars.map((b) => (b.kind === 'total' ? b.range[1] : b.range[0]));
  const min = Math.min(...lows);
  const max = Math.max(...bars.map((b) => b.range[1]));
  const floor = min - Math.max(max - min, max * 0.05) * 0.5;
  if (floor <= 0) return 0;
  const unit = 10 ** (Math.floor(Math.log10(floor)) - 1);
  return Math.floor(floor / unit) * unit;
}
