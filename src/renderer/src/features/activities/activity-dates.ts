/**
 * Dates of activities as a salesperson reads them. A task's due date is a calendar day (no time
 * zone); an event's start and end are instants in UTC, shown in the user's time zone; an all-day
 * event's day is midnight UTC in Salesforce ("Don't attempt to alter the timestamp to account for
 * time zone differences", Event object reference, ActivityDate), so it is shown as that day
 * everywhere. No DOM: unit-tested in Node with explicit time zones.
 */
import type { ActivityRow } from '../../../../shared/ipc/activities.contract';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'): 2026-12-01 → 2026-12-03 is 2. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** An open task due before today: how many days late it is; anything else: null. */
export function daysOverdue(row: Pick<ActivityRow, 'object' | 'isClosed' | 'dueDate'>, today: string): number | null {
  if (row.object !== 'Task' || row.isClosed || !row.dueDate) return null;
  const late = daysBetween(row.dueDate, today);
  return late > 0 ? late : null;
}

export function overdueLabel(days: number): string {
  return `${days} day${days === 1 ? '' : 's'} overdue`;
}

/** A calendar day as a local Date at noon (noon: no daylight-saving edge moves it to another day). */
function calendarDay(day: string): Date | null {
  const m = ISO_DAY.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : null;
}

/** 'YYYY-MM-DD' of an instant in a time zone (the user's by default). */
export function dayInZone(iso: string, timeZone?: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** "Today", "Tomorrow", "Yesterday", a weekday within the coming week, else the date. */
export function dayLabel(day: string, today: string, locale?: string): string {
  const diff = daysBetween(today, day);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Tomorrow';
  if (diff === -1) return 'Yesterday';
  const date = calendarDay(day);
  if (!date) return day;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  if (diff > 1 && diff < 7) return new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(date);
  return new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

/** A calendar day in full: "Dec 15, 2026". */
export function formatDay(day: string, locale?: string): string {
  const date = calendarDay(day);
  return date ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date) : day;
}

/**
 * The last day of an all-day event. It ends at midnight UTC after its last day (a one-day event
 * lasts 1440 minutes: DurationInMinutes), so an end at midnight is the day before; an end at
 * another time (or none) falls on its own day.
 */
export function allDayLastDay(first: string, end: string | null): string {
  const day = utcDay(end);
  if (!end || !day) return first;
  const atMidnight = /T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$/.test(end);
  const last = atMidnight ? shiftDay(day, -1) : day;
  return last > first ? last : first;
}

/** A calendar day moved by whole days. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** An all-day event's day from its UTC-midnight date-time (or its ActivityDate). */
function utcDay(iso: string | null): string | null {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null;
}

export interface ZoneOptions {
  locale?: string;
  timeZone?: string;
}

/**
 * When an event takes place: "Dec 15, 2026, 2:30 – 3:30 PM" in the user's time zone, or
 * "Dec 15, 2026 · All day" (a span of days: "Dec 15 – 17, 2026 · All day").
 */
export function eventWhen(row: Pick<ActivityRow, 'start' | 'end' | 'allDay' | 'dueDate'>, options: ZoneOptions = {}): string {
  if (row.allDay) {
    const first = row.dueDate ?? utcDay(row.start);
    if (!first) return 'All day';
    const last = allDayLastDay(first, row.end);
    const a = calendarDay(first);
    const b = last && last > first ? calendarDay(last) : null;
    const format = new Intl.DateTimeFormat(options.locale, { year: 'numeric', month: 'short', day: 'numeric' });
    return `${a && b ? format.formatRange(a, b) : formatDay(first, options.locale)} · All day`;
  }
  if (!row.start) return 'No time set';
  const start = new Date(row.start);
  const end = row.end ? new Date(row.end) : null;
  const format = new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone });
  if (Number.isNaN(start.getTime())) return 'No time set';
  return end && !Number.isNaN(end.getTime()) && end > start ? format.formatRange(start, end) : format.format(start);
}

/** Only the time of day of an event (My tasks' "Today's events"): "2:30 – 3:30 PM", or "All day". */
export function eventTimeOfDay(row: Pick<ActivityRow, 'start' | 'end' | 'allDay'>, options: ZoneOptions = {}): string {
  if (row.allDay) return 'All day';
  if (!row.start) return 'No time set';
  const format = new Intl.DateTimeFormat(options.locale, { timeStyle: 'short', timeZone: options.timeZone });
  const start = new Date(row.start);
  const end = row.end ? new Date(row.end) : null;
  return end && end > start && dayInZone(row.start, options.timeZone) === dayInZone(row.end ?? '', options.timeZone)
    ? format.formatRange(start, end)
    : format.format(start);
}

/** The day a past activity belongs to: a task's due (activity) date or completion, an event's start. */
export function activityDay(row: ActivityRow, timeZone?: string): string | null {
  if (row.object === 'Event') return row.allDay ? (row.dueDate ?? utcDay(row.start)) : row.start ? dayInZone(row.start, timeZone) : row.dueDate;
  return row.dueDate ?? (row.completedAt ? dayInZone(row.completedAt, timeZone) : null);
}

export interface MonthGroup {
  /** 'YYYY-MM', or '' for activities without any date. */
  key: string;
  /** "December 2026", or "No date". */
  label: string;
  rows: ActivityRow[];
}

/** Past activities (already newest first) in month groups, in the order they come. */
export function groupByMonth(rows: ActivityRow[], options: ZoneOptions = {}): MonthGroup[] {
  const groups: MonthGroup[] = [];
  const format = new Intl.DateTimeFormat(options.locale, { month: 'long', year: 'numeric' });
  for (const row of rows) {
    const day = activityDay(row, options.timeZone);
    const key = day ? day.slice(0, 7) : '';
    let group = groups.find((g) => g.key === key);
    if (!group) {
      const first = day ? calendarDay(`${key}-01`) : null;
      group = { key, label: first ? format.format(first) : 'No date', rows: [] };
      groups.push(group);
    }
    group.rows.push(row);
  }
  return groups;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local Date as a datetime-local input's value: 'YYYY-MM-DDTHH:mm'. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value (the user's local time) as an ISO instant in UTC; '' when not a time. */
export function localInputToIso(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** A new event's default: from the next half hour, for an hour (10:05 → 10:30–11:30; 10:30 → 11:00–12:00). */
export function defaultEventTimes(now: Date): { start: string; end: string } {
  const start = new Date(now.getTime());
  start.setSeconds(0, 0);
  start.setMinutes(start.getMinutes() < 30 ? 30 : 60);
  const end = new Date(start.getTime() + 60 * 60_000);
  return { start: toLocalInput(start), end: toLocalInput(end) };
}
