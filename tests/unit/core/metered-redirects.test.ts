/**
 * Redirects on the metered path. jsforce on its own follows a 3xx to any origin and re-sends the
 * original headers, Authorization included; the metered path follows a redirect only within the
 * instance's origin (each hop a request of its own) and refuses one that leaves it before anything
 * is sent, so the bearer token never reaches another site. Same for the OAuth fetch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiMeter, type ApiMeter } from '../../../src/main/core/salesforce/api-meter';
import { REDIRECT_REFUSED_MESSAGE } from '../../../src/main/core/salesforce/errors';
import { createSalesforceGateway, type SalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { meteredFetch } from '../../../src/main/core/salesforce/metered-fetch';
import type { ApiCallRecord } from '../../../src/main/core/usage/types';
import { fixedVault, json, recordFor, SECRET_TOKEN, silentLog, startFakeServer, type FakeServer } from './fake-org-server';

let instance: FakeServer;
let elsewhere: FakeServer;
let meter: ApiMeter;
let records: ApiCallRecord[];
let gateway: SalesforceGateway;

beforeEach(async () => {
  elsewhere = await startFakeServer((_req, res) => json(res, 200, { totalSize: 0, done: true, records: [] }));
  instance = await startFakeServer((req, res) => {
    if (req.url.startsWith('/services/data/v62.0/query')) {
      // The org moved the query somewhere else: another origin (the second server, another port).
      res.writeHead(302, { location: `${elsewhere.url}/services/data/v62.0/query?q=stolen`, 'content-length': '0' });
      res.end();
    } else if (req.url === '/services/data/v62.0/limits') {
      res.writeHead(307, { location: '/services/data/v62.0/limits-moved', 'content-length': '0' });
      res.end();
    } else if (req.url === '/services/data/v62.0/limits-moved') {
      json(res, 200, { DailyApiRequests: { Max: 15000, Remaining: 14000 } }, { 'sforce-limit-info': 'api-usage=1000/15000' });
    } else if (req.url === '/services/oauth2/token') {
      res.writeHead(302, { location: `${elsewhere.url}/services/oauth2/token`, 'content-length': '0' });
      res.end();
    } else if (req.url === '/services/data/v62.0/loop') {
      res.writeHead(302, { location: '/services/data/v62.0/loop', 'content-length': '0' });
      res.end();
    } else json(res, 404, [{ errorCode: 'NOT_FOUND', message: 'nope' }]);
  });
  meter = createApiMeter();
  records = [];
  meter.subscribe((r) => records.push(r));
  gateway = createSalesforceGateway({ vault: fixedVault, apiVersion: async () => '62.0', log: silentLog, meter, retry: { maxRetries: 0, minTimeout: 1 } });
});

afterEach(async () => {
  await instance.close();
  await elsewhere.close();
});

describe('redirects on the metered path', () => {
  it('refuses a redirect to another origin: the other server never receives a request (nor the token)', async () => {
    const session = await gateway.session(recordFor(instance.url), { feature: 'records' });
    await expect(session.query('SELECT Id FROM Account')).rejects.toMatchObject({ name: 'AppError', code: 'SALESFORCE', message: REDIRECT_REFUSED_MESSAGE });
    expect(elsewhere.requests).toEqual([]);
    expect(instance.requests).toHaveLength(1);
    expect(instance.requests[0].authorization).toBe(`Bearer ${SECRET_TOKEN}`);
    // The hop that was answered is metered, marked as the refused redirect.
    expect(records).toMatchObject([{ status: 302, errorCode: 'REDIRECT_REFUSED', feature: 'records', family: 'query', path: '/services/data/v62.0/query' }]);
  });

  it('refuses it for a raw send and for the login identity read too', async () => {
    const session = await gateway.session(recordFor(instance.url), { feature: 'outbox' });
    await expect(session.send('GET', '/query?q=x')).rejects.toMatchObject({ code: 'SALESFORCE', message: REDIRECT_REFUSED_MESSAGE });
    await expect(gateway.fetchLoginIdentity({ instanceUrl: instance.url, accessToken: SECRET_TOKEN, userId: '005000000000001AAA' })).rejects.toMatchObject({
      code: 'SALESFORCE',
      message: REDIRECT_REFUSED_MESSAGE,
    });
    expect(elsewhere.requests).toEqual([]);
    expect(records.map((r) => [r.connectionId, r.feature])).toEqual([
      ['conn-fake', 'outbox'],
      [null, 'auth'],
    ]);
  });

  it('follows a redirect within the instance: two requests, both metered, both with the token', async () => {
    const session = await gateway.session(recordFor(instance.url), { feature: 'health' });
    const limits = await session.send<{ DailyApiRequests: { Max: number } }>('GET', '/limits');
    expect(limits.DailyApiRequests.Max).toBe(15000);
    expect(instance.requests.map((r) => [r.url, r.authorization])).toEqual([
      ['/services/data/v62.0/limits', `Bearer ${SECRET_TOKEN}`],
      ['/services/data/v62.0/limits-moved', `Bearer ${SECRET_TOKEN}`],
    ]);
    expect(records.map((r) => [r.status, r.path, r.errorCode])).toEqual([
      [307, '/services/data/v62.0/limits', null],
      [200, '/services/data/v62.0/limits-moved', null],
    ]);
    expect(meter.counts('conn-fake').total).toBe(2);
  });

  it('the OAuth fetch refuses a redirect off the login host as well', async () => {
    const f = meteredFetch(meter, { connectionId: null, use: { feature: 'auth' } });
    await expect(
      f(`${instance.url}/services/oauth2/token`, { method: 'POST', body: 'grant_type=refresh_token&refresh_token=SECRET-REFRESH' }),
    ).rejects.toMatchObject({ code: 'SALESFORCE', message: REDIRECT_REFUSED_MESSAGE });
    expect(elsewhere.requests).toEqual([]);
    expect(records).toMatchObject([{ feature: 'auth', family: 'oauth', status: 302, errorCode: 'REDIRECT_REFUSED', method: 'POST' }]);
  });

  it('stops a redirect loop within the instance after 10 hops', async () => {
    const session = await gateway.session(recordFor(instance.url), { feature: 'records' });
    await expect(session.send('GET', '/loop')).rejects.toMatchObject({ code: 'SALESFORCE', message: /kept redirecting/ });
    expect(instance.requests).toHaveLength(11);
    expect(records).toHaveLength(11);
  });

  it('never sends a request whose URL is off the instance in the first place', async () => {
    const f = meteredFetch(meter, { connectionId: 'c', use: { feature: 'auth' }, origin: instance.url });
    await expect(f(`${elsewhere.url}/services/oauth2/revoke`, { method: 'POST', body: 'token=x' })).rejects.toMatchObject({ code: 'SALESFORCE' });
    expect(elsewhere.requests).toEqual([]);
    expect(records).toEqual([]);
  });
});
