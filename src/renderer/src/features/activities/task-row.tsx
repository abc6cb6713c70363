/**
 * A row of My tasks (and of Home's card). On My tasks the row itself is the keyboard's stop (a
 * roving tabindex: one Tab stop per list), so its checkbox and links are left out of the Tab order
 * there; Space or X completes and Enter opens, as task-keys.ts says.
 */
import { useId, type FocusEvent, type KeyboardEvent } from 'react';
import type { ActivityRow } from '../../../../shared/ipc/activities.contract';
import { dayInZone, dayLabel } from './activity-dates';
import { ActivityBadges, ActivityMeta, CompleteBox, KindIcon, activityHref, subjectOf, whenText } from './activity-item';

export interface RovingProps {
  list: string;
  tabbable: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLLIElement>, row: ActivityRow) => void;
  onFocus: (event: FocusEvent<HTMLLIElement>, row: ActivityRow) => void;
}

/** When, near today: "Due tomorrow", an event's hours, "Completed yesterday". */
export function nearWhen(row: ActivityRow, today: string): string {
  if (row.object === 'Task' && row.isClosed && row.completedAt) {
    const day = dayInZone(row.completedAt);
    if (day) {
      const label = dayLabel(day, today);
      return `Completed ${/^(Today|Yesterday)$/.test(label) ? label.toLowerCase() : label}`;
    }
  }
  return whenText(row, today, 'near');
}

export function TaskRow({
  row,
  today,
  completing,
  onComplete,
  roving,
}: {
  row: ActivityRow;
  today: string;
  completing: boolean;
  onComplete: (row: ActivityRow) => void;
  roving?: RovingProps;
}) {
  const inner = roving ? -1 : undefined;
  const open = row.object === 'Task' && !row.isClosed;
  // A focused row reads as its subject, then when, whom, and its badges.
  const id = useId();
  return (
    <li
      className={`activity-row task-row${completing ? ' task-row-completing' : ''}${row.isClosed && row.object === 'Task' ? ' task-row-done' : ''}`}
      data-task-row={roving ? '' : undefined}
      data-list={roving?.list}
      data-row-id={row.id}
      tabIndex={roving ? (roving.tabbable ? 0 : -1) : undefined}
      aria-labelledby={roving ? `${id}-subject` : undefined}
      aria-describedby={roving ? `${id}-details ${id}-badges` : undefined}
      aria-keyshortcuts={roving ? (open ? 'Space X Enter' : 'Enter') : undefined}
      onKeyDown={roving ? (e) => roving.onKeyDown(e, row) : undefined}
      onFocus={roving ? (e) => roving.onFocus(e, row) : undefined}
    >
      <span className="activity-check">{open && <CompleteBox row={row} busy={completing} onComplete={onComplete} tabIndex={inner} />}</span>
      <KindIcon kind={row.kind} />
      <div className="activity-main">
        <div className="activity-line">
          <a id={`${id}-subject`} className="activity-subject" href={activityHref(row)} tabIndex={inner}>
            {subjectOf(row)}
          </a>
          <span id={`${id}-badges`} className="activity-badges-wrap">
            <ActivityBadges row={row} today={today} />
          </span>
        </div>
        <span id={`${id}-details`}>
          <ActivityMeta row={row} when={nearWhen(row, today)} showOwner={!row.mine} tabIndex={inner} />
        </span>
      </div>
    </li>
  );
}
