/**
 * What the quick actions write: the Task/Event values of each kind (the org's statuses, all-day
 * events as whole days), the links Salesforce would refuse refused first, and the cached row of a
 * change made offline showing what Salesforce will derive (names, account, closed, completed).
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeRecord, OBJECT_SPECS } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { getCachedRecord } from '../../../src/main/core/cache/records.read';
import { defaultTaskStatuses, writeTaskStatuses } from '../../../src/main/core/cache/reference.repo';
import { activityValues, checkLinks } from '../../../src/main/core/activities/activity-values';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { NewActivity } from '../../../src/shared/ipc/activities.contract';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { ME, fillCache, idOf, openTempCache } from './records-fixture';

const ACCOUNT = idOf('Account', 1);
const CONTACT = idOf('Contact', 1);
const OPP = idOf('Opportunity', 1);
const LEAD = idOf('Lead', 1);
const ctx = { today: '2026-06-15', userId: ME, statuses: { open: 'Not Started', closed: 'Completed' } };

let db: CacheDb;
let dir: string;
beforeEach(() => {
  ({ db, dir } = openTempCache());
  const base = { OwnerId: ME, 'Owner.Name': 'Me Myself', SystemModstamp: '2026-01-01T00:00:00.000Z' };
  fillCache(db, 'Account', [normalizeRecord(OBJECT_SPECS.Account, { ...base, Id: ACCOUNT, Name: 'Acme' })]);
  fillCache(db, 'Contact', [normalizeRecord(OBJECT_SPECS.Contact, { ...base, Id: CONTACT, Name: 'Carla Contact', AccountId: ACCOUNT })]);
  fillCache(db, 'Opportunity', [normalizeRecord(OBJECT_SPECS.Opportunity, { ...base, Id: OPP, Name: 'Big deal', AccountId: ACCOUNT })]);
  fillCache(db, 'Lead', [normalizeRecord(OBJECT_SPECS.Lead, { ...base, Id: LEAD, Name: 'Lee Lead' })]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const parse = (input: unknown) => NewActivity.parse(input);

describe('quick action values', () => {
  it('a call is a closed Call task dated today unless told, its comments the description', () => {
    expect(activityValues(parse({ kind: 'call', comments: 'Left a message', whoId: CONTACT }), ctx)).toEqual({
      object: 'Task',
      values: {
        Subject: 'Call',
        TaskSubtype: 'Call',
        Status: 'Completed',
        ActivityDate: '2026-06-15',
        OwnerId: ME,
        Description: 'Left a message',
        WhoId: CONTACT,
      },
    });
    expect(activityValues(parse({ kind: 'call', subject: 'Intro', date: '2026-06-12', whatId: OPP }), ctx).values).toMatchObject({
      ActivityDate: '2026-06-12',
      WhatId: OPP,
    });
  });

  it('a task takes the default open status, its priority, due date and owner', () => {
    const other = '005000000000009AAA';
    expect(activityValues(parse({ kind: 'task', subject: 'Send quote', dueDate: '2026-06-20', priority: 'High', ownerId: other }), ctx)).toEqual({
      object: 'Task',
      values: { Subject: 'Send quote', TaskSubtype: 'Task', Status: 'Not Started', Priority: 'High', ActivityDate: '2026-06-20', OwnerId: other },
    });
    expect(activityValues(parse({ kind: 'task', subject: 'Later' }), ctx).values).toMatchObject({ Priority: 'Normal', OwnerId: ME });
    expect(activityValues(parse({ kind: 'task', subject: 'Later' }), ctx).values).not.toHaveProperty('ActivityDate');
  });

  it('a timed event is its start and end; an all-day one its date and whole days', () => {
    expect(activityValues(parse({ kind: 'event', subject: 'Demo', start: '2026-06-16T14:00:00Z', end: '2026-06-16T15:30:00Z', location: 'HQ' }), ctx)).toEqual({
      object: 'Event',
      values: {
        StartDateTime: '2026-06-16T14:00:00.000Z',
        EndDateTime: '2026-06-16T15:30:00.000Z',
        IsAllDayEvent: false,
        Subject: 'Demo',
        OwnerId: ME,
        Location: 'HQ',
      },
    });
    const oneDay = activityValues(parse({ kind: 'event', subject: 'Fair', start: '2026-06-16T00:00:00Z', end: '2026-06-16T00:00:00Z', allDay: true }), ctx);
    expect(oneDay.values).toMatchObject({ IsAllDayEvent: true, ActivityDate: '2026-06-16', DurationInMinutes: 1440 });
    expect(oneDay.values).not.toHaveProperty('StartDateTime');
    // An end at midnight UTC after the start is exclusive; three days.
    const threeDays = activityValues(parse({ kind: 'event', subject: 'Fair', start: '2026-06-16T00:00:00Z', end: '2026-06-19T00:00:00Z', allDay: true }), ctx);
    expect(threeDays.values).toMatchObject({ ActivityDate: '2026-06-16', DurationInMinutes: 3 * 1440 });
  });

  it('the org statuses: the default open one and the first closed one', () => {
    expect(defaultTaskStatuses(db)).toEqual({ open: 'Not Started', closed: 'Completed' });
    writeTaskStatuses(db, [
      { name: 'Open', label: 'Open', sortOrder: 1, isClosed: false, isDefault: false },
      { name: 'Queued', label: 'Queued', sortOrder: 2, isClosed: false, isDefault: true },
      { name: 'Done', label: 'Done', sortOrder: 3, isClosed: true, isDefault: false },
      { name: 'Dropped', label: 'Dropped', sortOrder: 4, isClosed: true, isDefault: false },
    ]);
    expect(defaultTaskStatuses(db)).toEqual({ open: 'Queued', closed: 'Done' });
  });
});

describe('links Salesforce refuses', () => {
  it('refuses a What beside a Lead, a non-person Who, a person as What', () => {
    expect(() => checkLinks(db, OBJECT_REGISTRY, { whoId: LEAD, whatId: ACCOUNT })).toThrow(/lead cannot also be related/);
    expect(() => checkLinks(db, OBJECT_REGISTRY, { whoId: ACCOUNT })).toThrow(/must be a contact or a lead/);
    expect(() => checkLinks(db, OBJECT_REGISTRY, { whatId: CONTACT })).toThrow(/not as the related record/);
    expect(() => checkLinks(db, OBJECT_REGISTRY, { whoId: LEAD })).not.toThrow();
    expect(() => checkLinks(db, OBJECT_REGISTRY, { whoId: CONTACT, whatId: OPP })).not.toThrow();
  });
});

describe('a task or event written offline', () => {
  it('shows its names, its account and whether it is closed, as Salesforce will set them', () => {
    const local = createCacheLocalRecords(db, OBJECT_REGISTRY, () => new Date('2026-06-15T10:00:00.000Z'));
    const id = 'local-00000000000000000000000000000001';
    db.transaction(() => local.applyLocal('Task', id, { Subject: 'Call', Status: 'Completed', WhoId: CONTACT, WhatId: OPP, OwnerId: ME }, 'create'))();
    const row = getCachedRecord(db, 'Task', id);
    expect(row?.fields).toMatchObject({
      'Who.Name': 'Carla Contact',
      'What.Name': 'Big deal',
      AccountId: ACCOUNT,
      IsClosed: true,
      CompletedDateTime: '2026-06-15T10:00:00.000Z',
      'Owner.Name': 'Me Myself',
    });
    expect(db.prepare(`SELECT account_id, flag_a, date_a, text_a, text_b FROM records WHERE id = ?`).get(id)).toEqual({
      account_id: ACCOUNT,
      flag_a: 1,
      date_a: '2026-06-15T10:00:00.000Z',
      text_a: CONTACT,
      text_b: OPP,
    });

    // Reopened: no longer closed, no completion time. A contact alone: the contact's account.
    const open = 'local-00000000000000000000000000000002';
    db.transaction(() => local.applyLocal('Task', open, { Subject: 'Follow up', Status: 'Not Started', WhoId: CONTACT }, 'create'))();
    expect(getCachedRecord(db, 'Task', open)?.fields).toMatchObject({
      IsClosed: false,
      CompletedDateTime: null,
      AccountId: ACCOUNT,
      'Who.Name': 'Carla Contact',
    });
    db.transaction(() => local.applyLocal('Task', open, { Status: 'Completed' }, 'update'))();
    expect(getCachedRecord(db, 'Task', open)?.fields).toMatchObject({ IsClosed: true, CompletedDateTime: '2026-06-15T10:00:00.000Z', AccountId: ACCOUNT });

    // A Case What does not roll up (the Task reference lists Account, Opportunity, Contract): the
    // Contact Who's account does.
    const onCase = 'local-00000000000000000000000000000005';
    fillCache(db, 'Case', [
      normalizeRecord(OBJECT_SPECS.Case, { Id: idOf('Case', 1), Subject: 'Broken', AccountId: idOf('Account', 9), SystemModstamp: '2026-01-01T00:00:00.000Z' }),
    ]);
    db.transaction(() => local.applyLocal('Task', onCase, { Subject: 'Call', Status: 'Not Started', WhoId: CONTACT, WhatId: idOf('Case', 1) }, 'create'))();
    expect(getCachedRecord(db, 'Task', onCase)?.fields).toMatchObject({ AccountId: ACCOUNT, 'What.Name': 'Broken' });

    // An all-day event starts at midnight UTC of its date and lasts its minutes; a timed one is dated by its start.
    const fair = 'local-00000000000000000000000000000003';
    db.transaction(() =>
      local.applyLocal('Event', fair, { Subject: 'Fair', IsAllDayEvent: true, ActivityDate: '2026-06-16', DurationInMinutes: 2880, WhatId: ACCOUNT }, 'create'),
    )();
    expect(getCachedRecord(db, 'Event', fair)?.fields).toMatchObject({
      StartDateTime: '2026-06-16T00:00:00.000Z',
      EndDateTime: '2026-06-18T00:00:00.000Z',
      AccountId: ACCOUNT,
      'What.Name': 'Acme',
    });
    const demo = 'local-00000000000000000000000000000004';
    db.transaction(() =>
      local.applyLocal(
        'Event',
        demo,
        { Subject: 'Demo', StartDateTime: '2026-06-16T14:00:00.000Z', EndDateTime: '2026-06-16T15:00:00.000Z', WhoId: LEAD },
        'create',
      ),
    )();
    expect(getCachedRecord(db, 'Event', demo)?.fields).toMatchObject({ ActivityDate: '2026-06-16', 'Who.Name': 'Lee Lead', AccountId: null });
  });
});
