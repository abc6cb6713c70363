/**
 * `analytics:deals`: the deals behind a figure (a bar, a tile, a waterfall step), with the same
 * conditions as the figure's own query, so the list's total is the figure's count.
 */
import type { z } from 'zod';
import type { DealRow, DealsList, DealsQuery, Period } from '../../../shared/ipc/analytics.contract';
import { baseParams, scopeSql, type AnalyticsContext } from './context';
import {
  BY_IDS,
  DAYS_IN_STAGE,
  dealColumns,
  IN_PERIOD,
  KNOWN,
  LOST,
  OPEN,
  prepared,
  staleNote,
  staleSql,
  toDealRow,
  topDeals,
  WON,
  type DealSqlRow,
} from './deal-sql';
import { classifyWaterfall, type WaterfallEntry } from './waterfall.read';

/** The query as the gate hands it over (defaults applied). */
export type ParsedDealsQuery = z.output<typeof DealsQuery>;

interface Condition {
  where: string;
  params: Record<string, string | number>;
  orderBy: string;
  note?: (r: DealSqlRow) => string | null;
}

function currencyCondition(ctx: AnalyticsContext, currency: string | null | undefined): string {
  if (currency === undefined) return '';
  if (!ctx.multiCurrency) return currency === null ? '' : 'AND 0';
  return currency === null ? 'AND r.text_b IS NULL' : 'AND r.text_b = @currency';
}

function conditionOf(ctx: AnalyticsContext, filter: ParsedDealsQuery['filter']): Condition {
  const byAmount = 'r.amount DESC, r.close_date, r.id';
  switch (filter.kind) {
    case 'open': {
      const stage = filter.stage !== undefined ? 'AND r.status = @stage' : '';
      const category = filter.forecastCategory !== undefined ? 'AND r.text_a = @category' : '';
      return {
        where: `${OPEN} AND ${IN_PERIOD} ${stage} ${category}`,
        params: { stage: filter.stage ?? '', category: filter.forecastCategory ?? '' },
        orderBy: byAmount,
      };
    }
    case 'won':
      return { where: `${WON} AND ${IN_PERIOD}`, params: {}, orderBy: byAmount };
    case 'lost':
      return { where: `${LOST} AND ${IN_PERIOD}`, params: {}, orderBy: byAmount };
    case 'forecast':
      return { where: `${KNOWN} AND ${IN_PERIOD} AND r.text_a = @category`, params: { category: filter.category }, orderBy: byAmount };
    case 'stale': {
      const stale = staleSql(ctx);
      const period = filter.anyCloseDate ? '' : `AND ${IN_PERIOD}`;
      return { where: `${OPEN} ${period} AND ${stale.sql}`, params: stale.params, orderBy: `${DAYS_IN_STAGE} DESC, r.id`, note: (r) => staleNote(ctx, r) };
    }
    case 'overdue':
      return { where: `${OPEN} AND r.close_date < @today`, params: {}, orderBy: 'r.close_date, r.id' };
    case 'waterfall':
      throw new Error('waterfall deals are listed by listWaterfallDeals');
  }
}

export function listDeals(ctx: AnalyticsContext, period: Period, query: ParsedDealsQuery): DealsList {
  if (query.filter.kind === 'waterfall') return listWaterfallDeals(ctx, period, query, query.filter);
  const c = conditionOf(ctx, query.filter);
  const where = `${c.where} ${scopeSql(query.scope)} ${currencyCondition(ctx, query.currency)}`;
  const params = { ...baseParams(ctx, period), ...c.params, currency: query.currency ?? '' };
  const total = prepared(ctx.db, `SELECT COUNT(*) FROM records r WHERE ${where}`).pluck().get(params) as number;
  const rows = topDeals(ctx, where, c.orderBy, params, query.limit);
  return { deals: rows.map((r) => toDealRow(r, c.note ? c.note(r) : undefined)), total };
}

type DeletedAware = Omit<DealSqlRow, 'local_state'> & { local_state: DealSqlRow['local_state'] | 'deleted' };

function noteOf(entry: WaterfallEntry, row: DeletedAware | undefined): string | null {
  if (row?.local_state === 'deleted') return 'Deleted on this computer; not yet sent to Salesforce';
  if ((entry.step === 'increased' || entry.step === 'decreased') && entry.start) {
    return `Amount ${entry.start.amount ?? 0} → ${(entry.start.amount ?? 0) + entry.amount}`;
  }
  return null;
}

/** A deal no longer in the cache, as it was on the start day. */
function goneDeal(entry: WaterfallEntry): DealRow {
  const s = entry.start;
  return {
    id: entry.id,
    name: entry.id,
    accountId: null,
    accountName: null,
    ownerId: s?.owner_id ?? null,
    ownerName: null,
    stage: null,
    forecastCategory: null,
    amount: s?.amount ?? null,
    currency: entry.cur,
    probability: s?.probability ?? null,
    closeDate: s?.close_date ?? null,
    isClosed: false,
    isWon: false,
    daysInStage: null,
    lastActivityDate: null,
    localState: 'synced',
    note: 'No longer in the local cache (deleted, or no longer synced)',
  };
}

function listWaterfallDeals(ctx: AnalyticsContext, period: Period, query: ParsedDealsQuery, filter: { step: WaterfallEntry['step']; days: number }): DealsList {
  const { entries } = classifyWaterfall(ctx, period, query.scope, filter.days);
  const chosen = entries
    .filter((e) => e.step === filter.step && (query.currency === undefined || e.cur === query.currency))
    .sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount) || a.id.localeCompare(b.id));
  const unique = [...new Map(chosen.map((e) => [e.id, e])).values()];
  const shown = unique.slice(0, query.limit);
  const rows = prepared(ctx.db, `SELECT ${dealColumns(ctx)} FROM ${BY_IDS}`).all({
    ...baseParams(ctx),
    ids: JSON.stringify(shown.map((e) => e.id)),
  }) as DeletedAware[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const deals = shown.map((e) => {
    const row = byId.get(e.id);
    if (!row) return goneDeal(e);
    return toDealRow({ ...row, local_state: row.local_state === 'deleted' ? 'modified' : row.local_state }, noteOf(e, row));
  });
  return { deals, total: unique.length };
}
