/**
 * Sessions against the emulator through jsforce: refresh after expiry, the single-flight refresh
 * under 20 concurrent calls, rotation, invalid_grant → needs-login, revoke on disconnect, API
 * limit, and no token in any result or log line.
 *
 * The calls that must reach the org: `describe:form` of an object not described yet on that
 * connection (afterwards it is cached, so each test uses each object at most once; `source: 'org'`
 * proves the answer came from the org), a write through `records:create` (sent at once when online:
 * `state: 'saved'`), and a campaign's live member counts from `records:get`.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/emulator';
import { createFileKeyCipher } from '../../src/main/core/auth/token-cipher';
import { refreshTokenContext } from '../../src/main/core/auth/token-vault';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let current: Harness | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function connected(options: Parameters<typeof createHarness>[0] = {}) {
  current = await createHarness(options);
  const id = await current.loginDemo();
  return { h: current, id };
}

/** Reads a connection's stored refresh token the way only the app could: decrypting its blob. */
async function storedRefreshToken(h: Harness, id: string): Promise<string> {
  const db = new Database(join(h.dataDir, 'atom.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT refresh_token_enc AS blob FROM connections WHERE id = ?').get(id) as { blob: Buffer };
    return createFileKeyCipher(h.dataDir).decrypt(row.blob, refreshTokenContext(id));
  } finally {
    db.close();
  }
}

/** The emulator's real login and consent pages, as a person would use them. */
async function loginThroughPages(authorizeUrl: string, username: string): Promise<string> {
  const origin = new URL(authorizeUrl).origin;
  const form = (body: Record<string, string>) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(body).toString(),
  });
  const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)![1];
  const login = await (await fetch(authorizeUrl)).text();
  const consent = await (await fetch(`${origin}/services/oauth2/authorize/login`, form({ pending: pendingOf(login), username, pw: DEMO_PASSWORD }))).text();
  const answer = await fetch(`${origin}/services/oauth2/authorize/consent`, form({ pending: pendingOf(consent), decision: 'allow' }));
  return answer.headers.get('location')!;
}

/** The form of an object this connection has not described yet: a call to the org. */
const describeLive = (h: Harness, object: 'Account' | 'Contact' | 'Opportunity' | 'Lead' | 'Case' | 'Campaign') => h.raw('describe:form', { object });

async function refreshGrantAt(h: Harness, refreshToken: string) {
  const res = await fetch(`${h.emulator().url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: h.emulator().consumerKey }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('sessions', () => {
  it('refreshes transparently after the access token expires', async () => {
    const { h } = await connected();
    expect((await h.call('describe:form', { object: 'Account' })).source).toBe('org');
    expect(h.tokenRequests.refresh_token).toBe(0);
    h.emulator().faults.expireAllAccessTokens();
    const form = await h.call('describe:form', { object: 'Contact' });
    expect(form).toMatchObject({ object: 'Contact', source: 'org' });
    expect(form.fields.map((f) => f.name)).toContain('LastName');
    expect(h.tokenRequests.refresh_token).toBe(1);
    // A write after the next expiry: refreshed again, and in the org at once.
    h.emulator().faults.expireAllAccessTokens();
    const saved = await h.call('records:create', { object: 'Contact', values: { LastName: 'After Expiry' } });
    expect(saved.state).toBe('saved');
    expect(h.emulator().store.db.prepare(`SELECT "LastName" FROM "Contact" WHERE "Id" = ?`).get(saved.recordId)).toEqual({ LastName: 'After Expiry' });
    expect(h.tokenRequests.refresh_token).toBe(2);
  });

  it('20 concurrent calls on an expired token make exactly one refresh request', async () => {
    const { h } = await connected();
    await syncAndWait(h); // session open, campaigns cached (their member counts are read live)
    const campaigns = (await h.call('records:list', { object: 'Campaign', limit: 50 })).rows.map((r) => r.Id);
    expect(campaigns.length).toBeGreaterThan(0);
    expect(h.tokenRequests.refresh_token).toBe(0);
    h.emulator().faults.expireAllAccessTokens();
    const objects = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign'] as const;
    // 6 describes + 14 member counts: 20 requests to the org, all sent on the expired token.
    const [forms, details] = await Promise.all([
      Promise.all(objects.map((object) => h.call('describe:form', { object }))),
      Promise.all(Array.from({ length: 14 }, (_, i) => h.call('records:get', { object: 'Campaign', id: campaigns[i % campaigns.length] }))),
    ]);
    expect(forms.map((f) => f.source)).toEqual(objects.map(() => 'org'));
    expect(details.map((d) => d.related.campaignMembers?.state)).toEqual(details.map(() => 'live'));
    expect(h.tokenRequests.refresh_token).toBe(1);
  });

  it('with refresh-token rotation, the rotated token is the one stored and the old one is dead', async () => {
    const { h, id } = await connected({ emulator: { rotateRefreshTokens: true } });
    const before = await storedRefreshToken(h, id);
    h.emulator().faults.expireAllAccessTokens();
    expect((await h.call('describe:form', { object: 'Account' })).source).toBe('org');
    const after = await storedRefreshToken(h, id);
    expect(after).not.toBe(before);
    expect((await refreshGrantAt(h, before)).body.error).toBe('invalid_grant');
    // the stored one keeps working on the next expiry
    h.emulator().faults.expireAllAccessTokens();
    expect(await describeLive(h, 'Contact')).toMatchObject({ ok: true, data: { source: 'org' } });
    expect(h.tokenRequests.refresh_token).toBe(2);
  });

  it('invalid_grant: SESSION_EXPIRED, the connection needs a login, nothing else is lost, and a new login restores it', async () => {
    const { h, id } = await connected();
    await h.call('settings:update', { clientId: '3MVG9.kept-setting' });
    const refreshToken = await storedRefreshToken(h, id);
    // Revoked behind the app's back (an admin, or the 90-day idle limit).
    const revoke = await fetch(`${h.emulator().url}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken }).toString(),
    });
    expect(revoke.status).toBe(200);
    h.emulator().faults.expireAllAccessTokens();

    const r = await describeLive(h, 'Account');
    expect(r).toEqual({ ok: false, error: { code: 'SESSION_EXPIRED', message: 'Your Salesforce session has ended. Log in again to continue.' } });
    expect(h.tokenRequests.refresh_token).toBe(1); // one attempt, no loop
    const [connection] = await h.call('connections:list');
    expect(connection).toMatchObject({ id, status: 'needs-login', active: true });
    expect((await h.call('settings:get')).clientId).toBe('3MVG9.kept-setting');
    // Further calls fail fast without hammering Salesforce.
    expect(await describeLive(h, 'Contact')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(h.tokenRequests.refresh_token).toBe(1);

    expect(await h.loginDemo()).toBe(id);
    expect((await h.call('connections:list'))[0].status).toBe('connected');
    expect(await describeLive(h, 'Opportunity')).toMatchObject({ ok: true, data: { source: 'org' } });
  });

  it('disconnect revokes the refresh token at the org, then forgets the connection', async () => {
    const { h, id } = await connected();
    const refreshToken = await storedRefreshToken(h, id);
    expect(await h.call('connections:disconnect', { connectionId: id })).toEqual({ revoked: true, localDataRemoved: true, discardedChanges: 0 });
    expect(h.revokeRequests).toBe(1);
    expect((await refreshGrantAt(h, refreshToken)).body.error).toBe('invalid_grant');
    expect(await h.call('connections:list')).toEqual([]);
    expect(await describeLive(h, 'Contact')).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await h.raw('records:create', { object: 'Contact', values: { LastName: 'Nobody' } })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });

  it('several orgs/users: exactly one active; disconnecting the active one promotes the next', async () => {
    current = await createHarness({ emulator: { autoApprove: false } });
    const h = current;
    const loginAs = async (username: string) => {
      const pending = await h.call('connections:start-login', { environment: 'demo' });
      const location = await loginThroughPages(pending.authorizeUrl, username);
      expect((await h.core.completeLogin(location)).ok).toBe(true);
      return (await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 0 })).connection!.id;
    };
    const first = await loginAs('demo@atom-demo.example');
    const other = h
      .emulator()
      .store.db.prepare(`SELECT "Username" AS u FROM "User" WHERE "IsActive" = 1 AND "IsDeleted" = 0 AND "Id" <> ? ORDER BY "Id" LIMIT 1`)
      .get(h.emulator().demoUserId) as { u: string };
    const second = await loginAs(other.u);
    expect(second).not.toBe(first);

    const active = (list: { id: string; active: boolean }[]) => list.filter((c) => c.active).map((c) => c.id);
    let list = await h.call('connections:list');
    expect(list).toHaveLength(2);
    expect(active(list)).toEqual([second]); // the org just logged in to
    expect(list[0].id).toBe(second); // active first
    expect((await h.call('connections:activate', { connectionId: first })).active).toBe(true);
    list = await h.call('connections:list');
    expect(active(list)).toEqual([first]);
    expect(list.map((c) => c.id)).toEqual([first, second]);

    expect(await h.call('connections:disconnect', { connectionId: first })).toEqual({ revoked: true, localDataRemoved: true, discardedChanges: 0 });
    list = await h.call('connections:list');
    expect(list.map((c) => [c.id, c.active])).toEqual([[second, true]]);
    expect(await describeLive(h, 'Contact')).toMatchObject({ ok: true, data: { source: 'org' } });
    expect(await h.raw('connections:activate', { connectionId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a spent API allowance is reported as API_LIMIT in plain words', async () => {
    const { h } = await connected();
    h.emulator().faults.exhaustApiLimit();
    const r = await describeLive(h, 'Contact');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('API_LIMIT');
    expect(!r.ok && r.error.message).toMatch(/^Your org has used its daily API allowance/);
  });

  it('no result and no log line ever carries a token', async () => {
    const { h, id } = await connected();
    const results: unknown[] = [];
    results.push(await h.raw('connections:list'));
    results.push(await describeLive(h, 'Contact'));
    h.emulator().faults.expireAllAccessTokens();
    results.push(await describeLive(h, 'Account'));
    results.push(await h.raw('records:create', { object: 'Contact', values: { LastName: 'Tokenless' } }));
    results.push(await h.raw('settings:get'));
    const pending = await h.call('connections:start-login', { environment: 'demo' });
    results.push(await h.core.completeLogin((await fetch(pending.authorizeUrl, { redirect: 'manual' })).headers.get('location')!));
    results.push(await h.raw('connections:await-login', { loginId: pending.loginId, waitMs: 0 }));
    results.push(await h.raw('connections:disconnect', { connectionId: id }));
    const everything = JSON.stringify(results) + h.logs.join('\n');
    expect(everything).not.toMatch(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{10,}/);
    expect(everything).not.toMatch(/"(?:access_token|refresh_token)"\s*:/);
    expect(everything).not.toMatch(/[?&]code=[^&\s"[]/);
  });
});
