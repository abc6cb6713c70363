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
import { BY_ID_INDEX, IN_PERIOD, indexHint, OPEN, prepared } from './deal-sql';
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
  cur: string | null;
  created_date: string | null;
}

/** A row of the waterfall's query: the start and end totals of a currency, or a deal that differs. */
interface WaterfallRow {
  kind: 'start' | 'end' | 'diff';
  cur: string | null;
  n: number | null;
  amount: number | null;
  weighted: number | null;
  s_id: string | null;
  s_owner: string | null;
  s_amount: number | null;
  s_probability: number | null;
  s_close: string | null;
  s_cur: string | null;
  e_id: string | null;
  e_amount: number | null;
  e_cur: string | null;
  e_created: string | null;
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
  /** Start and end totals per currency. */
  totals: Array<{ side: 'start' | 'end'; cur: string | null; totals: Totals }>;
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

/**
 * The start pipeline (the app's states or the rebuilt ones) and today's, joined in SQL: their totals
 * per currency, and only the deals that differ (in one and not the other, another currency, another
 * amount). A week's changes are a few hundred rows, whatever the pipeline's size.
 */
function readDifferences(ctx: AnalyticsContext, period: Period, scope: Scope, startDate: string) {
  const states = startStates(ctx, startDate);
  const start = states.pipelineQuery(period, scope);
  // The first SELECT of a compound names the columns. Two LEFT JOINs rather than a FULL JOIN: SQLite
  // builds an automatic index on the materialized side of a LEFT JOIN, not of a FULL one.
  const totals = (side: string, t: string) =>
    `SELECT '${side}' AS kind, ${t}.cur, COUNT(*) AS n, TOTAL(${t}.amount) AS amount, TOTAL(${t}.amount * ${t}.probability) / 100.0 AS weighted,
            NULL AS s_id, NULL AS s_owner, NULL AS s_amount, NULL AS s_probability, NULL AS s_close, NULL AS s_cur,
            NULL AS e_id, NULL AS e_amount, NULL AS e_cur, NULL AS e_created FROM ${t} GROUP BY ${t}.cur`;
  const rows = prepared(
    ctx.db,
    `WITH ${[...start.ctes, `s AS MATERIALIZED (${start.select})`].join(', ')},
       e AS MATERIALIZED (SELECT r.id, r.amount, r.number_a AS probability, ${currencySql(ctx)} AS cur, r.created_date FROM records r
                           WHERE ${OPEN} AND ${IN_PERIOD} ${scopeSql(scope)})
     ${totals('start', 's')}
     UNION ALL ${totals('end', 'e')}
     UNION ALL
     SELECT 'diff', NULL, NULL, NULL, NULL, s.id, s.owner_id, s.amount, s.probability, s.close_date, s.cur, e.id, e.amount, e.cur, e.created_date
       FROM s LEFT JOIN e ON e.id = s.id
      WHERE e.id IS NULL OR s.cur IS NOT e.cur OR coalesce(s.amount, 0) <> coalesce(e.amount, 0)
     UNION ALL
     SELECT 'diff', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, e.id, e.amount, e.cur, e.created_date
       FROM e LEFT JOIN s ON s.id = e.id WHERE s.id IS NULL`,
  ).all({ ...baseParams(ctx, period), ...start.params }) as WaterfallRow[];
  return { states, rows };
}

/** Every deal's step between `days` ago and now (see the file comment). */
export function classifyWaterfall(ctx: AnalyticsContext, period: Period, scope: Scope, days: number): Classified {
  const startDate = addDays(ctx.today, -days);
  const { states, rows } = readDifferences(ctx, period, scope, startDate);
  const entries: WaterfallEntry[] = [];
  const entered: EndRow[] = [];
  const left: StartRow[] = [];
  for (const r of rows.filter((row) => row.kind === 'diff')) {
    const s: StartRow | undefined =
      r.s_id === null
        ? undefined
        : {
            id: r.s_id,
            owner_id: r.s_owner,
            amount: r.s_amount,
            probability: r.s_probability,
            close_date: r.s_close,
            cur: r.s_cur,
            is_closed: 0,
            is_won: 0,
          };
    const e: EndRow | undefined = r.e_id === null ? undefined : { id: r.e_id, amount: r.e_amount, cur: r.e_cur, created_date: r.e_created };
    if (s && e && s.cur === e.cur) {
      const delta = amountOf(e) - amountOf(s);
      entries.push({ id: e.id, cur: e.cur, step: delta > 0 ? 'increased' : 'decreased', count: 0, amount: delta, start: s });
      continue;
    }
    if (s) left.push(s);
    if (e) entered.push(e);
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
  const totals = rows
    .filter((r) => r.kind !== 'diff')
    .map((r) => ({ side: r.kind as 'start' | 'end', cur: r.cur, totals: { count: r.n ?? 0, amount: r.amount ?? 0, weighted: r.weighted ?? 0 } }));
  return { startDate, reconstructed: states.reconstructed, totals, entries };
}

function currentOf(ctx: AnalyticsContext, ids: readonly string[]): Map<string, NowRow> {
  if (!ids.length) return new Map();
  const rows = prepared(
    ctx.db,
    `SELECT r.id, r.owner_id, r.flag_a, r.flag_b, r.close_date, ${currencySql(ctx)} AS cur, r.local_state
       FROM json_each(@ids) AS j CROSS JOIN records r ${indexHint(ctx.db, BY_ID_INDEX)} ON r.object = 'Opportunity' AND r.id = j.value`,
  ).all({ ids: JSON.stringify(ids) }) as NowRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function readWaterfall(ctx: AnalyticsContext, period: Period, scope: Scope, days: number): Waterfall {
  const basis = basisOf(ctx, 'Opportunity');
  const startDate = addDays(ctx.today, -days);
  if (basis.state === 'never-synced') return { basis, period, startDate, endDate: ctx.today, reconstructed: false, currencies: [] };
  const c = classifyWaterfall(ctx, period, scope, days);
  const slices = currencySlices(
    ctx,
    c.totals.map((t) => t.cur),
  );
  const totalsOf = (side: 'start' | 'end', currency: string | null): Totals =>
    c.totals.find((t) => t.side === side && t.cur === currency)?.totals ?? { count: 0, amount: 0, weighted: 0 };
  const currencies = slices.map((currency) => {
    const entries = c.entries.filter((e) => e.cur === currency);
    const steps = WATERFALL_STEPS.map((step) => {
      const of = entries.filter((e) => e.step === step);
      return { step, count: of.reduce((sum, e) => sum + e.count, 0), amount: of.reduce((sum, e) => sum + e.amount, 0), deals: of.length };
    });
    return { currency, start: totalsOf('start', currency), steps, end: totalsOf('end', currency) };
  });
  return { basis, period, startDate: c.startDate, endDate: ctx.today, reconstructed: c.reconstructed, currencies };
}
