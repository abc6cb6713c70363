/**
 * The API budget guard against the emulator, with the org really near (or at) its daily API
 * allowance: scheduled syncs slow down as usage rises, send nothing while the guard pauses
 * background work, a sync the user starts still runs and carries the guard's warning, and the
 * schedule resumes once the allowance is free again.
 *
 * The org's usage is driven the way it happens in real life: another integration (its own
 * token, from the web-server flow) spends calls; the emulator's /__emulator/reset frees the allowance.
 * The scheduler's setInterval is faked, so the test moves the schedule on by minutes at will.
 *
 * The app reads the org's figure from its own metered calls (`reportOrgUsage`: one "Check org
 * limits"), as it does in use; nothing is fed to the guard by hand.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../src/emulator';
import { openDatabase } from '../../src/main/core/storage/database';
import { createUsageStore } from '../../src/main/core/usage/usage-store';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness | undefined;
let stopWatching: (() => void) | undefined;
afterEach(async () => {
  stopWatching?.();
  stopWatching = undefined;
  await h?.close();
  h = undefined;
  vi.useRealTimers();
});

const API_LIMIT = 200;
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Another integration of the same org: its own token, spending the org's calls on /limits. It logs
 * in with the web-server flow (the harness's Demo org approves at once), since the Demo org refuses
 * the username-password grant.
 */
async function otherIntegration(emulator: RunningEmulator) {
  const redirectUri = 'http://127.0.0.1:17999/other-integration/callback';
  const authorize = await fetch(
    `${emulator.url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: emulator.consumerKey, redirect_uri: redirectUri })}`,
    { redirect: 'manual' },
  );
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code');
  if (authorize.status !== 302 || !code) throw new Error(`authorize answered ${authorize.status} without a code`);
  const response = await fetch(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: emulator.consumerKey, redirect_uri: redirectUri }),
  });
  const { access_token: token } = (await response.json()) as { access_token: string };
  if (!token) throw new Error(`the token endpoint answered ${response.status} without a token`);
  return {
    token,
    /** Spends calls until the org's counter reaches `used`. */
    async spendUntil(used: number) {
      while ((await orgUsage(emulator)).used < used) {
        const answer = await fetch(`${emulator.url}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${token}` } });
        await answer.arrayBuffer();
        if (!answer.ok) throw new Error(`limits answered ${answer.status}`);
      }
    },
  };
}

async function orgUsage(emulator: RunningEmulator): Promise<{ used: number; limit: number }> {
  const health = (await (await fetch(`${emulator.url}/__emulator/health`)).json()) as { apiUsage: { used: number; limit: number } };
  return health.apiUsage;
}

async function admin(emulator: RunningEmulator, route: 'reset' | 'exhaust-limit') {
  const answer = await fetch(`${emulator.url}/__emulator/${route}`, { method: 'POST' });
  expect(answer.status).toBe(200);
}

/**
 * The app learns the org's figure the way it does in use: from the Sforce-Limit-Info header of one of
 * its own calls (here the Health panel's "Check org limits", through the gate and the metered path).
 */
async function reportOrgUsage(harness: Harness) {
  const result = await harness.core.invoke('health:limits', {}, { trusted: true });
  expect(result.ok).toBe(true);
  // The guard announces changes after a short debounce; the scheduler re-arms on that announcement.
  await sleep(800);
}

/** Counts data-API requests reaching the emulator (it runs in this process), except the other integration's. */
function watchAppRequests(otherToken: string) {
  const seen = { count: 0 };
  const listener = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.startsWith('/services/data/') && request.headers.authorization !== `Bearer ${otherToken}`) seen.count++;
  };
  subscribe('http.server.request.start', listener);
  stopWatching = () => unsubscribe('http.server.request.start', listener);
  return seen;
}

/** Moves the scheduler's clock on and waits for a sync it started (if any) to end. */
async function minutesPass(harness: Harness, minutes: number) {
  vi.advanceTimersByTime(minutes * MINUTE);
  for (;;) {
    const status = await harness.call('sync:status');
    if (!status.running) return status;
    await sleep(20);
  }
}

async function connectedAndSynced(options: { intervalMinutes: number }) {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  h = await createHarness({
    scale: 5,
    emulator: { apiLimit: API_LIMIT },
    // A 100% share: here the org's own figure decides (the app's calls stay a small part of it).
    settings: { sync: { scope: 'all', intervalMinutes: options.intervalMinutes }, 'usage.apiSharePercent': 100 },
  });
  const connectionId = await h.loginDemo();
  expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
  const other = await otherIntegration(h.emulator());
  return { harness: h, connectionId, other, requests: watchAppRequests(other.token) };
}

describe('API budget guard and the sync schedule', () => {
  it('slows, then pauses scheduled syncs as the org nears its allowance; user syncs run with a warning; the schedule resumes after a reset', async () => {
    const { harness, connectionId, other, requests } = await connectedAndSynced({ intervalMinutes: 5 });
    const guard = harness.core.apiUsage.guard;

    // Plenty left: a scheduled sync every 5 minutes (an incremental check with no change is one call).
    await reportOrgUsage(harness);
    expect(guard.snapshot(connectionId).guard).toEqual({ level: 'ok', reason: null, syncIntervalMinutes: 5 });
    let before = requests.count;
    expect((await minutesPass(harness, 5)).lastRun).toMatchObject({ outcome: 'ok' });
    expect(requests.count).toBe(before + 1);

    // 60% used: every 10 minutes.
    await other.spendUntil(API_LIMIT * 0.6);
    await reportOrgUsage(harness);
    expect(guard.snapshot(connectionId).guard).toMatchObject({ level: 'slowed', syncIntervalMinutes: 10 });
    before = requests.count;
    await minutesPass(harness, 5);
    expect(requests.count).toBe(before);
    await minutesPass(harness, 5);
    expect(requests.count).toBe(before + 1);

    // 93% used: background work is paused; an hour of ticks sends nothing.
    await other.spendUntil(Math.ceil(API_LIMIT * 0.93));
    await reportOrgUsage(harness);
    const paused = guard.snapshot(connectionId).guard;
    expect(paused.level).toBe('paused');
    expect(paused.reason).toMatch(
      /^Your org has used 9\d% of its daily API allowance; Atom has paused background syncs until usage falls\. Syncs you start still run\.$/,
    );
    expect(guard.allowBackground(connectionId)).toBe(false);
    before = requests.count;
    const held = await minutesPass(harness, 60);
    expect(requests.count).toBe(before);
    expect(held.guardWarning).toBe(paused.reason);
    expect(held.scheduleHeld).toMatchObject({ reason: paused.reason });

    // The user's own sync still runs, and says why the schedule is held.
    const started = await harness.call('sync:start');
    expect(started.started).toBe(true);
    expect(started.status.guardWarning).toBe(paused.reason);
    const userRun = await syncAndWait(harness);
    expect(userRun.lastRun).toMatchObject({ outcome: 'ok' });
    expect(requests.count).toBeGreaterThan(before);

    // The allowance frees up: the next answer says so and the 5-minute schedule is back.
    await admin(harness.emulator(), 'reset');
    await reportOrgUsage(harness);
    expect(guard.snapshot(connectionId).guard).toEqual({ level: 'ok', reason: null, syncIntervalMinutes: 5 });
    before = requests.count;
    const resumed = await minutesPass(harness, 5);
    expect(requests.count).toBe(before + 1);
    expect(resumed).toMatchObject({ guardWarning: null, scheduleHeld: null, lastRun: { outcome: 'ok' } });
  });

  it('at the limit: Salesforce refuses, the guard blocks, scheduled syncs send nothing, and a sync the user starts is answered at once', async () => {
    const { harness, connectionId, requests } = await connectedAndSynced({ intervalMinutes: 5 });
    await admin(harness.emulator(), 'exhaust-limit');
    // The app's next call is refused with 403 REQUEST_LIMIT_EXCEEDED: the metered path starts backing off.
    await reportOrgUsage(harness);
    const snapshot = harness.core.apiUsage.guard.snapshot(connectionId);
    expect(snapshot.org).toMatchObject({ used: API_LIMIT, max: API_LIMIT });
    expect(snapshot.guard.level).toBe('blocked');
    expect(snapshot.guard.reason).toMatch(/allowance/);

    const before = requests.count;
    const held = await minutesPass(harness, 60);
    expect(requests.count).toBe(before);
    expect(held.guardWarning).toBeTruthy();

    // What the user starts still runs, with the warning; during the backoff step the metered path
    // answers it without sending (Salesforce would refuse it), in words that say what to do.
    const started = await harness.call('sync:start');
    expect(started.status.guardWarning).toBeTruthy();
    const refused = await syncAndWait(harness);
    expect(requests.count).toBe(before);
    expect(refused.lastRun).toMatchObject({ outcome: 'failed' });
    expect(refused.lastRun?.error).toMatch(/API allowance/);
  });

  it('a normal close writes what was recorded; the next start knows the org is near its limit', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    h = await createHarness({ scale: 5, keepDataDir: true, emulator: { apiLimit: API_LIMIT }, settings: { sync: { scope: 'all', intervalMinutes: 5 } } });
    const connectionId = await h.loginDemo();
    await admin(h.emulator(), 'exhaust-limit');
    await reportOrgUsage(h);
    const dataDir = h.dataDir;
    // The store's flush timer never fired (faked): only close can have written the figures.
    await h.close();
    h = undefined;
    const db = openDatabase(dataDir);
    try {
      const store = createUsageStore({ db, flushIntervalMs: 0 });
      expect(store.orgFigures(connectionId)).toMatchObject({ used: API_LIMIT, max: API_LIMIT });
      expect(store.today(connectionId).byFeature.health).toBeGreaterThanOrEqual(1);
      store.close();
    } finally {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
