/**
 * The opportunity's stage path: its stages as steps in the org's order (done, current, to come,
 * then the closed ones). A click on a step moves the deal there through the outbox, with the same
 * fields the board writes (`stageChangeFields`: Probability follows the stage unless set by hand).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RecordDetail } from '../../../../shared/ipc/records.contract';
import { errorMessage } from '../../components/feedback';
import { CheckIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { cacheKeys } from '../../lib/cache-records';
import { describeMove, stageLabel } from '../cockpit/move-words';
import { moveDealToStage } from '../cockpit/stage-move';
import { useStages } from '../cockpit/use-cockpit';
import { pathSteps, type PathStep } from './stage-steps';

function stepName(step: PathStep): string {
  if (step.state === 'current') return `${step.stage.label}, the current stage`;
  return `Move to ${step.stage.label}${step.state === 'done' ? ' (an earlier stage)' : ''}`;
}

export function StagePath({ detail }: { detail: RecordDetail }) {
  const { stages } = useStages();
  const queryClient = useQueryClient();
  const toast = useToast();
  const r = detail.record;
  const deal = {
    id: detail.id,
    name: String(r.Name ?? 'This opportunity'),
    stage: typeof r.StageName === 'string' ? r.StageName : null,
    probability: typeof r.Probability === 'number' ? r.Probability : null,
  };
  const move = useMutation({
    mutationFn: (to: string) => moveDealToStage(deal, to, stages ?? [], typeof r.LastModifiedDate === 'string' ? r.LastModifiedDate : undefined),
    onSuccess: (outcome, to) => {
      const said = describeMove(outcome.state, deal.name, stageLabel(to, stages ?? []));
      toast(said.text, said.tone === 'attention' ? 'error' : said.tone === 'queued' ? 'info' : 'success');
    },
    onError: (error) => toast(errorMessage(error), 'error'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cacheKeys.all }),
  });
  // Without the org's stages there is no path to draw; the page shows the stage in its details.
  if (!stages || stages.length === 0) return null;
  const steps = pathSteps(stages, deal.stage);
  return (
    <nav className="stage-path card" aria-label="Stage path" data-testid="stage-path">
      <ol>
        {steps.map((step) => {
          const moving = move.isPending && move.variables === step.stage.name;
          const closed = step.stage.isClosed;
          return (
            <li key={step.stage.name} className={`stage-step stage-${step.state}${closed ? (step.stage.isWon ? ' stage-won' : ' stage-lost') : ''}`}>
              <button
                type="button"
                className="stage-step-button"
                aria-current={step.state === 'current' ? 'step' : undefined}
                aria-label={stepName(step)}
                title={step.stage.defaultProbability !== null ? `${step.stage.label} · ${step.stage.defaultProbability}%` : step.stage.label}
                disabled={move.isPending}
                onClick={() => step.state !== 'current' && move.mutate(step.stage.name)}
              >
                {step.state === 'done' && <CheckIcon size={14} />}
                <span>{moving ? 'Moving…' : step.stage.label}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
