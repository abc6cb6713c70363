/**
 * Activities: the timeline on a record, My tasks, and the quick actions (log a call, new task, new
 * event, complete a task).
 *
 * Reads come from the active org's local cache (Task and Event are registry objects, synced like
 * the others: src/shared/objects/registry.ts), so they work offline and cost no API call. Writes
 * go through the offline outbox exactly like `records:create|update`: they answer at once
 * (`saved` when the org took them, `queued` when it is unreachable) and a call logged offline
 * reaches the org once, when it answers again.
 *
 * Dates: `dueDate` is a task's ActivityDate ('YYYY-MM-DD', no time zone); an event's `start` and
 * `end` are ISO date-times in UTC, which the renderer shows in the user's time zone. All-day events
 * carry their day in `dueDate` as Salesforce does.
 */
import { z } from 'zod';
import { SalesforceId, type ChannelSpec } from './common';
import { RecordRef, WriteOutcome } from './outbox.contract';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date looks like 2026-12-31');
const IsoDateTime = z
  .string()
  .max(40)
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'A date and time looks like 2026-12-31T14:30:00Z');

/**
 * What a row is, for its icon and wording: a task's TaskSubtype (Call → call; Email and List Email →
 * email; the rest → task) or an event.
 */
export const ActivityKind = z.enum(['call', 'email', 'task', 'event']);
export type ActivityKind = z.infer<typeof ActivityKind>;

/** A record an activity points at (its Who or What), the object read from the Id's key prefix. */
export const ActivityLink = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** The registry's object name when the app caches that object (it links to it), else null. */
  object: z.string().nullable(),
});
export type ActivityLink = z.infer<typeof ActivityLink>;

export const ActivityRow = z.object({
  id: z.string(),
  object: z.enum(['Task', 'Event']),
  kind: ActivityKind,
  subject: z.string().nullable(),
  /** Task: Status; Event: null. */
  status: z.string().nullable(),
  /** Task: Priority; Event: null. */
  priority: z.string().nullable(),
  /** Task: IsClosed; an event is "closed" once it has ended. */
  isClosed: z.boolean(),
  /** Task: ActivityDate (its due date); Event: ActivityDate (the day it starts). */
  dueDate: IsoDate.nullable(),
  /** Event only. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  allDay: z.boolean(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  who: ActivityLink.nullable(),
  what: ActivityLink.nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Task: CompletedDateTime. */
  completedAt: z.string().nullable(),
  /** 'synced' = as the org sent it; otherwise a pending offline change. */
  localState: z.enum(['synced', 'created', 'modified']),
  /** Whether the connected user owns (is assigned) it. */
  mine: z.boolean(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export const Timeline = z.object({
  /** False until a sync has read the org's activities (the timeline then says so, never "no activity"). */
  synced: z.boolean(),
  /** Today in the user's time zone ('YYYY-MM-DD'), which `overdue` was computed against. */
  today: IsoDate,
  /**
   * Open tasks and events that have not ended: overdue first (oldest first), then by date, tasks
   * without a due date last.
   */
  upcoming: z.array(ActivityRow),
  /** Completed tasks and past events, newest first (the renderer groups them by month). */
  past: z.array(ActivityRow),
  /** Whether `past` was cut at the input's `pastLimit`. */
  morePast: z.boolean(),
});
export type Timeline = z.infer<typeof Timeline>;

export const MyTasks = z.object({
  synced: z.boolean(),
  today: IsoDate,
  /** Open tasks due before today, oldest first. */
  overdue: z.array(ActivityRow),
  /** Open tasks due today. */
  dueToday: z.array(ActivityRow),
  /** Open tasks due in the next seven days after today, by date. */
  next7Days: z.array(ActivityRow),
  /** Open tasks with no due date. */
  noDueDate: z.array(ActivityRow),
  /** Tasks completed in the last seven days, newest first. */
  completed: z.array(ActivityRow),
  /** My events today, by start time. */
  eventsToday: z.array(ActivityRow),
});
export type MyTasks = z.infer<typeof MyTasks>;

const Subject = z.string().trim().min(1, 'Give it a subject').max(255, 'At most 255 characters');
const Comments = z.string().trim().max(32_000, 'At most 32,000 characters').optional();
/** Who: a Contact or Lead; What: any other record (Salesforce refuses a What beside a Lead). */
const Links = {
  whoId: RecordRef.optional(),
  whatId: RecordRef.optional(),
};

export const NewActivity = z.discriminatedUnion('kind', [
  /** Log a call: a completed Task, TaskSubtype Call, dated today unless `date` says otherwise. */
  z.object({ kind: z.literal('call'), subject: Subject.default('Call'), comments: Comments, date: IsoDate.optional(), ...Links }).strict(),
  z
    .object({
      kind: z.literal('task'),
      subject: Subject,
      dueDate: IsoDate.optional(),
      priority: z.enum(['High', 'Normal', 'Low']).default('Normal'),
      comments: Comments,
      /** Assigned to (default: the connected user). */
      ownerId: SalesforceId.optional(),
      ...Links,
    })
    .strict(),
  z
    .object({
      kind: z.literal('event'),
      subject: Subject,
      start: IsoDateTime,
      end: IsoDateTime,
      allDay: z.boolean().default(false),
      location: z.string().trim().max(255, 'At most 255 characters').optional(),
      comments: Comments,
      ...Links,
    })
    .strict()
    .refine((e) => Date.parse(e.end) >= Date.parse(e.start), { message: 'The event must end after it starts', path: ['end'] }),
]);
export type NewActivity = z.input<typeof NewActivity>;

export const activitiesContract = {
  'activities:timeline': {
    method: 'activityTimeline',
    input: z.object({ recordId: RecordRef, pastLimit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: Timeline,
  },
  'activities:my-tasks': {
    method: 'myTasks',
    input: z.object({}).strict().optional(),
    output: MyTasks,
  },
  /** Log a call, a new task or a new event, through the outbox (works offline). */
  'activities:create': {
    method: 'createActivity',
    input: NewActivity,
    output: WriteOutcome,
  },
  /** Marks a task complete (Status = the org's default closed task status), through the outbox. */
  'activities:complete': {
    method: 'completeTask',
    input: z.object({ id: RecordRef }).strict(),
    output: WriteOutcome,
  },
} as const satisfies Record<string, ChannelSpec>;
