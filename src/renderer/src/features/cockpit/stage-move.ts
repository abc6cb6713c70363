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

export function stageLabel(name: string, stages: readonly StageInfo[]): string {
  return stages.find((s) => s.name === name)?.label ?? name;
}

/**
 * What the user is told after a move (a toast and the live region say the same). `tone` says
 * whether the move stands ('ok', 'queued') or needs the user ('attention').
 */
export function describeMove(outcome: WriteOutcome['state'], dealName: string, to: string): { tone: 'ok' | 'queued' | 'attention'; text: string } {
  switch (outcome) {
    case 'saved':
      return { tone: 'ok', text: `Moved ${dealName} to ${to}. Saved to Salesforce.` };
    case 'queued':
      return { tone: 'queued', text: `Moved ${dealName} to ${to}. Saved on this computer; it is sent to Salesforce when the org answers.` };
    case 'conflict':
      return { tone: 'attention', text: `${dealName} was changed in Salesforce too: choose which values to keep in Changes.` };
    case 'needs-attention':
      return { tone: 'attention', text: `Salesforce refused moving ${dealName} to ${to}. Open Changes to fix or discard it.` };
  }
}
