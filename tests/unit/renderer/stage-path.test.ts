import { describe, expect, it } from 'vitest';
import type { StageInfo } from '../../../src/shared/ipc/analytics.contract';
import { describeMove, stageLabel } from '../../../src/renderer/src/features/cockpit/move-words';
import { pathSteps, probabilityAfterStageChange } from '../../../src/renderer/src/features/objects/stage-steps';

const stage = (name: string, sortOrder: number, defaultProbability: number | null, extra: Partial<StageInfo> = {}): StageInfo => ({
  name,
  label: name.replace('-', ' '),
  sortOrder,
  isClosed: false,
  isWon: false,
  defaultProbability,
  forecastCategory: null,
  ...extra,
});
// Given out of order on purpose: the path follows SortOrder.
const STAGES = [
  stage('Closed-Lost', 9, 0, { isClosed: true }),
  stage('Negotiation', 3, 80),
  stage('Prospecting', 1, 10),
  stage('Closed-Won', 8, 100, { isClosed: true, isWon: true }),
  stage('Proposal', 2, null),
];

describe('the stage path', () => {
  it('lists the open stages in order, then the closed ones; earlier ones are done', () => {
    expect(pathSteps(STAGES, 'Proposal').map((s) => [s.stage.name, s.state])).toEqual([
      ['Prospecting', 'done'],
      ['Proposal', 'current'],
      ['Negotiation', 'todo'],
      ['Closed-Won', 'todo'],
      ['Closed-Lost', 'todo'],
    ]);
  });

  it('a closed deal has every open stage behind it', () => {
    expect(pathSteps(STAGES, 'Closed-Lost').map((s) => s.state)).toEqual(['done', 'done', 'done', 'todo', 'current']);
  });

  it('a stage the org does not list marks nothing done', () => {
    expect(pathSteps(STAGES, 'Imported').every((s) => s.state === 'todo')).toBe(true);
  });
});

describe('Probability in the opportunity form', () => {
  it("follows the chosen stage's default until the user types one", () => {
    expect(probabilityAfterStageChange('Negotiation', STAGES, false)).toBe('80');
    expect(probabilityAfterStageChange('Negotiation', STAGES, true)).toBeUndefined();
  });

  it('leaves the field alone for a stage without a default or before the stages are known', () => {
    expect(probabilityAfterStageChange('Proposal', STAGES, false)).toBeUndefined();
    expect(probabilityAfterStageChange('Negotiation', undefined, false)).toBeUndefined();
  });
});

describe('what a move says', () => {
  it('names the deal and the stage, and says where the change is', () => {
    expect(describeMove('saved', 'Acme', 'Negotiation')).toEqual({ tone: 'ok', text: 'Moved Acme to Negotiation. Saved to Salesforce.' });
    expect(describeMove('queued', 'Acme', 'Negotiation').tone).toBe('queued');
    expect(describeMove('queued', 'Acme', 'Negotiation').text).toContain('sent to Salesforce when the org answers');
    expect(describeMove('conflict', 'Acme', 'Negotiation')).toMatchObject({ tone: 'attention' });
    expect(describeMove('needs-attention', 'Acme', 'Negotiation').text).toContain('refused');
    expect(stageLabel('Closed-Won', STAGES)).toBe('Closed Won');
    expect(stageLabel('Unknown', STAGES)).toBe('Unknown');
  });
});
