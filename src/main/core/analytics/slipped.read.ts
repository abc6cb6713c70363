/**
 * `analytics:slipped`: deals whose close date moved out of the period into a later one, from
 * OpportunityHistory. A push is a history row whose CloseDate is after the period's end while the
 * close date before it — the row's PrevCloseDate, else the CloseDate of the deal's previous row —
 * was inside the period. A deal pulled back in and pushed out again counts twice. Deals deleted
 * offline are left out; deals since won or lost stay (they slipped all the same).
 *
 * How it stays a range read: Salesforce fills PrevCloseDate on every change row (API 50.0 and later;
 * rows written before Winter '21 have it null — see OpportunityHistory in the object reference), so
 * a deal's creation row is normally its only row without one. Pushes are then rows with
 * PrevCloseDate in the period and CloseDate after it (opportunity_history_by_prev_close, covering);
 * only deals with two or more rows without PrevCloseDate (older history, found on the partial index
 * opportunity_history_no_prev) are ordered row by row to find each row's previous close date.
 */
import { SLIPPED_LIST_LIMIT, type Period, type Scope, type SlippedDeals } from '../../../shared/ipc/analytics.contract';
import { baseParams, basisOf, type AnalyticsContext } from './context';
import { BY_IDS, dealColumns, prepared, toDealRow, type DealSqlRow } from './deal-sql';

interface PushRow {
  id: string;
  pushes: number;
  last_pushed: string;
}

function pushesSql(scope: Scope): string {
  // In scope: cached, not deleted offline, and (mine) owned by the user — read from the covering
  // index for "mine", from the (object, id) key and the pending-changes index otherwise.
  const inScope =
    scope === 'mine'
      ? `x.id IN (SELECT r.id FROM records r WHERE r.object = 'Opportunity' AND r.owner_id = @me AND r.flag_a IN (0, 1) AND r.local_state <> 'deleted')`
      : `EXISTS (SELECT 1 FROM records r WHERE r.object = 'Opportunity' AND r.id = x.id)
         AND x.id NOT IN (SELECT d.id FROM records d WHERE d.local_state = 'deleted' AND d.object = 'Opportunity')`;
  return `
    WITH legacy AS (
      SELECT opportunity_id AS id FROM opportunity_history INDEXED BY opportunity_history_no_prev
       WHERE prev_close_date IS NULL GROUP BY opportunity_id HAVING count(*) > 1
    ),
    pushed AS (
      SELECT h.opportunity_id AS id, h.created_date FROM opportunity_history h
       WHERE h.prev_close_date BETWEEN @ps AND @pe AND h.close_date > @pe
      UNION ALL
      SELECT id, created_date FROM (
        SELECT h.opportunity_id AS id, h.created_date, h.close_date, h.prev_close_date,
               lag(h.close_date) OVER (PARTITION BY h.opportunity_id ORDER BY h.created_date, h.id) AS previous
          FROM opportunity_history h WHERE h.opportunity_id IN (SELECT id FROM legacy))
       WHERE prev_close_date IS NULL AND close_date > @pe AND previous BETWEEN @ps AND @pe
    )
    SELECT x.id, x.pushes, x.last_pushed
      FROM (SELECT id, COUNT(*) AS pushes, MAX(created_date) AS last_pushed FROM pushed GROUP BY id) x
     WHERE ${inScope}
     ORDER BY x.pushes DESC, x.last_pushed DESC, x.id`;
}

export function readSlipped(ctx: AnalyticsContext, period: Period, scope: Scope): SlippedDeals {
  const basis = basisOf(ctx, 'Opportunity');
  const pushes = prepared(ctx.db, pushesSql(scope)).all(baseParams(ctx, period)) as PushRow[];
  const shown = pushes.slice(0, SLIPPED_LIST_LIMIT);
  const rows = prepared(
    ctx.db,
    `SELECT ${dealColumns(ctx)}, (SELECT f.close_date FROM opportunity_history f WHERE f.opportunity_id = r.id ORDER BY f.created_date, f.id LIMIT 1) AS first_close
       FROM ${BY_IDS}`,
  ).all({ ...baseParams(ctx), ids: JSON.stringify(shown.map((p) => p.id)) }) as Array<DealSqlRow & { first_close: string | null }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const deals = shown.flatMap((p) => {
    const r = byId.get(p.id);
    if (!r) return [];
    const note = `Pushed out of the period ${p.pushes === 1 ? 'once' : `${p.pushes} times`}`;
    return [{ ...toDealRow(r, note), pushes: p.pushes, firstCloseDate: r.first_close, lastPushedAt: p.last_pushed }];
  });
  return { basis, period, deals, total: pushes.length, pushCount: pushes.reduce((sum, p) => sum + p.pushes, 0) };
}
