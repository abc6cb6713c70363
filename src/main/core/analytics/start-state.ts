/**
 * The opportunities' states on a past day, for the waterfall's start: from the app's own daily
 * states (opportunity_states) when a snapshot had been taken by then, else rebuilt from
 * OpportunityHistory (`reconstructed`).
 *
 * Rebuilt state on day D: each deal's last history row created on or before D (its stage, amount,
 * probability, close date; IsClosed and IsWon from the stage's definition), with the deal's current
 * owner and currency (history does not record them). A deal with no history row after D (and no
 * change made offline) is read as it is now: its last row by D is its last row, and the cached row
 * holds that row's values — so only the few deals changed since D are read row by row. A cached deal
 * with no history at all is taken as it is now if it was created by D.
 */
import type { Scope } from '../../../shared/ipc/analytics.contract';
import { localDayStartUtc, nextDay, type AnalyticsContext } from './context';
import { BY_ID_INDEX, indexHint, prepared } from './deal-sql';
import { firstSnapshotDay } from './snapshots';

export interface StartRow {
  id: string;
  owner_id: string | null;
  amount: number | null;
  probability: number | null;
  close_date: string | null;
  /** null in a single-currency org. */
  cur: string | null;
  is_closed: number;
  is_won: number;
}

/** A query of StartRow columns with the CTEs it needs and its parameters, to run or to compose. */
export interface StartQuery {
  ctes: string[];
  select: string;
  params: Record<string, string | number>;
}

export interface StartStates {
  day: string;
  reconstructed: boolean;
  /** Open deals of the period on that day, in the scope, as a query (the waterfall joins it with today's). */
  pipelineQuery(period: { start: string; end: string }, scope: Scope): StartQuery;
  /** ...and read. */
  pipeline(period: { start: string; end: string }, scope: Scope): StartRow[];
  /** The states on that day of some deals (a deal missing did not exist then, as far as the cache knows). */
  statesOf(ids: readonly string[]): Map<string, StartRow>;
}

const SNAPSHOT_COLUMNS = (cur: string) => `s.opportunity_id AS id, s.owner_id, s.amount, s.probability, s.close_date, ${cur} AS cur, s.is_closed, s.is_won`;
const VALID_ON_DAY = `s.valid_from <= @d AND (s.valid_to IS NULL OR s.valid_to > @d)`;

function fromSnapshots(ctx: AnalyticsContext, day: string): StartStates {
  const cur = ctx.multiCurrency ? 's.currency' : 'NULL';
  return {
    day,
    reconstructed: false,
    pipelineQuery(period, scope) {
      const owner = scope === 'mine' ? 'AND s.owner_id = @me' : '';
      // Open deals only (is_won is then 0 too): what opportunity_states_open[_owner] cover.
      return {
        ctes: [],
        select: `SELECT s.opportunity_id AS id, s.owner_id, s.amount, s.probability, s.close_date, ${cur} AS cur, 0 AS is_closed, 0 AS is_won
                   FROM opportunity_states s WHERE s.is_closed = 0 AND s.close_date BETWEEN @ps AND @pe AND ${VALID_ON_DAY} ${owner}`,
        params: { d: day, ps: period.start, pe: period.end, me: ctx.userId },
      };
    },
    pipeline(period, scope) {
      return runStartQuery(ctx, this.pipelineQuery(period, scope));
    },
    statesOf(ids) {
      const rows = prepared(
        ctx.db,
        `SELECT ${SNAPSHOT_COLUMNS(cur)} FROM json_each(@ids) AS j CROSS JOIN opportunity_states s ON s.opportunity_id = j.value WHERE ${VALID_ON_DAY}`,
      ).all({ d: day, ids: JSON.stringify(ids) }) as StartRow[];
      return new Map(rows.map((r) => [r.id, r]));
    },
  };
}

/** The stage definitions as a CTE `st(name, is_closed, is_won)` and its parameters. */
function stagesCte(ctx: AnalyticsContext): { sql: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  const values = ctx.stages.map((s, i) => {
    Object.assign(params, { [`sn${i}`]: s.name, [`sc${i}`]: s.isClosed ? 1 : 0, [`sw${i}`]: s.isWon ? 1 : 0 });
    return `(@sn${i}, @sc${i}, @sw${i})`;
  });
  return { sql: `st(name, is_closed, is_won) AS (VALUES ${values.length ? values.join(', ') : `('', 0, 0)`})`, params };
}

/**
 * Deals whose state may differ from their cached values since the start day: a history row created
 * after it (a change, or their creation), or a change made offline. Every other deal's last history
 * row by then is its last row, whose values the cached row holds: its state then is its state now.
 * (INDEXED BY: without statistics the planner scans the tables for these ranges.)
 */
const CHANGED = `changed(id) AS MATERIALIZED (
  SELECT opportunity_id FROM opportunity_history INDEXED BY opportunity_history_by_created WHERE created_date >= @dNext
  UNION SELECT c.id FROM records c INDEXED BY records_pending WHERE c.local_state <> 'synced' AND c.object = 'Opportunity')`;
/**
 * The changed deals that may have been in the period's pipeline on the start day. The first
 * history row after it carries PrevCloseDate, the close date the deal had then: a deal whose close
 * date was outside the period is left out before its rows are read (rows without PrevCloseDate —
 * a creation, older history — and changes made offline are read).
 */
const CHANGED_IN_PERIOD = `changed_in_period(id) AS MATERIALIZED (
  SELECT id FROM (SELECT opportunity_id AS id, min(created_date), prev_close_date AS prev
                    FROM opportunity_history INDEXED BY opportunity_history_by_created WHERE created_date >= @dNext GROUP BY opportunity_id)
   WHERE prev IS NULL OR prev BETWEEN @ps AND @pe
  UNION SELECT c.id FROM records c INDEXED BY records_pending WHERE c.local_state <> 'synced' AND c.object = 'Opportunity')`;
/** The last history row of deal `c.id` created before @dNext, as `h`. */
const LAST_ROW_BY_DAY = `opportunity_history h ON (h.opportunity_id, h.created_date, h.id) = (
  SELECT l.opportunity_id, l.created_date, l.id FROM opportunity_history l WHERE l.opportunity_id = c.id AND l.created_date < @dNext
   ORDER BY l.created_date DESC, l.id DESC LIMIT 1)`;

function rebuilt(ctx: AnalyticsContext, day: string): StartStates {
  const st = stagesCte(ctx);
  const cur = ctx.multiCurrency ? 'r.text_b' : 'NULL';
  const dNext = localDayStartUtc(nextDay(day));
  // Deals looked up by Id read the covering index, not the rows (see indexHint).
  const hint = indexHint(ctx.db, BY_ID_INDEX);
  return {
    day,
    reconstructed: true,
    pipelineQuery(period, scope) {
      const owner = scope === 'mine' ? 'AND r.owner_id = @me' : '';
      // The user's deals from the covering index, so the changed deals of others are never read.
      const mineIds =
        scope === 'mine' ? `AND c.id IN (SELECT m.id FROM records m WHERE m.object = 'Opportunity' AND m.owner_id = @me AND m.flag_a IN (0, 1))` : '';
      return {
        ctes: [st.sql, CHANGED, CHANGED_IN_PERIOD],
        select: `SELECT r.id, r.owner_id, r.amount, r.number_a AS probability, r.close_date, ${cur} AS cur, 0 AS is_closed, 0 AS is_won FROM records r
          WHERE r.object = 'Opportunity' AND r.flag_a = 0 AND r.close_date BETWEEN @ps AND @pe AND r.created_date < @dNext ${owner}
            AND r.id NOT IN (SELECT id FROM changed)
         UNION ALL
         SELECT c.id, r.owner_id, h.amount, h.probability, h.close_date, ${cur}, 0, 0
           FROM changed_in_period c JOIN ${LAST_ROW_BY_DAY}
           LEFT JOIN st ON st.name = h.stage_name
           CROSS JOIN records r ${hint} ON r.object = 'Opportunity' AND r.id = c.id
          WHERE coalesce(st.is_closed, 0) = 0 AND h.close_date BETWEEN @ps AND @pe ${mineIds}`,
        params: { ...st.params, dNext, ps: period.start, pe: period.end, me: ctx.userId },
      };
    },
    pipeline(period, scope) {
      return runStartQuery(ctx, this.pipelineQuery(period, scope));
    },
    statesOf(ids) {
      const rows = prepared(
        ctx.db,
        `WITH ${st.sql}, ${CHANGED}, ids(id) AS MATERIALIZED (SELECT value FROM json_each(@ids))
         SELECT r.id, r.owner_id, r.amount, r.number_a AS probability, r.close_date, ${cur} AS cur, coalesce(r.flag_a, 0) AS is_closed, coalesce(r.flag_b, 0) AS is_won
           FROM ids CROSS JOIN records r ${hint} ON r.object = 'Opportunity' AND r.id = ids.id
          WHERE r.created_date < @dNext AND ids.id NOT IN (SELECT id FROM changed)
         UNION ALL
         SELECT c.id, r.owner_id, h.amount, h.probability, h.close_date, ${cur}, coalesce(st.is_closed, 0), coalesce(st.is_won, 0)
           FROM ids CROSS JOIN changed c ON c.id = ids.id JOIN ${LAST_ROW_BY_DAY}
           LEFT JOIN st ON st.name = h.stage_name
           CROSS JOIN records r ${hint} ON r.object = 'Opportunity' AND r.id = c.id`,
      ).all({ ...st.params, dNext, ids: JSON.stringify(ids) }) as StartRow[];
      return new Map(rows.map((r) => [r.id, r]));
    },
  };
}

function runStartQuery(ctx: AnalyticsContext, q: StartQuery): StartRow[] {
  return prepared(ctx.db, `${q.ctes.length ? `WITH ${q.ctes.join(', ')}` : ''} ${q.select}`).all(q.params) as StartRow[];
}

/** The states on `day`: the app's own when a snapshot was taken on or before it, else rebuilt from history. */
export function startStates(ctx: AnalyticsContext, day: string): StartStates {
  const first = firstSnapshotDay(ctx.db);
  return first !== null && first <= day ? fromSnapshots(ctx, day) : rebuilt(ctx, day);
}
