/**
 * What moving a deal to another stage writes, wherever it is moved (the board, the stage path, the
 * form). Salesforce sets Probability to the new stage's default when StageName changes and the
 * write does not name Probability; a probability the user set by hand would be lost that way. So
 * the app names it: the new stage's default when the deal's probability was its old stage's
 * default (or empty), the deal's own otherwise.
 */
import type { StageInfo } from '../ipc/analytics.contract';

export interface StageMove {
  StageName: string;
  Probability?: number | null;
}

export function stageChangeFields(deal: { stage: string | null; probability: number | null }, to: string, stages: readonly StageInfo[]): StageMove {
  const from = stages.find((s) => s.name === deal.stage);
  const target = stages.find((s) => s.name === to);
  const userSet = deal.probability !== null && from !== undefined && from.defaultProbability !== deal.probability;
  if (userSet) return { StageName: to, Probability: deal.probability };
  if (target && target.defaultProbability !== null) return { StageName: to, Probability: target.defaultProbability };
  return { StageName: to };
}

/** The probability a new deal's form proposes for a stage (its default), or undefined. */
export function defaultProbabilityOf(stage: string | null | undefined, stages: readonly StageInfo[]): number | undefined {
  const found = stages.find((s) => s.name === stage);
  return found?.defaultProbability ?? undefined;
}
