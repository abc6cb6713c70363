/**
 * Shared helpers for emulator tests: start a small emulator on a free port, log a real jsforce
 * Connection in through the OAuth web-server flow with PKCE (login page, consent page, code
 * exchange), and make raw HTTP calls where exact shapes matter.
 *
 * Keep this API stable: several test files depend on it.
 */
import jsforce, { type Connection, type OAuth2 } from 'jsforce';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../src/emulator/index';

export type { RunningEmulator } from '../../src/emulator/index';

/** A registered loopback callback (any http://127.0.0.1:* URL is registered). */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:17017/oauth/callback';
export const TEST_API_VERSION = '62.0';

/**
 * Starts an emulator for one test file: port 0, a small org (scale 20 unless told otherwise),
 * errors logged to the test output. Close it in afterAll.
 */
export function startTestEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, seed: 7, scale: 20, log: (line) => console.error(line), ...options });
}

export interface OAuthClientOptions {
  redirectUri?: string;
  /** PKCE on (default): jsforce generates a verifier and sends code_challenge / code_verifier. */
  useVerifier?: boolean;
  clientSecret?: string;
  clientId?: string;
}

export function createOAuth2(emu: RunningEmulator, opts: OAuthClientOptions = {}): OAuth2 {
  return new jsforce.OAuth2({
    loginUrl: emu.url,
    clientId: opts.clientId ?? emu.consumerKey,
    clientSecret: opts.clientSecret,
    redirectUri: opts.redirectUri ?? TEST_REDIRECT_URI,
    useVerifier: opts.useVerifier ?? true,
  });
}

/** Pulls the hidden pending-authorization id out of a login or consent page. */
export function pendingIdFrom(html: string): string {
  const match = /name="pending" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no pending-authorization id in page:\n${html.slice(0, 500)}`);
  return match[1];
}

export interface AuthorizeOptions {
  username?: string;
  password?: string;
  decision?: 'allow' | 'deny';
}

/**
 * Drives the authorize pages like a browser: GET the authorization URL (login page), POST the
 * credentials (consent page), POST the decision, and return the redirect it ends with.
 */
export async function authorizeThroughPages(emu: RunningEmulator, authorizationUrl: string, opts: AuthorizeOptions = {}): Promise<URL> {
  const first = await fetch(authorizationUrl, { redirect: 'manual' });
  if (first.status === 302) return new URL(first.headers.get('location') ?? '');
  const loginHtml = await first.text();
  if (first.status !== 200) throw new Error(`authorize answered ${first.status}: ${loginHtml.slice(0, 300)}`);
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: emu.url },
    body: new URLSearchParams(fields).toString(),
  });
  const login = await fetch(
    `${emu.url}/services/oauth2/authorize/login`,
    form({ pending: pendingIdFrom(loginHtml), username: opts.username ?? emu.username, pw: opts.password ?? emu.password }),
  );
  const consentHtml = await login.text();
  if (login.status !== 200 || !consentHtml.includes('Allow Access?')) {
    throw new Error(`login did not reach the consent page (${login.status}): ${consentHtml.slice(0, 500)}`);
  }
  const consent = await fetch(
    `${emu.url}/services/oauth2/authorize/consent`,
    form({ pending: pendingIdFrom(consentHtml), decision: opts.decision ?? 'allow' }),
  );
  if (consent.status !== 302) throw new Error(`consent answered ${consent.status}`);
  return new URL(consent.headers.get('location') ?? '');
}

export interface LoginResult {
  conn: Connection;
  oauth2: OAuth2;
  accessToken: string;
  refreshToken: string;
}

/**
 * A jsforce Connection logged in through the real flow: authorization URL with PKCE challenge,
 * login + consent pages, `conn.authorize(code)` (which sends the code_verifier).
 */
export async function loginWithPkce(emu: RunningEmulator, opts: OAuthClientOptions & AuthorizeOptions & { version?: string } = {}): Promise<LoginResult> {
  const oauth2 = createOAuth2(emu, opts);
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const redirect = await authorizeThroughPages(emu, oauth2.getAuthorizationUrl({ state, scope: 'api refresh_token web' }), opts);
  if (redirect.searchParams.get('state') !== state) throw new Error('state was not echoed on the redirect');
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code on the redirect: ${redirect.toString()}`);
  const conn = new jsforce.Connection({ oauth2, version: opts.version ?? TEST_API_VERSION });
  await conn.authorize(code);
  if (!conn.accessToken || !conn.refreshToken) throw new Error('authorize did not establish tokens');
  return { conn, oauth2, accessToken: conn.accessToken, refreshToken: conn.refreshToken };
}

/** Shortcut: a logged-in jsforce Connection for the demo user. */
export async function connect(emu: RunningEmulator, opts: { version?: string } = {}): Promise<Connection> {
  return (await loginWithPkce(emu, opts)).conn;
}

export interface EmulatorSession {
  emu: RunningEmulator;
  conn: Connection;
  /** The logged-in connection's access token, for raw HTTP calls. */
  token: string;
}

/**
 * The usual setup of a conformance test file: in beforeAll, start an emulator (startTestEmulator
 * with `options`) and log the demo user in; hand both to `onReady`; close the emulator in afterAll.
 */
export function useEmulatorSession(onReady: (session: EmulatorSession) => void, options: StartEmulatorOptions = {}): void {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startTestEmulator(options);
    const conn = await connect(emu);
    onReady({ emu, conn, token: conn.accessToken as string });
  });
  afterAll(async () => {
    await emu?.close();
  });
}

/** Names no other test run has used: `prefix-<time>-<counter>`. */
export function uniqueNames(): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}-${Date.now().toString(36)}-${(n += 1)}`;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

export interface RawRequestOptions {
  /** Bearer token; omit for unauthenticated calls. */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string or Buffer. */
  body?: unknown;
}

/**
 * A plain HTTP call against the emulator (`path` is absolute from the origin, e.g.
 * `/services/data/v62.0/limits`). Redirects are not followed.
 */
export async function rawRequest(emu: RunningEmulator, method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) {
      body = opts.body;
    } else {
      body = JSON.stringify(opts.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
  }
  const response = await fetch(`${emu.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/** `/services/data/v62.0` + path. */
export function dataPath(path: string, version = TEST_API_VERSION): string {
  return `/services/data/v${version}${path}`;
}
