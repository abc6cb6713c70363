/** "Move to stage": the keyboard's (and anyone's) way to move a card to any stage, closed ones included. */
import type { DealRow, StageInfo } from '../../../../shared/ipc/analytics.contract';
import { Dialog } from '../../components/dialog';

export function MoveDialog({
  card,
  stages,
  onMove,
  onClose,
}: {
  card: DealRow | null;
  stages: StageInfo[];
  onMove: (card: DealRow, to: string) => void;
  onClose: () => void;
}) {
  const open = stages.filter((s) => !s.isClosed);
  const closed = stages.filter((s) => s.isClosed);
  const button = (stage: StageInfo) => {
    const current = stage.name === card?.stage;
    return (
      <li key={stage.name}>
        <button
          type="button"
          className={`button stage-choice${current ? ' stage-choice-current' : ''}`}
          disabled={current}
          onClick={() => {
            if (card) onMove(card, stage.name);
            onClose();
          }}
        >
          {stage.label}
          {current && <span className="muted"> (current)</span>}
          {stage.defaultProbability !== null && !current && <span className="muted stage-choice-probability">{stage.defaultProbability}%</span>}
        </button>
      </li>
    );
  };
  return (
    <Dialog
      open={card !== null}
      title={card ? `Move ${card.name}` : 'Move'}
      onClose={onClose}
      testId="move-dialog"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      }
    >
      <h3 className="stage-choice-group">Open stages</h3>
      <ul className="stage-choices">{open.map(button)}</ul>
      {closed.length > 0 && (
        <>
          <h3 className="stage-choice-group">Close the deal</h3>
          <ul className="stage-choices">{closed.map(button)}</ul>
        </>
      )}
    </Dialog>
  );
}
