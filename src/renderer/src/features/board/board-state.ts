/**
 * The board's state changes, done on the client the moment a card moves (optimistic: the save
 * follows, and the previous board comes back if it fails): the card leaves its column, joins the
 * target column in close-date order (or leaves the board when the deal is closed), and both
 * columns' totals are counted again, per currency. Pure (unit-tested).
 */
import type { Board, DealRow, StageInfo, Totals } from '../../../../shared/ipc/analytics.contract';
import type { StageMove } from '../../../../shared/analytics/stages';

export type ColumnTotals = Board['columns'][number]['totals'];

/** Count, amount and weighted amount of cards, one entry per currency, in the order currencies appear. */
export function columnTotals(cards: readonly DealRow[]): ColumnTotals {
  const byCurrency = new Map<string | null, Totals>();
  for (const card of cards) {
    const totals = byCurrency.get(card.currency) ?? { count: 0, amount: 0, weighted: 0 };
    const amount = card.amount ?? 0;
    totals.count += 1;
    totals.amount += amount;
    totals.weighted += (amount * (card.probability ?? 0)) / 100;
    byCurrency.set(card.currency, totals);
  }
  return [...byCurrency.entries()].map(([currency, totals]) => ({ currency, ...totals }));
}

/** Cards sort by close date, undated last, then by name (the core's order). */
function byCloseDate(a: DealRow, b: DealRow): number {
  if (a.closeDate !== b.closeDate) {
    if (a.closeDate === null) return 1;
    if (b.closeDate === null) return -1;
    return a.closeDate < b.closeDate ? -1 : 1;
  }
  return a.name.localeCompare(b.name);
}

export function findCard(board: Board, id: string): DealRow | undefined {
  for (const column of board.columns) {
    const card = column.cards.find((c) => c.id === id);
    if (card) return card;
  }
  return undefined;
}

/** The board after `cardId` moved with `fields` (a closed stage takes the card off the board). */
export function moveCard(board: Board, cardId: string, fields: StageMove, stages: readonly StageInfo[]): Board {
  const card = findCard(board, cardId);
  if (!card || card.stage === fields.StageName) return board;
  const target = stages.find((s) => s.name === fields.StageName);
  const moved: DealRow = {
    ...card,
    stage: fields.StageName,
    probability: fields.Probability !== undefined ? fields.Probability : card.probability,
    forecastCategory: target?.forecastCategory ?? card.forecastCategory,
    isClosed: target?.isClosed ?? card.isClosed,
    isWon: target?.isWon ?? card.isWon,
    daysInStage: 0,
    localState: card.localState === 'created' ? 'created' : 'modified',
  };
  const columns = board.columns.map((column) => {
    if (column.stage === card.stage) {
      const cards = column.cards.filter((c) => c.id !== cardId);
      return { ...column, cards, totals: columnTotals(cards) };
    }
    if (column.stage === fields.StageName) {
      const cards = [...column.cards, moved].sort(byCloseDate);
      return { ...column, cards, totals: columnTotals(cards) };
    }
    return column;
  });
  return { ...board, columns };
}

/** The open stage next to a card's (Alt+← / Alt+→), or null at either end. */
export function neighbourStage(board: Board, stage: string | null, direction: -1 | 1): string | null {
  const index = board.columns.findIndex((c) => c.stage === stage);
  if (index < 0) return null;
  return board.columns[index + direction]?.stage ?? null;
}

/** Whether a close date ('YYYY-MM-DD') is before today. */
export function isOverdue(closeDate: string | null, today: string): boolean {
  return closeDate !== null && closeDate < today;
}
