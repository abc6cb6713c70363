/**
 * A deal on the board: name (its record), account, amount, close date (overdue said in words),
 * days in stage, and whether a change waits to be sent. Dragged with the mouse (native HTML5 drag
 * and drop), moved from the keyboard with Alt+← / Alt+→ on its name or with its "Move" button.
 */
import { memo, type DragEvent, type KeyboardEvent } from 'react';
import type { DealRow } from '../../../../shared/ipc/analytics.contract';
import { formatCurrency, formatDate, formatDays } from '../../lib/format';
import { recordHref } from '../../lib/objects';
import { PendingBadge } from '../cockpit/deal-table';
import { isOverdue } from './board-state';

/** The drag's payload type: only our cards are accepted by the columns. */
export const CARD_MIME = 'application/x-atom-deal';
export const BOARD_KEYS_HELP_ID = 'board-keys-help';

export const BoardCard = memo(function BoardCard({
  card,
  today,
  saving,
  onMoveBy,
  onOpenMoveMenu,
  onDragStart,
  onDragEnd,
  top,
  index,
  count,
  showOwner,
}: {
  card: DealRow;
  today: string;
  saving: boolean;
  onMoveBy: (card: DealRow, direction: -1 | 1) => void;
  onOpenMoveMenu: (card: DealRow) => void;
  onDragStart: (card: DealRow) => void;
  onDragEnd: () => void;
  /** Where the virtualizer puts the card in its column (px). */
  top: number;
  index: number;
  count: number;
  showOwner: boolean;
}) {
  const overdue = !card.isClosed && isOverdue(card.closeDate, today);
  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    onMoveBy(card, event.key === 'ArrowLeft' ? -1 : 1);
  };
  const dragStart = (event: DragEvent) => {
    event.dataTransfer.setData(CARD_MIME, card.id);
    event.dataTransfer.setData('text/plain', card.name);
    event.dataTransfer.effectAllowed = 'move';
    onDragStart(card);
  };
  return (
    <li
      className={`deal-card${saving ? ' deal-card-saving' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      draggable={!saving}
      onDragStart={dragStart}
      onDragEnd={onDragEnd}
      onKeyDown={onKeyDown}
      aria-posinset={index + 1}
      aria-setsize={count}
      data-card-id={card.id}
      data-testid="deal-card"
    >
      <div className="deal-card-top">
        <a className="deal-card-name" href={recordHref('Opportunity', card.id)} aria-describedby={BOARD_KEYS_HELP_ID} draggable={false}>
          {card.name || '(no name)'}
        </a>
        <button
          type="button"
          className="icon-button deal-card-move"
          aria-label={`Move ${card.name} to another stage`}
          aria-haspopup="dialog"
          onClick={() => onOpenMoveMenu(card)}
          disabled={saving}
        >
          <span aria-hidden="true">⇄</span>
        </button>
      </div>
      <div className="deal-card-account">
        <span className="deal-card-account-name">{card.accountName ?? <span className="muted">No account</span>}</span>
        {saving ? <span className="badge badge-pending">Saving…</span> : <PendingBadge state={card.localState} />}
      </div>
      <div className="deal-card-figures">
        <strong>{formatCurrency(card.amount, card.currency)}</strong>
        <span className={overdue ? 'deal-overdue' : undefined}>
          <span className="visually-hidden">Closes </span>
          {formatDate(card.closeDate)}
        </span>
      </div>
      <div className="deal-card-foot">
        <span className="muted deal-card-days">{card.daysInStage === null ? '—' : `${formatDays(card.daysInStage)} in stage`}</span>
        {showOwner && card.ownerName && <span className="muted deal-card-owner">· {card.ownerName}</span>}
        {overdue && <span className="badge badge-danger badge-overdue">Overdue</span>}
      </div>
    </li>
  );
});
