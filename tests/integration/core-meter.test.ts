/**
 * The API meter against the emulator, whose own counters are the ground truth:
 * - every HTTP request the core sends is one record, and the emulator received exactly as many
 *   (login, a full sync with REST, Composite and Bulk API 2.0 pages, describes, an outbox replay
 *   with its probes); the calls the org counted against its allowance match the records it should
 *   have counted, and the last Sforce-Limit-Info seen is the org's figure; each call carries the
 *   feature that made it;
 * - once the org answers 403 REQUEST_LIMIT_EXCEEDED, repeated attempts send at most one request per
 *   backoff step (30 s, 1 min, 2 min … on an injected clock), and the first answer that is not the
 *   limit ends the backoff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiMeter, type ApiMeter } from '../../src/main/core/salesforce/api-meter';
import type { ApiCallRecord } from '../../src/main/core/usage/types';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

const DATA_API = /^\/services\/data\/v\d+\.\d+\//;

/** The records the org counts against its allowance: data-API calls it answered, authenticated and within the limit. */
const countedByOrg = (calls: ApiCallRecord[]) =>
  calls.filter((c) => DATA_API.test(c.path) && c.status !== null && c.status !== 401 && c.errorCode !== 'REQUEST_LIMIT_EXCEEDED').length;

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the meter counts what the org receives', () => {
  let h: Harness;
  let meter: ApiMeter;
  const seen: ApiCallRecord[] = [];

  beforeAll(async () => {
    meter = createApiMeter();
    meter.subscribe((call) => seen.push(call));
    h = await createHarness({
      scale: 5,
      settings: { sync: { scope: 'all', intervalMinutes: 0, bulkThreshold: 5 } },
      core: { meter, outbox: { probeIntervalMs: 50, writeWaitMs: 5_000 } },
    });
  });
  afterAll(() => h.close());

  const snapshot = () => ({ sent: meter.totals().total, received: h.emulator().requestsReceived(), usage: h.emulator().apiUsageCount(), at: seen.length });
  /** What happened since `before`, once nothing is in flight any more. */
  const since = async (before: ReturnType<typeof snapshot>) => {
    await new Promise((r) => setTimeout(r, 150));
    const now = snapshot();
    return { sent: now.sent - before.sent, received: now.received - before.received, usage: now.usage - before.usage, calls: seen.slice(before.at) };
  };
  const lastLimitUsed = () => [...seen].reverse().find((c) => c.limitInfo)?.limitInfo?.used;

  it('login: the token exchange and the identity read, as auth (the org also saw the test’s own authorize request)', async () => {
    await h.loginDemo();
    expect(meter.totals().total).toBe(seen.length);
    expect(h.emulator().requestsReceived()).toBe(seen.length + 1);
    expect(seen.map((c) => [c.connectionId, c.feature, c.family, c.status])).toEqual([
      [null, 'auth', 'oauth', 200],
      [null, 'auth', 'query', 200],
    ]);
  });

  it('a full sync (REST pages, Composite, Bulk API 2.0 CSV pages): one record per request the org received', async () => {
    const before = snapshot();
    const status = await syncAndWait(h, { full: true });
    expect(status.lastRun).toMatchObject({ outcome: 'ok' });
    const d = await since(before);
    expect(d.sent).toBe(d.received);
    expect(d.calls).toHaveLength(d.sent);
    expect(d.usage).toBe(countedByOrg(d.calls));
    expect(lastLimitUsed()).toBe(h.emulator().apiUsageCount());
    expect(new Set(d.calls.map((c) => `${c.feature}/${c.background}`))).toEqual(new Set(['sync/false']));
    expect(new Set(d.calls.map((c) => c.family))).toEqual(new Set(['query', 'composite', 'bulk']));
    expect(d.calls.some((c) => /\/jobs\/query\/[^/]+\/results$/.test(c.path))).toBe(true);
    // The sync's own figure counts the same requests (no retries happened).
    expect(status.lastRun?.apiCalls).toBe(d.sent);
  });

  it('describes: feature describe', async () => {
    const before = snapshot();
    for (const object of ['Contact', 'Account'] as const) expect(await h.call('describe:form', { object })).toMatchObject({ source: 'org' });
    const d = await since(before);
    expect(d.sent).toBe(d.received);
    expect(d.usage).toBe(countedByOrg(d.calls));
    expect(d.calls.map((c) => [c.feature, c.family, c.path])).toEqual([
      ['describe', 'describe', expect.stringMatching(/\/sobjects\/Contact\/describe$/)],
      ['describe', 'describe', expect.stringMatching(/\/sobjects\/Account\/describe$/)],
    ]);
  });

  it('an outbox replay after the org was unreachable: writes and probes as outbox, probes as background', async () => {
    const before = snapshot();
    h.emulator().faults.set({ resetRate: 1 });
    const created = await h.call('records:create', { object: 'Contact', values: { LastName: 'Metered Replay' } });
    expect(created.state).toBe('queued');
    await new Promise((r) => setTimeout(r, 200)); // a few probes fail meanwhile
    h.emulator().faults.set({ resetRate: 0 });
    await until(async () => (await h.call('outbox:status')).pendingCount === 0);
    const d = await since(before);
    expect(d.sent).toBe(d.received);
    expect(d.usage).toBe(countedByOrg(d.calls));
    expect(lastLimitUsed()).toBe(h.emulator().apiUsageCount());
    // The outbox reads the object's describe (its client-UUID field) through the session's describe: feature describe.
    expect(new Set(d.calls.map((c) => c.feature))).toEqual(new Set(['outbox', 'describe']));
    expect(d.calls.filter((c) => c.feature === 'describe').every((c) => c.family === 'describe')).toBe(true);
    const probes = d.calls.filter((c) => c.path.endsWith('/limits'));
    expect(probes.length).toBeGreaterThan(1);
    expect(probes.every((c) => c.background)).toBe(true);
    expect(probes.some((c) => c.errorCode === 'NETWORK' && c.status === null)).toBe(true);
    expect(d.calls.filter((c) => !c.path.endsWith('/limits')).every((c) => !c.background)).toBe(true);
    expect(d.calls.some((c) => c.method === 'PATCH' && c.status !== null && c.status < 300)).toBe(true);
  });

  it('counts per connection and per feature in memory', async () => {
    const id = (await h.call('connections:list'))[0].id;
    const counts = meter.counts(id);
    expect(counts.total).toBe(seen.filter((c) => c.connectionId === id).length);
    expect(counts.byFeature.sync).toBe(seen.filter((c) => c.connectionId === id && c.feature === 'sync').length);
    expect(meter.counts(null).byFeature).toEqual({ auth: 2 });
  });
});

describe('REQUEST_LIMIT_EXCEEDED: at most one request per backoff step', () => {
  let h: Harness;
  let connectionId: string;
  const clock = { t: Date.now() };
  const meter = createApiMeter({ now: () => clock.t });
  const seen: ApiCallRecord[] = [];
  meter.subscribe((call) => seen.push(call));
  const OBJECTS = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case'] as const;

  beforeAll(async () => {
    h = await createHarness({ scale: 3, core: { meter } });
    connectionId = await h.loginDemo();
  });
  afterAll(() => h.close());

  const received = () => h.emulator().requestsReceived();
  /** Describes of the five objects at once: each is a live request unless the backoff holds it back. */
  const attempt = () => Promise.all(OBJECTS.map((object) => h.raw('describe:form', { object })));

  it('backs off 30 s, 1 min, 2 min; one trial per step; a success ends it', async () => {
    h.emulator().faults.exhaustApiLimit();
    let before = received();
    const first = await h.raw('describe:form', { object: 'Contact' });
    expect(first).toMatchObject({ ok: false, error: { code: 'API_LIMIT', message: expect.stringMatching(/^Your org has used its daily API allowance/) } });
    expect(received() - before).toBe(1);
    expect(seen.at(-1)).toMatchObject({ status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', feature: 'describe', limitInfo: { used: 15_000, max: 15_000 } });
    expect(meter.limitState(connectionId)).toMatchObject({ step: 1, blockedUntil: clock.t + 30_000, lastLimitInfo: { used: 15_000, max: 15_000 } });

    // During the step: nothing is sent, every attempt fails at once with the backoff's own words.
    before = received();
    for (let i = 0; i < 3; i++) {
      for (const r of await attempt())
        expect(r).toMatchObject({ ok: false, error: { code: 'API_LIMIT', message: expect.stringMatching(/waiting about 30 seconds/) } });
    }
    clock.t += 29_999;
    for (const r of await attempt()) expect(r).toMatchObject({ ok: false, error: { code: 'API_LIMIT' } });
    expect(received() - before).toBe(0);

    // Each step's end lets exactly one request try; it meets the limit again and the next step is twice as long.
    for (const [step, wait] of [
      [2, 30_000],
      [3, 60_000],
    ] as const) {
      clock.t += step === 2 ? 1 : wait;
      before = received();
      for (const r of await attempt()) expect(r).toMatchObject({ ok: false, error: { code: 'API_LIMIT' } });
      expect(received() - before).toBe(1);
      expect(meter.limitState(connectionId)).toMatchObject({ step, blockedUntil: clock.t + (step === 2 ? 60_000 : 120_000) });
      for (const r of await attempt()) expect(r).toMatchObject({ ok: false });
      expect(received() - before).toBe(1);
    }

    // The org's allowance frees up; after the step the one trial succeeds and the backoff ends.
    h.emulator().faults.reset();
    clock.t += 120_000;
    before = received();
    const results = await attempt();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(received() - before).toBe(1);
    expect(meter.limitState(connectionId)).toMatchObject({ step: 0, blockedUntil: null, trialInFlight: false });
    const again = await attempt();
    expect(again.every((r) => r.ok)).toBe(true);
  });
});
