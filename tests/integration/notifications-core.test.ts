/**
 * Change notifications through the core's gate, the sync and the emulator (scope "mine"): a
 * colleague changes records in the org (the emulator stamps LastModifiedById/CreatedById with the
 * acting user and moves SystemModstamp, as Salesforce does), the next incremental sync finds
 * exactly the expected notifications and announces them on the push channel; the first sync, my
 * own changes (through the app's outbox or as me in the org) and a repeat sync announce nothing;
 * kinds turned off make none; quiet hours store them held without a pop-up; a burst becomes one
 * summary. A quiet sync still costs one call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AtomEvent } from '../../src/shared/ipc';
import type { NotificationBatchEvent } from '../../src/shared/ipc/notifications.contract';
import { createHarness, type Harness } from './core-harness';
import { clock, syncAndWait } from './sync-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MINUTE = 60_000;

async function setUp() {
  const c = clock();
  const harness = await createHarness({ scale: 30, emulator: { now: c.now }, settings: { sync: { scope: 'mine', intervalMinutes: 0 } } });
  h = harness;
  const batches: NotificationBatchEvent[] = [];
  harness.core.events.subscribe((event: AtomEvent) => {
    if (event.name === 'change-notifications') batches.push(event.payload as NotificationBatchEvent);
  });
  const connectionId = await harness.loginDemo();
  const { store, demoUserId: me } = harness.emulator();
  const one = (sql: string, ...params: unknown[]) => store.db.prepare(sql).get(...params) as Record<string, string>;
  const colleague = one(`SELECT "Id", "Name" FROM "User" WHERE "Id" <> ? AND "IsActive" = 1 ORDER BY "Id" LIMIT 1`, me);
  const first = await syncAndWait(harness);
  expect(first.lastRun).toMatchObject({ outcome: 'ok' });
  // The generated org's last activity changes reach getUpdated once their minute has ended.
  c.skew += 2 * MINUTE;
  await syncAndWait(harness);
  return { c, h: harness, batches, connectionId, store, me, colleague, one, as: { colleague: { userId: colleague.Id }, me: { userId: me } } };
}

describe('change notifications from the sync', () => {
  it("others' changes to what matters to me, once each; none at the first sync, for my own changes or on a repeat", async () => {
    const { c, h, batches, store, me, colleague, one, as } = await setUp();
    // The first syncs announced nothing: every record was new to the cache then.
    expect(batches).toEqual([]);
    expect(await h.call('notifications:recent')).toEqual({ notifications: [], unread: 0 });

    const myAccount = one(`SELECT "Id", "Name" FROM "Account" WHERE "OwnerId" = ? AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, me);
    const theirLead = one(`SELECT "Id", "Name" FROM "Lead" WHERE "OwnerId" <> ? AND "IsConverted" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, me);
    const myDeal = one(
      `SELECT "Id", "Name", "StageName" FROM "Opportunity" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "StageName" <> 'Negotiation/Review' AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`,
      me,
    );
    const newCase = store.create('Case', { Subject: 'Printer jams on every job', Priority: 'High', Origin: 'Phone', OwnerId: me }, as.colleague);
    store.update('Lead', theirLead.Id, { OwnerId: me }, as.colleague);
    store.update('Opportunity', myDeal.Id, { StageName: 'Negotiation/Review' }, as.colleague);
    const synced = await syncAndWait(h);
    expect(synced.lastRun).toMatchObject({ outcome: 'ok' });

    expect(batches).toHaveLength(1);
    const caseNumber = one(`SELECT "CaseNumber" FROM "Case" WHERE "Id" = ?`, newCase).CaseNumber;
    const stampOf = (object: string, id: string) => new Date(one(`SELECT "SystemModstamp" FROM "${object}" WHERE "Id" = ?`, id).SystemModstamp).toISOString();
    expect(batches[0]).toMatchObject({ summary: null });
    expect(new Map(batches[0].notifications.map((n) => [n.kind, n]))).toEqual(
      new Map([
        [
          'case-assigned',
          expect.objectContaining({
            id: `case-assigned:${newCase}:${stampOf('Case', newCase)}`,
            object: 'Case',
            recordId: newCase,
            title: `Case ${caseNumber} assigned to you`,
            body: `Printer jams on every job · Priority High · by ${colleague.Name}`,
            changedBy: colleague.Name,
            held: false,
            read: false,
          }),
        ],
        ['lead-assigned', expect.objectContaining({ object: 'Lead', recordId: theirLead.Id, title: `Lead ${theirLead.Name} assigned to you` })],
        [
          'opportunity-changed',
          expect.objectContaining({
            object: 'Opportunity',
            recordId: myDeal.Id,
            title: `${myDeal.Name} changed`,
            body: `Stage: ${myDeal.StageName} → Negotiation/Review · by ${colleague.Name}`,
          }),
        ],
      ]),
    );
    const recent = await h.call('notifications:recent');
    expect(recent.unread).toBe(3);
    expect(recent.notifications.map((n) => n.id).sort()).toEqual(batches[0].notifications.map((n) => n.id).sort());

    // A task a colleague gave me (Task's changes show once their minute has ended), and a new
    // high-priority case of theirs on my account: kept only in the cache of scope "all", so it opens my account.
    const task = store.create('Task', { Subject: 'Call the customer back', OwnerId: me, WhatId: myAccount.Id, ActivityDate: '2031-01-05' }, as.colleague);
    const theirCase = store.create(
      'Case',
      { Subject: 'Site down', Priority: 'High', Origin: 'Web', AccountId: myAccount.Id, OwnerId: colleague.Id },
      as.colleague,
    );
    c.skew += 2 * MINUTE;
    await syncAndWait(h);
    expect(batches).toHaveLength(2);
    expect(batches[1].notifications.map((n) => [n.kind, n.object, n.recordId]).sort()).toEqual(
      [
        ['high-priority-case', 'Account', myAccount.Id],
        ['task-assigned', 'Task', task],
      ].sort(),
    );
    expect(batches[1].notifications.find((n) => n.kind === 'high-priority-case')?.title).toBe(`New high-priority case on ${myAccount.Name}`);
    expect(batches[1].notifications.find((n) => n.kind === 'high-priority-case')?.id).toContain(theirCase);

    // A repeat sync: nothing again, and it still costs one call.
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
    expect(batches).toHaveLength(2);
    expect((await h.call('notifications:recent')).notifications).toHaveLength(5);

    // My own changes: through the app (the outbox sends them as me) and as me in the org.
    expect((await h.call('records:update', { object: 'Opportunity', id: myDeal.Id, values: { StageName: 'Proposal/Price Quote' } })).state).toBe('saved');
    store.update('Opportunity', myDeal.Id, { Amount: 123_456 }, as.me);
    store.create('Case', { Subject: 'Mine', Priority: 'High', Origin: 'Web', AccountId: myAccount.Id, OwnerId: me }, as.me);
    store.create('Task', { Subject: 'Note to self', OwnerId: me }, as.me);
    c.skew += 2 * MINUTE;
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
    expect(batches).toHaveLength(2);

    // Someone else changing something that is not mine, or not one of the watched fields: nothing.
    const theirDeal = one(`SELECT "Id" FROM "Opportunity" WHERE "OwnerId" <> ? AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, me).Id;
    store.update('Opportunity', theirDeal, { StageName: 'Closed Lost' }, as.colleague);
    store.update('Opportunity', myDeal.Id, { NextStep: 'Their note' }, as.colleague);
    await syncAndWait(h);
    expect(batches).toHaveLength(2);

    // Read marks: one, then all.
    const ids = (await h.call('notifications:recent')).notifications.map((n) => n.id);
    expect((await h.call('notifications:mark-read', { ids: [ids[0]] })).unread).toBe(4);
    expect((await h.call('notifications:mark-read', {})).unread).toBe(0);
  });

  it('kinds turned off make none; quiet hours keep the pop-ups back; a burst becomes one summary', async () => {
    const { h, batches, store, me, one, as } = await setUp();
    const myDeals = store.db
      .prepare(`SELECT "Id", "Amount" FROM "Opportunity" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 5`)
      .all(me) as Array<{ Id: string; Amount: number | null }>;
    expect(myDeals).toHaveLength(5);
    const bump = (deal: { Id: string; Amount: number | null }, by: number) =>
      store.update('Opportunity', deal.Id, { Amount: (deal.Amount ?? 0) + by }, as.colleague);

    await h.call('notifications:settings-update', { kinds: { 'opportunity-changed': false } });
    bump(myDeals[0], 1);
    await syncAndWait(h);
    expect(batches).toEqual([]);
    expect((await h.call('notifications:recent')).notifications).toEqual([]);

    // Quiet hours around now (local time): stored held, no pop-up.
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const settings = await h.call('notifications:settings-update', {
      kinds: { 'opportunity-changed': true },
      quietHours: { enabled: true, start: hhmm(new Date(Date.now() - 60 * MINUTE)), end: hhmm(new Date(Date.now() + 60 * MINUTE)) },
    });
    expect(settings.kinds['opportunity-changed']).toBe(true);
    bump(myDeals[1], 2);
    await syncAndWait(h);
    expect(batches).toEqual([]);
    expect((await h.call('notifications:recent')).notifications).toMatchObject([
      { kind: 'opportunity-changed', recordId: myDeals[1].Id, held: true, read: false },
    ]);

    // More than three at once: one summary.
    await h.call('notifications:settings-update', { quietHours: { enabled: false } });
    for (const deal of myDeals) bump(deal, 3);
    const lead = one(`SELECT "Id" FROM "Lead" WHERE "OwnerId" <> ? AND "IsConverted" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, me).Id;
    store.update('Lead', lead, { OwnerId: me }, as.colleague);
    await syncAndWait(h);
    expect(batches).toEqual([
      {
        connectionId: expect.any(String),
        notifications: [],
        summary: { title: '6 changes to your records', body: '5 opportunities changed · 1 lead assigned to you', count: 6 },
      },
    ]);
    const recent = await h.call('notifications:recent');
    expect(recent).toMatchObject({ unread: 7 });
    expect(await h.call('notifications:settings-get')).toEqual({ ...settings, quietHours: { ...settings.quietHours, enabled: false } });
  });
});
