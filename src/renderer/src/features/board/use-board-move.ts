/**
 * A card's move on the board: shown at once (optimistic), saved through the outbox, announced in
 * the board's live region, and put back where it was if the save fails. A move that Salesforce
 * refuses or that conflicts stays in the outbox (the Changes screen), like any other edit.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Board, BoardQuery, DealRow, StageInfo } from '../../../../shared/ipc/analytics.contract';
import { stageChangeFields } from '../../../../shared/analytics/stages';
import { errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { cacheKeys } from '../../lib/cache-records';
import { describeMove, stageLabel } from '../cockpit/move-words';
import { moveDealToStage } from '../cockpit/stage-move';
import { cockpitKeys } from '../cockpit/use-cockpit';
import { moveCard } from './board-state';

export function useBoardMove(query: BoardQuery, stages: readonly StageInfo[]) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const key = cockpitKeys.board(query);
  const [announcement, setAnnouncement] = useState('');
  /**
   * The card just moved, to bring into view in its new column once it is there (the column is
   * named: the board's new data reaches the columns a moment after this state does); `byKey`: a
   * keyboard move, whose focus follows the card.
   */
  const [focus, setFocus] = useState<{ id: string; stage: string; byKey: boolean } | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const mark = (id: string, on: boolean) =>
    setSaving((now) => {
      const next = new Set(now);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const mutation = useMutation({
    mutationFn: ({ card, to }: { card: DealRow; to: string; keepFocus: boolean }) => moveDealToStage(card, to, stages),
    onMutate: async ({ card, to, keepFocus }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Board>(key);
      queryClient.setQueryData<Board>(key, (board) => board && moveCard(board, card.id, stageChangeFields(card, to, stages), stages));
      // Only now is the card in its new column (a closed deal has left the board): shown there, dragged
      // or moved by key, since a column is virtualized and the card may land below its fold.
      if (!stages.find((s) => s.name === to)?.isClosed) setFocus({ id: card.id, stage: to, byKey: keepFocus });
      mark(card.id, true);
      setAnnouncement(`Moving ${card.name} to ${stageLabel(to, stages)}…`);
      return { previous };
    },
    onError: (error, { card }, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      const text = `Could not move ${card.name}: ${errorMessage(error)} It is back in ${stageLabel(card.stage ?? '', stages)}.`;
      setAnnouncement(text);
      toast(text, 'error');
    },
    onSuccess: (outcome, { card, to }) => {
      const said = describeMove(outcome.state, card.name, stageLabel(to, stages));
      setAnnouncement(said.text);
      toast(said.text, said.tone === 'attention' ? 'error' : said.tone === 'queued' ? 'info' : 'success');
    },
    onSettled: async (_outcome, _error, { card }) => {
      mark(card.id, false);
      // The record, the lists and every figure (Home, Pipeline, this board) read the cache again.
      await queryClient.invalidateQueries({ queryKey: cacheKeys.all });
    },
  });

  /** `keepFocus`: a keyboard move, after which focus follows the card to its new column. */
  const move = (card: DealRow, to: string, keepFocus = false) => {
    if (card.stage === to || saving.has(card.id)) return;
    mutation.mutate({ card, to, keepFocus });
  };
  const clearFocus = useCallback(() => setFocus(null), []);
  return { move, saving, announcement, focus, clearFocus };
}
