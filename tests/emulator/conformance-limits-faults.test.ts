/**
 * API limits and fault injection: Sforce-Limit-Info, /limits, 403 REQUEST_LIMIT_EXCEEDED,
 * token expiry with jsforce's automatic refresh, seeded failures/resets/latency, and the
 * loopback admin API.
 */
import { request as httpRequest } from 'node:http';
import type { Connection } from 'jsforce';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, loginWithPkce, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 2, apiLimit: 1000 });
  conn = await connect(emu);
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  emu.faults.reset();
});

const usage = (res: { headers: Headers }) => {
  const match = /^api-usage=(\d+)\/(\d+)$/.exec(res.headers.get('sforce-limit-info') ?? '');
  if (!match) throw new Error(`no Sforce-Limit-Info: ${res.headers.get('sforce-limit-info')}`);
  return { used: Number(match[1]), max: Number(match[2]) };
};

describe('API usage and limits', () => {
  it('sends Sforce-Limit-Info on every REST response (errors included) but not on /services/data', async () => {
    const token = conn.accessToken!;
    const a = usage(await rawRequest(emu, 'GET', dataPath('/sobjects'), { token }));
    const b = usage(await rawRequest(emu, 'GET', dataPath('/nope'), { token }));
    expect(b.used).toBe(a.used + 1);
    expect(b.max).toBe(1000);
    expect(usage(await rawRequest(emu, 'GET', dataPath('/sobjects')))).toBeTruthy(); // 401 carries it too
    expect((await rawRequest(emu, 'GET', '/services/data')).headers.get('sforce-limit-info')).toBeNull();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(conn.limitInfo.apiUsage).toEqual({ used: b.used + 1, limit: 1000 });
  });

  it('/limits reports DailyApiRequests in {Max, Remaining} form with numbers', async () => {
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Max).toBe(1000);
    expect(limits.DailyApiRequests.Remaining).toBe(1000 - conn.limitInfo.apiUsage!.used);
    for (const [name, value] of Object.entries(limits)) {
      expect(typeof (value as { Max: unknown }).Max, name).toBe('number');
      expect(typeof (value as { Remaining: unknown }).Remaining, name).toBe('number');
    }
    expect(limits).toHaveProperty('DataStorageMB');
    expect(limits).toHaveProperty('DailyBulkApiBatches');
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is spent', async () => {
    const small = await startTestEmulator({ scale: 1, apiLimit: 5 });
    try {
      const { accessToken } = await loginWithPkce(small);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await rawRequest(small, 'GET', dataPath('/limits'), { token: accessToken });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403]);
      expect(last!.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(last!.headers.get('sforce-limit-info')).toBe('api-usage=5/5');
      expect(last!.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    } finally {
      await small.close();
    }
  });

  it('faults.exhaustApiLimit() spends the quota; faults.reset() restores it', async () => {
    emu.faults.exhaustApiLimit();
    await expect(conn.query('SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    emu.faults.reset();
    const ok = await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(ok.totalSize).toBe(1);
    expect(conn.limitInfo.apiUsage!.used).toBe(1);
  });
});

describe('token expiry', () => {
  it('expireAllAccessTokens(): the next call gets 401, jsforce refreshes (refresh event) and succeeds', async () => {
    const { conn: fresh, accessToken } = await loginWithPkce(emu);
    const events: Array<{ token: string; id: string }> = [];
    fresh.on('refresh', (token: string, res: { id: string }) => events.push({ token, id: res.id }));
    emu.faults.expireAllAccessTokens();
    const denied = await rawRequest(emu, 'GET', dataPath('/limits'), { token: accessToken });
    expect(denied.status).toBe(401);
    expect(denied.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const result = await fresh.sobject('Account').create({ Name: 'After Refresh' });
    expect(result).toMatchObject({ success: true });
    expect(events).toHaveLength(1);
    expect(events[0].id).toBe(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}`);
    expect(fresh.accessToken).toBe(events[0].token);
    expect(fresh.accessToken).not.toBe(accessToken);
    // Concurrent calls after another expiry share one refresh.
    emu.faults.expireAllAccessTokens();
    await Promise.all([1, 2, 3, 4, 5].map(() => fresh.query('SELECT Id FROM Account LIMIT 1')));
    expect(events).toHaveLength(2);
  });
});

/** A valid token for raw calls (an earlier test may have expired the connection's). */
async function freshToken(): Promise<string> {
  await conn.query('SELECT Id FROM Account LIMIT 1');
  return conn.accessToken!;
}

describe('fault injection', () => {
  it('fails targeted methods with 503 SERVER_UNAVAILABLE (POST is never retried by jsforce)', async () => {
    emu.faults.set({ failureRate: 1, failureStatus: 503, methods: ['POST'] });
    await expect(conn.sobject('Account').create({ Name: 'Fails' })).rejects.toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
    expect((await conn.query('SELECT Id FROM Account LIMIT 1')).totalSize).toBe(1);
    emu.faults.set({ failureStatus: 500 });
    const raw = await rawRequest(emu, 'POST', dataPath('/sobjects/Account'), { token: await freshToken(), body: { Name: 'x' } });
    expect(raw.status).toBe(500);
    expect(raw.json()[0].errorCode).toBe('UNKNOWN_EXCEPTION');
  });

  it('is deterministic for a seed', async () => {
    const token = await freshToken();
    const pattern = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) {
        const res = await rawRequest(emu, 'POST', dataPath('/sobjects/Account'), { token, body: { Name: `Seeded ${i}` } });
        statuses.push(res.status);
      }
      return statuses;
    };
    emu.faults.set({ failureRate: 0.5, seed: 1234, methods: ['POST'] });
    const first = await pattern();
    emu.faults.set({ seed: 1234 });
    const second = await pattern();
    expect(second).toEqual(first);
    expect(first).toContain(201);
    expect(first).toContain(503);
    emu.faults.set({ seed: 999 });
    expect(await pattern()).not.toEqual(first);
  });

  it('drops connections at resetRate and delays by latencyMs', async () => {
    const token = await freshToken();
    emu.faults.set({ resetRate: 1, methods: ['POST'] });
    await expect(rawRequest(emu, 'POST', dataPath('/sobjects/Account'), { token, body: { Name: 'x' } })).rejects.toThrow();
    // Logins are never faulted: a new session still works while POSTs are being dropped.
    expect((await loginWithPkce(emu)).accessToken).toBeTruthy();
    emu.faults.set({ resetRate: 0, latencyMs: 250, methods: [] });
    const started = Date.now();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('refuses invalid settings', () => {
    expect(() => emu.faults.set({ failureRate: 2 })).toThrow(RangeError);
    expect(() => emu.faults.set({ failureStatus: 404 as never })).toThrow(RangeError);
    expect(() => emu.faults.set({ bogus: 1 } as never)).toThrow(TypeError);
  });
});

describe('admin API', () => {
  const admin = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) =>
    rawRequest(emu, method, `/__emulator${path}`, opts);

  it('reports health and applies fault settings posted as JSON', async () => {
    const health = await admin('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', orgId: emu.orgId, instanceUrl: emu.url });
    const set = await admin('POST', '/faults', { body: { failureRate: 1, failureStatus: 500, methods: ['PATCH'] } });
    expect(set.status).toBe(200);
    expect(set.json()).toMatchObject({ failureRate: 1, failureStatus: 500, methods: ['PATCH'] });
    expect(emu.faults.get().failureRate).toBe(1);
    const bad = await admin('POST', '/faults', { body: { failureRate: 'lots' } });
    expect(bad.status).toBe(400);
    const form = await admin('POST', '/faults', {
      body: 'failureRate=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect((await admin('POST', '/reset')).status).toBe(200);
    expect(emu.faults.get().failureRate).toBe(0);
  });

  it('expires tokens and exhausts the limit over HTTP', async () => {
    const { accessToken } = await loginWithPkce(emu);
    expect((await admin('POST', '/expire-tokens')).status).toBe(200);
    expect((await rawRequest(emu, 'GET', dataPath('/limits'), { token: accessToken })).status).toBe(401);
    const { accessToken: second } = await loginWithPkce(emu);
    expect((await admin('POST', '/exhaust-limit')).status).toBe(200);
    expect((await rawRequest(emu, 'GET', dataPath('/limits'), { token: second })).status).toBe(403);
    expect((await admin('GET', '/expire-tokens')).status).toBe(405);
  });

  it('refuses cross-origin and foreign-host callers', async () => {
    const crossOrigin = await admin('POST', '/exhaust-limit', { headers: { Origin: 'https://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    // fetch cannot override Host; a raw request can (as a DNS-rebinding page would).
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: emu.port, path: '/__emulator/health', headers: { Host: `evil.example:${emu.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebinding).toBe(403);
    expect(emu.faults.get().failureRate).toBe(0);
  });
});
