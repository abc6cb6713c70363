/**
 * The opportunity's stage path (its open stages in the org's order, then the closed ones) and the
 * form's Probability default. Pure (unit-tested).
 */
import type { StageInfo } from '../../../../shared/ipc/analytics.contract';
import { defaultProbabilityOf } from '../../../../shared/analytics/stages';

export interface PathStep {
  stage: StageInfo;
  /** done: an open stage before the current one (all open ones once the deal is won); current; todo. */
  state: 'done' | 'current' | 'todo';
}

export function pathSteps(stages: readonly StageInfo[], current: string | null): PathStep[] {
  const ordered = [...stages].sort((a, b) => a.sortOrder - b.sortOrder);
  const open = ordered.filter((s) => !s.isClosed);
  const closed = ordered.filter((s) => s.isClosed);
  const currentStage = ordered.find((s) => s.name === current);
  const openIndex = open.findIndex((s) => s.name === current);
  const wonOrLost = currentStage?.isClosed ?? false;
  return [
    ...open.map((stage, i): PathStep => ({
      stage,
      state: stage.name === current ? 'current' : wonOrLost || (openIndex >= 0 && i < openIndex) ? 'done' : 'todo',
    })),
    ...closed.map((stage): PathStep => ({ stage, state: stage.name === current ? 'current' : 'todo' })),
  ];
}

/**
 * The Probability the form shows after the user picks a stage: the stage's default, as Salesforce's
 * own form does, unless the user typed a probability in this form (then theirs stays). undefined:
 * leave the field as it is.
 */
export function probabilityAfterStageChange(stage: string, stages: readonly StageInfo[] | undefined, probabilityTouched: boolean): string | undefined {
  if (probabilityTouched || !stages) return undefined;
  const value = defaultProbabilityOf(stage, stages);
  return value === undefined ? undefined : String(value);
}
