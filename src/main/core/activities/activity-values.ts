/**
 * The Task or Event values a quick action writes, as Salesforce takes them:
 *
 * - Log a call: a Task with TaskSubtype 'Call' (createable, not updateable: set once, here), the
 *   org's closed task status (TaskStatus.IsClosed), dated today unless told, the comments as its
 *   Description.
 * - New task: TaskSubtype 'Task', the org's default open status, the priority, due date and owner.
 * - New event: StartDateTime and EndDateTime for a timed event (Salesforce derives its
 *   DurationInMinutes and ActivityDate). An all-day event is its ActivityDate with IsAllDayEvent
 *   and a DurationInMinutes of whole days: the Event reference says that for all-day events "the
 *   ActivityDate field is used" and that ActivityDate and StartDateTime "must match, or one of them
 *   must be null", so the start and end are left for Salesforce to derive.
 *
 * Who is a Contact or a Lead; What any other record. Salesforce refuses a What beside a Lead Who
 * (a lead's activities belong to the lead alone until it is converted): refused here first, in
 * words, rather than queued to fail.
 */
import { localDate } from '../../../shared/analytics/fiscal';
import { AppError } from '../../../shared/errors';
import type { NewActivity } from '../../../shared/ipc/activities.contract';
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { z } from 'zod';
import type { CacheDb } from '../cache/org-cache';
import { cachedRecordOf } from './derived-fields';

type Input = z.output<typeof NewActivity>;
type Values = Record<string, string | number | boolean | null>;

const WHO_OBJECTS = new Set(['Contact', 'Lead']);
const DAY_MS = 86_400_000;

/** The object of a linked record: by key prefix, or (a record created offline) from the cache. */
function objectOf(db: CacheDb, registry: ObjectRegistry, id: string): string | undefined {
  return registry.ofId(id)?.name ?? cachedRecordOf(db, registry, id)?.object;
}

/** Refuses links Salesforce would refuse, with words a salesperson can act on. */
export function checkLinks(db: CacheDb, registry: ObjectRegistry, input: Pick<Input, 'whoId' | 'whatId'>): void {
  const who = input.whoId ? objectOf(db, registry, input.whoId) : undefined;
  const what = input.whatId ? objectOf(db, registry, input.whatId) : undefined;
  if (input.whoId && who && !WHO_OBJECTS.has(who)) {
    throw new AppError('INVALID_INPUT', 'The person an activity is with must be a contact or a lead.', ['whoId']);
  }
  if (input.whatId && what && WHO_OBJECTS.has(what)) {
    throw new AppError('INVALID_INPUT', 'Link a contact or a lead as the person, not as the related record.', ['whatId']);
  }
  if (who === 'Lead' && input.whatId) {
    throw new AppError(
      'INVALID_INPUT',
      'An activity with a lead cannot also be related to another record: Salesforce keeps a lead\u2019s activities on the lead until it is converted.',
      ['whatId'],
    );
  }
}

const links = (input: Pick<Input, 'whoId' | 'whatId'>): Values => ({
  ...(input.whoId ? { WhoId: input.whoId } : {}),
  ...(input.whatId ? { WhatId: input.whatId } : {}),
});

const comments = (text: string | undefined): Values => (text ? { Description: text } : {});

/** The object and values of a quick action (see the header). */
export function activityValues(
  input: Input,
  ctx: { today: string; userId: string; statuses: { open: string; closed: string } },
): { object: 'Task' | 'Event'; values: Values } {
  switch (input.kind) {
    case 'call':
      return {
        object: 'Task',
        values: {
          Subject: input.subject,
          TaskSubtype: 'Call',
          Status: ctx.statuses.closed,
          ActivityDate: input.date ?? ctx.today,
          OwnerId: ctx.userId,
          ...comments(input.comments),
          ...links(input),
        },
      };
    case 'task':
      return {
        object: 'Task',
        values: {
          Subject: input.subject,
          TaskSubtype: 'Task',
          Status: ctx.statuses.open,
          Priority: input.priority,
          ...(input.dueDate ? { ActivityDate: input.dueDate } : {}),
          OwnerId: input.ownerId ?? ctx.userId,
          ...comments(input.comments),
          ...links(input),
        },
      };
    case 'event':
      return {
        object: 'Event',
        values: { ...eventTimes(input), Subject: input.subject, OwnerId: ctx.userId, ...location(input), ...comments(input.comments), ...links(input) },
      };
  }
}

const location = (input: { location?: string }): Values => (input.location ? { Location: input.location } : {});

function eventTimes(input: Extract<Input, { kind: 'event' }>): Values {
  const start = new Date(Date.parse(input.start));
  const end = new Date(Date.parse(input.end));
  if (!input.allDay) return { StartDateTime: start.toISOString(), EndDateTime: end.toISOString(), IsAllDayEvent: false };
  // An all-day event covers whole days, from the start's day to the end's (at least one). An end at
  // midnight UTC after the start is exclusive, as Salesforce stores all-day events.
  const first = dayOf(start);
  const endDay = dayOf(end);
  const last = isUtcMidnight(end) && end > start ? new Date(Date.parse(endDay) - DAY_MS).toISOString().slice(0, 10) : endDay;
  const days = Math.max(1, Math.round((Date.parse(last) - Date.parse(first)) / DAY_MS) + 1);
  return { IsAllDayEvent: true, ActivityDate: first, DurationInMinutes: days * 1440 };
}

const isUtcMidnight = (d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;

/**
 * The day an all-day event's bound names: midnight UTC is Salesforce's way of writing a day (the
 * day itself); any other instant is a moment of the user's day (its local date).
 */
function dayOf(d: Date): string {
  return isUtcMidnight(d) ? d.toISOString().slice(0, 10) : localDate(d);
}
