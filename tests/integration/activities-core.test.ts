/**
 * Activities through the real core and the emulator: the timeline and My tasks read the synced
 * cache; logging a call, a new task, new events and completing a task go through the outbox (read
 * back, shown at once); a call logged offline shows right in the timeline offline and reaches the
 * org exactly once when it answers; what Salesforce would refuse is refused first.
 *
 * Subjects are values of the emulator's Subject picklist: it describes Task and Event Subject as a
 * picklist, which the describe-driven check holds writes to, where Salesforce's describe says
 * combobox (suggested values, any text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/shared/analytics/fiscal';
import { createHarness, type Harness } from './core-harness';
import { clock, syncAndWait } from './sync-helpers';

let h: Harness;
let me: string;
/** The emulator's clock: moved on where a change must be seen by getUpdated (whole minutes). */
const c = clock();
beforeAll(async () => {
  h = await createHarness({
    scale: 20,
    emulator: { now: c.now },
    settings: { sync: { scope: 'mine', intervalMinutes: 0 } },
    core: { outbox: { probeIntervalMs: 50, writeWaitMs: 5_000 } },
  });
  await h.loginDemo();
  expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', error: null });
  me = h.emulator().demoUserId;
});
afterAll(() => h.close());

type Row = Record<string, unknown>;
const emu = () => h.emulator();
const orgRow = (sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .get(...params) as Row | undefined;
const orgRows = (sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .all(...params) as Row[];
const goOffline = () => emu().faults.set({ resetRate: 1, failureRate: 0 });
const goOnline = () => emu().faults.set({ resetRate: 0, failureRate: 0 });

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const myAccount = () =>
  orgRow(`SELECT "Id", "Name" FROM "Account" WHERE "OwnerId" = ? AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, me) as { Id: string; Name: string };
const myContact = () =>
  orgRow(`SELECT "Id", "Name", "AccountId" FROM "Contact" WHERE "OwnerId" = ? AND "IsDeleted" = 0 AND "AccountId" IS NOT NULL ORDER BY "Id" LIMIT 1`, me) as {
    Id: string;
    Name: string;
    AccountId: string;
  };
const myLead = () =>
  orgRow(`SELECT "Id" FROM "Lead" WHERE "OwnerId" = ? AND "IsDeleted" = 0 AND "IsConverted" = 0 ORDER BY "Id" LIMIT 1`, me) as { Id: string };
const allOf = (t: { upcoming: Array<{ id: string }>; past: Array<{ id: string }> }) => [...t.upcoming, ...t.past];

describe('activities through the core', () => {
  it("an account's timeline is every activity on it or rolled up to it; My tasks are mine", async () => {
    const account = myAccount();
    const timeline = await h.call('activities:timeline', { recordId: account.Id, pastLimit: 500 });
    expect(timeline).toMatchObject({ synced: true, today: localDate(), morePast: false });
    const expected = [
      ...orgRows(`SELECT "Id" FROM "Task" WHERE ("AccountId" = ? OR "WhatId" = ?) AND "IsDeleted" = 0`, account.Id, account.Id),
      ...orgRows(`SELECT "Id" FROM "Event" WHERE ("AccountId" = ? OR "WhatId" = ?) AND "IsDeleted" = 0`, account.Id, account.Id),
    ].map((r) => r.Id);
    expect(expected.length).toBeGreaterThan(0);
    expect(
      allOf(timeline)
        .map((r) => r.id)
        .sort(),
    ).toEqual(expected.sort());

    const mine = await h.call('activities:my-tasks');
    const today = localDate();
    const open = orgRows(`SELECT "Id", "ActivityDate" FROM "Task" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "IsDeleted" = 0`, me);
    expect(mine.overdue.map((r) => r.id).sort()).toEqual(
      open
        .filter((r) => r.ActivityDate && String(r.ActivityDate) < today)
        .map((r) => r.Id)
        .sort(),
    );
    expect(mine.noDueDate.map((r) => r.id).sort()).toEqual(
      open
        .filter((r) => !r.ActivityDate)
        .map((r) => r.Id)
        .sort(),
    );
    for (const row of [...mine.overdue, ...mine.dueToday, ...mine.next7Days, ...mine.noDueDate, ...mine.completed, ...mine.eventsToday]) {
      expect(row.mine).toBe(true);
    }
  });

  it("logs a call online: a closed Call task on the org, shown in the contact's timeline with its names", async () => {
    const contact = myContact();
    const outcome = await h.call('activities:create', { kind: 'call', comments: 'Budget approved', whoId: contact.Id });
    expect(outcome.state).toBe('saved');
    expect(outcome.recordId).toMatch(/^00T/);
    expect(
      orgRow(`SELECT "TaskSubtype", "Status", "IsClosed", "WhoId", "Description", "ActivityDate", "OwnerId" FROM "Task" WHERE "Id" = ?`, outcome.recordId),
    ).toEqual({
      TaskSubtype: 'Call',
      Status: 'Completed',
      IsClosed: 1,
      WhoId: contact.Id,
      Description: 'Budget approved',
      ActivityDate: localDate(),
      OwnerId: me,
    });
    const timeline = await h.call('activities:timeline', { recordId: contact.Id, pastLimit: 100 });
    const call = timeline.past.find((r) => r.id === outcome.recordId);
    expect(call).toMatchObject({
      kind: 'call',
      isClosed: true,
      who: { id: contact.Id, name: contact.Name, object: 'Contact' },
      localState: 'synced',
      mine: true,
    });
    // Salesforce rolled it up to the contact's account: the account's timeline has it too.
    const accountTimeline = await h.call('activities:timeline', { recordId: contact.AccountId, pastLimit: 500 });
    expect(allOf(accountTimeline).map((r) => r.id)).toContain(outcome.recordId);
  });

  it('a new task, completed: the org takes the closed status; completing it again or an event is refused', async () => {
    const account = myAccount();
    const created = await h.call('activities:create', {
      kind: 'task',
      subject: 'Send Quote',
      dueDate: localDate(),
      priority: 'High',
      whatId: account.Id,
    });
    expect(created.state).toBe('saved');
    expect(orgRow(`SELECT "Status", "Priority", "IsClosed", "TaskSubtype" FROM "Task" WHERE "Id" = ?`, created.recordId)).toEqual({
      Status: 'Not Started',
      Priority: 'High',
      IsClosed: 0,
      TaskSubtype: 'Task',
    });
    expect((await h.call('activities:my-tasks')).dueToday.map((r) => r.id)).toContain(created.recordId);

    const completed = await h.call('activities:complete', { id: created.recordId });
    expect(completed.state).toBe('saved');
    expect(orgRow(`SELECT "Status", "IsClosed", "CompletedDateTime" FROM "Task" WHERE "Id" = ?`, created.recordId)).toMatchObject({
      Status: 'Completed',
      IsClosed: 1,
    });
    const mine = await h.call('activities:my-tasks');
    expect(mine.dueToday.map((r) => r.id)).not.toContain(created.recordId);
    expect(mine.completed.map((r) => r.id)).toContain(created.recordId);

    const again = await h.raw('activities:complete', { id: created.recordId });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'This task is already completed.' } });
    const event = orgRow(`SELECT "Id" FROM "Event" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`, me) as { Id: string };
    expect(await h.raw('activities:complete', { id: event.Id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('completing a call task never sends TaskSubtype (createable, not updateable)', async () => {
    const account = myAccount();
    const id = emu().store.create(
      'Task',
      { Subject: 'Call back', TaskSubtype: 'Call', Status: 'Not Started', WhatId: account.Id, OwnerId: me },
      { userId: me },
    );
    c.skew += 2 * 60_000;
    await syncAndWait(h);
    expect(allOf(await h.call('activities:timeline', { recordId: account.Id, pastLimit: 500 })).map((r) => r.id)).toContain(id);
    const outcome = await h.call('activities:complete', { id });
    expect(outcome).toMatchObject({ state: 'saved' });
    expect(orgRow(`SELECT "Status", "TaskSubtype" FROM "Task" WHERE "Id" = ?`, id)).toEqual({ Status: 'Completed', TaskSubtype: 'Call' });
    // A generic edit that tries to change it is refused before it is queued.
    const edit = await h.raw('records:update', { object: 'Task', id, values: { TaskSubtype: 'Task' } });
    expect(edit).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('events: a timed one with its start and end, an all-day one as its day', async () => {
    const account = myAccount();
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(15, 0, 0, 0);
    const end = new Date(start.getTime() + 45 * 60_000);
    const timed = await h.call('activities:create', {
      kind: 'event',
      subject: 'Meeting',
      start: start.toISOString(),
      end: end.toISOString(),
      location: 'HQ',
      whatId: account.Id,
    });
    expect(timed.state).toBe('saved');
    expect(orgRow(`SELECT "DurationInMinutes", "IsAllDayEvent", "Location" FROM "Event" WHERE "Id" = ?`, timed.recordId)).toEqual({
      DurationInMinutes: 45,
      IsAllDayEvent: 0,
      Location: 'HQ',
    });
    const day = start.toISOString().slice(0, 10);
    const allDay = await h.call('activities:create', {
      kind: 'event',
      subject: 'Other',
      start: `${day}T00:00:00Z`,
      end: `${day}T00:00:00Z`,
      allDay: true,
      whatId: account.Id,
    });
    expect(allDay.state).toBe('saved');
    expect(orgRow(`SELECT "IsAllDayEvent", "ActivityDate", "DurationInMinutes" FROM "Event" WHERE "Id" = ?`, allDay.recordId)).toEqual({
      IsAllDayEvent: 1,
      ActivityDate: day,
      DurationInMinutes: 1440,
    });
    const upcoming = (await h.call('activities:timeline', { recordId: account.Id, pastLimit: 10 })).upcoming;
    expect(upcoming.find((r) => r.id === allDay.recordId)).toMatchObject({ allDay: true, dueDate: day, isClosed: false });
    expect(upcoming.find((r) => r.id === timed.recordId)).toMatchObject({ allDay: false, location: 'HQ' });
  });

  it('refuses a related record beside a lead, and queues nothing', async () => {
    const before = (await h.call('outbox:status')).pendingCount;
    const refused = await h.raw('activities:create', { kind: 'call', whoId: myLead().Id, whatId: myAccount().Id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['whatId'] } });
    expect((await h.call('outbox:status')).pendingCount).toBe(before);
  });

  it('a call logged offline shows in the timeline at once and reaches the org exactly once', async () => {
    const contact = myContact();
    const account = orgRow(`SELECT "Id", "Name" FROM "Account" WHERE "Id" = ?`, contact.AccountId) as { Id: string; Name: string };
    // A first call to the same person a moment before, online: the same values in every field SOQL
    // can compare (comments are long text). The offline one's retried create must not take it for
    // its own (Task has no external-ID field here, so the outbox looks for a landed attempt first).
    const before = await h.call('activities:create', { kind: 'call', comments: 'At the desk', whoId: contact.Id });
    expect(before.state).toBe('saved');
    await h.call('describe:form', { object: 'Task' }); // cached: the offline attempt fails at the send itself
    goOffline();
    const queued = await h.call('activities:create', { kind: 'call', comments: 'From the train', whoId: contact.Id });
    expect(queued.state).toBe('queued');
    expect(queued.recordId).toMatch(/^local-/);
    // Offline, the account's timeline (AccountId derived from the contact) shows it as Salesforce will.
    const offline = await h.call('activities:timeline', { recordId: account.Id, pastLimit: 500 });
    expect(offline.past.find((r) => r.id === queued.recordId)).toMatchObject({
      kind: 'call',
      isClosed: true,
      localState: 'created',
      who: { id: contact.Id, name: contact.Name, object: 'Contact' },
      mine: true,
    });
    expect((await h.call('activities:my-tasks')).completed.map((r) => r.id)).toContain(queued.recordId);
    expect(orgRows(`SELECT "Id" FROM "Task" WHERE "Description" = 'From the train'`)).toHaveLength(0);

    goOnline(); // the probe notices and the outbox replays
    await until(async () => (await h.call('outbox:status')).pendingCount === 0);
    const landed = orgRows(`SELECT "Id", "TaskSubtype", "Status", "WhoId" FROM "Task" WHERE "Description" = 'From the train' AND "IsDeleted" = 0`);
    expect(landed).toEqual([{ Id: expect.stringMatching(/^00T/), TaskSubtype: 'Call', Status: 'Completed', WhoId: contact.Id }]);
    expect(landed[0].Id).not.toBe(before.recordId);
    expect(orgRows(`SELECT "Id" FROM "Task" WHERE "Description" = 'At the desk' AND "IsDeleted" = 0`)).toEqual([{ Id: before.recordId }]);
    const online = await h.call('activities:timeline', { recordId: account.Id, pastLimit: 500 });
    expect(online.past.find((r) => r.id === landed[0].Id)).toMatchObject({ localState: 'synced' });
    expect(allOf(online).some((r) => r.id === queued.recordId)).toBe(false);
    expect((await h.call('outbox:status')).needsAttention).toEqual([]);
  });
});
