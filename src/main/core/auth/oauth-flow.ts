/**
 * The OAuth 2.0 web-server flow with PKCE, as a native app does it (RFC 8252): build the authorize
 * URL, read the callback, exchange the code, refresh and revoke. Token requests are plain form
 * POSTs so every response — errors included — can be checked here before anything is stored.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { codeChallengeS256 } from './pkce';
import { parseIdentityUrl, validateInstanceUrl, type HostPolicy } from './salesforce-hosts';

/**
 * `api` for the REST API and `refresh_token` to stay signed in. Nothing else: the identity
 * (username, name, profile) is read with a REST query on the User row, which `api` covers, so
 * the `id`/`openid` scopes (needed only for the identity URL service) are not requested.
 */
export const OAUTH_SCOPE = 'api refresh_token';
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
const MAX_CALLBACK_URL_LENGTH = 8_192;

export interface AuthorizeUrlParams {
  loginHost: string;
  clientId: string;
  redirectUri: string;
  verifier: string;
  state: string;
  /** Ask Salesforce to show its login form even when the browser is already signed in. */
  forceLogin?: boolean;
}

export function buildAuthorizeUrl(params: AuthorizeUrlParams): string {
  const url = new URL('/services/oauth2/authorize', params.loginHost);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('code_challenge', codeChallengeS256(params.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.state);
  url.searchParams.set('scope', OAUTH_SCOPE);
  if (params.forceLogin) url.searchParams.set('prompt', 'login');
  return url.toString();
}

export interface CallbackParams {
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
  /** RFC 9207 issuer, when the authorization server sends one. */
  iss?: string;
}

/** Strictly parses a callback URL. Returns undefined when it is not one (wrong shape, too long). */
export function parseCallbackUrl(raw: string): { url: URL; params: CallbackParams } | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_CALLBACK_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const get = (name: string) => {
    const values = url.searchParams.getAll(name);
    // A repeated parameter is ambiguous; treat the whole callback as malformed.
    if (values.length > 1) throw new Error('duplicate');
    const v = values[0];
    return v === undefined || v === '' ? undefined : v.slice(0, 2_048);
  };
  try {
    return {
      url,
      params: {
        state: get('state'),
        code: get('code'),
        error: get('error'),
        errorDescription: get('error_description'),
        iss: get('iss'),
      },
    };
  } catch {
    return undefined;
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a callback arrived at the redirect URI its login was started with (query ignored). */
export function callbackMatchesRedirect(callback: URL, redirectUri: string): boolean {
  let expected: URL;
  try {
    expected = new URL(redirectUri);
  } catch {
    return false;
  }
  const host = (u: URL) => (LOOPBACK_NAMES.has(u.hostname) ? 'loopback' : u.hostname);
  return (
    callback.protocol === expected.protocol &&
    host(callback) === host(expected) &&
    callback.port === expected.port &&
    callback.pathname.replace(/\/+$/, '') === expected.pathname.replace(/\/+$/, '')
  );
}

/** An error answer from the token or revoke endpoint (`{"error","error_description"}`). */
export class OAuthEndpointError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status: number,
  ) {
    super(description || error);
    this.name = 'OAuthEndpointError';
  }
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1).max(8_192),
  refresh_token: z.string().min(1).max(8_192).optional(),
  instance_url: z.string(),
  id: z.string(),
  issued_at: z.string().optional(),
  scope: z.string().max(2_048).optional(),
  token_type: z.string().optional(),
});

export interface TokenSet {
  accessToken: string;
  /** Present on the first grant, and on refreshes when Salesforce rotates refresh tokens. */
  refreshToken?: string;
  instanceUrl: string;
  orgId: string;
  userId: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  scope?: string;
}

export interface TokenEndpointOptions {
  /** Where the login started (the authorization server); tokens come from its /services/oauth2/token. */
  loginHost: string;
  policy: HostPolicy;
  clientId: string;
  /** Only when the user configured one; a native app normally ships none (RFC 8252 §8.5). */
  clientSecret?: string;
  fetchImpl?: typeof fetch;
}

async function postForm(endpoint: string, form: Record<string, string>, fetchImpl: typeof fetch): Promise<{ status: number; text: string }> {
  const response = await fetchImpl(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    redirect: 'error',
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, text: await response.text() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads an error body as JSON or as a form (Salesforce's revoke endpoint answers either). */
function endpointError(status: number, text: string): OAuthEndpointError {
  const json = parseJson(text) as { error?: unknown; error_description?: unknown } | undefined;
  let error = typeof json?.error === 'string' ? json.error : undefined;
  let description = typeof json?.error_description === 'string' ? json.error_description : '';
  if (!error) {
    const form = new URLSearchParams(text);
    error = form.get('error') ?? `http_${status}`;
    description = form.get('error_description') ?? description;
  }
  return new OAuthEndpointError(error.slice(0, 100), description.slice(0, 500), status);
}

async function tokenRequest(options: TokenEndpointOptions, form: Record<string, string>): Promise<TokenSet> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const body: Record<string, string> = { ...form, client_id: options.clientId };
  if (options.clientSecret) body.client_secret = options.clientSecret;
  const { status, text } = await postForm(new URL('/services/oauth2/token', options.loginHost).toString(), body, fetchImpl);
  if (status >= 400) throw endpointError(status, text);
  const parsed = TokenResponseSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new AppError('LOGIN_FAILED', 'Salesforce sent an answer the app could not read. Try again in a moment.');
  }
  const res = parsed.data;
  const instanceUrl = validateInstanceUrl(res.instance_url, options.policy);
  const { orgId, userId } = parseIdentityUrl(res.id, options.policy);
  // Salesforce access tokens start with the 15-character org id; a mismatch means a mixed-up answer.
  const tokenOrg = /^(00D[A-Za-z0-9]{12})!/.exec(res.access_token)?.[1];
  if (tokenOrg && tokenOrg !== orgId.slice(0, 15)) {
    throw new AppError('LOGIN_FAILED', 'Salesforce answered for a different org than expected, so the login was stopped.');
  }
  const issued = Number(res.issued_at);
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token,
    instanceUrl,
    orgId,
    userId,
    issuedAt: Number.isFinite(issued) && issued > 0 ? issued : Date.now(),
    scope: res.scope,
  };
}

/** Authorization-code grant with the PKCE verifier. */
export function exchangeCode(options: TokenEndpointOptions & { code: string; verifier: string; redirectUri: string }): Promise<TokenSet> {
  return tokenRequest(options, {
    grant_type: 'authorization_code',
    code: options.code,
    code_verifier: options.verifier,
    redirect_uri: options.redirectUri,
  });
}

/** Refresh-token grant. Throws OAuthEndpointError (`invalid_grant` when the token is dead). */
export function refreshGrant(options: TokenEndpointOptions & { refreshToken: string }): Promise<TokenSet> {
  return tokenRequest(options, { grant_type: 'refresh_token', refresh_token: options.refreshToken });
}

/**
 * Revokes a token at `/services/oauth2/revoke`. Resolves true when Salesforce no longer honours it
 * (200, or 400 `invalid_token`: already dead); false for any other answer. Network errors throw.
 */
export async function revokeToken(options: { loginHost: string; token: string; fetchImpl?: typeof fetch }): Promise<boolean> {
  const { status, text } = await postForm(
    new URL('/services/oauth2/revoke', options.loginHost).toString(),
    { token: options.token },
    options.fetchImpl ?? fetch,
  );
  if (status < 400) return true;
  return endpointError(status, text).error === 'invalid_token';
}

/** What a salesperson should read when Salesforce's authorize endpoint returned an error. */
export function describeAuthorizeError(error: string, description?: string): string {
  switch (error) {
    case 'access_denied':
      return 'The login was cancelled, or access was not allowed. You can try again.';
    case 'redirect_uri_mismatch':
      return "Salesforce does not accept this app's callback URL. Add the callback URL shown in Settings to your connected app.";
    case 'invalid_client_id':
    case 'invalid_client':
      return 'Salesforce does not recognise the consumer key. Check it in Settings against your connected app.';
    case 'OAUTH_APP_BLOCKED':
    case 'OAUTH_APPROVAL_ERROR_GENERIC':
      return 'Your Salesforce admin has not allowed this app. Ask them to approve it.';
    default:
      return `Salesforce stopped the login${description ? `: ${description}` : '.'}`;
  }
}
