/**
 * Tasks and events through the app's sync against the emulator, scope "mine": my own activities and
 * those of colleagues on my records (the registry's relatedScope) arrive at the first sync; a
 * colleague's call on my account arrives incrementally and is kept; a task reassigned away from me
 * on someone else's record is dropped; deletions leave; the daily related pass removes what no
 * longer relates to me; a quiet sync is one call, and that call carries the activities'
 * getUpdated/getDeleted subrequests.
 */
import type { Connection } from 'jsforce';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import type { TokenVault } from '../../src/main/core/auth/token-vault';
import { createApiMeter } from '../../src/main/core/salesforce/api-meter';
import { createSalesforceGateway } from '../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../src/main/core/storage/connections.repo';
import { createSyncApi, type CompositeGet, type SyncApi } from '../../src/main/core/sync/sync-api';
import { runSync } from '../../src/main/core/sync/sync-engine';
import { OBJECT_REGISTRY } from '../../src/shared/objects/registry';
import { connect, startTestEmulator, TEST_API_VERSION, type RunningEmulator } from '../emulator/helpers';
import { createHarness, type Harness } from './core-harness';
import { clock, differences, orgActivityStamps, syncAndWait } from './sync-helpers';

let h: Harness | undefined;
let emu: RunningEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = undefined;
  emu = undefined;
  dir = undefined;
});

const HOUR = 3_600_000;

function withCache<T>(connectionId: string, read: (db: ReturnType<typeof openOrgCache>) => T): T {
  const db = openOrgCache((h as Harness).dataDir, connectionId);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const cachedOwner = (connectionId: string, object: string, id: string) =>
  withCache(connectionId, (db) => db.prepare(`SELECT owner_id FROM records WHERE object = ? AND id = ?`).pluck().get(object, id) as string | undefined);

describe('sync of tasks and events', () => {
  it("mine and related at the first sync; a colleague's call on my account is kept; reassigned away is dropped; deletions; the daily pass", async () => {
    const c = clock();
    h = await createHarness({ scale: 30, emulator: { now: c.now }, settings: { sync: { scope: 'mine', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    const first = await syncAndWait(h);
    expect(first.lastRun).toMatchObject({ outcome: 'ok', error: null });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);
    const { store, demoUserId: me } = h.emulator();
    // The first sync brought colleagues' activities on my records, not only mine.
    for (const object of ['Task', 'Event'] as const) {
      const others = [...orgActivityStamps(h.emulator(), object, me).keys()].filter(
        (id) => store.db.prepare(`SELECT "OwnerId" FROM "${object}" WHERE "Id" = ?`).pluck().get(id) !== me,
      );
      expect(others.length, `${object}: related rows owned by others`).toBeGreaterThan(0);
      for (const id of others) expect(cachedOwner(connectionId, object, id)).toBeTruthy();
    }
    // The generated org's changes of its last minutes reach getUpdated once their minute has ended.
    c.skew += 2 * 60_000;
    await syncAndWait(h);
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });

    const colleague = store.db.prepare(`SELECT "Id" FROM "User" WHERE "Id" <> ? AND "IsActive" = 1 LIMIT 1`).pluck().get(me) as string;
    const myAccount = store.db.prepare(`SELECT "Id" FROM "Account" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`).pluck().get(me) as string;
    const theirAccount = store.db.prepare(`SELECT "Id" FROM "Account" WHERE "OwnerId" <> ? AND "IsDeleted" = 0 LIMIT 1`).pluck().get(me) as string;
    const myContact = store.db.prepare(`SELECT "Id" FROM "Contact" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`).pluck().get(me) as string;
    // A colleague logs a call on my account and books a meeting with my contact; I take a task on their account.
    const theirCall = store.create(
      'Task',
      { Subject: 'Colleague call', WhatId: myAccount, OwnerId: colleague, TaskSubtype: 'Call', Status: 'Completed' },
      { userId: colleague },
    );
    const theirMeeting = store.create(
      'Event',
      { Subject: 'Colleague meeting', WhoId: myContact, OwnerId: colleague, StartDateTime: '2031-01-02T10:00:00.000Z', DurationInMinutes: 30 },
      { userId: colleague },
    );
    const myTaskOnTheirs = store.create('Task', { Subject: 'Help a colleague', WhatId: theirAccount, OwnerId: me }, { userId: me });
    const myTaskOnMine = store.create('Task', { Subject: 'Mine on mine', WhatId: myAccount, OwnerId: me }, { userId: me });
    c.skew += 2 * 60_000;
    const arrived = await syncAndWait(h);
    expect(arrived.lastRun).toMatchObject({ outcome: 'ok' });
    expect(cachedOwner(connectionId, 'Task', theirCall)).toBe(colleague);
    expect(cachedOwner(connectionId, 'Event', theirMeeting)).toBe(colleague);
    expect(cachedOwner(connectionId, 'Task', myTaskOnTheirs)).toBe(me);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);

    // Reassigned away from me: on someone else's record it leaves; on my account it stays (related).
    store.update('Task', myTaskOnTheirs, { OwnerId: colleague }, { userId: me });
    store.update('Task', myTaskOnMine, { OwnerId: colleague }, { userId: me });
    c.skew += 2 * 60_000;
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
    expect(cachedOwner(connectionId, 'Task', myTaskOnTheirs)).toBeUndefined();
    expect(cachedOwner(connectionId, 'Task', myTaskOnMine)).toBe(colleague);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);

    // Deletions: a related row and one of my own.
    const myOwn = store.db.prepare(`SELECT "Id" FROM "Task" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`).pluck().get(me) as string;
    store.delete('Task', theirCall, { userId: colleague });
    store.delete('Task', myOwn, { userId: me });
    store.delete('Event', theirMeeting, { userId: colleague });
    c.skew += 2 * 60_000;
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
    for (const [object, id] of [
      ['Task', theirCall],
      ['Task', myOwn],
      ['Event', theirMeeting],
    ]) {
      expect(cachedOwner(connectionId, object, id)).toBeUndefined();
    }
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);

    // My account changes hands: the colleague's task on it stays until the daily related pass,
    // which costs the change check and two Composites of semi-join queries, and removes it.
    store.update('Account', myAccount, { OwnerId: colleague }, { userId: me });
    c.skew += 2 * 60_000;
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
    expect(cachedOwner(connectionId, 'Task', myTaskOnMine)).toBe(colleague);
    withCache(connectionId, (db) => db.prepare(`UPDATE sync_state SET related_synced_at = ?`).run(new Date(Date.now() - 25 * HOUR).toISOString()));
    const daily = await syncAndWait(h);
    expect(daily.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 + 2 });
    expect(cachedOwner(connectionId, 'Task', myTaskOnMine)).toBeUndefined();
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });

    // The daily reconciliation counts only my own activities: the colleagues' rows kept are no
    // ghosts, the counts match, and no Id is read (the change check and two COUNT() Composites).
    withCache(connectionId, (db) => db.prepare(`UPDATE sync_state SET last_reconciled_at = ?`).run(new Date(Date.now() - 25 * HOUR).toISOString()));
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 + 2 });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);
  });
});

describe('what an activity sync costs', () => {
  /** The engine against the emulator through the metered gateway, every Composite's subrequests recorded. */
  async function recordingApi(conn: Connection, running: RunningEmulator, composites: CompositeGet[][]): Promise<SyncApi> {
    const vault = { storage: 'memory', accessToken: async () => conn.accessToken ?? '' } as unknown as TokenVault;
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const gateway = createSalesforceGateway({ vault, apiVersion: async () => TEST_API_VERSION, log: silent, meter: createApiMeter() });
    const record = { id: 'conn-activities', instanceUrl: running.url, status: 'connected' } as ConnectionRecord;
    const api = createSyncApi(await gateway.connection(record, { feature: 'sync' }));
    return {
      get calls() {
        return api.calls;
      },
      query: (soql, options) => api.query(soql, options),
      queryMore: (url) => api.queryMore(url),
      composite(requests) {
        composites.push(requests);
        return api.composite(requests);
      },
      bulkQueryStart: (soql) => api.bulkQueryStart(soql),
      bulkQueryWait: (jobId, signal) => api.bulkQueryWait(jobId, signal),
      bulkQueryPage: (jobId, locator, max) => api.bulkQueryPage(jobId, locator, max),
    };
  }

  it('first sync: the related pass is two Composites of five semi-joins; a quiet sync is ONE call carrying Task and Event replication', async () => {
    const c = clock();
    emu = await startTestEmulator({ scale: 20, now: c.now });
    const conn = await connect(emu);
    dir = mkdtempSync(join(tmpdir(), 'sync-activities-'));
    const db = openOrgCache(dir, 'conn-activities');
    try {
      const composites: CompositeGet[][] = [];
      const api = await recordingApi(conn, emu, composites);
      const run = () => runSync(db, api, { scope: 'mine', userId: (emu as RunningEmulator).demoUserId, bulkThreshold: 50_000 });

      const first = await run();
      expect(first.errors).toEqual({});
      const related = composites.filter((batch) => batch.every((r) => /^(Task|Event)_(AccountId|WhatId|WhoId)_/.test(r.referenceId)));
      expect(related.map((batch) => batch.length)).toEqual([5, 5]);
      const paths = related.flat().map((r) => decodeURIComponent(r.path));
      const me = (emu as RunningEmulator).demoUserId;
      const taskFields = OBJECT_REGISTRY.get('Task')
        .fields.map((f) => f.name)
        .join(', ');
      expect(paths).toContain(
        `/query?q=SELECT ${taskFields} FROM Task WHERE AccountId IN (SELECT Id FROM Account WHERE OwnerId = '${me}') AND OwnerId != '${me}'`,
      );
      for (const path of paths) {
        expect(path).toMatch(
          / WHERE (AccountId|WhatId|WhoId) IN \(SELECT Id FROM (Account|Opportunity|Case|Contact|Lead) WHERE OwnerId = '005\w+'\) AND OwnerId != '005\w+'$/,
        );
      }
      // At this scale every object fits one page: eight full queries, the incremental check that
      // follows them, and the related pass's two Composites.
      expect(first.apiCalls).toBe(8 + 1 + 2);

      c.skew += 2 * 60_000;
      await run();
      composites.length = 0;
      const quiet = await run();
      expect(quiet.apiCalls).toBe(1);
      expect(composites).toHaveLength(1);
      const ids = composites[0].map((r) => r.referenceId).sort();
      expect(ids).toEqual(
        [
          'Account_changes',
          'Contact_changes',
          'Opportunity_changes',
          'Lead_changes',
          'Case_changes',
          'Task_updated',
          'Task_deleted',
          'Event_updated',
          'Event_deleted',
          'Campaign_updated',
          'Campaign_deleted',
        ].sort(),
      );
    } finally {
      db.close();
    }
  });
});
