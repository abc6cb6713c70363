import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildAuthorizeUrl,
  callbackMatchesRedirect,
  exchangeCode,
  OAuthEndpointError,
  parseCallbackUrl,
  revokeToken,
} from '../../../src/main/core/auth/oauth-flow';
import { codeChallengeS256 } from '../../../src/main/core/auth/pkce';
import { ORG_ID, startFakeOAuthServer, USER_ID, type FakeOAuthServer } from './fake-oauth-server';

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('authorize URL', () => {
  it('carries PKCE S256, state, scope and the redirect', () => {
    const url = new URL(
      buildAuthorizeUrl({
        loginHost: 'https://login.salesforce.com',
        clientId: '3MVG9.client',
        redirectUri: 'com.atomforsalesforce.app:/oauth/callback',
        verifier,
        state: 'st4te',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://login.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '3MVG9.client',
      redirect_uri: 'com.atomforsalesforce.app:/oauth/callback',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'st4te',
      scope: 'api refresh_token',
    });
    expect(url.searchParams.has('code_verifier')).toBe(false);
  });

  it('adds prompt=login for a re-login', () => {
    const url = new URL(
      buildAuthorizeUrl({
        loginHost: 'https://acme.my.salesforce.com',
        clientId: 'c',
        redirectUri: 'http://127.0.0.1:17017/oauth/callback',
        verifier,
        state: 's',
        forceLogin: true,
      }),
    );
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.host).toBe('acme.my.salesforce.com');
  });
});

describe('callback parsing', () => {
  it('reads code, state and errors from deep links and loopback URLs', () => {
    expect(parseCallbackUrl('com.atomforsalesforce.app:/oauth/callback?code=abc&state=xyz')?.params).toMatchObject({ code: 'abc', state: 'xyz' });
    expect(parseCallbackUrl('http://127.0.0.1:17017/oauth/callback?error=access_denied&error_description=denied&state=s')?.params).toMatchObject({
      error: 'access_denied',
      errorDescription: 'denied',
      state: 's',
    });
  });

  it('rejects malformed, oversized and ambiguous callbacks', () => {
    expect(parseCallbackUrl('not a url')).toBeUndefined();
    expect(parseCallbackUrl(`http://127.0.0.1:1/oauth/callback?code=${'a'.repeat(9000)}`)).toBeUndefined();
    expect(parseCallbackUrl('http://127.0.0.1:1/oauth/callback?state=a&state=b&code=c')).toBeUndefined();
    expect(parseCallbackUrl(42 as unknown as string)).toBeUndefined();
  });

  it('matches a callback only to the redirect URI its login started with', () => {
    const cb = (s: string) => new URL(s);
    expect(callbackMatchesRedirect(cb('com.atomforsalesforce.app:/oauth/callback?code=1'), 'com.atomforsalesforce.app:/oauth/callback')).toBe(true);
    expect(callbackMatchesRedirect(cb('http://localhost:17017/oauth/callback?code=1'), 'http://127.0.0.1:17017/oauth/callback')).toBe(true);
    expect(callbackMatchesRedirect(cb('http://127.0.0.1:17018/oauth/callback'), 'http://127.0.0.1:17017/oauth/callback')).toBe(false);
    expect(callbackMatchesRedirect(cb('http://127.0.0.1:17017/other'), 'http://127.0.0.1:17017/oauth/callback')).toBe(false);
    expect(callbackMatchesRedirect(cb('com.evil.app:/oauth/callback'), 'com.atomforsalesforce.app:/oauth/callback')).toBe(false);
  });
});

describe('token endpoint', () => {
  let fake: FakeOAuthServer;
  beforeEach(async () => {
    fake = await startFakeOAuthServer();
  });
  afterEach(() => fake.close());

  const options = () => ({
    loginHost: fake.origin,
    policy: { kind: 'demo' as const, origin: fake.origin },
    clientId: 'client',
    code: 'the-code',
    verifier,
    redirectUri: 'http://127.0.0.1:1/oauth/callback',
  });

  it('exchanges a code with the verifier and no secret, and validates the answer', async () => {
    const bodies: string[] = [];
    const spy: typeof fetch = (input, init) => {
      bodies.push(String(init?.body));
      return fetch(input, init);
    };
    const tokens = await exchangeCode({ ...options(), fetchImpl: spy });
    expect(tokens).toMatchObject({ instanceUrl: fake.origin, orgId: ORG_ID, userId: USER_ID, scope: 'api refresh_token' });
    expect(tokens.refreshToken).toMatch(/^5Aep/);
    const form = new URLSearchParams(bodies[0]);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toBe(verifier);
    expect(codeChallengeS256(form.get('code_verifier')!)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(form.has('client_secret')).toBe(false);
  });

  it('sends the client secret only when one is configured', async () => {
    const bodies: string[] = [];
    const spy: typeof fetch = (input, init) => {
      bodies.push(String(init?.body));
      return fetch(input, init);
    };
    await exchangeCode({ ...options(), clientSecret: 'configured', fetchImpl: spy });
    expect(new URLSearchParams(bodies[0]).get('client_secret')).toBe('configured');
  });

  it.each([
    ['a foreign instance_url', (b: Record<string, string>) => ({ ...b, instance_url: 'https://evil.example' })],
    ['a foreign identity host', (b: Record<string, string>) => ({ ...b, id: `https://evil.example/id/${ORG_ID}/${USER_ID}` })],
    ['no access token', (b: Record<string, string>) => ({ ...b, access_token: '' })],
    ['an access token of another org', (b: Record<string, string>) => ({ ...b, access_token: '00D000000000009!AQ.x' })],
  ])('refuses an answer with %s', async (_name, tamper) => {
    fake.tamper = tamper;
    await expect(exchangeCode(options())).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
  });

  it('surfaces OAuth errors with their code', async () => {
    const err = await revokeToken({ loginHost: fake.origin, token: 'unknown' });
    expect(err).toBe(true); // invalid_token counts as revoked
    fake.revokeStatus = 500;
    expect(await revokeToken({ loginHost: fake.origin, token: 'unknown' })).toBe(false);
    const refresh = await import('../../../src/main/core/auth/oauth-flow').then((m) =>
      m.refreshGrant({ loginHost: fake.origin, policy: { kind: 'demo', origin: fake.origin }, clientId: 'c', refreshToken: 'dead' }).catch((e: unknown) => e),
    );
    expect(refresh).toBeInstanceOf(OAuthEndpointError);
    expect(refresh).toMatchObject({ error: 'invalid_grant', status: 400 });
  });
});
