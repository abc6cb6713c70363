/**
 * Home's "Today's tasks": my tasks due today and the overdue ones (the first few), and today's
 * events, read from the cache with My tasks' query; open tasks complete from here. Before activities were synced it
 * says so (an empty list would read as "nothing to do today").
 */
import type { ActivityRow, MyTasks } from '../../../../shared/ipc/activities.contract';
import { ErrorState, Skeleton } from '../../components/feedback';
import { useCompleting } from '../activities/activity-item';
import { ActivitiesNotSynced } from '../activities/not-synced';
import { TaskRow } from '../activities/task-row';
import { useCompleteTask, useMyTasks } from '../activities/use-activities';
import { HomeCard } from './home-sections';

export function TodaysTasks() {
  const tasks = useMyTasks();
  const data = tasks.data;
  const count = data?.synced ? data.overdue.length + data.dueToday.length : undefined;
  let body;
  if (tasks.isError) body = <ErrorState compact error={tasks.error} onRetry={() => void tasks.refetch()} />;
  else if (!data) body = <CardLoading />;
  else if (!data.synced) body = <ActivitiesNotSynced what="today’s tasks" />;
  else body = <TodaysList data={data} />;
  return (
    <HomeCard title="Today’s tasks" testId="home-tasks" count={count}>
      {body}
      <p className="home-card-footer muted">
        <a href="#/tasks">Open My tasks</a>
      </p>
    </HomeCard>
  );
}

function CardLoading() {
  return (
    <div role="status">
      <span className="visually-hidden">Loading your tasks…</span>
      <Skeleton className="skeleton-line" />
      <Skeleton className="skeleton-line skeleton-short" />
    </div>
  );
}

/** Home lists the first few (the landing page stays short); My tasks has them all. */
const SHOWN = 6;

function TodaysList({ data }: { data: MyTasks }) {
  const complete = useCompleteTask();
  const completing = useCompleting();
  // Due today first (today's work), then the overdue ones, oldest first.
  const all: ActivityRow[] = [...data.dueToday, ...data.overdue];
  const tasks = all.slice(0, SHOWN);
  const list = (rows: ActivityRow[], label: string) => (
    <ul className="activity-list" aria-label={label}>
      {rows.map((row) => (
        <TaskRow key={row.id} row={row} today={data.today} completing={completing.has(row.id)} onComplete={(r) => complete.mutate(r)} />
      ))}
    </ul>
  );
  return (
    <>
      {tasks.length === 0 ? <p className="muted">Nothing overdue and nothing due today.</p> : list(tasks, 'Tasks due today or overdue')}
      {all.length > tasks.length && (
        <p className="muted home-card-footer">
          Showing {tasks.length} of {all.length} ({data.dueToday.length} due today, {data.overdue.length} overdue).
        </p>
      )}
      {data.eventsToday.length > 0 && (
        <>
          <h3 className="timeline-section-title">Today’s events</h3>
          {list(data.eventsToday, 'Today’s events')}
        </>
      )}
    </>
  );
}
