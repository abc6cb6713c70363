/**
 * records:get through the records service on a synthetic cache: the cached record, related lists
 * (account → contacts/opportunities/cases, contact → cases and its account's opportunities,
 * campaign → opportunities and live member counts), pending outbox changes, NOT_FOUND.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { RecordDetail } from '../../../src/shared/ipc/records.contract';
import type { FlatRecord } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { applyLocalChange, markDeleted, upsertRecords } from '../../../src/main/core/cache/records.repo';
import { updateSyncState } from '../../../src/main/core/cache/sync-state.repo';
import { createRecordsService, type RecordsService } from '../../../src/main/core/records/records-service';
import type { SalesforceSession } from '../../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../../src/main/core/storage/connections.repo';
import { ME, fillCache, idOf, openTempCache, syntheticRecords } from './records-fixture';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let db: CacheDb;
let dir: string;
const data: Record<string, FlatRecord[]> = {};
/** What the fake org does when the service asks it something. */
let answer: (soql: string) => Promise<unknown>;
const queries: string[] = [];

function service(timeoutMs = 500): RecordsService {
  return createRecordsService({
    cacheFor: () => db,
    activeOrg: {
      require: () => ({ id: 'conn-1', userId: ME }) as ConnectionRecord,
      session: async () =>
        ({
          connectionId: 'conn-1',
          query: (soql: string) => {
            queries.push(soql);
            return answer(soql);
          },
        }) as unknown as SalesforceSession,
    },
    log: silent,
    liveWaitMs: timeoutMs,
  });
}

beforeAll(() => {
  ({ db, dir } = openTempCache());
  const refs = { accounts: 10, contacts: 30, campaigns: 3 };
  (['Account', 'Contact', 'Opportunity', 'Case', 'Campaign', 'Lead'] as const).forEach((object, i) => {
    data[object] = syntheticRecords(object, object === 'Account' ? 10 : object === 'Campaign' ? 3 : 120, 10 + i, refs);
    fillCache(db, object, data[object]);
  });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (object: RecordDetail['object'], id: string, s = service()) => RecordDetail.parse(await s.get({ object, id }));
const idsOf = (rows: Array<{ Id: string }>) => rows.map((r) => r.Id).sort();
const where = (object: string, pred: (r: FlatRecord) => boolean) =>
  data[object]
    .filter(pred)
    .map((r) => String(r.Id))
    .sort();

describe('records:get', () => {
  it('an account: every cached field, its contacts, opportunities (newest close first) and cases', async () => {
    const id = idOf('Account', 4);
    const detail = await get('Account', id);
    expect(detail.record).toMatchObject({ Id: id, Name: data.Account[3].Name, AnnualRevenue: data.Account[3].AnnualRevenue });
    expect(detail.localState).toBe('synced');
    expect(idsOf(detail.related.contacts!.rows)).toEqual(where('Contact', (r) => r.AccountId === id));
    expect(detail.related.contacts!.totalCount).toBe(detail.related.contacts!.rows.length);
    const opps = detail.related.opportunities!;
    expect(idsOf(opps.rows)).toEqual(where('Opportunity', (r) => r.AccountId === id));
    const closeDates = opps.rows.map((r) => r.CloseDate ?? '');
    expect(closeDates).toEqual([...closeDates].sort().reverse());
    expect(idsOf(detail.related.cases!.rows)).toEqual(where('Case', (r) => r.AccountId === id));
    expect(detail.related.campaignMembers).toBeUndefined();
    expect(detail.pendingChanges).toEqual({ count: 0, states: [] });
  });

  it("a contact: its cases, and its account's opportunities", async () => {
    const contact = data.Contact[7];
    const detail = await get('Contact', String(contact.Id));
    expect(idsOf(detail.related.cases!.rows)).toEqual(where('Case', (r) => r.ContactId === contact.Id));
    expect(idsOf(detail.related.opportunities!.rows)).toEqual(where('Opportunity', (r) => r.AccountId === contact.AccountId));
    expect(detail.related.contacts).toBeUndefined();
  });

  it('offline changes show in an account’s and a contact’s related lists at once', async () => {
    const accountId = idOf('Account', 6);
    const before = await get('Account', accountId);
    // A contact created offline under the account, and one of its contacts deleted offline.
    const localId = `local-${'c'.repeat(32)}`;
    const gone = before.related.contacts!.rows[0].Id;
    db.transaction(() => {
      applyLocalChange(db, { object: 'Contact', id: localId, kind: 'create', fields: { LastName: 'Offline', Name: 'Ada Offline', AccountId: accountId } });
      markDeleted(db, 'Contact', gone);
    })();
    const after = await get('Account', accountId);
    const ids = after.related.contacts!.rows.map((r) => r.Id);
    expect(ids).toContain(localId);
    expect(ids).not.toContain(gone);
    expect(after.related.contacts!.totalCount).toBe(before.related.contacts!.totalCount);
    expect(after.related.contacts!.rows.find((r) => r.Id === localId)).toMatchObject({ Name: 'Ada Offline', localState: 'created' });

    // The offline contact's own detail: no cases yet, and its account's opportunities.
    const contact = await get('Contact', localId);
    expect(contact.localState).toBe('created');
    expect(contact.related.cases).toEqual({ rows: [], totalCount: 0 });
    expect(idsOf(contact.related.opportunities!.rows)).toEqual(where('Opportunity', (r) => r.AccountId === accountId));

    // Moved off the account (an offline edit): the contact has no account, so no opportunities.
    applyLocalChange(db, { object: 'Contact', id: localId, kind: 'update', fields: { AccountId: null } });
    expect((await get('Contact', localId)).related.opportunities).toEqual({ rows: [], totalCount: 0 });
    expect((await get('Account', accountId)).related.contacts!.rows.map((r) => r.Id)).not.toContain(localId);
  });

  it('related lists are capped at 50 rows with the full count', async () => {
    // 120 opportunities over 10 accounts: add 60 more to one account.
    const id = idOf('Account', 1);
    const more = syntheticRecords('Opportunity', 60, 99).map((r, i) => ({ ...r, Id: idOf('Opportunity', 5000 + i), AccountId: id, CampaignId: null }));
    fillCache(db, 'Opportunity', more);
    const detail = await get('Account', id);
    expect(detail.related.opportunities!.rows).toHaveLength(50);
    expect(detail.related.opportunities!.totalCount).toBe(60 + data.Opportunity.filter((r) => r.AccountId === id).length);
  });

  it('a campaign: its opportunities and live member counts by status', async () => {
    const id = idOf('Campaign', 2);
    answer = async () => ({
      totalSize: 2,
      done: true,
      records: [
        { Status: 'Sent', memberCount: 7 },
        { Status: 'Responded', memberCount: 3 },
      ],
    });
    const detail = await get('Campaign', id);
    expect(queries.at(-1)).toBe(`SELECT Status, COUNT(Id) memberCount FROM CampaignMember WHERE CampaignId = '${id}' GROUP BY Status`);
    expect(detail.related.campaignMembers).toEqual({
      state: 'live',
      total: 10,
      byStatus: [
        { status: 'Sent', count: 7 },
        { status: 'Responded', count: 3 },
      ],
    });
    expect(idsOf(detail.related.opportunities!.rows)).toEqual(where('Opportunity', (r) => r.CampaignId === id));
  });

  it('campaign member counts offline, on a timeout, and on a Salesforce error', async () => {
    const id = idOf('Campaign', 1);
    answer = () => Promise.reject(new AppError('NETWORK', "Can't reach Salesforce."));
    expect((await get('Campaign', id)).related.campaignMembers).toMatchObject({ state: 'unavailable-offline' });
    answer = () => new Promise(() => {});
    const started = Date.now();
    expect((await get('Campaign', id, service(50))).related.campaignMembers).toMatchObject({ state: 'unavailable-offline' });
    expect(Date.now() - started).toBeLessThan(2_000);
    answer = () => Promise.reject(new AppError('PERMISSION_DENIED', 'You may not read campaign members.'));
    expect((await get('Campaign', id)).related.campaignMembers).toEqual({ state: 'error', message: 'You may not read campaign members.' });
  });

  it('pending outbox changes and the local state of an edited record', async () => {
    const id = idOf('Lead', 3);
    db.transaction(() => {
      applyLocalChange(db, { object: 'Lead', id, kind: 'update', fields: { Status: 'Working - Contacted' } });
      const insert = db.prepare(
        `INSERT INTO outbox (connection_id, object, op, record_id, payload, state, created_at, updated_at) VALUES (?, 'Lead', 'update', ?, '{}', ?, 'now', 'now')`,
      );
      insert.run('conn-1', id, 'pending');
      insert.run('conn-1', id, 'conflict');
      insert.run('conn-1', id, 'done');
      insert.run('other-connection', id, 'pending');
    })();
    const detail = await get('Lead', id);
    expect(detail.localState).toBe('modified');
    expect(detail.record.Status).toBe('Working - Contacted');
    expect(detail.pendingChanges).toEqual({ count: 2, states: ['pending', 'conflict'] });
  });

  it('a record written after the last sync: its cached copy is never older than its Created or Last modified', async () => {
    // The object synced an hour ago; the record was created and read back a minute ago.
    const syncedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    updateSyncState(db, 'Opportunity', { lastFullSyncAt: syncedAt, lastIncrementalAt: null });
    const created = new Date(Date.now() - 60_000).toISOString();
    const fresh = { ...data.Opportunity[0], Id: '006FRESH00000000AAA'.slice(0, 18), CreatedDate: created, LastModifiedDate: created, SystemModstamp: created };
    upsertRecords(db, 'Opportunity', [fresh]);
    const detail = await get('Opportunity', fresh.Id as string);
    expect(detail.freshness.cachedAt).toBe(created);
    expect(Date.parse(detail.freshness.cachedAt!)).toBeGreaterThanOrEqual(Date.parse(String(detail.record.CreatedDate)));
    expect(detail.freshness.stale).toBe(false);
    // A record older than the sync keeps the sync's time.
    const old = data.Opportunity[1];
    expect((await get('Opportunity', old.Id as string)).freshness.cachedAt).toBe(syncedAt);
  });

  it('NOT_FOUND for a record the cache does not hold', async () => {
    await expect(service().get({ object: 'Case', id: idOf('Case', 99_999) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
