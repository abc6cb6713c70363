/**
 * The demo user's agenda: the tasks and events an activities screen opens on, dated relative to
 * the generator's "now" so a Demo org generated on any day has work due today, overdue work,
 * work for the coming week, tasks without a due date, tasks completed in the last days, calls
 * logged and to make, meetings today and this week, and colleagues' activities on the demo user's
 * accounts, opportunities, contacts and leads. A fixed, small set (about forty rows whatever the
 * scale), chosen by its own random stream so the rest of the org stays as it was generated.
 */
import type { Rng } from './generate-pipeline';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The demo user's records activities may relate to (open deals, accounts, contacts, open leads). */
export interface AgendaRecords {
  opportunities: ReadonlyArray<{ id: string; accountId: string }>;
  accounts: ReadonlyArray<{ id: string; contactIds: readonly string[] }>;
  leads: readonly string[];
}

export interface AgendaInput {
  rng: Rng & { pick<T>(items: readonly T[]): T };
  nowMs: number;
  demoUserId: string;
  /** The other users, who log activities on the demo user's records too. */
  colleagues: readonly string[];
  mine: AgendaRecords;
}

interface Related {
  whoId: string | null;
  whatId: string | null;
  accountId: string | null;
}

export interface AgendaTask extends Related {
  ownerId: string;
  subject: string;
  subtype: 'Task' | 'Call' | 'Email';
  status: string;
  priority: 'High' | 'Normal' | 'Low';
  /** 'YYYY-MM-DD', or null for a task without a due date. */
  activityDate: string | null;
  createdMs: number;
  modifiedMs: number;
  /** When a completed task was completed (its last modification). */
  completedMs: number | null;
  callDurationInSeconds: number | null;
  callType: string | null;
}

export interface AgendaEvent extends Related {
  ownerId: string;
  subject: string;
  location: string;
  type: string;
  startMs: number;
  durationInMinutes: number;
  allDay: boolean;
  createdMs: number;
}

type TaskKind = readonly [subtype: AgendaTask['subtype'], subject: string];
const TASKS: readonly TaskKind[] = [
  ['Call', 'Call back about pricing'],
  ['Task', 'Send quote'],
  ['Email', 'Email: proposal follow-up'],
  ['Call', 'Discovery call'],
  ['Task', 'Prepare contract'],
  ['Task', 'Update mutual action plan'],
  ['Call', 'Check in on renewal'],
  ['Email', 'Email: send case study'],
];
const OPEN_STATUSES = ['Not Started', 'In Progress', 'Waiting on someone else'];
const MEETINGS = ['Demo', 'Quarterly business review', 'Negotiation meeting', 'Onsite visit', 'Kick-off call'];
const LOCATIONS = ['Customer office', 'Zoom', 'Microsoft Teams', 'Phone'];

/** Midnight UTC of the day `offset` days from now's day. */
const dayStart = (nowMs: number, offset: number) => Math.floor(nowMs / DAY) * DAY + offset * DAY;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every record the demo user's activities may point at, as (Who, What, Account) triples. */
function relatedChoices(mine: AgendaRecords): Related[] {
  const contactsOf = new Map(mine.accounts.map((a) => [a.id, a.contactIds]));
  const choices: Related[] = [];
  for (const opp of mine.opportunities) {
    const contacts = contactsOf.get(opp.accountId) ?? [];
    choices.push({ whoId: contacts[0] ?? null, whatId: opp.id, accountId: opp.accountId });
  }
  for (const account of mine.accounts) {
    choices.push({ whoId: account.contactIds[1] ?? account.contactIds[0] ?? null, whatId: account.id, accountId: account.id });
    if (account.contactIds.length) choices.push({ whoId: account.contactIds[0], whatId: null, accountId: account.id });
  }
  // A lead's activities relate to nothing else (Task: "If the WhoId refers to a lead, then the WhatId field must be empty").
  for (const lead of mine.leads) choices.push({ whoId: lead, whatId: null, accountId: null });
  return choices;
}

function taskMaker(input: AgendaInput, choices: Related[]) {
  const { rng, nowMs } = input;
  const related = (): Related => (choices.length ? rng.pick(choices) : { whoId: null, whatId: null, accountId: null });
  return (ownerId: string, dayOffset: number | null, completed: boolean, kind: TaskKind = rng.pick(TASKS)): AgendaTask => {
    const [subtype, subject] = kind;
    const createdMs = nowMs - (dayOffset !== null && dayOffset < 0 ? -dayOffset + 1 : 1) * DAY - rng.int(1, 72) * HOUR;
    // Completed during its due day's working hours, and never after now.
    const completedMs = completed ? Math.max(createdMs + HOUR, Math.min(nowMs - 20 * MINUTE, dayStart(nowMs, dayOffset ?? 0) + rng.int(9, 17) * HOUR)) : null;
    return {
      ...related(),
      ownerId,
      subject,
      subtype,
      status: completed ? 'Completed' : rng.pick(OPEN_STATUSES),
      priority: rng.weighted([
        ['High', 25],
        ['Normal', 60],
        ['Low', 15],
      ] as const),
      activityDate: dayOffset === null ? null : dateOf(dayStart(nowMs, dayOffset)),
      createdMs,
      modifiedMs: completedMs ?? createdMs + rng.int(0, 12) * HOUR,
      completedMs,
      callDurationInSeconds: subtype === 'Call' && completed ? rng.int(120, 1500) : null,
      callType: subtype === 'Call' ? 'Outbound' : null,
    };
  };
}

/** The demo user's own tasks: due today, overdue, this week, undated, and recently completed. */
function ownTasks(input: AgendaInput, make: ReturnType<typeof taskMaker>): AgendaTask[] {
  const me = input.demoUserId;
  const tasks: AgendaTask[] = [];
  tasks.push(make(me, 0, false, TASKS[0]), make(me, 0, false, TASKS[1]), make(me, 0, false, TASKS[2]));
  for (const offset of [-1, -2, -4, -9]) tasks.push(make(me, offset, false));
  for (const offset of [1, 2, 3, 5, 7]) tasks.push(make(me, offset, false));
  tasks.push(make(me, null, false, TASKS[4]), make(me, null, false, TASKS[5]));
  // Completed lately, calls among them (a logged call is a completed Call task).
  tasks.push(make(me, 0, true, TASKS[3]), make(me, -1, true, TASKS[6]), make(me, -2, true), make(me, -3, true, TASKS[0]), make(me, -6, true));
  return tasks;
}

function eventMaker(input: AgendaInput, choices: Related[]) {
  const { rng, nowMs } = input;
  const related = (): Related => (choices.length ? rng.pick(choices) : { whoId: null, whatId: null, accountId: null });
  return (ownerId: string, startMs: number, allDay = false): AgendaEvent => ({
    ...related(),
    ownerId,
    subject: rng.pick(MEETINGS),
    location: rng.pick(LOCATIONS),
    type: 'Meeting',
    startMs: allDay ? dayStart(startMs, 0) : startMs,
    durationInMinutes: allDay ? 1440 : rng.pick([30, 45, 60, 90]),
    allDay,
    createdMs: Math.min(nowMs, startMs) - rng.int(1, 10) * DAY,
  });
}

/** Meetings today (one already begun or past, one later) and in the coming days. */
function ownEvents(input: AgendaInput, make: ReturnType<typeof eventMaker>): AgendaEvent[] {
  const { nowMs, demoUserId: me } = input;
  const today = dayStart(nowMs, 0);
  const halfHour = 30 * MINUTE;
  const earlier = Math.max(today, Math.floor((nowMs - 2 * HOUR) / halfHour) * halfHour);
  const later = Math.min(today + 23 * HOUR + halfHour, Math.ceil((nowMs + 90 * MINUTE) / halfHour) * halfHour);
  return [
    make(me, earlier),
    make(me, later),
    make(me, dayStart(nowMs, 1) + 15 * HOUR),
    make(me, dayStart(nowMs, 2) + 17 * HOUR + halfHour),
    make(me, dayStart(nowMs, 3), true),
    make(me, dayStart(nowMs, 5) + 14 * HOUR),
  ];
}

/** The demo user's agenda, and what colleagues logged or planned on the demo user's records. */
export function demoAgenda(input: AgendaInput): { tasks: AgendaTask[]; events: AgendaEvent[] } {
  const choices = relatedChoices(input.mine);
  const makeTask = taskMaker(input, choices);
  const makeEvent = eventMaker(input, choices);
  const tasks = ownTasks(input, makeTask);
  const events = ownEvents(input, makeEvent);
  const { colleagues, rng, nowMs } = input;
  if (colleagues.length && choices.length) {
    const colleague = () => rng.pick(colleagues);
    for (const [offset, completed] of [
      [0, false],
      [2, false],
      [5, false],
      [-1, true],
      [-3, true],
      [null, false],
    ] as const) {
      tasks.push(makeTask(colleague(), offset, completed));
    }
    events.push(makeEvent(colleague(), dayStart(nowMs, 1) + 16 * HOUR), makeEvent(colleague(), dayStart(nowMs, -2) + 15 * HOUR));
  }
  return { tasks, events };
}
