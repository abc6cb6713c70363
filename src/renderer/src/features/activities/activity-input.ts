/**
 * The quick actions' forms as data: what they start with, how their values become a
 * `createActivity` input (checked with the contract's own schema before sending, so the messages
 * next to the fields are the contract's), and where Salesforce's field errors land. No DOM.
 */
import { NewActivity, type ActivityKind } from '../../../../shared/ipc/activities.contract';
import { fieldErrorsFromIssues, splitServerError, type FieldErrors } from '../../lib/form-errors';
import type { ObjectName } from '../../lib/objects';
import { defaultEventTimes, localInputToIso, shiftDay } from './activity-dates';

export type QuickKind = Exclude<ActivityKind, 'email'>;

/** Every value the three forms hold, as the inputs hold them (text). */
export interface ActivityFormValues {
  subject: string;
  comments: string;
  /** Log a call: the day it happened. */
  date: string;
  /** New task. */
  dueDate: string;
  priority: 'High' | 'Normal' | 'Low';
  /** New event: datetime-local values, or dates when all day. */
  start: string;
  end: string;
  allDay: boolean;
  location: string;
}

/** The record the action was started from, and an optional contact (an opportunity's call). */
export interface ActivityLinks {
  record?: { object: ObjectName; id: string };
  contactId?: string;
}

/** The fields each form shows, in screen order (where errors land and focus goes). */
export const FORM_ORDER: Record<QuickKind, Array<keyof ActivityFormValues | 'whoId' | 'whatId'>> = {
  call: ['subject', 'date', 'whoId', 'comments'],
  task: ['subject', 'dueDate', 'priority', 'whoId', 'comments'],
  event: ['subject', 'allDay', 'start', 'end', 'location', 'whoId', 'comments'],
};

export function initialValues(kind: QuickKind, today: string, now: Date): ActivityFormValues {
  const times = defaultEventTimes(now);
  return {
    subject: kind === 'call' ? 'Call' : '',
    comments: '',
    date: today,
    dueDate: '',
    priority: 'Normal',
    start: times.start,
    end: times.end,
    allDay: false,
    location: '',
  };
}

/** Who is a person (a contact or a lead); What is any other record (Salesforce refuses a What beside a lead). */
export function linksOf({ record, contactId }: ActivityLinks): { whoId?: string; whatId?: string } {
  if (!record) return contactId ? { whoId: contactId } : {};
  if (record.object === 'Contact' || record.object === 'Lead') return { whoId: record.id };
  return { whatId: record.id, ...(contactId ? { whoId: contactId } : {}) };
}

/** Switching "All day" keeps the chosen days: a time becomes its day, a day gets the default hours. */
export function toggleAllDay(values: ActivityFormValues, allDay: boolean, now: Date): ActivityFormValues {
  if (allDay === values.allDay) return values;
  if (allDay) return { ...values, allDay, start: values.start.slice(0, 10), end: (values.end || values.start).slice(0, 10) };
  const times = defaultEventTimes(now);
  const day = (value: string, fallback: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}${fallback.slice(10)}` : fallback);
  return { ...values, allDay, start: day(values.start, times.start), end: day(values.end, times.end) };
}

const optional = (text: string) => (text.trim() ? text.trim() : undefined);

/**
 * An all-day event starts at midnight UTC of its first day and ends at midnight UTC after its last
 * (Salesforce's convention: a one-day event lasts 1440 minutes).
 */
function eventInstant(value: string, allDay: boolean, edge: 'start' | 'end'): string {
  if (!allDay) return localInputToIso(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return '';
  return `${edge === 'end' ? shiftDay(value, 1) : value}T00:00:00.000Z`;
}

/** The `createActivity` input the values stand for (not yet checked). */
export function activityInput(kind: QuickKind, values: ActivityFormValues, links: ActivityLinks): NewActivity {
  const common = { comments: optional(values.comments), ...linksOf(links) };
  if (kind === 'call') return { kind, subject: values.subject, date: optional(values.date), ...common };
  if (kind === 'task') return { kind, subject: values.subject, dueDate: optional(values.dueDate), priority: values.priority, ...common };
  return {
    kind,
    subject: values.subject,
    start: eventInstant(values.start, values.allDay, 'start'),
    end: eventInstant(values.end, values.allDay, 'end'),
    allDay: values.allDay,
    location: optional(values.location),
    ...common,
  };
}

export type Checked = { ok: true; input: NewActivity } | { ok: false; errors: FieldErrors };

/** Checks the values with the contract's schema; an empty date-time says what is missing in words. */
export function checkActivity(kind: QuickKind, values: ActivityFormValues, links: ActivityLinks): Checked {
  const input = activityInput(kind, values, links);
  const parsed = NewActivity.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const errors = fieldErrorsFromIssues(parsed.error.issues);
  if (kind === 'event') {
    if (!values.start) errors.start = values.allDay ? 'Choose the day it starts' : 'Choose when it starts';
    if (!values.end) errors.end = values.allDay ? 'Choose the day it ends' : 'Choose when it ends';
  }
  return { ok: false, errors };
}

/** Salesforce's field names → the form's (its errors name the Task's or Event's fields). */
const SALESFORCE_FIELDS: Record<string, keyof ActivityFormValues | 'whoId' | 'whatId'> = {
  Subject: 'subject',
  Description: 'comments',
  Priority: 'priority',
  StartDateTime: 'start',
  ActivityDateTime: 'start',
  EndDateTime: 'end',
  DurationInMinutes: 'end',
  IsAllDayEvent: 'allDay',
  Location: 'location',
  WhoId: 'whoId',
  WhatId: 'whatId',
};

/** A refusal (the gate's or Salesforce's) as messages next to the form's fields and a banner for the rest. */
export function serverErrors(kind: QuickKind, error: { message: string; fields?: string[] }): { fieldErrors: FieldErrors; bannerMessage: string | null } {
  const fields = (error.fields ?? []).map((f) =>
    f === 'ActivityDate' ? (kind === 'call' ? 'date' : kind === 'task' ? 'dueDate' : 'start') : (SALESFORCE_FIELDS[f] ?? f),
  );
  return splitServerError({ message: error.message, fields }, FORM_ORDER[kind]);
}
