/**
 * One activity as the timeline, My tasks and Home show it: its kind's icon, its subject (a link to
 * the Task or Event page), whom and what it is about, when (the due day, or the event's time in
 * the user's time zone), its owner, its badges (overdue, priority, status, not yet sent) and, on an
 * open task, the box that completes it.
 */
import { useMutationState } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ActivityKind, ActivityLink, ActivityRow } from '../../../../shared/ipc/activities.contract';
import { CallIcon, EmailIcon, EventIcon, TaskIcon } from '../../components/icons';
import { OBJECTS, recordHref, type ObjectName } from '../../lib/objects';
import { dayLabel, daysOverdue, eventTimeOfDay, eventWhen, formatDay, overdueLabel } from './activity-dates';

export const KIND_LABEL: Record<ActivityKind, string> = { call: 'Call', email: 'Email', task: 'Task', event: 'Event' };

export function KindIcon({ kind }: { kind: ActivityKind }) {
  const Icon = kind === 'call' ? CallIcon : kind === 'email' ? EmailIcon : kind === 'event' ? EventIcon : TaskIcon;
  return (
    <span className={`activity-icon activity-icon-${kind}`}>
      <Icon size={16} label={KIND_LABEL[kind]} />
    </span>
  );
}

export function activityHref(row: Pick<ActivityRow, 'object' | 'id'>): string {
  return recordHref(row.object, row.id);
}

export function subjectOf(row: Pick<ActivityRow, 'subject' | 'kind'>): string {
  return row.subject?.trim() || `(${KIND_LABEL[row.kind]} without a subject)`;
}

function LinkTo({ link, tabIndex }: { link: ActivityLink; tabIndex?: number }) {
  const name = link.name || link.id;
  if (link.object && link.object in OBJECTS) {
    return (
      <a href={recordHref(link.object as ObjectName, link.id)} tabIndex={tabIndex}>
        {name}
      </a>
    );
  }
  return <span>{name}</span>;
}

/** When, in words: an event's time, a task's due day (relative near today on My tasks). */
export function whenText(row: ActivityRow, today: string, style: 'full' | 'near'): string {
  if (row.object === 'Event') return style === 'near' && row.dueDate === today ? eventTimeOfDay(row) : eventWhen(row);
  if (!row.dueDate) return row.isClosed ? 'No date' : 'No due date';
  const day = style === 'near' ? dayLabel(row.dueDate, today) : formatDay(row.dueDate);
  // A logged call is a closed task: its day is when it happened. A planned call is due like any task.
  if (row.isClosed) return day;
  return `Due ${/^(Today|Tomorrow|Yesterday)$/.test(day) ? day.toLowerCase() : day}`;
}

export function PendingBadge({ row }: { row: Pick<ActivityRow, 'localState'> }) {
  if (row.localState === 'synced') return null;
  return (
    <span className="badge badge-pending" title="Saved on this computer, not yet in Salesforce">
      Pending<span className="visually-hidden"> (not yet sent to Salesforce)</span>
    </span>
  );
}

export function ActivityBadges({ row, today }: { row: ActivityRow; today: string }) {
  const late = daysOverdue(row, today);
  const showStatus = row.object === 'Task' && row.status && !(row.isClosed && row.status === 'Completed') && row.kind !== 'call';
  return (
    <span className="activity-badges">
      {late !== null && <span className="badge badge-danger">{overdueLabel(late)}</span>}
      {row.priority === 'High' && !row.isClosed && <span className="badge badge-high">High priority</span>}
      {showStatus && <span className="badge badge-status">{row.status}</span>}
      <PendingBadge row={row} />
    </span>
  );
}

/** The ids of the tasks being completed right now (anywhere in the app), so each shows it. */
export function useCompleting(): Set<string> {
  const ids = useMutationState({
    filters: { mutationKey: ['complete-task'], status: 'pending' },
    select: (mutation) => (mutation.state.variables as ActivityRow | undefined)?.id ?? '',
  });
  return new Set(ids);
}

export function CompleteBox({
  row,
  onComplete,
  busy,
  tabIndex,
}: {
  row: ActivityRow;
  onComplete: (row: ActivityRow) => void;
  busy: boolean;
  tabIndex?: number;
}) {
  return (
    <input
      type="checkbox"
      className="checkbox activity-complete"
      aria-label={`Complete ${subjectOf(row)}`}
      title="Mark complete"
      checked={busy}
      disabled={busy}
      tabIndex={tabIndex}
      onChange={() => onComplete(row)}
    />
  );
}

/** Whom and what it is about, and who owns it: "Jane Doe · Acme — Renewal · Alex Morgan". */
export function ActivityMeta({ row, when, showOwner, tabIndex }: { row: ActivityRow; when?: string; showOwner: boolean; tabIndex?: number }) {
  const parts: ReactNode[] = [];
  if (when) parts.push(<span key="when">{when}</span>);
  if (row.who) parts.push(<LinkTo key="who" link={row.who} tabIndex={tabIndex} />);
  if (row.what) parts.push(<LinkTo key="what" link={row.what} tabIndex={tabIndex} />);
  if (showOwner && row.ownerName) parts.push(<span key="owner">{row.mine ? 'You' : row.ownerName}</span>);
  if (row.location) parts.push(<span key="where">{row.location}</span>);
  return (
    <span className="activity-meta">
      {parts.map((part, i) => (
        <span key={i} className="activity-meta-part">
          {part}
        </span>
      ))}
    </span>
  );
}
