/**
 * The opportunity board: a column per open stage in the org's order with its totals, the deals as
 * cards, and the closed stages as drop targets (a deal can be won or lost from here). A move is
 * saved through the offline outbox with the stage's probability (`stageChangeFields`), shown at
 * once and undone if the save fails. Filters (owner, close period, amount) live in the URL.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Board, DealRow } from '../../../../shared/ipc/analytics.contract';
import { localDate } from '../../../../shared/analytics/fiscal';
import { navigate } from '../../app/navigation';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { boardQueryOf, type BoardParams } from '../../lib/cockpit-params';
import { formatCount } from '../../lib/format';
import { useDebouncedValue } from '../../lib/hooks';
import { BasisNote, NeverSynced, NoOrg } from '../cockpit/cockpit-states';
import { PeriodPicker } from '../cockpit/period-controls';
import { useBoard } from '../cockpit/use-cockpit';
import { useActiveConnection } from '../connections/use-connections';
import { BOARD_KEYS_HELP_ID } from './board-card';
import { BoardColumn, useDropTarget, type CardActions } from './board-column';
import { findCard, neighbourStage } from './board-state';
import { MoveDialog } from './move-dialog';
import { useBoardMove } from './use-board-move';

export function BoardPage({ params }: { params: BoardParams }) {
  const active = useActiveConnection();
  const query = boardQueryOf(params);
  const board = useBoard(query);
  const go = (next: Partial<BoardParams>) => navigate({ name: 'board', params: { ...params, ...next } }, { replace: true });
  const data = board.data;
  const cards = data?.columns.reduce((n, c) => n + c.cards.length, 0);
  const header = (
    <PageHeader
      title="Opportunity board"
      subtitle={
        data ? (
          <>
            {formatCount(cards ?? 0)} open deal{cards === 1 ? '' : 's'} · <BasisNote basis={data.basis} />
          </>
        ) : (
          'Your open deals by stage'
        )
      }
    />
  );
  let body;
  if (!active) body = <NoOrg what="The board" />;
  else if (board.isError) body = <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  else if (!data) body = <PageLoading label="Loading the board…" />;
  else if (data.basis.state === 'never-synced') body = <NeverSynced what="The board" />;
  else body = <BoardBody board={data} params={params} />;
  return (
    <div className="page board-page">
      {header}
      <BoardFilters params={params} owners={data?.owners ?? []} onChange={go} />
      {body}
    </div>
  );
}

function AmountInput({ label, value, onChange }: { label: string; value: number | null; onChange: (value: number | null) => void }) {
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(value));
  const debounced = useDebouncedValue(text, 400);
  useEffect(() => {
    const clean = debounced.replace(/[\s,]/g, '');
    const next = clean === '' ? null : /^\d{1,15}(?:\.\d{1,2})?$/.test(clean) ? Number(clean) : undefined;
    if (next !== undefined && next !== value) onChange(next);
    // Only the typed text drives this; `value` follows from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <div className="period-picker">
      <label className="toolbar-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="input amount-input" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} placeholder="Any" />
    </div>
  );
}

function BoardFilters({ params, owners, onChange }: { params: BoardParams; owners: Board['owners']; onChange: (next: Partial<BoardParams>) => void }) {
  const ownerId = useId();
  return (
    <div className="toolbar analytics-toolbar" role="search" aria-label="Board filters">
      <div className="period-picker">
        <label className="toolbar-label" htmlFor={ownerId}>
          Owner
        </label>
        <select id={ownerId} className="select toolbar-select" value={params.owner} onChange={(e) => onChange({ owner: e.target.value })}>
          <option value="me">My deals</option>
          <option value="all">Everyone’s</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <PeriodPicker label="Closing" allowAny value={params.period} onChange={(period) => onChange({ period })} />
      <AmountInput label="Amount from" value={params.minAmount} onChange={(minAmount) => onChange({ minAmount })} />
      <AmountInput label="to" value={params.maxAmount} onChange={(maxAmount) => onChange({ maxAmount })} />
    </div>
  );
}

function ClosedTarget({ label, won, onDrop }: { label: string; won: boolean; onDrop: (cardId: string) => void }) {
  const drop = useDropTarget(onDrop);
  return (
    <div className={`closed-target ${won ? 'closed-won' : 'closed-lost'}${drop.over ? ' board-drop-over' : ''}`} data-testid="closed-target" {...drop.handlers}>
      {label}
    </div>
  );
}

function BoardBody({ board, params }: { board: Board; params: BoardParams }) {
  const query = boardQueryOf(params);
  const { move, saving, announcement, focus, clearFocus } = useBoardMove(query, board.stages);
  const [dragging, setDragging] = useState<DealRow | null>(null);
  const [menuFor, setMenuFor] = useState<DealRow | null>(null);
  const today = localDate();
  const stageInfo = new Map(board.stages.map((s) => [s.name, s]));
  const closed = board.stages.filter((s) => s.isClosed);

  // The cards' handlers stay the same functions from render to render (the cards are memoized, so
  // scrolling a long column re-renders only the cards that come into view); they read the board
  // and the move as they are now.
  const latest = useRef({ board, move });
  useLayoutEffect(() => {
    latest.current = { board, move };
  });
  const actions = useMemo<CardActions>(
    () => ({
      onMoveBy: (card, direction) => {
        const to = neighbourStage(latest.current.board, card.stage, direction);
        if (to) latest.current.move(card, to, true);
      },
      onOpenMoveMenu: setMenuFor,
      onDragStart: setDragging,
      onDragEnd: () => setDragging(null),
      onDrop: (cardId, stage) => {
        // The dragged card as the board holds it now (it may have been refreshed meanwhile).
        const card = findCard(latest.current.board, cardId);
        if (card) latest.current.move(card, stage, false);
        setDragging(null);
      },
      onFocused: clearFocus,
    }),
    [clearFocus],
  );
  return (
    <>
      <p id={BOARD_KEYS_HELP_ID} className="visually-hidden">
        Alt+Left and Alt+Right move the deal to the previous or next stage; the button after the name moves it to any stage.
      </p>
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="board-announcer">
        {announcement}
      </div>
      {closed.length > 0 && (
        // Mouse targets only: the keyboard closes a deal from a card's Move dialog.
        <div className={`closed-targets${dragging ? ' closed-targets-active' : ''}`} aria-hidden="true">
          <span className="muted">Drop to close:</span>
          {closed.map((s) => (
            <ClosedTarget key={s.name} label={s.label} won={s.isWon} onDrop={(cardId) => actions.onDrop(cardId, s.name)} />
          ))}
        </div>
      )}
      <div className="board" data-testid="board">
        {board.columns.map((column) => {
          const stage = stageInfo.get(column.stage) ?? {
            name: column.stage,
            label: column.stage,
            sortOrder: 0,
            isClosed: false,
            isWon: false,
            defaultProbability: null,
            forecastCategory: null,
          };
          return (
            <BoardColumn
              key={column.stage}
              stage={stage}
              cards={column.cards}
              totals={column.totals}
              today={today}
              saving={saving}
              focusId={focus?.stage === column.stage ? focus.id : null}
              focusCard={focus?.byKey ?? false}
              actions={actions}
              showOwner={params.owner !== 'me'}
            />
          );
        })}
      </div>
      <MoveDialog card={menuFor} stages={board.stages} onMove={(card, to) => move(card, to, true)} onClose={() => setMenuFor(null)} />
    </>
  );
}
