/**
 * The whole login flow of the app core against the emulator, through jsforce: authorize (auto-
 * approved, or through the real login and consent pages), callback, token exchange, identity,
 * storage; plus long-poll, replay, cancel, loopback listener and the Demo org moving ports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../src/emulator';
import { createHarness, type Harness } from './core-harness';

let harnesses: Harness[] = [];
async function harness(...args: Parameters<typeof createHarness>) {
  const h = await createHarness(...args);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.reverse()) await h.close();
  harnesses = [];
});

const TOKEN_LIKE = /00D[A-Za-z0-9]{12,15}!|5Aep|access_token|refresh_token/;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Follows the emulator's real login and consent pages like a person would. */
async function loginThroughPages(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<string> {
  const origin = new URL(authorizeUrl).origin;
  const loginPage = await (await fetch(authorizeUrl)).text();
  const pending = /name="pending" value="([^"]+)"/.exec(loginPage)?.[1];
  expect(pending).toBeTruthy();
  const consentPage = await (
    await fetch(`${origin}/services/oauth2/authorize/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ pending: pending!, username: DEMO_USERNAME, pw: DEMO_PASSWORD }).toString(),
    })
  ).text();
  const consentId = /name="pending" value="([^"]+)"/.exec(consentPage)?.[1];
  expect(consentId).toBeTruthy();
  const answer = await fetch(`${origin}/services/oauth2/authorize/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ pending: consentId!, decision }).toString(),
  });
  expect(answer.status).toBe(302);
  return answer.headers.get('location')!;
}

describe('login to the Demo org', () => {
  it('connects through authorize → callback → token exchange, and stores an identity without tokens', async () => {
    const h = await harness();
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(pending.openedInSystemBrowser).toBe(false); // browser mode: the renderer opens it
    const authorize = new URL(pending.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:45999/oauth/callback');

    const id = await h.loginDemo();
    const list = await h.call('connections:list');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id,
      environment: 'demo',
      instanceUrl: h.emulator().url,
      loginUrl: h.emulator().url,
      orgId: h.emulator().orgId,
      userId: h.emulator().demoUserId,
      username: DEMO_USERNAME,
      status: 'connected',
      active: true,
      tokenStorage: 'encrypted',
    });
    expect(list[0].displayName).not.toBe('');
    expect(JSON.stringify(list)).not.toMatch(TOKEN_LIKE);
    expect(h.tokenRequests.authorization_code).toBe(1); // the first, abandoned login was never exchanged
  });

  it('long-poll resolves as soon as the callback arrives', async () => {
    const h = await harness();
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 10 })).toEqual({ status: 'pending' });
    const waiting = h.call('connections:await-login', { loginId: pending.loginId, waitMs: 20_000 });
    const location = (await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    const started = Date.now();
    expect((await h.core.completeLogin(location)).ok).toBe(true);
    const status = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(status.status).toBe('completed');
    expect(status.connection?.username).toBe(DEMO_USERNAME);
  });

  it('a replayed callback is refused and changes nothing; re-login updates the same connection', async () => {
    const h = await harness();
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    const location = (await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect((await h.core.completeLogin(location)).ok).toBe(true);
    const replay = await h.core.completeLogin(location);
    expect(replay.ok).toBe(false);
    expect(h.tokenRequests.authorization_code).toBe(1);

    const firstId = (await h.call('connections:list'))[0].id;
    const relogin = await h.call('connections:start-login', { environment: 'demo', connectionId: firstId });
    expect(new URL(relogin.authorizeUrl).searchParams.get('prompt')).toBe('login');
    const again = (await fetch(relogin.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect((await h.core.completeLogin(again)).ok).toBe(true);
    const list = await h.call('connections:list');
    expect(list.map((c) => c.id)).toEqual([firstId]);
  });

  it('a cancelled login cannot be completed', async () => {
    const h = await harness();
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(await h.call('connections:cancel-login', { loginId: pending.loginId })).toEqual({ cancelled: true });
    expect(await h.call('connections:cancel-login', { loginId: pending.loginId })).toEqual({ cancelled: false });
    const location = (await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect((await h.core.completeLogin(location)).ok).toBe(false);
    expect(await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 0 })).toMatchObject({ status: 'cancelled' });
    expect(await h.call('connections:list')).toEqual([]);
    expect(h.tokenRequests.authorization_code).toBe(0);
  });

  it('through the real login and consent pages; a denial is reported in plain words', async () => {
    const h = await harness({ emulator: { autoApprove: false } });
    const denied = await h.call('connections:start-login', { environment: 'demo' });
    const deniedPage = await h.core.completeLogin(await loginThroughPages(denied.authorizeUrl, 'deny'));
    expect(deniedPage.ok).toBe(false);
    expect(await h.call('connections:await-login', { loginId: denied.loginId, waitMs: 0 })).toEqual({
      status: 'failed',
      error: 'The login was cancelled, or access was not allowed. You can try again.',
    });

    const allowed = await h.call('connections:start-login', { environment: 'demo' });
    const page = await h.core.completeLogin(await loginThroughPages(allowed.authorizeUrl, 'allow'));
    expect(page).toMatchObject({ ok: true, title: "You're connected" });
    expect((await h.call('connections:list'))[0].username).toBe(DEMO_USERNAME);
  });

  it('desktop without a registered deep link: the loopback listener receives the callback, then closes', async () => {
    const port = await freePort();
    const h = await harness({ callback: { kind: 'desktop', deepLinkRegistered: false }, settings: { 'salesforce.loopbackPort': port } });
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(new URL(pending.authorizeUrl).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    const location = (await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect(location.startsWith(`http://127.0.0.1:${port}/oauth/callback?`)).toBe(true);
    const page = await fetch(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('connected');
    expect((await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 5_000 })).status).toBe('completed');
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(location)).rejects.toThrow(); // listener gone: connection refused
  });

  it('desktop with the deep link: opens the system browser and finishes from the com.atomforsalesforce.app: callback', async () => {
    const opened: Array<[string, unknown]> = [];
    const h = await harness({
      callback: { kind: 'desktop', deepLinkRegistered: true },
      openExternal: async (url, context) => void opened.push([url, context]),
    });
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(pending.openedInSystemBrowser).toBe(true);
    // The opener is told this is the Demo org, and its origin: the only http page it may open.
    expect(opened).toEqual([[pending.authorizeUrl, { demoOrigin: new URL(pending.authorizeUrl).origin }]]);
    const location = (await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect(location.startsWith('com.atomforsalesforce.app:/oauth/callback?')).toBe(true);
    // The same code delivered to another redirect (e.g. the loopback path) is refused.
    const wrongDoor = location.replace('com.atomforsalesforce.app:/oauth/callback', 'http://127.0.0.1:45999/oauth/callback');
    expect((await h.core.completeLogin(wrongDoor)).ok).toBe(false);
    expect(await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 0 })).toMatchObject({ status: 'failed' });
    expect(h.tokenRequests.authorization_code).toBe(0);

    const second = await h.call('connections:start-login', { environment: 'demo' });
    const deepLink = (await fetch(second.authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect((await h.core.completeLogin(deepLink)).ok).toBe(true);
    expect((await h.call('connections:list'))[0].status).toBe('connected');
  });

  it('if the system browser cannot be opened, the renderer gets the link to show', async () => {
    const h = await harness({
      callback: { kind: 'desktop', deepLinkRegistered: true },
      openExternal: async () => {
        throw new Error('no browser');
      },
    });
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    expect(pending.openedInSystemBrowser).toBe(false);
    expect(pending.authorizeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/authorize\?/);
  });

  it('follows the Demo org to its new port after a restart, keeping the session', async () => {
    const first = await harness({ keepDataDir: true });
    const id = await first.loginDemo();
    const oldUrl = first.emulator().url;
    await first.close();
    harnesses = harnesses.filter((x) => x !== first);

    const second = await harness({ dataDir: first.dataDir });
    // The first call to the org after the restart (nothing was described before it).
    const form = await second.call('describe:form', { object: 'Contact' });
    expect(form.source).toBe('org');
    expect(form.fields.length).toBeGreaterThan(0);
    const [connection] = await second.call('connections:list');
    expect(connection.id).toBe(id);
    expect(connection.instanceUrl).toBe(second.emulator().url);
    expect(connection.instanceUrl).not.toBe(oldUrl);
    // The old emulator's access token died with it; the stored refresh token got a new one.
    expect(second.tokenRequests.refresh_token).toBe(1);
  });
});
