/** What the user is told about a stage move (a toast and the board's live region). Pure (unit-tested). */
import type { StageInfo, WriteOutcome } from '../../../../shared/ipc';

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
