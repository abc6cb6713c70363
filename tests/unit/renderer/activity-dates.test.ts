import { describe, expect, it } from 'vitest';
import type { ActivityRow } from '../../../src/shared/ipc/activities.contract';
import {
  activityDay,
  allDayLastDay,
  dayInZone,
  dayLabel,
  daysBetween,
  daysOverdue,
  defaultEventTimes,
  eventTimeOfDay,
  eventWhen,
  groupByMonth,
  localInputToIso,
  overdueLabel,
  toLocalInput,
} from '../../../src/renderer/src/features/activities/activity-dates';

function row(partial: Partial<ActivityRow>): ActivityRow {
  return {
    id: '00T000000000001AAA',
    object: 'Task',
    kind: 'task',
    subject: 'Follow up',
    status: 'Not Started',
    priority: 'Normal',
    isClosed: false,
    dueDate: null,
    start: null,
    end: null,
    allDay: false,
    location: null,
    description: null,
    who: null,
    what: null,
    ownerId: null,
    ownerName: null,
    completedAt: null,
    localState: 'synced',
    mine: true,
    ...partial,
  };
}

describe('activity dates', () => {
  it('counts whole calendar days, across months and daylight-saving changes', () => {
    expect(daysBetween('2026-12-01', '2026-12-03')).toBe(2);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-12-03', '2026-12-01')).toBe(-2);
  });

  it('marks only open tasks due before today as overdue, with how many days', () => {
    expect(daysOverdue(row({ dueDate: '2026-11-29' }), '2026-12-02')).toBe(3);
    expect(daysOverdue(row({ dueDate: '2026-12-02' }), '2026-12-02')).toBeNull();
    expect(daysOverdue(row({ dueDate: '2026-11-29', isClosed: true }), '2026-12-02')).toBeNull();
    expect(daysOverdue(row({ object: 'Event', kind: 'event', dueDate: '2026-11-29' }), '2026-12-02')).toBeNull();
    expect(daysOverdue(row({ dueDate: null }), '2026-12-02')).toBeNull();
    expect(overdueLabel(1)).toBe('1 day overdue');
    expect(overdueLabel(3)).toBe('3 days overdue');
  });

  it('names days near today in words, the rest by date', () => {
    expect(dayLabel('2026-12-02', '2026-12-02', 'en-US')).toBe('Today');
    expect(dayLabel('2026-12-03', '2026-12-02', 'en-US')).toBe('Tomorrow');
    expect(dayLabel('2026-12-01', '2026-12-02', 'en-US')).toBe('Yesterday');
    expect(dayLabel('2026-12-04', '2026-12-02', 'en-US')).toBe('Friday');
    expect(dayLabel('2026-12-20', '2026-12-02', 'en-US')).toBe('Sun, Dec 20');
    expect(dayLabel('2027-01-20', '2026-12-02', 'en-US')).toBe('Wed, Jan 20, 2027');
  });

  it('reads the day of an instant in a given time zone', () => {
    // 02:30 UTC on 3 December is still 2 December in New York.
    expect(dayInZone('2026-12-03T02:30:00Z', 'America/New_York')).toBe('2026-12-02');
    expect(dayInZone('2026-12-03T02:30:00Z', 'Europe/Paris')).toBe('2026-12-03');
    expect(dayInZone('not a date')).toBeNull();
  });

  it('shows a timed event in the user’s time zone and an all-day event as its day everywhere', () => {
    const timed = { start: '2026-12-15T19:30:00.000Z', end: '2026-12-15T20:30:00.000Z', allDay: false, dueDate: '2026-12-15' };
    expect(eventWhen(timed, { locale: 'en-US', timeZone: 'America/New_York' })).toMatch(/^Dec 15, 2026, 2:30\s?–\s?3:30\sPM$/);
    expect(eventWhen(timed, { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toMatch(/^Dec 16, 2026, 4:30\s?–\s?5:30\sAM$/);
    expect(eventTimeOfDay(timed, { locale: 'en-US', timeZone: 'America/New_York' })).toMatch(/^2:30\s?–\s?3:30\sPM$/);
    // All day: midnight UTC is the day, whatever the zone (west of Greenwich it would otherwise be the 14th).
    const allDay = { start: '2026-12-15T00:00:00.000Z', end: '2026-12-15T00:00:00.000Z', allDay: true, dueDate: '2026-12-15' };
    expect(eventWhen(allDay, { locale: 'en-US', timeZone: 'America/Los_Angeles' })).toBe('Dec 15, 2026 · All day');
    // It ends at midnight after its last day (a one-day event lasts 1440 minutes), as the org sends it.
    expect(eventWhen({ ...allDay, end: '2026-12-16T00:00:00.000+0000' }, { locale: 'en-US' })).toBe('Dec 15, 2026 · All day');
    expect(eventWhen({ ...allDay, end: '2026-12-18T00:00:00.000Z' }, { locale: 'en-US' })).toMatch(/^Dec 15\s?–\s?17, 2026 · All day$/);
    expect(allDayLastDay('2026-12-15', '2026-12-17T12:00:00Z')).toBe('2026-12-17');
    expect(allDayLastDay('2026-12-15', null)).toBe('2026-12-15');
    expect(eventTimeOfDay(allDay)).toBe('All day');
  });

  it('puts a past activity on its day: a task’s activity date or completion, an event’s start in the zone', () => {
    expect(activityDay(row({ dueDate: '2026-11-30', completedAt: '2026-12-01T10:00:00Z' }))).toBe('2026-11-30');
    expect(activityDay(row({ completedAt: '2026-12-01T02:00:00Z' }), 'America/New_York')).toBe('2026-11-30');
    expect(activityDay(row({ object: 'Event', kind: 'event', start: '2026-12-01T02:00:00Z', dueDate: '2026-12-01' }), 'America/New_York')).toBe('2026-11-30');
    expect(activityDay(row({ object: 'Event', kind: 'event', allDay: true, start: '2026-12-01T00:00:00Z', dueDate: '2026-12-01' }), 'America/New_York')).toBe(
      '2026-12-01',
    );
  });

  it('groups past activity by month in the order given, with the month in words', () => {
    const groups = groupByMonth(
      [
        row({ id: 'a', dueDate: '2026-12-02', isClosed: true }),
        row({ id: 'b', dueDate: '2026-12-01', isClosed: true }),
        row({ id: 'c', dueDate: '2026-11-20', isClosed: true }),
        row({ id: 'd', dueDate: '2025-12-24', isClosed: true }),
        row({ id: 'e', isClosed: true }),
      ],
      { locale: 'en-US' },
    );
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.id)])).toEqual([
      ['December 2026', ['a', 'b']],
      ['November 2026', ['c']],
      ['December 2025', ['d']],
      ['No date', ['e']],
    ]);
  });

  it('starts a new event at the next half hour, for an hour', () => {
    expect(defaultEventTimes(new Date(2026, 11, 2, 10, 5))).toEqual({ start: '2026-12-02T10:30', end: '2026-12-02T11:30' });
    expect(defaultEventTimes(new Date(2026, 11, 2, 10, 30))).toEqual({ start: '2026-12-02T11:00', end: '2026-12-02T12:00' });
    expect(defaultEventTimes(new Date(2026, 11, 2, 10, 0, 30))).toEqual({ start: '2026-12-02T10:30', end: '2026-12-02T11:30' });
    expect(defaultEventTimes(new Date(2026, 11, 31, 23, 40))).toEqual({ start: '2027-01-01T00:00', end: '2027-01-01T01:00' });
  });

  it('turns a datetime-local value (local time) into an instant and back', () => {
    const local = toLocalInput(new Date(2026, 11, 2, 14, 30));
    expect(local).toBe('2026-12-02T14:30');
    expect(new Date(localInputToIso(local)).getTime()).toBe(new Date(2026, 11, 2, 14, 30).getTime());
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('2026-12-02')).toBe('');
  });
});
