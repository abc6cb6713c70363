/**
 * What the metered path records of each HTTP request (status, Salesforce errorCode, latency, bytes,
 * Sforce-Limit-Info, feature, family, background), its retries (each one a request; a 403 never
 * retried), its per-org cap on requests in flight, and that loopback keeps bypassing the proxy.
 */
import { PassThrough } from 'node:stream';
import { setDefaults } from 'jsforce/lib/request.js';
import { Transport } from 'jsforce/lib/transport.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiMeter, type ApiMeter } from '../../../src/main/core/salesforce/api-meter';
import { createSalesforceGateway } from '../../../src/main/core/salesforce/gateway';
import { meteredFetch } from '../../../src/main/core/salesforce/metered-fetch';
import { MeteredTransport } from '../../../src/main/core/salesforce/metered-transport';
import type { ApiCallRecord } from '../../../src/main/core/usage/types';
import { fixedVault, json, recordFor, silentLog, startFakeServer, type FakeServer } from './fake-org-server';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(answer: Parameters<typeof startFakeServer>[0], options: { maxConcurrentPerOrg?: number; retries?: number } = {}) {
  const server = await startFakeServer(answer);
  servers.push(server);
  const meter: ApiMeter = createApiMeter({ maxConcurrent: options.maxConcurrentPerOrg });
  const records: ApiCallRecord[] = [];
  meter.subscribe((r) => records.push(r));
  const gateway = createSalesforceGateway({
    vault: fixedVault,
    apiVersion: async () => '62.0',
    log: silentLog,
    meter,
    retry: { maxRetries: options.retries ?? 0, minTimeout: 1 },
  });
  return { server, meter, records, gateway, record: recordFor(server.url) };
}

describe('what a metered request records', () => {
  it('a success: status, no errorCode, latency, bytes, limit info, feature and family', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ Id: `003${String(i).padStart(15, '0')}` }));
    const { records, gateway, record, meter } = await setup(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 20));
      json(res, 200, { totalSize: 50, done: true, records: rows }, { 'sforce-limit-info': 'api-usage=42/15000' });
    });
    const session = await gateway.session(record, { feature: 'records' });
    await session.query('SELECT Id FROM Contact');
    const expectedBytes = Buffer.byteLength(JSON.stringify({ totalSize: 50, done: true, records: rows }));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      connectionId: 'conn-fake',
      feature: 'records',
      family: 'query',
      method: 'GET',
      path: '/services/data/v62.0/query',
      status: 200,
      errorCode: null,
      requestBytes: 0,
      responseBytes: expectedBytes,
      limitInfo: { used: 42, max: 15000 },
      background: false,
    });
    expect(records[0].latencyMs).toBeGreaterThanOrEqual(15);
    expect(Math.abs(records[0].startedAt - Date.now())).toBeLessThan(5_000);
    // No query string in the record: a SOQL text can hold record data.
    expect(JSON.stringify(records)).not.toContain('SELECT');
    expect(meter.limitState('conn-fake').lastLimitInfo).toMatchObject({ used: 42, max: 15000 });
  });

  it('an error answer carries Salesforce errorCode; a write its request bytes; the call feature overrides the session one', async () => {
    const { records, gateway, record } = await setup((req, res) =>
      req.method === 'POST'
        ? json(res, 400, [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }], {
            'sforce-limit-info': 'api-usage=7/100',
          })
        : json(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]),
    );
    const session = await gateway.session(record, { feature: 'outbox', background: true });
    await expect(session.send('POST', '/sobjects/Contact', { body: { FirstName: 'Ann' } })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    await expect(session.send('GET', '/sobjects/Contact/describe', { feature: 'describe', background: false })).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    expect(records.map((r) => [r.feature, r.family, r.method, r.status, r.errorCode, r.background])).toEqual([
      ['outbox', 'sobjects', 'POST', 400, 'REQUIRED_FIELD_MISSING', true],
      ['describe', 'describe', 'GET', 404, 'NOT_FOUND', false],
    ]);
    expect(records[0].requestBytes).toBe(Buffer.byteLength(JSON.stringify({ FirstName: 'Ann' })));
    expect(records[0].limitInfo).toEqual({ used: 7, max: 100 });
  });

  it('no answer: status null, errorCode NETWORK', async () => {
    const { records, gateway, server } = await setup((req) => {
      throw new Error(`unreachable ${req.url}`);
    });
    await server.close();
    const session = await gateway.session(recordFor(server.url), { feature: 'sync', background: true });
    await expect(session.query('SELECT Id FROM Account')).rejects.toMatchObject({ code: 'NETWORK' });
    expect(records).toMatchObject([{ status: null, errorCode: 'NETWORK', responseBytes: 0, limitInfo: null, feature: 'sync', background: true }]);
  });

  it('the OAuth fetch records its calls without changing what the caller reads', async () => {
    const { server, meter, records } = await setup((_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }),
    );
    const f = meteredFetch(meter, { connectionId: 'conn-fake', use: { feature: 'auth' }, origin: server.url });
    const res = await f(`${server.url}/services/oauth2/token`, { method: 'POST', body: 'grant_type=refresh_token&refresh_token=r' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
    expect(records).toMatchObject([
      {
        connectionId: 'conn-fake',
        feature: 'auth',
        family: 'oauth',
        method: 'POST',
        status: 400,
        errorCode: 'invalid_grant',
        requestBytes: 'grant_type=refresh_token&refresh_token=r'.length,
      },
    ]);
  });
});

describe('retries', () => {
  it('each retry of an idempotent request is a request of its own', async () => {
    let n = 0;
    const { records, gateway, record, server } = await setup(
      (_req, res) =>
        ++n < 3 ? json(res, 503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'busy' }]) : json(res, 200, { totalSize: 0, done: true, records: [] }),
      { retries: 2 },
    );
    const session = await gateway.session(record, { feature: 'records' });
    await session.query('SELECT Id FROM Account');
    expect(server.requests).toHaveLength(3);
    expect(records.map((r) => [r.status, r.errorCode])).toEqual([
      [503, 'SERVER_UNAVAILABLE'],
      [503, 'SERVER_UNAVAILABLE'],
      [200, null],
    ]);
  });

  it('a 403 REQUEST_LIMIT_EXCEEDED is never retried', async () => {
    const { gateway, record, server } = await setup(
      (_req, res) => json(res, 403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]),
      {
        retries: 5,
      },
    );
    const session = await gateway.session(record, { feature: 'records' });
    await expect(session.query('SELECT Id FROM Account')).rejects.toMatchObject({ code: 'API_LIMIT' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('the transport itself', () => {
  const limitAnswer = (_req: unknown, res: Parameters<typeof json>[0]) =>
    json(res, 403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);

  it('never retries a 403, even when a caller lists it among the retry statuses', async () => {
    const { server, meter } = await setup(limitAnswer);
    const transport = new MeteredTransport(meter, { connectionId: 'c', instanceUrl: server.url });
    const res = await transport.httpRequest(
      { method: 'GET', url: `${server.url}/services/data/v62.0/limits` },
      { use: { feature: 'health' }, retry: { maxRetries: 3, minTimeout: 1, statusCodes: [403, 503] } },
    );
    expect(res.statusCode).toBe(403);
    expect(server.requests).toHaveLength(1);
    expect(meter.limitState('c')).toMatchObject({ step: 1, blockedUntil: expect.any(Number) });
  });

  it('refuses a request that does not say what it is for, and sends nothing', async () => {
    const { server, meter } = await setup(limitAnswer);
    const transport = new MeteredTransport(meter, { connectionId: 'c', instanceUrl: server.url });
    await expect(transport.httpRequest({ method: 'GET', url: `${server.url}/services/data/v62.0/limits` }, {})).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('per-org cap on requests in flight', () => {
  it('never has more than the cap in flight at one org; the rest wait their turn', async () => {
    const { gateway, record, server, records } = await setup(
      async (_req, res) => {
        await new Promise((r) => setTimeout(r, 30));
        json(res, 200, { totalSize: 0, done: true, records: [] });
      },
      { maxConcurrentPerOrg: 3 },
    );
    const session = await gateway.session(record, { feature: 'sync' });
    await Promise.all(Array.from({ length: 12 }, (_, i) => session.query(`SELECT Id FROM Account LIMIT ${i + 1}`)));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBe(3);
    expect(records).toHaveLength(12);
  });

  it('defaults to 6', async () => {
    const { gateway, record, server } = await setup(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 30));
      json(res, 200, { totalSize: 0, done: true, records: [] });
    });
    const session = await gateway.session(record, { feature: 'sync' });
    await Promise.all(Array.from({ length: 15 }, () => session.query('SELECT Id FROM Account')));
    expect(server.maxInFlight).toBe(6);
  });
});

describe('proxy', () => {
  afterEach(() => setDefaults({ followRedirect: true }));

  it('a loopback instance bypasses HTTP(S)_PROXY', async () => {
    const { gateway, record, server } = await setup((_req, res) => json(res, 200, { totalSize: 0, done: true, records: [] }));
    // What jsforce does at import time when HTTPS_PROXY is set: a proxy nobody answers on.
    setDefaults({ httpProxy: 'http://127.0.0.1:9', followRedirect: true });
    const session = await gateway.session(record, { feature: 'records' });
    await expect(session.query('SELECT Id FROM Account')).resolves.toMatchObject({ done: true });
    expect(server.requests).toHaveLength(1);
  });

  it('a real org keeps the proxy: jsforce gets no httpProxy override for it', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const original = Transport.prototype.httpRequest;
    Transport.prototype.httpRequest = function (_req: unknown, options: Record<string, unknown> = {}) {
      seen.push(options);
      return StreamPromise.create(() => ({ stream: new PassThrough(), promise: Promise.resolve({ statusCode: 200, headers: {}, body: '{}' }) }));
    } as typeof original;
    try {
      const meter = createApiMeter();
      for (const instanceUrl of ['https://acme.my.salesforce.com', 'http://127.0.0.1:1']) {
        const transport = new MeteredTransport(meter, { connectionId: instanceUrl, instanceUrl });
        await transport.httpRequest({ method: 'GET', url: `${instanceUrl}/services/data/v62.0/limits` }, { use: { feature: 'health' } });
      }
    } finally {
      Transport.prototype.httpRequest = original;
    }
    expect('httpProxy' in seen[0]).toBe(false);
    expect('httpProxy' in seen[1] && seen[1].httpProxy === undefined).toBe(true);
    // Each send is a single request: jsforce neither retries nor follows redirects by itself.
    expect(seen[0]).toMatchObject({ followRedirect: false, retry: { maxRetries: 0, methods: [] } });
  });
});
