/**
 * OAuth 2.0 as a Salesforce org serves it: the web-server flow (login and consent pages, codes
 * with PKCE), the token endpoint (authorization_code, refresh_token, and the password grant when
 * the emulator is started with allowPasswordGrant), revoke, userinfo and the identity URL.
 */
import { createHash, createHmac } from 'node:crypto';
import { OAuthError } from '../errors';
import { normalizeId } from '../org/ids';
import { formatDatetime } from '../org/values';
import {
  allowsRefreshToken,
  checkPassword,
  DEMO_CONNECTED_APP,
  findActiveUserByUsername,
  findClient,
  getUser,
  grantScopes,
  isRegisteredRedirectUri,
  safeEqual,
  type OrgUser,
} from './connected-app';
import { formParams, headerValue } from './http-util';
import { CONSENT_PATH, consentPage, errorPage, LOGIN_ERROR_MESSAGE, LOGIN_PATH, loginPage, PAGE_HEADERS } from './oauth-pages';
import type { TokenGrant } from './oauth-tokens';
import { MAX_FAILED_LOGINS } from './pending-authorizations';
import type { EmulatorState, HttpResult } from './state';
import { LATEST_API_VERSION } from './rest/versions';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export interface OAuthRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function html(status: number, body: string): HttpResult {
  return { status, headers: PAGE_HEADERS, html: body };
}

function redirect(location: string): HttpResult {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } };
}

function oauthJsonError(err: OAuthError): HttpResult {
  return { status: err.status, headers: NO_STORE, json: { error: err.error, error_description: err.description } };
}

/** Adds parameters to a registered redirect URI (custom schemes included). */
function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function identityUrl(state: EmulatorState, userId: string): string {
  return `${state.baseUrl}/id/${state.store.orgId}/${userId}`;
}

/** Routes `/services/oauth2/*`; undefined for paths it does not own. */
export async function handleOAuth(state: EmulatorState, req: OAuthRequest): Promise<HttpResult | undefined> {
  const path = req.path.replace(/\/+$/, '');
  switch (path) {
    case '/services/oauth2/authorize':
      if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowedPage();
      return authorize(state, req.method === 'POST' ? formParams(req.query, req.body) : req.query);
    case LOGIN_PATH:
      if (req.method !== 'POST') return methodNotAllowedPage();
      return submitLogin(state, req);
    case CONSENT_PATH:
      if (req.method !== 'POST') return methodNotAllowedPage();
      return submitConsent(state, req);
    case '/services/oauth2/token':
      if (req.method !== 'POST') {
        return oauthJsonError(new OAuthError('invalid_request', 'must use HTTP POST'));
      }
      try {
        return token(state, formParams(req.query, req.body));
      } catch (err) {
        if (err instanceof OAuthError) return oauthJsonError(err);
        throw err;
      }
    case '/services/oauth2/revoke':
      if (req.method !== 'POST' && req.method !== 'GET') return methodNotAllowedPage();
      return revoke(state, req.method === 'POST' ? formParams(req.query, req.body) : req.query);
    case '/services/oauth2/userinfo':
      if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowedPage();
      return userinfo(state, req);
    default:
      return undefined;
  }
}

function methodNotAllowedPage(): HttpResult {
  return { status: 405, headers: PAGE_HEADERS, text: { contentType: 'text/plain;charset=UTF-8', data: 'Method Not Allowed' } };
}

// ---------------------------------------------------------------------------------------------
// Authorize: GET /services/oauth2/authorize → login page → consent page → redirect with code

function authorize(state: EmulatorState, params: URLSearchParams): HttpResult {
  const client = findClient(params.get('client_id'));
  if (!client) return html(400, errorPage('invalid_client_id', 'client identifier invalid'));
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return html(400, errorPage('redirect_uri_missing', 'redirect_uri not provided'));
  // A callback the app did not register must never receive anything: show the error here.
  if (!isRegisteredRedirectUri(redirectUri)) {
    return html(400, errorPage('redirect_uri_mismatch', 'redirect_uri must match configuration'));
  }
  const stateParam = params.get('state') ?? undefined;
  const fail = (error: string, description: string) => redirect(redirectWith(redirectUri, { error, error_description: description, state: stateParam }));

  if (params.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'response type not supported');
  }
  // jsforce sends only code_challenge: S256 is assumed. `plain` would let an intercepted
  // challenge double as the verifier, so it is refused rather than downgraded to.
  const method = params.get('code_challenge_method');
  if (method !== null && method !== 'S256') {
    return fail('invalid_request', 'unsupported code_challenge_method');
  }
  const codeChallenge = params.get('code_challenge') || undefined;
  const scopes = grantScopes(client, params.get('scope'));
  const prompt = (params.get('prompt') ?? '').split(/\s+/);

  if (state.autoApprove) {
    const code = state.tokens.issueCode({
      userId: state.demoUserId,
      clientId: client.consumerKey,
      scopes,
      redirectUri,
      codeChallenge,
    });
    return redirect(redirectWith(redirectUri, { code, state: stateParam }));
  }
  if (prompt.includes('none')) return fail('login_required', 'user must log in');

  const pendingId = state.pending.create({
    clientId: client.consumerKey,
    redirectUri,
    state: stateParam,
    codeChallenge,
    scopes,
  });
  return html(200, loginPage({ pendingId, appName: client.name, username: params.get('login_hint') ?? '' }));
}

/**
 * Browsers send Origin on form posts; a post from any other origin is a cross-site forgery
 * attempt. (The unguessable pending id is the main defence; this is a second one.)
 */
function crossOrigin(state: EmulatorState, req: OAuthRequest): boolean {
  const origin = headerValue(req.headers.origin);
  if (origin === undefined || origin === 'null') return false;
  // The page may have been opened as localhost rather than 127.0.0.1: same server, same port.
  const sameServer = [state.baseUrl, state.baseUrl.replace('://127.0.0.1:', '://localhost:')];
  return !sameServer.includes(origin);
}

function submitLogin(state: EmulatorState, req: OAuthRequest): HttpResult {
  if (crossOrigin(state, req)) return html(403, errorPage('invalid_request', 'cross-origin form post refused'));
  const form = new URLSearchParams(req.body.toString('utf8'));
  const pendingId = form.get('pending');
  const entry = state.pending.get(pendingId, 'login');
  if (!entry || !pendingId) {
    return html(400, errorPage('invalid_request', 'authorization request expired or invalid; start the login again'));
  }
  const username = form.get('username') ?? '';
  const user = username ? findActiveUserByUsername(state.store, username) : undefined;
  if (!user || !checkPassword(form.get('pw') ?? '')) {
    entry.failedLogins++;
    if (entry.failedLogins >= MAX_FAILED_LOGINS) {
      state.pending.delete(pendingId);
      return html(400, errorPage('invalid_request', 'too many failed login attempts; start the login again'));
    }
    return html(200, loginPage({ pendingId, appName: DEMO_CONNECTED_APP.name, username, error: LOGIN_ERROR_MESSAGE }));
  }
  const consentId = state.pending.advance(pendingId, entry, { stage: 'consent', userId: user.id });
  return html(200, consentPage({ pendingId: consentId, appName: DEMO_CONNECTED_APP.name, username: user.username, scopes: entry.scopes }));
}

function submitConsent(state: EmulatorState, req: OAuthRequest): HttpResult {
  if (crossOrigin(state, req)) return html(403, errorPage('invalid_request', 'cross-origin form post refused'));
  const form = new URLSearchParams(req.body.toString('utf8'));
  const pendingId = form.get('pending');
  const entry = state.pending.get(pendingId, 'consent');
  if (!entry || !pendingId || !entry.userId) {
    return html(400, errorPage('invalid_request', 'authorization request expired or invalid; start the login again'));
  }
  state.pending.delete(pendingId);
  if (form.get('decision') !== 'allow') {
    return redirect(redirectWith(entry.redirectUri, { error: 'access_denied', error_description: 'end-user denied authorization', state: entry.state }));
  }
  const code = state.tokens.issueCode({
    userId: entry.userId,
    clientId: entry.clientId,
    scopes: entry.scopes,
    redirectUri: entry.redirectUri,
    codeChallenge: entry.codeChallenge,
  });
  return redirect(redirectWith(entry.redirectUri, { code, state: entry.state }));
}

// ---------------------------------------------------------------------------------------------
// Token endpoint

function token(state: EmulatorState, params: URLSearchParams): HttpResult {
  const grantType = params.get('grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token' && grantType !== 'password') {
    throw new OAuthError('unsupported_grant_type', 'grant type not supported');
  }
  const client = findClient(params.get('client_id'));
  if (!client) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  const secret = params.get('client_secret');
  // Native apps ship no secret (RFC 8252 §8.5); one that is sent must still be right.
  if (secret !== null && !safeEqual(secret, client.consumerSecret)) {
    throw new OAuthError('invalid_client', 'invalid client credentials');
  }

  if (grantType === 'authorization_code') {
    const code = params.get('code');
    const record = code ? state.tokens.takeCode(code) : undefined;
    if (!record || record.clientId !== client.consumerKey) {
      throw new OAuthError('invalid_grant', 'invalid authorization code');
    }
    if (params.get('redirect_uri') !== record.redirectUri) {
      throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    }
    if (record.codeChallenge !== undefined) {
      const verifier = params.get('code_verifier');
      // Salesforce: a challenge with no verifier is invalid_grant, a wrong one invalid_request.
      if (!verifier) throw new OAuthError('invalid_grant', 'invalid code verifier');
      const expected = base64url(createHash('sha256').update(verifier, 'utf8').digest());
      if (!safeEqual(expected, record.codeChallenge)) {
        throw new OAuthError('invalid_request', 'invalid code verifier');
      }
    }
    const user = getUser(state.store, record.userId);
    if (!user || user.row.IsActive === false) throw new OAuthError('invalid_grant', 'inactive user');
    const grant: TokenGrant = { userId: user.id, clientId: client.consumerKey, scopes: record.scopes };
    const refresh = allowsRefreshToken(grant.scopes) ? state.tokens.issueRefreshToken(grant) : undefined;
    const result = tokenResponse(state, grant, refresh);
    record.issuedRefreshHash = refresh?.hash;
    record.issuedAccessHashes.push(result.accessHash);
    return { status: 200, headers: NO_STORE, json: result.body };
  }

  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    const found = refreshToken ? state.tokens.findRefreshToken(refreshToken) : undefined;
    if (!found || found.clientId !== client.consumerKey) {
      throw new OAuthError('invalid_grant', 'expired access/refresh token');
    }
    const user = getUser(state.store, found.userId);
    if (!user || user.row.IsActive === false) throw new OAuthError('invalid_grant', 'inactive user');
    const grant: TokenGrant = { userId: found.userId, clientId: found.clientId, scopes: found.scopes };
    if (state.rotateRefreshTokens) {
      // Rotation: the old refresh token dies with its access tokens; the response carries a new one.
      state.tokens.revokeRefreshHash(found.hash);
      const rotated = state.tokens.issueRefreshToken(grant);
      return { status: 200, headers: NO_STORE, json: tokenResponse(state, grant, rotated).body };
    }
    return { status: 200, headers: NO_STORE, json: tokenResponse(state, grant, undefined, found.hash).body };
  }

  // Username-password flow. Orgs created since Summer '23 block it by default ("Allow OAuth
  // Username-Password Flows" off; release note rn_security_username-password_flow_blocked_by_default,
  // release 244), and Salesforce then answers 400 invalid_grant "authentication failure", the same
  // words as a wrong password, while Login History says "Username-Password Flow Disabled"
  // (jsforce/jsforce#1506, vdesabou/kafka-docker-playground#4178). The Demo org's password is
  // published in the app, so the Demo org answers exactly that; only an emulator started with
  // allowPasswordGrant (tests, tools) lets this grant through.
  if (!state.allowPasswordGrant) throw new OAuthError('invalid_grant', 'authentication failure');
  // Salesforce requires the consumer secret here.
  if (secret === null) throw new OAuthError('invalid_client', 'invalid client credentials');
  const username = params.get('username') ?? '';
  const user = username ? findActiveUserByUsername(state.store, username) : undefined;
  if (!user || !checkPassword(params.get('password') ?? '')) {
    throw new OAuthError('invalid_grant', 'authentication failure');
  }
  const grant: TokenGrant = { userId: user.id, clientId: client.consumerKey, scopes: ['api', 'web', 'full'] };
  return { status: 200, headers: NO_STORE, json: tokenResponse(state, grant).body };
}

/**
 * Salesforce's token response. `id` and `instance_url` are present on every grant (jsforce reads
 * `id` after a refresh too); `refresh_token` only when one was issued.
 */
function tokenResponse(
  state: EmulatorState,
  grant: TokenGrant,
  refresh?: { token: string; hash: string },
  existingRefreshHash?: string,
): { body: Record<string, string>; accessHash: string } {
  const access = state.tokens.issueAccessToken(grant, refresh?.hash ?? existingRefreshHash);
  const id = identityUrl(state, grant.userId);
  const issuedAt = String(state.clock());
  const signature = createHmac('sha256', DEMO_CONNECTED_APP.consumerSecret)
    .update(id + issuedAt)
    .digest('base64');
  const body: Record<string, string> = { access_token: access.token };
  if (refresh) body.refresh_token = refresh.token;
  Object.assign(body, {
    signature,
    scope: grant.scopes.join(' '),
    instance_url: state.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  });
  return { body, accessHash: access.hash };
}

// ---------------------------------------------------------------------------------------------
// Revoke

function revoke(state: EmulatorState, params: URLSearchParams): HttpResult {
  const tokenValue = params.get('token');
  if (!tokenValue || !state.tokens.revoke(tokenValue)) {
    return { status: 400, headers: NO_STORE, json: { error: 'invalid_token', error_description: 'Token was invalid' } };
  }
  return { status: 200, headers: NO_STORE };
}

// ---------------------------------------------------------------------------------------------
// Userinfo and identity URL

/** The access token from `Authorization: Bearer|OAuth` or an `oauth_token` parameter. */
export function bearerToken(headers: Record<string, string | string[] | undefined>, params?: URLSearchParams): string | undefined {
  const auth = headerValue(headers.authorization);
  if (auth) {
    const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1];
  }
  return params?.get('oauth_token') ?? undefined;
}

/**
 * The identity service answers a refused token with 403 and one word of plain text (where the
 * data API would answer 401 JSON).
 */
function identityRefusal(status: number, word: string): HttpResult {
  return { status, text: { contentType: 'text/plain;charset=UTF-8', data: word } };
}

function authenticateIdentity(state: EmulatorState, req: OAuthRequest): { user: OrgUser; scopes: string[] } | HttpResult {
  const params = req.method === 'POST' ? formParams(req.query, req.body) : req.query;
  const accessToken = bearerToken(req.headers, params);
  if (!accessToken) return identityRefusal(403, 'Missing_OAuth_Token');
  const record = state.tokens.verifyAccessToken(accessToken);
  const user = record ? getUser(state.store, record.userId) : undefined;
  if (!record || !user) return identityRefusal(403, 'Bad_OAuth_Token');
  return { user, scopes: record.scopes };
}

function versionFor(params: URLSearchParams): string | undefined {
  const version = params.get('version');
  if (!version) return undefined;
  if (version === 'latest') return LATEST_API_VERSION;
  return /^\d{2}\.0$/.test(version) ? version : undefined;
}

function identityUrls(state: EmulatorState, userId: string, version?: string): Record<string, string> {
  const v = version ?? '{version}';
  const base = state.baseUrl;
  const orgId = state.store.orgId;
  return {
    enterprise: `${base}/services/Soap/c/${v}/${orgId}`,
    metadata: `${base}/services/Soap/m/${v}/${orgId}`,
    partner: `${base}/services/Soap/u/${v}/${orgId}`,
    rest: `${base}/services/data/v${v}/`,
    sobjects: `${base}/services/data/v${v}/sobjects/`,
    search: `${base}/services/data/v${v}/search/`,
    query: `${base}/services/data/v${v}/query/`,
    recent: `${base}/services/data/v${v}/recent/`,
    tooling_soap: `${base}/services/Soap/T/${v}/${orgId}`,
    tooling_rest: `${base}/services/data/v${v}/tooling/`,
    profile: `${base}/${userId}`,
    feeds: `${base}/services/data/v${v}/chatter/feeds`,
    groups: `${base}/services/data/v${v}/chatter/groups`,
    users: `${base}/services/data/v${v}/chatter/users`,
    feed_items: `${base}/services/data/v${v}/chatter/feed-items`,
    feed_elements: `${base}/services/data/v${v}/chatter/feed-elements`,
    custom_domain: base,
  };
}

function userFacts(user: OrgUser) {
  const row = user.row;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const first = str(row.FirstName);
  const last = str(row.LastName);
  const name = str(row.Name) ?? [first, last].filter(Boolean).join(' ');
  return {
    username: user.username,
    email: str(row.Email) ?? user.username,
    firstName: first,
    lastName: last,
    name,
    nickname: str(row.CommunityNickname) ?? user.username.split('@')[0],
    timezone: str(row.TimeZoneSidKey) ?? 'America/Los_Angeles',
    locale: str(row.LocaleSidKey) ?? 'en_US',
    language: str(row.LanguageLocaleKey) ?? 'en_US',
    active: row.IsActive !== false,
    lastModified: str(row.LastModifiedDate) ?? formatDatetime(new Date(0)),
  };
}

function utcOffsetMs(timeZone: string): number {
  try {
    const now = new Date();
    const local = new Date(now.toLocaleString('en-US', { timeZone }));
    const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
    return Math.round((local.getTime() - utc.getTime()) / 60_000) * 60_000;
  } catch {
    return 0;
  }
}

function photos(state: EmulatorState, userId: string) {
  return {
    picture: `${state.baseUrl}/profilephoto/005/F?u=${userId}`,
    thumbnail: `${state.baseUrl}/profilephoto/005/T?u=${userId}`,
  };
}

function userinfo(state: EmulatorState, req: OAuthRequest): HttpResult {
  const auth = authenticateIdentity(state, req);
  if ('status' in auth) return auth;
  const { user } = auth;
  const facts = userFacts(user);
  const params = req.method === 'POST' ? formParams(req.query, req.body) : req.query;
  return {
    status: 200,
    json: {
      sub: identityUrl(state, user.id),
      user_id: user.id,
      organization_id: state.store.orgId,
      preferred_username: facts.username,
      nickname: facts.nickname,
      name: facts.name,
      email: facts.email,
      email_verified: true,
      given_name: facts.firstName,
      family_name: facts.lastName,
      zoneinfo: facts.timezone,
      photos: photos(state, user.id),
      profile: `${state.baseUrl}/${user.id}`,
      picture: photos(state, user.id).picture,
      address: {},
      is_salesforce_integration_user: false,
      urls: identityUrls(state, user.id, versionFor(params)),
      active: facts.active,
      user_type: 'STANDARD',
      language: facts.language,
      locale: facts.locale,
      utcOffset: utcOffsetMs(facts.timezone),
      updated_at: facts.lastModified.replace(/\.\d{3}\+0000$/, 'Z'),
      is_app_installed: true,
    },
  };
}

/** `GET /id/{orgId}/{userId}`: the identity service. */
export function handleIdentity(state: EmulatorState, req: OAuthRequest): HttpResult {
  if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') return methodNotAllowedPage();
  const match = /^\/id\/([^/]+)\/([^/]+)\/?$/.exec(req.path);
  const auth = authenticateIdentity(state, req);
  if ('status' in auth) return auth;
  if (!match) return identityRefusal(404, 'Bad_Id');
  if (normalizeId(match[1]) !== state.store.orgId) return identityRefusal(403, 'Wrong_Org');
  const userId = normalizeId(match[2]);
  const target = userId && userId.startsWith('005') ? getUser(state.store, userId) : undefined;
  if (!target) return identityRefusal(404, 'Bad_Id');
  // Someone else's identity needs an api/full grant (Salesforce's rule for other users).
  if (target.id !== auth.user.id && !auth.scopes.some((s) => s === 'api' || s === 'full')) {
    return identityRefusal(403, 'Bad_Id');
  }
  const facts = userFacts(target);
  const params = req.method === 'POST' ? formParams(req.query, req.body) : req.query;
  return {
    status: 200,
    json: {
      id: identityUrl(state, target.id),
      asserted_user: target.id === auth.user.id,
      user_id: target.id,
      organization_id: state.store.orgId,
      username: facts.username,
      nick_name: facts.nickname,
      display_name: facts.name,
      email: facts.email,
      email_verified: true,
      first_name: facts.firstName,
      last_name: facts.lastName,
      timezone: facts.timezone,
      photos: photos(state, target.id),
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      urls: identityUrls(state, target.id, versionFor(params)),
      active: facts.active,
      user_type: 'STANDARD',
      language: facts.language,
      locale: facts.locale,
      utcOffset: utcOffsetMs(facts.timezone),
      last_modified_date: facts.lastModified,
      is_app_installed: true,
    },
  };
}
