import { describe, expect, it } from 'vitest';
import type { Board, DealRow, StageInfo } from '../../../src/shared/ipc/analytics.contract';
import { stageChangeFields } from '../../../src/shared/analytics/stages';
import { columnTotals, findCard, isOverdue, moveCard, neighbourStage } from '../../../src/renderer/src/features/board/board-state';

const stage = (name: string, sortOrder: number, defaultProbability: number, extra: Partial<StageInfo> = {}): StageInfo => ({
  name,
  label: name,
  sortOrder,
  isClosed: false,
  isWon: false,
  defaultProbability,
  forecastCategory: 'Pipeline',
  ...extra,
});
const STAGES = [
  stage('Prospecting', 1, 10),
  stage('Proposal', 2, 50, { forecastCategory: 'Best Case' }),
  stage('Negotiation', 3, 80, { forecastCategory: 'Commit' }),
  stage('Closed Won', 4, 100, { isClosed: true, isWon: true, forecastCategory: 'Closed' }),
  stage('Closed Lost', 5, 0, { isClosed: true, forecastCategory: 'Omitted' }),
];

const deal = (id: string, stageName: string, amount: number, closeDate: string, extra: Partial<DealRow> = {}): DealRow => ({
  id,
  name: `Deal ${id}`,
  accountId: null,
  accountName: null,
  ownerId: null,
  ownerName: null,
  stage: stageName,
  forecastCategory: 'Pipeline',
  amount,
  currency: null,
  probability: STAGES.find((s) => s.name === stageName)?.defaultProbability ?? null,
  closeDate,
  isClosed: false,
  isWon: false,
  daysInStage: 12,
  lastActivityDate: null,
  localState: 'synced',
  ...extra,
});

function board(cards: DealRow[]): Board {
  const open = STAGES.filter((s) => !s.isClosed);
  return {
    basis: { state: 'ready', syncedAt: null, orgSettingsKnown: true },
    stages: STAGES,
    columns: open.map((s) => {
      const mine = cards.filter((c) => c.stage === s.name);
      return { stage: s.name, cards: mine, totals: columnTotals(mine) };
    }),
    owners: [],
  };
}

describe('the board', () => {
  it('counts a column per currency, never adding across currencies', () => {
    const totals = columnTotals([
      deal('a', 'Proposal', 1000, '2026-05-01'),
      deal('b', 'Proposal', 3000, '2026-05-02', { currency: 'EUR', probability: 20 }),
      deal('c', 'Proposal', 500, '2026-05-03', { currency: 'EUR', probability: 40 }),
    ]);
    expect(totals).toEqual([
      { currency: null, count: 1, amount: 1000, weighted: 500 },
      { currency: 'EUR', count: 2, amount: 3500, weighted: 800 },
    ]);
  });

  it('moves a card into its target column in close-date order, with the stage probability, and counts both columns again', () => {
    const before = board([deal('a', 'Prospecting', 1000, '2026-05-10'), deal('b', 'Proposal', 2000, '2026-05-01'), deal('c', 'Proposal', 4000, '2026-06-01')]);
    const card = findCard(before, 'a')!;
    const after = moveCard(before, 'a', stageChangeFields(card, 'Proposal', STAGES), STAGES);
    const [prospecting, proposal] = after.columns;
    expect(prospecting.cards).toEqual([]);
    expect(prospecting.totals).toEqual([]);
    expect(proposal.cards.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(findCard(after, 'a')).toMatchObject({ stage: 'Proposal', probability: 50, forecastCategory: 'Best Case', daysInStage: 0, localState: 'modified' });
    expect(proposal.totals).toEqual([{ currency: null, count: 3, amount: 7000, weighted: 3500 }]);
    // The board it came from is untouched (the rollback restores it as it was).
    expect(before.columns[0].cards).toHaveLength(1);
  });

  it('keeps a probability the user set, and takes a closed deal off the board', () => {
    const before = board([deal('a', 'Negotiation', 1000, '2026-05-10', { probability: 65 })]);
    const fields = stageChangeFields(findCard(before, 'a')!, 'Proposal', STAGES);
    expect(findCard(moveCard(before, 'a', fields, STAGES), 'a')?.probability).toBe(65);
    const won = moveCard(before, 'a', { StageName: 'Closed Won', Probability: 100 }, STAGES);
    expect(findCard(won, 'a')).toBeUndefined();
    expect(won.columns.every((c) => c.cards.length === 0)).toBe(true);
  });

  it('leaves the board as it is for an unknown card or the same stage', () => {
    const before = board([deal('a', 'Proposal', 1000, '2026-05-10')]);
    expect(moveCard(before, 'zzz', { StageName: 'Negotiation' }, STAGES)).toBe(before);
    expect(moveCard(before, 'a', { StageName: 'Proposal' }, STAGES)).toBe(before);
  });

  it('finds the next open stage left and right (Alt+arrows), none past either end', () => {
    const b = board([]);
    expect(neighbourStage(b, 'Proposal', 1)).toBe('Negotiation');
    expect(neighbourStage(b, 'Proposal', -1)).toBe('Prospecting');
    expect(neighbourStage(b, 'Negotiation', 1)).toBeNull();
    expect(neighbourStage(b, 'Prospecting', -1)).toBeNull();
    expect(neighbourStage(b, 'Closed Won', 1)).toBeNull();
  });

  it('marks a close date before today as overdue', () => {
    expect(isOverdue('2026-05-01', '2026-05-02')).toBe(true);
    expect(isOverdue('2026-05-02', '2026-05-02')).toBe(false);
    expect(isOverdue(null, '2026-05-02')).toBe(false);
  });
});
