/**
 * My tasks (`activities:my-tasks`) from the cache: the user's open tasks overdue, due today, due in
 * the next seven days and without a due date; the tasks they completed in the last seven days; and
 * their events today. Tasks are read through records_task_mine (owner_id, flag_a, close_date),
 * events through records_event_owner (owner_id, date_a).
 */
import type { MyTasks } from '../../../shared/ipc/activities.contract';
import { addDays, localDayStartUtc, nextDay } from '../analytics/context';
import { ALL_DAY_LAST_DAY, ROW_COLUMNS, toActivityRow, type RawActivity } from './activity-rows';
import { activitiesSynced, type ActivityContext } from './timeline.read';

/** Completed tasks shown: today and the six days before it. */
const COMPLETED_DAYS = 7;
/** "Next 7 days": the seven days after today. */
const AHEAD_DAYS = 7;

export function readMyTasks(ctx: ActivityContext): MyTasks {
  const params = {
    me: ctx.userId,
    today: ctx.today,
    ahead: addDays(ctx.today, AHEAD_DAYS),
    completedSince: localDayStartUtc(addDays(ctx.today, -(COMPLETED_DAYS - 1))),
    dayStart: localDayStartUtc(ctx.today),
    dayEnd: localDayStartUtc(nextDay(ctx.today)),
  };
  const select = (sql: string) => (ctx.db.prepare(sql).all(params) as RawActivity[]).map((raw) => toActivityRow(ctx.registry, raw, ctx));
  // Open is "not closed" (flag_a 0, or NULL on a task without IsClosed), written as two halves with
  // an equality each: with "flag_a = 0 OR flag_a IS NULL" SQLite left records_task_mine for the
  // close-date index and read every owner's overdue tasks (110 ms, not 18, for 1,766 of 48,661).
  const openTasks = (where: string, order: string) =>
    select(
      (['flag_a = 0', 'flag_a IS NULL'] as const)
        .map((open) => `SELECT ${ROW_COLUMNS} FROM records WHERE object = 'Task' AND owner_id = @me AND ${open} AND local_state <> 'deleted' AND ${where}`)
        .join(' UNION ALL ') + ` ORDER BY ${order}`,
    );
  return {
    synced: activitiesSynced(ctx.db),
    today: ctx.today,
    overdue: openTasks('close_date < @today', 'close_date, created_date, id'),
    dueToday: openTasks('close_date = @today', 'created_date, id'),
    next7Days: openTasks('close_date > @today AND close_date <= @ahead', 'close_date, created_date, id'),
    noDueDate: openTasks('close_date IS NULL', 'created_date, id'),
    completed: select(
      `SELECT ${ROW_COLUMNS} FROM records WHERE object = 'Task' AND owner_id = @me AND flag_a = 1 AND local_state <> 'deleted'
         AND date_a >= @completedSince ORDER BY date_a DESC, id DESC`,
    ),
    // Timed events overlapping today in the user's time zone; all-day events covering today.
    eventsToday: select(
      `SELECT ${ROW_COLUMNS} FROM records WHERE object = 'Event' AND owner_id = @me AND local_state <> 'deleted'
         AND CASE WHEN flag_a = 1 THEN close_date <= @today AND ${ALL_DAY_LAST_DAY} >= @today
                  ELSE date_a < @dayEnd AND (date_a >= @dayStart OR date_b > @dayStart) END
         ORDER BY CASE WHEN flag_a = 1 THEN 0 ELSE 1 END, date_a, id`,
    ),
  };
}
