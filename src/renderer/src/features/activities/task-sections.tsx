/**
 * My tasks' sections: Overdue, Today, Today's events, Next 7 days, No due date and Recently
 * completed, each a list with its count, driven by the keyboard (task-keys.ts): one Tab stop per
 * list, arrows or j / k through all rows, Space or X to complete, Enter to open. A completed task
 * moves to Recently completed, and focus moves to its neighbour, not to the page's top.
 */
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { ActivityRow, MyTasks } from '../../../../shared/ipc/activities.contract';
import { navigate } from '../../app/navigation';
import { formatCount } from '../../lib/format';
import { useCompleting } from './activity-item';
import { focusAfterRemoval, rowCommand } from './task-keys';
import { TaskRow, type RovingProps } from './task-row';
import { useCompleteTask } from './use-activities';

interface SectionSpec {
  id: string;
  title: string;
  rows: (data: MyTasks) => ActivityRow[];
  empty: string;
  tone?: 'danger';
}

export const MAIN_SECTIONS: SectionSpec[] = [
  { id: 'overdue', title: 'Overdue', rows: (d) => d.overdue, empty: 'Nothing overdue.', tone: 'danger' },
  { id: 'today', title: 'Today', rows: (d) => d.dueToday, empty: 'Nothing due today.' },
  { id: 'next', title: 'Next 7 days', rows: (d) => d.next7Days, empty: 'Nothing due in the next 7 days.' },
  { id: 'none', title: 'No due date', rows: (d) => d.noDueDate, empty: 'Every open task of yours has a due date.' },
];
export const SIDE_SECTIONS: SectionSpec[] = [
  { id: 'events', title: 'Today’s events', rows: (d) => d.eventsToday, empty: 'No events today.' },
  { id: 'done', title: 'Recently completed', rows: (d) => d.completed, empty: 'Nothing completed in the last 7 days.' },
];

function pageRows(container: HTMLElement | null): HTMLElement[] {
  return container ? Array.from(container.querySelectorAll<HTMLElement>('[data-task-row]')) : [];
}

/** The roving tabindex of every list on the page, and where focus goes after a completion. */
function useRoving(data: MyTasks, complete: (row: ActivityRow) => void) {
  const container = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Record<string, string>>({});
  const [focusAfter, setFocusAfter] = useState<string | null>(null);

  // Once the completed row has left its list (focus fell back to the page), its neighbour takes focus.
  useEffect(() => {
    if (!focusAfter) return;
    const lost = document.activeElement === null || document.activeElement === document.body;
    const target = container.current?.querySelector<HTMLElement>(`[data-task-row][data-row-id="${CSS.escape(focusAfter)}"]`);
    if (lost && target) {
      target.focus();
      setFocusAfter(null);
    }
  }, [data, focusAfter]);

  const completeRow = (row: ActivityRow) => {
    const rows = pageRows(container.current);
    setFocusAfter(
      focusAfterRemoval(
        rows.map((r) => r.dataset.rowId ?? ''),
        rows.map((r) => r.dataset.list ?? ''),
        row.id,
      ),
    );
    complete(row);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, row: ActivityRow) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = pageRows(container.current);
    const index = rows.indexOf(event.currentTarget);
    const list = event.currentTarget.dataset.list;
    const inList = rows.map((r, i) => (r.dataset.list === list ? i : -1)).filter((i) => i >= 0);
    const command = rowCommand(event.key, { index, count: rows.length, listStart: inList[0], listEnd: inList[inList.length - 1] });
    if (!command) return;
    event.preventDefault();
    if (command.kind === 'move') rows[command.to]?.focus();
    else if (command.kind === 'open') navigate({ name: 'object-record', object: row.object, id: row.id });
    else if (row.object === 'Task' && !row.isClosed) completeRow(row);
  };
  const onFocus = (event: FocusEvent<HTMLLIElement>, row: ActivityRow) => {
    const list = event.currentTarget.dataset.list ?? '';
    if (active[list] !== row.id) setActive((a) => ({ ...a, [list]: row.id }));
  };
  const roving = (list: string, rows: ActivityRow[], row: ActivityRow): RovingProps => ({
    list,
    tabbable: (rows.some((r) => r.id === active[list]) ? active[list] : rows[0]?.id) === row.id,
    onKeyDown,
    onFocus,
  });
  return { container, roving, completeRow };
}

export function TaskSections({ data }: { data: MyTasks }) {
  const complete = useCompleteTask();
  const completing = useCompleting();
  const helpId = useId();
  const { container, roving, completeRow } = useRoving(data, (row) => complete.mutate(row));
  const section = (spec: SectionSpec) => (
    <TaskSection
      key={spec.id}
      spec={spec}
      rows={spec.rows(data)}
      today={data.today}
      helpId={helpId}
      completing={completing}
      onComplete={completeRow}
      roving={roving}
    />
  );
  return (
    <>
      <p id={helpId} className="keys-help muted">
        <kbd>↑</kbd> <kbd>↓</kbd> or <kbd>J</kbd> <kbd>K</kbd> move · <kbd>Space</kbd> or <kbd>X</kbd> completes · <kbd>Enter</kbd> opens · <kbd>N</kbd> new
        task
      </p>
      <div className="my-tasks-grid" ref={container}>
        <div className="my-tasks-column">{MAIN_SECTIONS.map(section)}</div>
        <div className="my-tasks-column">{SIDE_SECTIONS.map(section)}</div>
      </div>
    </>
  );
}

function TaskSection({
  spec,
  rows,
  today,
  helpId,
  completing,
  onComplete,
  roving,
}: {
  spec: SectionSpec;
  rows: ActivityRow[];
  today: string;
  helpId: string;
  completing: Set<string>;
  onComplete: (row: ActivityRow) => void;
  roving: (list: string, rows: ActivityRow[], row: ActivityRow) => RovingProps;
}) {
  const headingId = useId();
  return (
    <section
      className={`card task-section${spec.tone === 'danger' && rows.length > 0 ? ' task-section-danger' : ''}`}
      aria-labelledby={headingId}
      data-testid={`tasks-${spec.id}`}
    >
      <h2 id={headingId} className="section-title">
        {spec.title} <span className={`count-pill${spec.tone === 'danger' && rows.length > 0 ? ' count-pill-danger' : ''}`}>{formatCount(rows.length)}</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{spec.empty}</p>
      ) : (
        <ul className="activity-list" aria-labelledby={headingId} aria-describedby={helpId}>
          {rows.map((row) => (
            <TaskRow key={row.id} row={row} today={today} completing={completing.has(row.id)} onComplete={onComplete} roving={roving(spec.id, rows, row)} />
          ))}
        </ul>
      )}
    </section>
  );
}
