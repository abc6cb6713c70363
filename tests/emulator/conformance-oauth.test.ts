/**
 * OAuth 2.0 conformance, driven through jsforce and the login/consent pages: web-server flow with
 * PKCE, redirect rules, token endpoint grants and errors, refresh, revoke, userinfo, identity.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_REDIRECT_URI } from '../../src/shared/app-identity';
import {
  authorizeThroughPages,
  createOAuth2,
  dataPath,
  loginWithPkce,
  pendingIdFrom,
  rawRequest,
  startTestEmulator,
  TEST_REDIRECT_URI,
  type RunningEmulator,
} from './helpers';

const ACCESS_TOKEN_PATTERN = /^(00D\w{12,15})![.\w]*$/;

let emu: RunningEmulator;
/** A controllable wall clock for code and token lifetimes. */
let clockOffsetMs = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 5, clock: () => Date.now() + clockOffsetMs });
});
afterAll(async () => {
  await emu?.close();
});

function authorizeUrl(params: Record<string, string>): string {
  return `${emu.url}/services/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

function tokenRequest(params: Record<string, string>) {
  return rawRequest(emu, 'POST', '/services/oauth2/token', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A code issued through the pages for the given PKCE challenge (or none). */
async function issueCode(opts: { challenge?: string; redirectUri?: string } = {}): Promise<string> {
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: emu.consumerKey,
    redirect_uri: opts.redirectUri ?? TEST_REDIRECT_URI,
    state: 'st',
  };
  if (opts.challenge) params.code_challenge = opts.challenge;
  const redirect = await authorizeThroughPages(emu, authorizeUrl(params));
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code: ${redirect}`);
  return code;
}

describe('web-server flow with PKCE through the login and consent pages', () => {
  it('logs jsforce in and returns Salesforce-shaped tokens', async () => {
    const oauth2 = createOAuth2(emu);
    expect(oauth2.codeVerifier?.length).toBeGreaterThan(128); // jsforce's verifier exceeds RFC 7636's 128
    const authUrl = oauth2.getAuthorizationUrl({ state: 'xyz-123', scope: 'api refresh_token web' });
    expect(new URL(authUrl).searchParams.get('code_challenge_method')).toBeNull();

    const page = await fetch(authUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/services/oauth2/authorize/login"');
    expect(html).toContain('name="pw"');

    const redirect = await authorizeThroughPages(emu, authUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('xyz-123');
    const code = redirect.searchParams.get('code');
    expect(code).toBeTruthy();

    const conn = new jsforce.Connection({ oauth2, version: '62.0' });
    const userInfo = await conn.authorize(code!);
    expect(userInfo.id).toBe(emu.demoUserId);
    expect(userInfo.organizationId).toBe(emu.orgId);
    expect(conn.instanceUrl).toBe(emu.url);
    expect(conn.accessToken).toMatch(ACCESS_TOKEN_PATTERN);
    expect(conn.accessToken!.split('!')[0]).toBe(emu.orgId);
    expect(conn.refreshToken).toBeTruthy();
    const result = await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
    expect(result.records).toHaveLength(1);
  });

  it('answers the token request with every field Salesforce sends', async () => {
    const verifier = randomBytes(96).toString('base64url');
    const code = await issueCode({ challenge: challengeFor(verifier) });
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      client_id: emu.consumerKey,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.json();
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    expect(body.access_token).toMatch(ACCESS_TOKEN_PATTERN);
    expect(body.instance_url).toBe(emu.url);
    expect(body.id).toBe(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}`);
    expect(body.token_type).toBe('Bearer');
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(body.scope.split(' ').sort()).toEqual(['api', 'refresh_token', 'web']);
    const expectedSignature = (await import('node:crypto'))
      .createHmac('sha256', emu.consumerSecret)
      .update(body.id + body.issued_at)
      .digest('base64');
    expect(body.signature).toBe(expectedSignature);
  });

  it('shows a Salesforce-like error on the page for a wrong password, and lets the user retry', async () => {
    const page = await fetch(authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI }));
    const pending = pendingIdFrom(await page.text());
    const post = (pw: string) =>
      fetch(`${emu.url}/services/oauth2/authorize/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: emu.url },
        body: new URLSearchParams({ pending, username: emu.username, pw }).toString(),
      });
    const wrong = await post('not-the-password');
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('location')).toBeNull();
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Please check your username and password.');
    expect(wrongHtml).toContain(`value="${emu.username}"`);
    const right = await post(emu.password);
    expect(await right.text()).toContain('Allow Access?');
  });

  it('accepts any generated user with the demo password', async () => {
    const other = emu.store.db.prepare('SELECT "Username" AS u FROM "User" WHERE "IsActive" = 1 AND "Id" <> ? LIMIT 1').get(emu.demoUserId) as { u: string };
    const { conn } = await loginWithPkce(emu, { username: other.u.toUpperCase() });
    const identity = await conn.identity();
    expect(identity.username).toBe(other.u);
    expect(identity.user_id).not.toBe(emu.demoUserId);
  });

  it('redirects access_denied with state when the user denies', async () => {
    const redirect = await authorizeThroughPages(
      emu,
      authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI, state: 's1' }),
      { decision: 'deny' },
    );
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toBe('end-user denied authorization');
    expect(redirect.searchParams.get('state')).toBe('s1');
    expect(redirect.searchParams.get('code')).toBeNull();
  });

  it('redirects to the app deep link and to localhost callbacks', async () => {
    const deep = await authorizeThroughPages(
      emu,
      authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: DEEP_LINK_REDIRECT_URI, state: 'd' }),
    );
    expect(deep.protocol).toBe('com.atomforsalesforce.app:');
    expect(deep.pathname).toBe('/oauth/callback');
    expect(deep.searchParams.get('code')).toBeTruthy();
    const local = await authorizeThroughPages(
      emu,
      authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: 'http://localhost:1717/OauthRedirect' }),
    );
    expect(local.host).toBe('localhost:1717');
    expect(local.searchParams.get('code')).toBeTruthy();
  });

  it('renders an error page (never a redirect) for unregistered callbacks and unknown clients', async () => {
    for (const redirectUri of [
      'https://evil.example/callback',
      'http://127.0.0.1.evil.example/cb',
      'http://user@127.0.0.1:9/cb',
      'com.atomforsalesforce.app:/other',
    ]) {
      const res = await fetch(authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: redirectUri, state: 'x' }), {
        redirect: 'manual',
      });
      expect(res.status, redirectUri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('error=redirect_uri_mismatch');
    }
    const unknown = await fetch(authorizeUrl({ response_type: 'code', client_id: 'nope', redirect_uri: TEST_REDIRECT_URI }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(await unknown.text()).toContain('error=invalid_client_id');
    const missing = await fetch(authorizeUrl({ response_type: 'code', client_id: emu.consumerKey }), { redirect: 'manual' });
    expect(await missing.text()).toContain('error=redirect_uri_missing');
  });

  it('redirects request errors to a registered callback with state', async () => {
    const badType = await fetch(authorizeUrl({ response_type: 'token', client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI, state: 'q' }), {
      redirect: 'manual',
    });
    expect(badType.status).toBe(302);
    const location = new URL(badType.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('q');
    const plain = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: emu.consumerKey,
        redirect_uri: TEST_REDIRECT_URI,
        code_challenge: 'abc',
        code_challenge_method: 'plain',
      }),
      { redirect: 'manual' },
    );
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses cross-origin form posts and stale pending ids', async () => {
    const page = await fetch(authorizeUrl({ response_type: 'code', client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI }));
    const pending = pendingIdFrom(await page.text());
    const crossSite = await fetch(`${emu.url}/services/oauth2/authorize/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: new URLSearchParams({ pending, username: emu.username, pw: emu.password }).toString(),
    });
    expect(crossSite.status).toBe(403);
    const forged = await fetch(`${emu.url}/services/oauth2/authorize/consent`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      // The login-stage id cannot be used to consent.
      body: new URLSearchParams({ pending, decision: 'allow' }).toString(),
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('escapes what it echoes into the page', async () => {
    const res = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: emu.consumerKey,
        redirect_uri: TEST_REDIRECT_URI,
        login_hint: '"><script>alert(1)</script>',
      }),
    );
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('authorization codes', () => {
  it('are single use; a replay also revokes what the first exchange issued', async () => {
    const code = await issueCode();
    const params = { grant_type: 'authorization_code', code, client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI };
    const first = await tokenRequest(params);
    expect(first.status).toBe(200);
    const { access_token: accessToken } = first.json();
    const again = await tokenRequest(params);
    expect(again.status).toBe(400);
    expect(again.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid authorization code' });
    const call = await rawRequest(emu, 'GET', dataPath('/limits'), { token: accessToken });
    expect(call.status).toBe(401);
  });

  it('expire after 15 minutes', async () => {
    const code = await issueCode();
    clockOffsetMs = 15 * 60_000 + 1000;
    try {
      const res = await tokenRequest({ grant_type: 'authorization_code', code, client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI });
      expect(res.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid authorization code' });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('must be exchanged with the same redirect_uri', async () => {
    const code = await issueCode();
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      client_id: emu.consumerKey,
      redirect_uri: 'http://127.0.0.1:9999/other',
    });
    expect(res.status).toBe(400);
    expect(res.json().error).toBe('redirect_uri_mismatch');
  });

  it('check PKCE: wrong verifier → invalid_request, missing verifier → invalid_grant', async () => {
    const verifier = randomBytes(64).toString('base64url');
    const base = { grant_type: 'authorization_code', client_id: emu.consumerKey, redirect_uri: TEST_REDIRECT_URI };
    const wrong = await tokenRequest({ ...base, code: await issueCode({ challenge: challengeFor(verifier) }), code_verifier: 'x'.repeat(50) });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error).toBe('invalid_request');
    const missing = await tokenRequest({ ...base, code: await issueCode({ challenge: challengeFor(verifier) }) });
    expect(missing.status).toBe(400);
    expect(missing.json().error).toBe('invalid_grant');
    const right = await tokenRequest({ ...base, code: await issueCode({ challenge: challengeFor(verifier) }), code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  it('reach jsforce as an error named after the OAuth error', async () => {
    const oauth2 = createOAuth2(emu);
    await expect(oauth2.requestToken('aPrxnot-a-code')).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'invalid authorization code',
    });
  });
});

describe('token endpoint errors', () => {
  it('words each failure as Salesforce does', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ grant_type: 'client_credentials', client_id: emu.consumerKey }, 'unsupported_grant_type', 'grant type not supported'],
      [{ client_id: emu.consumerKey }, 'unsupported_grant_type', 'grant type not supported'],
      [{ grant_type: 'refresh_token', client_id: 'unknown', refresh_token: 'x' }, 'invalid_client_id', 'client identifier invalid'],
      [{ grant_type: 'refresh_token', client_id: emu.consumerKey, client_secret: 'wrong', refresh_token: 'x' }, 'invalid_client', 'invalid client credentials'],
      [{ grant_type: 'refresh_token', client_id: emu.consumerKey, refresh_token: 'x' }, 'invalid_grant', 'expired access/refresh token'],
      [
        { grant_type: 'password', client_id: emu.consumerKey, client_secret: emu.consumerSecret, username: emu.username, password: 'bad' },
        'invalid_grant',
        'authentication failure',
      ],
    ];
    for (const [params, error, description] of cases) {
      const res = await tokenRequest(params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(res.json()).toEqual({ error, error_description: description });
    }
    const get = await rawRequest(emu, 'GET', '/services/oauth2/token?grant_type=password');
    expect(get.status).toBe(400);
    expect(get.json().error).toBe('invalid_request');
  });

  it('refuses the username-password grant by default, even with the right password, as Salesforce does where the flow is blocked', async () => {
    const res = await tokenRequest({
      grant_type: 'password',
      client_id: emu.consumerKey,
      client_secret: emu.consumerSecret,
      username: emu.username,
      password: emu.password,
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: emu.url, clientId: emu.consumerKey, clientSecret: emu.consumerSecret, redirectUri: TEST_REDIRECT_URI },
      version: '62.0',
    });
    await expect(conn.login(emu.username, emu.password)).rejects.toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });
    expect(conn.accessToken).toBeFalsy();
  });

  it('supports the username-password flow through jsforce login() when started with allowPasswordGrant', async () => {
    const allowing = await startTestEmulator({ scale: 1, allowPasswordGrant: true });
    try {
      const oauth2 = { loginUrl: allowing.url, clientId: allowing.consumerKey, clientSecret: allowing.consumerSecret, redirectUri: TEST_REDIRECT_URI };
      const conn = new jsforce.Connection({ oauth2, version: '62.0' });
      const info = await conn.login(allowing.username, allowing.password);
      expect(info.id).toBe(allowing.demoUserId);
      expect(conn.refreshToken).toBeUndefined();
      expect((await conn.query('SELECT Id FROM User LIMIT 1')).totalSize).toBe(1);
      const bad = new jsforce.Connection({ oauth2 });
      await expect(bad.login(allowing.username, 'wrong')).rejects.toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });
      // Salesforce requires the consumer secret on this grant.
      const noSecret = await fetch(`${allowing.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: allowing.consumerKey,
          username: allowing.username,
          password: allowing.password,
        }).toString(),
      });
      expect(await noSecret.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    } finally {
      await allowing.close();
    }
  });
});

describe('refresh tokens', () => {
  it('refresh repeatedly, with id and instance_url on every response and code_verifier tolerated', async () => {
    const { oauth2, refreshToken } = await loginWithPkce(emu);
    expect(oauth2.codeVerifier).toBeTruthy(); // jsforce will send it on the refresh grant too
    for (let i = 0; i < 3; i++) {
      const res = await oauth2.refreshToken(refreshToken);
      expect(res.access_token).toMatch(ACCESS_TOKEN_PATTERN);
      expect(res.id).toBe(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}`);
      expect(res.instance_url).toBe(emu.url);
      expect(res.refresh_token).toBeUndefined();
      const call = await rawRequest(emu, 'GET', dataPath(''), { token: res.access_token });
      expect(call.status).toBe(200);
    }
  });

  it('rotate when the emulator is started with rotateRefreshTokens', async () => {
    const rotating = await startTestEmulator({ scale: 1, rotateRefreshTokens: true });
    try {
      const { oauth2, refreshToken } = await loginWithPkce(rotating);
      const first = await oauth2.refreshToken(refreshToken);
      expect(first.refresh_token).toBeTruthy();
      expect(first.refresh_token).not.toBe(refreshToken);
      await expect(oauth2.refreshToken(refreshToken)).rejects.toMatchObject({ name: 'invalid_grant' });
      const second = await oauth2.refreshToken(first.refresh_token!);
      expect(second.access_token).toMatch(ACCESS_TOKEN_PATTERN);
    } finally {
      await rotating.close();
    }
  });
});

describe('persistence', () => {
  it('keeps refresh tokens (hashed) in a --db org across restarts; access tokens do not survive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-oauth-'));
    const dbFile = join(dir, 'org.sqlite');
    try {
      const first = await startTestEmulator({ scale: 1, dbFile });
      const { refreshToken, accessToken } = await loginWithPkce(first);
      const stored = first.store.db.prepare('SELECT hash FROM "_emulator_refresh_token"').all() as Array<{ hash: string }>;
      expect(stored.map((r) => r.hash)).not.toContain(refreshToken);
      await first.close();
      const second = await startTestEmulator({ scale: 1, dbFile });
      try {
        expect(second.reusedExistingOrg).toBe(true);
        const res = await createOAuth2(second).refreshToken(refreshToken);
        expect(res.instance_url).toBe(second.url);
        expect((await rawRequest(second, 'GET', dataPath('/limits'), { token: res.access_token })).status).toBe(200);
        expect((await rawRequest(second, 'GET', dataPath('/limits'), { token: accessToken })).status).toBe(401);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('access token lifetime', () => {
  it('expires access tokens after accessTokenTtlSeconds; jsforce refreshes and retries', async () => {
    let offset = 0;
    const short = await startTestEmulator({ scale: 1, accessTokenTtlSeconds: 60, clock: () => Date.now() + offset });
    try {
      const { conn, accessToken } = await loginWithPkce(short);
      offset = 61_000;
      const expired = await rawRequest(short, 'GET', dataPath('/limits'), { token: accessToken });
      expect(expired.status).toBe(401);
      const refreshed: string[] = [];
      conn.on('refresh', (token: string) => refreshed.push(token));
      const result = await conn.query('SELECT Id FROM Account LIMIT 1');
      expect(result.totalSize).toBe(1);
      expect(refreshed).toHaveLength(1);
      expect(conn.accessToken).toBe(refreshed[0]);
    } finally {
      await short.close();
    }
  });
});

describe('revoke', () => {
  it('revokes an access token (jsforce logout) and answers 200', async () => {
    const { conn, accessToken, refreshToken } = await loginWithPkce(emu);
    await conn.logout();
    expect((await rawRequest(emu, 'GET', dataPath('/limits'), { token: accessToken })).status).toBe(401);
    // The refresh token survives an access-token revoke.
    const res = await createOAuth2(emu).refreshToken(refreshToken);
    expect(res.access_token).toBeTruthy();
  });

  it('revoking a refresh token (logout(true)) revokes its access tokens too', async () => {
    const { conn, oauth2, accessToken, refreshToken } = await loginWithPkce(emu);
    const refreshed = await oauth2.refreshToken(refreshToken);
    await conn.logout(true);
    for (const token of [accessToken, refreshed.access_token]) {
      const res = await rawRequest(emu, 'GET', dataPath('/limits'), { token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    await expect(oauth2.refreshToken(refreshToken)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    });
  });

  it('accepts GET ?token= and answers 400 invalid_token for unknown tokens', async () => {
    const { accessToken } = await loginWithPkce(emu);
    const ok = await rawRequest(emu, 'GET', `/services/oauth2/revoke?token=${encodeURIComponent(accessToken)}`);
    expect(ok.status).toBe(200);
    const again = await rawRequest(emu, 'POST', '/services/oauth2/revoke', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }).toString(),
    });
    expect(again.status).toBe(400);
    expect(again.json().error).toBe('invalid_token');
  });
});

describe('userinfo and the identity URL', () => {
  it('userinfo carries user_id and organization_id (what the Salesforce CLI needs)', async () => {
    const { accessToken } = await loginWithPkce(emu);
    const res = await rawRequest(emu, 'GET', '/services/oauth2/userinfo', { token: accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = res.json();
    expect(body).toMatchObject({
      sub: `${emu.url}/id/${emu.orgId}/${emu.demoUserId}`,
      user_id: emu.demoUserId,
      organization_id: emu.orgId,
      preferred_username: emu.username,
      active: true,
      user_type: 'STANDARD',
    });
    expect(body.urls.rest).toBe(`${emu.url}/services/data/v{version}/`);
    const user = await rawRequest(emu, 'GET', `/services/data/v51.0/sobjects/User/${body.user_id}`, { token: accessToken });
    expect(user.json().Username).toBe(emu.username);
  });

  it('refuses bad or missing tokens with 403 plain text, as the identity service does', async () => {
    const bad = await rawRequest(emu, 'GET', '/services/oauth2/userinfo', { token: `${emu.orgId}!nope` });
    expect(bad.status).toBe(403);
    expect(bad.text).toBe('Bad_OAuth_Token');
    const missing = await rawRequest(emu, 'GET', '/services/oauth2/userinfo');
    expect(missing.status).toBe(403);
    expect(missing.text).toBe('Missing_OAuth_Token');
  });

  it('jsforce identity() reads the identity URL with oauth_token', async () => {
    const { conn } = await loginWithPkce(emu);
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      id: `${emu.url}/id/${emu.orgId}/${emu.demoUserId}`,
      user_id: emu.demoUserId,
      organization_id: emu.orgId,
      username: emu.username,
      active: true,
      user_type: 'STANDARD',
    });
    expect(identity.urls.sobjects).toBe(`${emu.url}/services/data/v{version}/sobjects/`);
    const versioned = await rawRequest(emu, 'GET', `/id/${emu.orgId}/${emu.demoUserId}?version=62.0`, { token: conn.accessToken! });
    expect(versioned.json().urls.query).toBe(`${emu.url}/services/data/v62.0/query/`);
    const wrongOrg = await rawRequest(emu, 'GET', `/id/00D000000000001AAA/${emu.demoUserId}`, { token: conn.accessToken! });
    expect(wrongOrg.status).toBe(403);
    expect(wrongOrg.text).toBe('Wrong_Org');
  });

  it('the version root names the identity URL (jsforce identity() without userInfo)', async () => {
    const { accessToken } = await loginWithPkce(emu);
    const conn = new jsforce.Connection({ instanceUrl: emu.url, accessToken, version: '62.0' });
    const identity = await conn.identity();
    expect(identity.user_id).toBe(emu.demoUserId);
  });
});

describe('auto-approve', () => {
  it('skips the pages and redirects with a code at once', async () => {
    const auto = await startTestEmulator({ scale: 1, autoApprove: true });
    try {
      const oauth2 = createOAuth2(auto);
      const res = await fetch(oauth2.getAuthorizationUrl({ state: 'auto' }), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('state')).toBe('auto');
      const conn = new jsforce.Connection({ oauth2 });
      const info = await conn.authorize(location.searchParams.get('code')!);
      expect(info.id).toBe(auto.demoUserId);
    } finally {
      await auto.close();
    }
  });
});
