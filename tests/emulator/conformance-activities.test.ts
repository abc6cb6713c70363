/**
 * Tasks and events as an activities screen uses them, over HTTP with jsforce and raw REST calls:
 * the TaskStatus picklist-value object, Task.IsClosed following the closed statuses, calls and
 * their subtype, events' derived times, the lead rule and AccountId, replication, and the Demo
 * org's agenda for its user.
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_TASK_STATUSES, TASK_STATUSES } from '../../src/emulator/org/schema';
import { dataPath, rawRequest, useEmulatorSession, type EmulatorSession } from './helpers';

/** A Friday; every request moves the org clock on, so writes are ordered; tests may jump it. */
const BASE = Date.parse('2026-05-15T16:00:00.000Z');
let clockMs = BASE;
function advancingClock(): () => Date {
  return () => new Date((clockMs += 7));
}

let session: EmulatorSession;
useEmulatorSession((s) => (session = s), { now: advancingClock() });

type Row = Record<string, any>;
async function all(soql: string): Promise<Row[]> {
  return (await session.conn.query<Row>(soql, { autoFetch: true, maxFetch: 1_000_000 })).records;
}

describe('TaskStatus', () => {
  it('lists the Task Status values in order, Completed closed and Not Started the default', async () => {
    const statuses = await all(
      'SELECT Id, MasterLabel, ApiName, SortOrder, IsClosed, IsDefault, CreatedDate, SystemModstamp FROM TaskStatus ORDER BY SortOrder',
    );
    expect(statuses.map((s) => [s.ApiName, s.MasterLabel, s.SortOrder])).toEqual(TASK_STATUSES.map((v, i) => [v, v, i + 1]));
    expect(statuses.filter((s) => s.IsClosed).map((s) => s.ApiName)).toEqual(['Completed']);
    expect(statuses.filter((s) => s.IsDefault).map((s) => s.ApiName)).toEqual(['Not Started']);
    expect(statuses.every((s) => s.Id.startsWith('01J') && s.CreatedDate && s.SystemModstamp)).toBe(true);
    // The 01J Ids are unique across the picklist-value objects that share the prefix.
    const others = await all('SELECT Id FROM LeadStatus');
    const stages = await all('SELECT Id FROM OpportunityStage');
    const ids = [...statuses, ...others, ...stages].map((r) => r.Id);
    expect(new Set(ids).size).toBe(ids.length);
    const closed = await all('SELECT ApiName FROM TaskStatus WHERE IsClosed = true');
    expect(closed.map((s) => s.ApiName)).toEqual(CLOSED_TASK_STATUSES);
  });

  it('is read-only and retrievable by Id', async () => {
    const [row] = await all("SELECT Id, MasterLabel FROM TaskStatus WHERE ApiName = 'In Progress'");
    const retrieved = (await session.conn.sobject('TaskStatus').retrieve(row.Id)) as Row;
    expect(retrieved.MasterLabel).toBe('In Progress');
    const describe = await session.conn.sobject('TaskStatus').describe();
    expect(describe).toMatchObject({ keyPrefix: '01J', createable: false, updateable: false, deletable: false });
    expect(describe.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Id', 'MasterLabel', 'ApiName', 'SortOrder', 'IsClosed', 'IsDefault', 'CreatedDate', 'SystemModstamp']),
    );
    const post = await rawRequest(session.emu, 'POST', dataPath('/sobjects/TaskStatus'), { token: session.token, body: { MasterLabel: 'Blocked' } });
    expect(post.status).toBe(405);
  });

  it("gives each task the IsClosed of its status's TaskStatus row", async () => {
    const statuses = await all('SELECT ApiName, IsClosed FROM TaskStatus');
    for (const status of statuses) {
      const created = await session.conn.sobject('Task').create({ Subject: `Status ${status.ApiName}`, Status: status.ApiName });
      const task = (await session.conn.sobject('Task').retrieve((created as { id: string }).id)) as Row;
      expect([status.ApiName, task.IsClosed]).toEqual([status.ApiName, status.IsClosed]);
    }
  });
});

async function create(object: string, values: Row): Promise<string> {
  const response = await rawRequest(session.emu, 'POST', dataPath(`/sobjects/${object}`), { token: session.token, body: values });
  expect(response.status, response.text).toBe(201);
  return response.json().id;
}
const get = (object: string, id: string) => session.conn.sobject(object).retrieve(id) as Promise<Row>;
const patch = (object: string, id: string, body: Row) =>
  rawRequest(session.emu, 'PATCH', dataPath(`/sobjects/${object}/${id}`), { token: session.token, body });

describe('tasks', () => {
  it('logs a call: TaskSubtype is set on create and cannot be changed afterwards', async () => {
    const id = await create('Task', { Subject: 'Call Ada', TaskSubtype: 'Call', Status: 'Completed', CallDurationInSeconds: 300, CallType: 'Outbound' });
    const task = await get('Task', id);
    expect(task).toMatchObject({ TaskSubtype: 'Call', IsClosed: true, Status: 'Completed', CallDurationInSeconds: 300 });
    expect(task.CompletedDateTime).toMatch(/^2026-05-15T/);
    const change = await patch('Task', id, { TaskSubtype: 'Task' });
    expect(change.status).toBe(400);
    expect(change.json()[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['TaskSubtype'] });
    expect((await get('Task', id)).TaskSubtype).toBe('Call');
  });

  it('describes Subject as a combobox: suggested values, any text accepted', async () => {
    const described = (await session.conn.sobject('Task').describe()) as unknown as {
      fields: Array<{ name: string; type: string; picklistValues: Array<{ value: string }> }>;
    };
    const subject = described.fields.find((f) => f.name === 'Subject');
    expect(subject?.type).toBe('combobox');
    expect(subject?.picklistValues.map((p) => p.value)).toContain('Call');
    const id = await create('Task', { Subject: 'Call about the renewal' });
    expect((await get('Task', id)).Subject).toBe('Call about the renewal');
  });

  it('closes and reopens with the status: IsClosed and CompletedDateTime follow', async () => {
    const id = await create('Task', { Subject: 'Send quote', ActivityDate: '2026-05-20' });
    expect(await get('Task', id)).toMatchObject({ Status: 'Not Started', IsClosed: false, CompletedDateTime: null, TaskSubtype: 'Task' });
    expect((await patch('Task', id, { Status: 'Completed' })).status).toBe(204);
    const done = await get('Task', id);
    expect(done.IsClosed).toBe(true);
    expect(done.CompletedDateTime).toBe(done.LastModifiedDate);
    expect((await patch('Task', id, { Status: 'In Progress' })).status).toBe(204);
    expect(await get('Task', id)).toMatchObject({ IsClosed: false, CompletedDateTime: null });
  });

  it('refuses a lead together with a Related To record', async () => {
    const [lead] = (await all('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 1')) as Row[];
    const [account] = (await all('SELECT Id FROM Account LIMIT 1')) as Row[];
    const refused = await rawRequest(session.emu, 'POST', dataPath('/sobjects/Task'), {
      token: session.token,
      body: { Subject: 'Both', WhoId: lead.Id, WhatId: account.Id },
    });
    expect(refused.status).toBe(400);
    expect(refused.json()[0]).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId', 'WhatId'] });
    const id = await create('Event', { Subject: 'Lead call', WhoId: lead.Id, StartDateTime: '2026-05-18T15:00:00.000Z', DurationInMinutes: 30 });
    const later = await patch('Event', id, { WhatId: account.Id });
    expect(later.json()[0]).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
  });

  it('derives AccountId from the What (account, opportunity) or else from a contact Who, as the Task reference says', async () => {
    const [opp] = (await all('SELECT Id, AccountId FROM Opportunity WHERE AccountId != null LIMIT 1')) as Row[];
    const [contact] = (await all(`SELECT Id, AccountId FROM Contact WHERE AccountId != null AND AccountId != '${opp.AccountId}' LIMIT 1`)) as Row[];
    const [aCase] = (await all('SELECT Id, AccountId FROM Case WHERE AccountId != null LIMIT 1')) as Row[];
    const [campaign] = (await all('SELECT Id FROM Campaign LIMIT 1')) as Row[];
    const accountOf = async (values: Row) => (await get('Task', await create('Task', { Subject: 'x', ...values }))).AccountId;
    expect(await accountOf({ WhatId: opp.Id, WhoId: contact.Id })).toBe(opp.AccountId);
    expect(await accountOf({ WhatId: contact.AccountId })).toBe(contact.AccountId);
    expect(await accountOf({ WhoId: contact.Id })).toBe(contact.AccountId);
    expect(await accountOf({ WhatId: aCase.Id, WhoId: contact.Id })).toBe(contact.AccountId);
    expect(await accountOf({ WhatId: aCase.Id })).toBeNull();
    expect(await accountOf({ WhatId: campaign.Id, WhoId: contact.Id })).toBe(contact.AccountId);
  });
});

describe('events', () => {
  it('derives the duration, ActivityDateTime and ActivityDate from a start and an end', async () => {
    const id = await create('Event', { Subject: 'Demo', StartDateTime: '2026-05-18T14:00:00.000Z', EndDateTime: '2026-05-18T15:30:00.000Z' });
    expect(await get('Event', id)).toMatchObject({
      DurationInMinutes: 90,
      ActivityDateTime: '2026-05-18T14:00:00.000+0000',
      ActivityDate: '2026-05-18',
      EndDateTime: '2026-05-18T15:30:00.000+0000',
      IsAllDayEvent: false,
    });
  });

  it('derives the end from a duration, and an all-day event from its date', async () => {
    const timed = await create('Event', { Subject: 'Call', StartDateTime: '2026-05-19T09:00:00.000Z', DurationInMinutes: 45 });
    expect((await get('Event', timed)).EndDateTime).toBe('2026-05-19T09:45:00.000+0000');
    const allDay = await create('Event', { Subject: 'Trade show', IsAllDayEvent: true, ActivityDate: '2026-05-21' });
    expect(await get('Event', allDay)).toMatchObject({
      IsAllDayEvent: true,
      ActivityDate: '2026-05-21',
      StartDateTime: '2026-05-21T00:00:00.000+0000',
      DurationInMinutes: 1440,
    });
    const missing = await rawRequest(session.emu, 'POST', dataPath('/sobjects/Event'), {
      token: session.token,
      body: { Subject: 'No time', StartDateTime: '2026-05-19T09:00:00.000Z' },
    });
    expect(missing.json()[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['DurationInMinutes'] });
  });
});

describe('replication of activities', () => {
  it('answers getUpdated for tasks and getUpdated and getDeleted for events', async () => {
    const start = new Date(clockMs - 60_000).toISOString();
    const task = await create('Task', { Subject: 'Replicated' });
    const event = await create('Event', { Subject: 'Replicated', StartDateTime: '2026-05-20T10:00:00.000Z', DurationInMinutes: 30 });
    expect((await rawRequest(session.emu, 'DELETE', dataPath(`/sobjects/Event/${event}`), { token: session.token })).status).toBe(204);
    // Replication covers whole minutes up to the current one: let two pass.
    clockMs += 2 * 60_000;
    const end = new Date(clockMs).toISOString();
    const range = `?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
    const updatedTasks = await rawRequest(session.emu, 'GET', dataPath(`/sobjects/Task/updated${range}`), { token: session.token });
    expect(updatedTasks.status).toBe(200);
    expect(updatedTasks.json().ids).toContain(task);
    const deletedEvents = await rawRequest(session.emu, 'GET', dataPath(`/sobjects/Event/deleted${range}`), { token: session.token });
    expect(deletedEvents.json().deletedRecords.map((r: Row) => r.id)).toContain(event);
    const updatedEvents = await rawRequest(session.emu, 'GET', dataPath(`/sobjects/Event/updated${range}`), { token: session.token });
    expect(updatedEvents.status).toBe(200);
    expect(updatedEvents.json().ids).not.toContain(event);
  });
});

describe("the demo user's agenda in the generated org", () => {
  const mine = () => `OwnerId = '${session.emu.demoUserId}'`;
  const count = async (soql: string) => (await session.conn.query(soql)).totalSize;

  it('has tasks due today, overdue, this week, undated and completed lately, calls among them', async () => {
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND IsClosed = false AND ActivityDate = TODAY`)).toBeGreaterThanOrEqual(3);
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND IsClosed = false AND ActivityDate < TODAY`)).toBeGreaterThanOrEqual(4);
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND IsClosed = false AND ActivityDate = NEXT_N_DAYS:7`)).toBeGreaterThanOrEqual(5);
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND IsClosed = false AND ActivityDate = null`)).toBeGreaterThanOrEqual(2);
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND IsClosed = true AND CompletedDateTime = LAST_N_DAYS:7`)).toBeGreaterThanOrEqual(5);
    expect(await count(`SELECT Id FROM Task WHERE ${mine()} AND TaskSubtype = 'Call' AND ActivityDate = LAST_N_DAYS:7`)).toBeGreaterThanOrEqual(2);
  });

  it('has meetings today and this week', async () => {
    expect(await count(`SELECT Id FROM Event WHERE ${mine()} AND ActivityDate = TODAY`)).toBeGreaterThanOrEqual(2);
    expect(await count(`SELECT Id FROM Event WHERE ${mine()} AND ActivityDate = NEXT_N_DAYS:7`)).toBeGreaterThanOrEqual(4);
  });

  it("has colleagues' activities on the demo user's records, found the way an app looks for them", async () => {
    const me = session.emu.demoUserId;
    const onMyDeals = await all(
      `SELECT Id, Who.Name, What.Name FROM Task WHERE WhatId IN (SELECT Id FROM Opportunity WHERE OwnerId = '${me}') AND OwnerId != '${me}'`,
    );
    const onMyAccounts = await all(`SELECT Id FROM Task WHERE AccountId IN (SELECT Id FROM Account WHERE OwnerId = '${me}') AND OwnerId != '${me}'`);
    const onMyLeads = await all(`SELECT Id FROM Task WHERE WhoId IN (SELECT Id FROM Lead WHERE OwnerId = '${me}') AND OwnerId != '${me}'`);
    expect(onMyDeals.length + onMyAccounts.length + onMyLeads.length).toBeGreaterThanOrEqual(4);
    expect(onMyAccounts.length).toBeGreaterThan(0);
    const events = await all(`SELECT Id FROM Event WHERE AccountId IN (SELECT Id FROM Account WHERE OwnerId = '${me}') AND OwnerId != '${me}'`);
    expect(events.length).toBeGreaterThan(0);
  });

  it("moved a converted lead's activities to its contact", async () => {
    const onConverted = await all('SELECT Id FROM Task WHERE WhoId IN (SELECT Id FROM Lead WHERE IsConverted = true)');
    expect(onConverted).toEqual([]);
  });
});
