/**
 * `analytics:board`: the opportunity board. A column per open stage in the org's order (then any
 * other stage open deals sit in, such as an inactive one), its totals per currency, its cards by
 * close date; filters for owner, close period and amount; the owners of open deals for the filter.
 */
import { resolvePeriod } from '../../../shared/analytics/fiscal';
import type { Board, BoardQuery, Totals } from '../../../shared/ipc/analytics.contract';
import { activeStages, baseParams, basisOf, currencySlices, currencySql, type AnalyticsContext } from './context';
import { dealColumns, OPEN, prepared, toDealRow, toTotals, TOTALS_SQL, type DealSqlRow, type TotalsRow } from './deal-sql';
import { stageColumns } from './pipeline.read';

/** Cards listed per column (the column's totals count them all). */
export const BOARD_CARDS_PER_COLUMN = 500;

function filtersOf(ctx: AnalyticsContext, query: BoardQuery): { where: string; params: Record<string, string | number> } {
  const parts: string[] = [];
  const params: Record<string, string | number> = { ...baseParams(ctx) };
  if (query.owner !== undefined) {
    parts.push('r.owner_id = @owner');
    params.owner = query.owner === 'me' ? ctx.userId : query.owner;
  }
  if (query.period !== undefined) {
    const period = resolvePeriod(query.period, ctx.today, ctx.fiscal);
    parts.push('r.close_date BETWEEN @ps AND @pe');
    Object.assign(params, { ps: period.start, pe: period.end });
  }
  if (query.minAmount !== undefined) {
    parts.push('r.amount >= @minAmount');
    params.minAmount = query.minAmount;
  }
  if (query.maxAmount !== undefined) {
    parts.push('r.amount <= @maxAmount');
    params.maxAmount = query.maxAmount;
  }
  return { where: [OPEN, ...parts].join(' AND '), params };
}

function owners(ctx: AnalyticsContext): Board['owners'] {
  // Owner by owner on records_opp_owner_cockpit (a skip scan: one seek per owner, whose open deals
  // come first in the index), then one name lookup each.
  const rows = prepared(
    ctx.db,
    `WITH RECURSIVE o(id) AS (
       SELECT (SELECT min(r.owner_id) FROM records r WHERE r.object = 'Opportunity' AND r.owner_id IS NOT NULL AND r.flag_a = 0)
       UNION ALL
       SELECT (SELECT min(r.owner_id) FROM records r WHERE r.object = 'Opportunity' AND r.owner_id > o.id AND r.flag_a = 0) FROM o WHERE o.id IS NOT NULL)
     SELECT o.id, (SELECT n.owner_name FROM records n WHERE n.object = 'Opportunity' AND n.owner_id = o.id AND n.owner_name IS NOT NULL LIMIT 1) AS name
       FROM o WHERE o.id IS NOT NULL`,
  ).all() as Array<{ id: string; name: string | null }>;
  return rows.map((r) => ({ id: r.id, name: r.name ?? r.id })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function readBoard(ctx: AnalyticsContext, query: BoardQuery): Board {
  const basis = basisOf(ctx, 'Opportunity');
  const stages = activeStages(ctx);
  if (basis.state === 'never-synced') return { basis, stages, columns: [], owners: [] };
  const { where, params } = filtersOf(ctx, query);
  const totals = prepared(ctx.db, `SELECT r.status AS stage, ${currencySql(ctx)} AS cur, ${TOTALS_SQL} FROM records r WHERE ${where} GROUP BY 1, 2`).all(
    params,
  ) as Array<TotalsRow & { stage: string | null; cur: string | null }>;
  // One query per column: the covering index's close-date order, stopped after the column's cards.
  const cardsOf = prepared(
    ctx.db,
    `SELECT ${dealColumns(ctx)} FROM records r WHERE ${where} AND r.status = @stage ORDER BY r.close_date LIMIT ${BOARD_CARDS_PER_COLUMN}`,
  );
  const columns = stageColumns(
    ctx,
    totals.map((t) => t.stage),
  ).map(({ stage }) => {
    const mine = totals.filter((t) => t.stage === stage);
    const slices = currencySlices(
      ctx,
      mine.map((t) => t.cur),
    ).map((currency): Totals & { currency: string | null } => ({ currency, ...toTotals(mine.find((t) => t.cur === currency)) }));
    const cards = mine.length ? (cardsOf.all({ ...params, stage }) as DealSqlRow[]).map((c) => toDealRow(c)) : [];
    return { stage, totals: slices, cards };
  });
  return { basis, stages, columns, owners: owners(ctx) };
}
