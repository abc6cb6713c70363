/**
 * `analytics:waterfall`: the open pipeline of a period on a start day and now, and what moved it,
 * per currency, so that start + Σ steps = end exactly for count and amount.
 *
 * Each deal of the start pipeline (open, closing in the period, in the scope, on the start day) or
 * of the end pipeline (the same, now) gets one step per currency slice:
 * - in both, same currency: `increased` or `decreased` by the change of its amount (count 0), or
 *   nothing when the amount did not change;
 * - only at the end (count +1, + its amount): `new` when it did not exist on the start day and was
 *   created since (or offline, not yet sent); `pulled-in` when it was open, in the scope and in the same currency on the start
 *   day with a close date outside the period; else `other` (reopened, came into the scope or the
 *   cache, changed currency);
 * - only at the start (count −1, − its start amount): `won`, `lost` when it closed; `pushed-out`
 *   when it is open, in the scope and currency, closing after the period; else `other` (deleted or
 *   gone from the cache, owner left the scope, changed currency, moved to before the period).
 * The classification is computed in one place for the totals and the drill-down lists.
 */
import type { Period, Scope, Totals, Waterfall, WaterfallStep } from '../../../shared/ipc/analytics.contract';
import { WATERFALL_STEPS } from '../../../shared/ipc/analytics.contract';
import { addDays, baseParams, basisOf, currencySlices, currencySql, localDayStartUtc, scopeSql, type AnalyticsContext } from './context';
import { BY_IDS, IN_PERIOD, OPEN, prepared } from './deal-sql';
import { startStates, type StartRow } from './start-state';

export interface WaterfallEntry {
  id: string;
  cur: string | null;
  step: WaterfallStep;
  /** Change of the pipeline's deal count (−1, 0, +1) and amount this entry makes. */
  count: number;
  amount: number;
  /** The deal's state on the start day, when it was in the start pipeline. */
  start?: StartRow;
}

interface EndRow {
  id: string;
  amount: number | null;
  probability: number | null;
  cur: string | null;
  created_date: string | null;
}

interface NowRow {
  id: string;
  owner_id: string | null;
  flag_a: number | null;
  flag_b: number | null;
  close_date: string | null;
  cur: string | null;
  local_state: string;
}

export interface Classified {
  startDate: string;
  reconstructed: boolean;
  start: Array<StartRow>;
  end: EndRow[];
  entries: WaterfallEntry[];
}

const amountOf = (r: { amount: number | null }) => r.amount ?? 0;

function leftStep(s: StartRow, now: NowRow | undefined, ctx: AnalyticsContext, period: Period, scope: Scope): WaterfallStep {
  if (!now || now.local_state === 'deleted') return 'other';
  if (now.flag_b === 1) return 'won';
  if (now.flag_a === 1) return 'lost';
  if (scope === 'mine' && now.owner_id !== ctx.userId) return 'other';
  if (now.cur !== s.cur) return 'other';
  return now.close_date !== null && now.close_date > period.end ? 'pushed-out' : 'other';
}

function enteredStep(e: EndRow, then: StartRow | undefined, ctx: AnalyticsContext, period: Period, scope: Scope, startDate: string): WaterfallStep {
  // Not there on the start day: new when created since (a deal created offline has no CreatedDate yet).
  if (!then) return e.created_date === null || e.created_date >= localDayStartUtc(startDate) ? 'new' : 'other';
  if (then.is_closed === 1) return 'other';
  if (scope === 'mine' && then.owner_id !== ctx.userId) return 'other';
  if (then.cur !== e.cur) return 'other';
  const inPeriod = then.close_date !== null && then.close_date >= period.start && then.close_date <= period.end;
  return inPeriod ? 'other' : 'pulled-in';
}

/** Every deal's step between `days` ago and now (see the file comment). */
export function classifyWaterfall(ctx: AnalyticsContext, period: Period, scope: Scope, days: number): Classified {
  const startDate = addDays(ctx.today, -days);
  const states = startStates(ctx, startDate);
  const start = states.pipeline(period, scope);
  const end = prepared(
    ctx.db,
    `SELECT r.id, r.amount, r.number_a AS probability, ${currencySql(ctx)} AS cur, r.created_date FROM records r WHERE ${OPEN} AND ${IN_PERIOD} ${scopeSql(scope)}`,
  ).all(baseParams(ctx, period)) as EndRow[];
  const startById = new Map(start.map((s) => [s.id, s]));
  const endById = new Map(end.map((e) => [e.id, e]));
  const entries: WaterfallEntry[] = [];
  const entered = end.filter((e) => startById.get(e.id)?.cur !== e.cur || !startById.has(e.id));
  const left = start.filter((s) => endById.get(s.id)?.cur !== s.cur || !endById.has(s.id));
  for (const e of end) {
    const s = startById.get(e.id);
    if (!s || s.cur !== e.cur) continue;
    const delta = amountOf(e) - amountOf(s);
    if (delta !== 0) entries.push({ id: e.id, cur: e.cur, step: delta > 0 ? 'increased' : 'decreased', count: 0, amount: delta, start: s });
  }
  const then = states.statesOf(entered.map((e) => e.id));
  for (const e of entered) {
    entries.push({ id: e.id, cur: e.cur, step: enteredStep(e, then.get(e.id), ctx, period, scope, startDate), count: 1, amount: amountOf(e) });
  }
  const now = currentOf(
    ctx,
    left.map((s) => s.id),
  );
  for (const s of left) entries.push({ id: s.id, cur: s.cur, step: leftStep(s, now.get(s.id), ctx, period, scope), count: -1, amount: -amountOf(s), start: s });
  return { startDate, reconstructed: states.reconstructed, start, end, entries };
}

function currentOf(ctx: AnalyticsContext, ids: readonly string[]): Map<string, NowRow> {
  if (!ids.length) return new Map();
  const rows = prepared(
    ctx.db,
    `SELECT r.id, r.owner_id, r.flag_a, r.flag_b, r.close_date, ${currencySql(ctx)} AS cur, r.local_state
       FROM ${BY_IDS}`,
  ).all({ ids: JSON.stringify(ids) }) as NowRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

const totalsOf = (rows: ReadonlyArray<{ amount: number | null; probability: number | null }>): Totals => ({
  count: rows.length,
  amount: rows.reduce((sum, r) => sum + amountOf(r), 0),
  weighted: rows.reduce((sum, r) => sum + (amountOf(r) * (r.probability ?? 0)) / 100, 0),
});

export function readWaterfall(ctx: AnalyticsContext, period: Period, scope: Scope, days: number): Waterfall {
  const basis = basisOf(ctx, 'Opportunity');
  const startDate = addDays(ctx.today, -days);
  if (basis.state === 'never-synced') return { basis, period, startDate, endDate: ctx.today, reconstructed: false, currencies: [] };
  const c = classifyWaterfall(ctx, period, scope, days);
  const slices = currencySlices(ctx, [...c.start.map((s) => s.cur), ...c.end.map((e) => e.cur)]);
  const currencies = slices.map((currency) => {
    const entries = c.entries.filter((e) => e.cur === currency);
    const steps = WATERFALL_STEPS.map((step) => {
      const of = entries.filter((e) => e.step === step);
      return { step, count: of.reduce((sum, e) => sum + e.count, 0), amount: of.reduce((sum, e) => sum + e.amount, 0), deals: of.length };
    });
    return { currency, start: totalsOf(c.start.filter((s) => s.cur === currency)), steps, end: totalsOf(c.end.filter((e) => e.cur === currency)) };
  });
  return { basis, period, startDate: c.startDate, endDate: ctx.today, reconstructed: c.reconstructed, currencies };
}
