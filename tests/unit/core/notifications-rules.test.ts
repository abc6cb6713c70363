/**
 * The rules of change notifications, row by row (notification-rules.ts), the words of what changed,
 * quiet hours and the settings' repair, and the summary of a burst. The same rules against the
 * emulator, through a real sync: tests/integration/notifications-core.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, NotificationBatchEvent, type NotificationKind } from '../../../src/shared/ipc/notifications.contract';
import type { FlatRecord } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import type { ChangeBatch, RowChange } from '../../../src/main/core/sync/sync-engine';
import { notificationsFor, watchedObjects, type RuleContext } from '../../../src/main/core/notifications/notification-rules';
import { describeOpportunityChange } from '../../../src/main/core/notifications/notification-text';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  inQuietHours,
  readNotificationSettings,
  writeNotificationSettings,
} from '../../../src/main/core/notifications/notification-settings';
import { batchOf, createNotificationsService } from '../../../src/main/core/notifications/notifications-service';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';

const ME = '005000000000001AAA';
const DANA = '005000000000002AAA';
const MY_ACCOUNT = '001000000000001AAA';
const ALL_ON = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>;
const context: RuleContext = {
  userId: ME,
  userName: (id) => (id === DANA ? 'Dana Ruiz (cache)' : null),
  myAccount: (id) => (id === MY_ACCOUNT ? { name: 'Acme' } : undefined),
};
const stamp = '2026-03-02T10:00:00.000Z';
const audit = (by: string, extra: FlatRecord = {}): FlatRecord => ({
  LastModifiedById: by,
  'LastModifiedBy.Name': by === DANA ? 'Dana Ruiz' : 'Me Myself',
  LastModifiedDate: stamp,
  SystemModstamp: stamp,
  CreatedDate: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const change = (after: FlatRecord, before: FlatRecord | null, opts: Partial<RowChange> = {}): RowChange => ({
  before: before && { fields: before, localState: 'synced' },
  after,
  deleted: false,
  kept: true,
  ...opts,
});
const batch = (object: ChangeBatch['object'], ...changes: RowChange[]): ChangeBatch => ({ object, since: '2026-03-01T00:00:00.000Z', changes });
const run = (b: ChangeBatch, enabled = ALL_ON) => notificationsFor(b, context, enabled);

describe('notification rules', () => {
  it('a case or lead someone else assigned to me, whether cached before or not', () => {
    const caseRow = { Id: '500000000000001AAA', OwnerId: ME, CaseNumber: '00001027', Subject: 'Printer jams', Priority: 'High', ...audit(DANA) };
    const [assigned] = run(batch('Case', change(caseRow, null)));
    expect(assigned).toMatchObject({
      id: `case-assigned:500000000000001AAA:${stamp}`,
      kind: 'case-assigned',
      object: 'Case',
      recordId: '500000000000001AAA',
      title: 'Case 00001027 assigned to you',
      body: 'Printer jams · Priority High · by Dana Ruiz',
      changedBy: 'Dana Ruiz',
      at: stamp,
    });
    const lead = { Id: '00Q000000000001AAA', OwnerId: ME, Name: 'Ada Lovelace', Company: 'Engines', Status: 'Open', ...audit(DANA) };
    expect(run(batch('Lead', change(lead, { ...lead, OwnerId: DANA })))).toMatchObject([{ kind: 'lead-assigned', title: 'Lead Ada Lovelace assigned to you' }]);
    // Already mine before: an edit, not an assignment.
    expect(run(batch('Lead', change(lead, { ...lead })))).toEqual([]);
  });

  it('nothing for my own changes, deletions, or a row that does not say who changed it', () => {
    const mine = { Id: '500000000000001AAA', OwnerId: ME, CaseNumber: '1', ...audit(ME) };
    expect(run(batch('Case', change(mine, null)))).toEqual([]);
    const theirs = { ...mine, ...audit(DANA) };
    expect(run(batch('Case', change(theirs, null, { deleted: true, kept: false })))).toEqual([]);
    expect(run(batch('Case', change({ ...theirs, LastModifiedById: null }, null)))).toEqual([]);
  });

  it('my opportunity: says what changed of stage, amount and close date; nothing for other fields or unsent edits of mine', () => {
    const before = {
      Id: '006000000000001AAA',
      OwnerId: ME,
      Name: 'Acme 500',
      StageName: 'Prospecting',
      Amount: 50_000,
      CloseDate: '2026-03-31',
      NextStep: 'a',
    };
    const after = { ...before, StageName: 'Negotiation/Review', Amount: 65_000, ...audit(DANA) };
    expect(run(batch('Opportunity', change(after, before)))).toMatchObject([
      {
        kind: 'opportunity-changed',
        title: 'Acme 500 changed',
        body: 'Stage: Prospecting → Negotiation/Review · Amount: 50,000 → 65,000 · by Dana Ruiz',
      },
    ]);
    expect(run(batch('Opportunity', change({ ...before, NextStep: 'b', ...audit(DANA) }, before)))).toEqual([]);
    const pending: RowChange = { ...change(after, before), before: { fields: before, localState: 'modified' } };
    expect(run(batch('Opportunity', pending))).toEqual([]);
    // Someone else's deal, or one that just became mine: not "my opportunity changed".
    expect(run(batch('Opportunity', change({ ...after, OwnerId: DANA }, { ...before, OwnerId: DANA })))).toEqual([]);
    expect(run(batch('Opportunity', change(after, { ...before, OwnerId: DANA })))).toEqual([]);
    expect(
      describeOpportunityChange({ CloseDate: '2026-03-31', CurrencyIsoCode: 'EUR', Amount: 1 }, { CloseDate: '2026-04-30', CurrencyIsoCode: 'EUR', Amount: 1 }),
    ).toEqual(['Close date: Mar 31, 2026 → Apr 30, 2026']);
    expect(describeOpportunityChange({ Amount: null, CurrencyIsoCode: 'EUR' }, { Amount: 1200.5, CurrencyIsoCode: 'EUR' })).toEqual([
      'Amount: none → EUR 1,200.5',
    ]);
  });

  it('an open task that became mine; not a closed one', () => {
    const task = {
      Id: '00T000000000001AAA',
      OwnerId: ME,
      Subject: 'Call back',
      ActivityDate: '2026-03-04',
      'What.Name': 'Acme',
      IsClosed: false,
      ...audit(DANA),
    };
    expect(run(batch('Task', change(task, { ...task, OwnerId: DANA })))).toMatchObject([
      { kind: 'task-assigned', title: 'Task assigned to you: Call back', body: 'Due 2026-03-04 · Acme · by Dana Ruiz' },
    ]);
    expect(run(batch('Task', change({ ...task, IsClosed: true }, null)))).toEqual([]);
  });

  it('a new high-priority case on my account, opened by someone else, not assigned to me', () => {
    const created = '2026-03-02T09:00:00.000Z';
    const row = {
      Id: '500000000000002AAA',
      OwnerId: DANA,
      CaseNumber: '00001030',
      Subject: 'Outage',
      Priority: 'High',
      AccountId: MY_ACCOUNT,
      CreatedById: DANA,
      ...audit(DANA, { CreatedDate: created }),
    };
    // Not kept in scope "mine" (someone else's case): the account opens instead.
    expect(run(batch('Case', change(row, null, { kept: false })))).toMatchObject([
      {
        kind: 'high-priority-case',
        object: 'Account',
        recordId: MY_ACCOUNT,
        title: 'New high-priority case on Acme',
        body: 'Case 00001030: Outage · by Dana Ruiz',
      },
    ]);
    expect(run(batch('Case', change(row, null)))).toMatchObject([{ object: 'Case', recordId: '500000000000002AAA' }]);
    // Older than the last sync (seen before and dropped), not High, not my account, opened by me: none.
    expect(run({ ...batch('Case', change(row, null)), since: '2026-03-02T09:30:00.000Z' })).toEqual([]);
    expect(run(batch('Case', change({ ...row, Priority: 'Medium' }, null)))).toEqual([]);
    expect(run(batch('Case', change({ ...row, AccountId: '001000000000009AAA' }, null)))).toEqual([]);
    expect(run(batch('Case', change({ ...row, CreatedById: ME }, null)))).toEqual([]);
    // Assigned to me as well: announced once, as assigned.
    expect(run(batch('Case', change({ ...row, OwnerId: ME }, null))).map((n) => n.kind)).toEqual(['case-assigned']);
    // ...unless that kind is off.
    expect(run(batch('Case', change({ ...row, OwnerId: ME }, null)), { ...ALL_ON, 'case-assigned': false }).map((n) => n.kind)).toEqual(['high-priority-case']);
  });

  it('kinds turned off make nothing; the name falls back to what the cache knows', () => {
    const lead = { Id: '00Q000000000001AAA', OwnerId: ME, Name: 'Ada', ...audit(DANA), 'LastModifiedBy.Name': null };
    expect(run(batch('Lead', change(lead, null)), { ...ALL_ON, 'lead-assigned': false })).toEqual([]);
    expect(run(batch('Lead', change(lead, null)))).toMatchObject([{ changedBy: 'Dana Ruiz (cache)', body: 'by Dana Ruiz (cache)' }]);
    expect(run(batch('Lead', change({ ...lead, LastModifiedById: '005000000000009AAA' }, null)))).toMatchObject([{ changedBy: null, body: 'by someone else' }]);
  });
});

describe('quiet hours and settings', () => {
  const at = (hh: number, mm = 0) => new Date(2026, 2, 2, hh, mm);
  it('a span within the day, one that wraps midnight, and an empty one', () => {
    const day = { enabled: true, start: '12:00', end: '14:00' };
    expect([at(11, 59), at(12), at(13, 59), at(14)].map((d) => inQuietHours(day, d))).toEqual([false, true, true, false]);
    const night = { enabled: true, start: '20:00', end: '07:00' };
    expect([at(19, 59), at(20), at(23, 59), at(0), at(6, 59), at(7)].map((d) => inQuietHours(night, d))).toEqual([false, true, true, true, true, false]);
    expect(inQuietHours({ ...night, enabled: false }, at(22))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '09:00', end: '09:00' }, at(9))).toBe(false);
  });

  it('stored field by field; hand-edited nonsense reads as the default', () => {
    const store = createMemorySettingsStore({
      'notifications.kinds': { 'lead-assigned': 'no', 'task-assigned': false },
      'notifications.quietHours': { start: '25:00' },
    });
    expect(readNotificationSettings(store)).toEqual({
      kinds: { ...DEFAULT_NOTIFICATION_SETTINGS.kinds, 'task-assigned': false },
      quietHours: DEFAULT_NOTIFICATION_SETTINGS.quietHours,
    });
    const next = writeNotificationSettings(store, { kinds: { 'case-assigned': false }, quietHours: { enabled: true, end: '06:30' } });
    expect(next.kinds).toMatchObject({ 'case-assigned': false, 'task-assigned': false, 'lead-assigned': true });
    expect(next.quietHours).toEqual({ enabled: true, start: '20:00', end: '06:30' });
    expect(readNotificationSettings(store)).toEqual(next);
  });
});

describe('what one sync announces', () => {
  const n = (i: number, kind: NotificationKind) => ({
    id: `${kind}:${i}`,
    kind,
    object: 'Case',
    recordId: '500000000000001AAA',
    title: 't',
    body: 'b',
    changedBy: null,
    at: stamp,
    held: false,
    read: false,
  });
  it('up to COALESCE_AFTER one by one, more as one summary that the contract accepts', () => {
    const few = [n(1, 'case-assigned'), n(2, 'case-assigned'), n(3, 'lead-assigned')];
    expect(batchOf('c1', few)).toEqual({ connectionId: 'c1', notifications: few, summary: null });
    const many = [...few, n(4, 'opportunity-changed'), n(5, 'task-assigned')];
    const summary = batchOf('c1', many);
    expect(summary).toEqual({
      connectionId: 'c1',
      notifications: [],
      summary: {
        title: '5 changes to your records',
        body: '2 cases assigned to you · 1 lead assigned to you · 1 opportunity changed · 1 task assigned to you',
        count: 5,
      },
    });
    expect(NotificationBatchEvent.safeParse(summary).success).toBe(true);
  });
});

describe('what the sync watches', () => {
  const allBut = (...on: NotificationKind[]) => Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, on.includes(k)])) as Record<NotificationKind, boolean>;

  it('only the objects of the kinds that are on; none when every kind is off', () => {
    expect([...watchedObjects(ALL_ON)].sort()).toEqual(['Case', 'Lead', 'Opportunity', 'Task']);
    expect([...watchedObjects(allBut('high-priority-case'))]).toEqual(['Case']);
    expect([...watchedObjects(allBut('lead-assigned', 'task-assigned'))].sort()).toEqual(['Lead', 'Task']);
    expect(watchedObjects(allBut()).size).toBe(0);
  });

  it('the service gives the sync no watch when every kind is off, and names the objects otherwise', () => {
    const store = createMemorySettingsStore();
    const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const service = createNotificationsService({
      cacheFor: () => {
        throw new Error('not expected');
      },
      activeOrg: { current: () => undefined },
      settingsStore: store,
      log,
    });
    service.updateSettings({ kinds: allBut() });
    // No watch: the cache is not even asked for its statements.
    expect(service.watchSync('c1', {} as CacheDb, ME)).toBeUndefined();

    service.updateSettings({ kinds: { 'opportunity-changed': true } });
    const dir = mkdtempSync(join(tmpdir(), 'atom-notif-watch-'));
    const db = openOrgCache(dir, 'c1');
    try {
      expect([...(service.watchSync('c1', db, ME)?.objects ?? [])]).toEqual(['Opportunity']);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
