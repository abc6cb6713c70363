/**
 * My tasks (`#/tasks`): my open tasks by when they are due, today's events and what I completed
 * this week, from the local cache (works offline, no API call). Completing a task is one key; N
 * starts a new one. Every cached task, anyone's, is the generic list at `#/tasks?all=1`.
 */
import { useEffect, useRef, useState } from 'react';
import { isTyping } from '../../app/hotkeys';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { listRoute, routeHref } from '../../lib/router';
import { NoOrg } from '../cockpit/cockpit-states';
import { useActiveConnection } from '../connections/use-connections';
import { ActivityDialog } from './activity-dialog';
import { dayLabel, formatDay } from './activity-dates';
import { ActivitiesNotSynced } from './not-synced';
import { TaskSections } from './task-sections';
import { useMyTasks } from './use-activities';

/** N opens a new task (not while typing, nor over a dialog). */
function useNewTaskKey(open: () => void): void {
  const latest = useRef(open);
  useEffect(() => {
    latest.current = open;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 'n') return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function MyTasksPage() {
  const active = useActiveConnection();
  const tasks = useMyTasks();
  const [creating, setCreating] = useState(false);
  useNewTaskKey(() => setCreating(true));
  const data = tasks.data;
  let body;
  if (!active) body = <NoOrg what="My tasks" />;
  else if (tasks.isError) body = <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />;
  else if (!data) body = <PageLoading label="Loading your tasks…" />;
  else if (!data.synced) body = <ActivitiesNotSynced what="your tasks" />;
  else body = <TaskSections data={data} />;
  return (
    <div className="page my-tasks-page">
      <PageHeader
        title="My tasks"
        subtitle={data ? `${dayLabel(data.today, data.today)}, ${formatDay(data.today)} · from your records on this computer` : 'Your tasks by due date'}
        actions={
          <>
            <a className="button" href={routeHref(listRoute('Task'))}>
              All tasks
            </a>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)} aria-keyshortcuts="N">
              <PlusIcon size={15} /> New task
            </button>
          </>
        }
      />
      {body}
      {/* Closing it, the browser gives focus back to what had it: the button, or the row N was pressed on. */}
      <ActivityDialog kind={creating ? 'task' : null} onClose={() => setCreating(false)} />
    </div>
  );
}
