/**
 * Cached Task and Event rows as the activities contract shows them (ActivityRow), and the SQL
 * pieces the timeline and My tasks share. Rows are selected and ordered on the registry's typed
 * columns (Task: text_a = WhoId, text_b = WhatId, account_id = AccountId, close_date =
 * ActivityDate, flag_a = IsClosed, date_a = CompletedDateTime; Event: text_a, text_b, account_id
 * likewise, close_date = ActivityDate, date_a = StartDateTime, date_b = EndDateTime, flag_a =
 * IsAllDayEvent); only the rows returned parse their JSON, for the names and texts they show.
 */
import type { ActivityKind, ActivityLink, ActivityRow } from '../../../shared/ipc/activities.contract';
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { FlatRecord } from '../cache/objects';

/** The columns every activity read selects. */
export const ROW_COLUMNS = 'object, id, owner_id, owner_name, local_state, close_date, date_a, date_b, flag_a, created_date, fields';

export interface RawActivity {
  object: 'Task' | 'Event';
  id: string;
  owner_id: string | null;
  owner_name: string | null;
  local_state: 'synced' | 'created' | 'modified';
  close_date: string | null;
  date_a: string | null;
  date_b: string | null;
  flag_a: number | null;
  created_date: string | null;
  fields: string;
}

/**
 * SQL: the last day an all-day event covers. Salesforce stores it from midnight UTC of its
 * ActivityDate for DurationInMinutes, so the end is midnight of the day after; an end equal to the
 * start (a zero-length all-day event) still covers its day.
 */
export const ALL_DAY_LAST_DAY = `max(coalesce(close_date, ''), coalesce(date(date_b, '-1 minute'), ''))`;

/** SQL: an event that has not ended (binds @today, @now). */
export const EVENT_OPEN = `(CASE WHEN flag_a = 1 THEN ${ALL_DAY_LAST_DAY} >= @today ELSE coalesce(date_b, date_a, '') >= @now END)`;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A task's kind from its TaskSubtype (Call → call; Email, List Email → email; else task). */
export function kindOf(object: 'Task' | 'Event', subtype: unknown): ActivityKind {
  if (object === 'Event') return 'event';
  if (subtype === 'Call') return 'call';
  if (subtype === 'Email' || subtype === 'List Email') return 'email';
  return 'task';
}

function linkOf(registry: ObjectRegistry, id: unknown, name: unknown): ActivityLink | null {
  const ref = str(id);
  if (!ref) return null;
  return { id: ref, name: str(name), object: registry.ofId(ref)?.name ?? null };
}

/** Whether an event has ended by `now` (all-day events: by the user's day `today`). */
export function eventEnded(raw: Pick<RawActivity, 'flag_a' | 'close_date' | 'date_a' | 'date_b'>, today: string, now: string): boolean {
  if (raw.flag_a === 1) {
    const end = raw.date_b ? new Date(Date.parse(raw.date_b) - 60_000).toISOString().slice(0, 10) : '';
    const last = [raw.close_date ?? '', end].sort().at(-1) as string;
    return last < today;
  }
  const end = raw.date_b ?? raw.date_a;
  return end ? Date.parse(end) < Date.parse(now) : false;
}

export function toActivityRow(registry: ObjectRegistry, raw: RawActivity, ctx: { userId: string; today: string; now: string }): ActivityRow {
  const f = JSON.parse(raw.fields) as FlatRecord;
  const isTask = raw.object === 'Task';
  const due = str(f.ActivityDate);
  return {
    id: raw.id,
    object: raw.object,
    kind: kindOf(raw.object, f.TaskSubtype),
    subject: str(f.Subject),
    status: isTask ? str(f.Status) : null,
    priority: isTask ? str(f.Priority) : null,
    isClosed: isTask ? f.IsClosed === true : eventEnded(raw, ctx.today, ctx.now),
    dueDate: due && DATE.test(due) ? due : null,
    start: isTask ? null : str(f.StartDateTime),
    end: isTask ? null : str(f.EndDateTime),
    allDay: !isTask && f.IsAllDayEvent === true,
    location: isTask ? null : str(f.Location),
    description: str(f.Description),
    who: linkOf(registry, f.WhoId, f['Who.Name']),
    what: linkOf(registry, f.WhatId, f['What.Name']),
    ownerId: raw.owner_id,
    ownerName: raw.owner_name ?? str(f['Owner.Name']),
    completedAt: isTask ? str(f.CompletedDateTime) : null,
    localState: raw.local_state,
    mine: raw.owner_id === ctx.userId,
  };
}
