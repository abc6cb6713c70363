/**
 * One stage's column: its totals (count, amount and weighted amount, per currency) and its cards,
 * virtualized so a column of hundreds of deals keeps only a screenful in the DOM. The whole column
 * is a drop target for a dragged card.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { DealRow, StageInfo } from '../../../../shared/ipc/analytics.contract';
import { formatCount, formatCurrency } from '../../lib/format';
import { useStableVirtualizer } from '../../lib/use-stable-virtualizer';
import type { ColumnTotals } from './board-state';
import { BoardCard, CARD_MIME } from './board-card';

/** A card's height plus the gap under it (CSS: .deal-card is 118px high; the virtualizer positions by arithmetic). */
const CARD_SLOT = 126;

export interface CardActions {
  onMoveBy: (card: DealRow, direction: -1 | 1) => void;
  onOpenMoveMenu: (card: DealRow) => void;
  onDragStart: (card: DealRow) => void;
  onDragEnd: () => void;
  onDrop: (cardId: string, stage: string) => void;
  /** The card asked to be focused has been. */
  onFocused: () => void;
}

/** Whether a drag over an element is one of our cards (others, like a dragged link, are refused). */
export function isCardDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(CARD_MIME);
}

/** Drop-target behaviour shared by the columns and the closed stages: highlight while over, move on drop. */
export function useDropTarget(onDrop: (cardId: string) => void) {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver: (event: DragEvent) => {
        if (!isCardDrag(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      },
      onDragLeave: (event: DragEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      },
      onDrop: (event: DragEvent) => {
        if (!isCardDrag(event)) return;
        event.preventDefault();
        setOver(false);
        const id = event.dataTransfer.getData(CARD_MIME);
        if (id) onDrop(id);
      },
    },
  };
}

export function ColumnTotalsLine({ totals }: { totals: ColumnTotals }) {
  if (totals.length === 0) return <div className="board-column-totals muted">No deals</div>;
  return (
    <div className="board-column-totals">
      {totals.map((t) => (
        <div key={t.currency ?? ''}>
          <strong>{formatCurrency(t.amount, t.currency, true)}</strong>
          <span className="muted"> · {formatCurrency(t.weighted, t.currency, true)} weighted</span>
        </div>
      ))}
    </div>
  );
}

export function BoardColumn({
  stage,
  cards,
  totals,
  today,
  saving,
  focusId,
  focusCard,
  actions,
  showOwner,
}: {
  stage: StageInfo;
  cards: DealRow[];
  totals: ColumnTotals;
  today: string;
  saving: ReadonlySet<string>;
  /** A card to bring into view and focus (after a keyboard move). */
  focusId: string | null;
  /** Focus the card once shown (a keyboard move); otherwise only scroll it into view (a drag). */
  focusCard: boolean;
  actions: CardActions;
  showOwner: boolean;
}) {
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const drop = useDropTarget((cardId) => actions.onDrop(cardId, stage.name));
  const virtualizer = useStableVirtualizer<HTMLLIElement>({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_SLOT,
    getItemKey: (index) => cards[index]?.id ?? index,
    overscan: 4,
  });
  const count = cards.length;

  // A card moved here: scroll to it; moved from the keyboard, give it focus too (its name link).
  const focusIndex = focusId ? cards.findIndex((c) => c.id === focusId) : -1;
  const onFocused = actions.onFocused;
  useEffect(() => {
    if (focusIndex < 0) return;
    virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
    // The card is rendered once the virtualizer has seen the scroll: look for it frame by frame.
    let frame = 0;
    let tries = 0;
    const tryFocus = () => {
      const link = scrollRef.current?.querySelector<HTMLElement>(`[data-card-id="${focusId}"] .deal-card-name`);
      if (link) {
        if (focusCard) link.focus();
        onFocused();
      } else if (++tries < 30) frame = requestAnimationFrame(tryFocus);
      else onFocused();
    };
    frame = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(frame);
  }, [focusIndex, focusId, focusCard, virtualizer, onFocused]);

  const items = virtualizer.getVirtualItems();
  return (
    <section
      className={`board-column${drop.over ? ' board-drop-over' : ''}`}
      aria-labelledby={headingId}
      data-stage={stage.name}
      data-testid="board-column"
      {...drop.handlers}
    >
      <header className="board-column-head">
        <h2 id={headingId} className="board-column-title">
          {stage.label}
          <span className="count-pill" aria-label={`${formatCount(count)} deals`}>
            {formatCount(count)}
          </span>
        </h2>
        <ColumnTotalsLine totals={totals} />
      </header>
      <div className="board-column-scroll" ref={scrollRef}>
        {cards.length === 0 ? (
          <p className="board-column-empty muted">Drop a deal here</p>
        ) : (
          <ul className="board-cards" aria-labelledby={headingId} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const card = cards[item.index];
              return (
                <BoardCard
                  key={card.id}
                  card={card}
                  today={today}
                  saving={saving.has(card.id)}
                  index={item.index}
                  count={cards.length}
                  showOwner={showOwner}
                  top={item.start}
                  onMoveBy={actions.onMoveBy}
                  onOpenMoveMenu={actions.onOpenMoveMenu}
                  onDragStart={actions.onDragStart}
                  onDragEnd={actions.onDragEnd}
                />
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
