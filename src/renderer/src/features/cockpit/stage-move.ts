/**
 * Moving a deal to another stage, wherever it is moved from (the board, the stage path): the
 * fields `stageChangeFields` computes (Probability follows the stage unless the user set it),
 * written with `records:update` through the offline outbox, so a move works offline and its
 * conflicts surface on the Changes screen like any other edit.
 */
import type { StageInfo, WriteOutcome } from '../../../../shared/ipc';
import { stageChangeFields } from '../../../../shared/analytics/stages';
import { api, call } from '../../lib/api';

export interface MovableDeal {
  id: string;
  name: string;
  stage: string | null;
  probability: number | null;
}

export async function moveDealToStage(deal: MovableDeal, to: string, stages: readonly StageInfo[], lastModifiedDate?: string): Promise<WriteOutcome> {
  const values = stageChangeFields(deal, to, stages);
  return call(api.updateRecord({ object: 'Opportunity', id: deal.id, values: { ...values }, ...(lastModifiedDate ? { lastModifiedDate } : {}) }));
}
