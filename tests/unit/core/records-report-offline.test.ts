/**
 * Live reads of the records service (describe:form, campaign member counts, the describe a write
 * is checked against) tell the outbox when the org cannot be reached, so the Online badge flips at
 * once. Our own time limit and Salesforce's refusals are not network failures and are not reported.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import type { DescribeFetcher } from '../../../src/main/core/describe/describe-cache';
import { createRecordsService } from '../../../src/main/core/records/records-service';
import type { SalesforceSession } from '../../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../../src/main/core/storage/connections.repo';
import { ME, fillCache, idOf, openTempCache, syntheticRecords } from './records-fixture';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let db: CacheDb;
let dir: string;
let reported: string[];
/** How the fake org answers a query / a describe. */
let query: () => Promise<unknown>;
let describeAnswer: DescribeFetcher;

const service = () =>
  createRecordsService({
    cacheFor: () => db,
    activeOrg: {
      require: () => ({ id: 'conn-1', userId: ME }) as ConnectionRecord,
      session: async () => ({ connectionId: 'conn-1', query: () => query() }) as unknown as SalesforceSession,
    },
    describeFetcher: (object, since) => describeAnswer(object, since),
    reportOffline: (id) => reported.push(id),
    log: silent,
    liveWaitMs: 100,
  });

const networkDown = () => Promise.reject(new AppError('NETWORK', "Can't reach Salesforce."));
const hang = () => new Promise<never>(() => {});

beforeAll(() => {
  ({ db, dir } = openTempCache());
  fillCache(db, 'Campaign', syntheticRecords('Campaign', 2, 3));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  reported = [];
});

describe('live reads report network failures', () => {
  it('describe:form that cannot reach the org reports the connection offline', async () => {
    describeAnswer = networkDown;
    await expect(service().form({ object: 'Lead' })).rejects.toMatchObject({ code: 'NETWORK' });
    expect(reported).toEqual(['conn-1']);
  });

  it('a write checked against a describe that cannot be fetched reports it too (and passes the values on)', async () => {
    describeAnswer = networkDown;
    expect(await service().validateWrite('conn-1', 'Case', { Subject: 'x' }, 'create')).toEqual({ Subject: 'x' });
    expect(reported).toEqual(['conn-1']);
  });

  it('campaign member counts that cannot reach the org report it', async () => {
    query = networkDown;
    const detail = await service().get({ object: 'Campaign', id: idOf('Campaign', 1) });
    expect(detail.related.campaignMembers).toMatchObject({ state: 'unavailable-offline' });
    expect(reported).toEqual(['conn-1']);
  });

  it('our own time limit is not reported: a slow org is not an offline one', async () => {
    query = hang;
    describeAnswer = hang;
    const detail = await service().get({ object: 'Campaign', id: idOf('Campaign', 1) });
    expect(detail.related.campaignMembers).toMatchObject({ state: 'unavailable-offline' });
    expect(await service().validateWrite('conn-1', 'Case', { Subject: 'x' }, 'create')).toEqual({ Subject: 'x' });
    expect(reported).toEqual([]);
  });

  it('refusals and expired sessions are not network failures', async () => {
    describeAnswer = () => Promise.reject(new AppError('SESSION_EXPIRED', 'Log in again.'));
    await expect(service().form({ object: 'Opportunity' })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    query = () => Promise.reject(new AppError('PERMISSION_DENIED', 'No access to CampaignMember.'));
    const detail = await service().get({ object: 'Campaign', id: idOf('Campaign', 1) });
    expect(detail.related.campaignMembers).toMatchObject({ state: 'error' });
    expect(reported).toEqual([]);
  });
});
