/**
 * The emulator's HTTP server: one origin (127.0.0.1) for login, OAuth, identity and REST, plus a
 * loopback-only admin API for fault injection. Every handler is wrapped, bodies are bounded, and
 * nothing sensitive (tokens, query strings, bodies) is logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SalesforceError } from '../errors';
import { validateFaultSettings } from './faults';
import {
  BodyTooLargeError,
  headerValue,
  invalidSession,
  isLoopbackAddress,
  methodNotAllowed,
  notFound,
  parseRequestTarget,
  readBody,
  sendEmpty,
  sendJson,
  sendSalesforceError,
  sendText,
} from './http-util';
import { bearerToken, handleIdentity, handleOAuth, type OAuthRequest } from './oauth-server';
import { getUser } from './connected-app';
import { buildRestRequest, isRetiredVersionPath, splitVersionedPath } from './rest-request';
import { RestRouter, unknownExceptionBody } from './rest-router';
import { versionList } from './rest/versions';
import { handleSoapApiCall, isSoapApiCall } from './soap-api';
import { isSoapLogin, soapLoginFault } from './soap-login';
import type { EmulatorState, HttpResult } from './state';
import type { AuthenticatedUser, EmulatorContext, RestResponse } from './types';

/** Largest REST/OAuth body accepted by default (JSON payloads; collections top out far below). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;
/** Bulk API 2.0 accepts up to 150 MB of CSV per upload: three times the JSON limit. */
const BULK_UPLOAD_FACTOR = 3;

const ADMIN_PREFIX = '/__emulator';

function bodyLimitFor(method: string, pathname: string, maxBodyBytes: number): number {
  const versioned = method === 'PUT' ? splitVersionedPath(pathname) : undefined;
  return versioned && /^\/jobs\/ingest\/[^/]+\/batches$/.test(versioned.path) ? maxBodyBytes * BULK_UPLOAD_FACTOR : maxBodyBytes;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeResult(res: ServerResponse, result: HttpResult): void {
  const headers = result.headers ?? {};
  if (result.json !== undefined) sendJson(res, result.status, result.json, headers);
  else if (result.html !== undefined) sendText(res, result.status, 'text/html;charset=UTF-8', result.html, headers);
  else if (result.text) sendText(res, result.status, result.text.contentType, result.text.data, headers);
  else sendEmpty(res, result.status, { ...headers, 'Content-Length': '0' });
}

function writeRestResponse(res: ServerResponse, response: RestResponse, extraHeaders: Record<string, string>): void {
  const headers = { ...(response.headers ?? {}), ...extraHeaders };
  if (response.status === 204 || response.status === 304) {
    sendEmpty(res, response.status, headers);
  } else if (response.text) {
    sendText(res, response.status, response.text.contentType, response.text.data, headers);
  } else if (response.body !== undefined) {
    sendJson(res, response.status, response.body, headers);
  } else {
    sendEmpty(res, response.status, { ...headers, 'Content-Length': '0' });
  }
}

export interface EmulatorServer {
  server: Server;
  router: RestRouter;
  context: EmulatorContext;
}

export function createEmulatorServer(
  state: EmulatorState,
  router: RestRouter,
  limits: { maxBodyBytes: number } = { maxBodyBytes: MAX_BODY_BYTES },
): EmulatorServer {
  const context: EmulatorContext = {
    store: state.store,
    get baseUrl() {
      return state.baseUrl;
    },
    async dispatch(method, url, body, user, headers = {}) {
      const parsed = parseRequestTarget(url);
      if (!parsed) return { status: 404, body: notFound().toBody() };
      const versioned = splitVersionedPath(parsed.pathname);
      if (!versioned) return { status: 404, body: notFound().toBody() };
      const lowerHeaders: Record<string, string> = { 'content-type': 'application/json' };
      for (const [key, value] of Object.entries(headers)) lowerHeaders[key.toLowerCase()] = value;
      const request = buildRestRequest({
        method: method.toUpperCase(),
        path: versioned.path,
        apiVersion: versioned.apiVersion,
        query: parsed.searchParams,
        headers: lowerHeaders,
        rawBody: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8'),
        user,
      });
      return router.handle(request, context);
    },
  };

  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handleRequest(state, router, context, limits.maxBodyBytes, req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      state.log(`emulator: unexpected error on ${req.method} ${safePath(req.url)}: ${message}`);
      if (!res.headersSent) {
        try {
          // A data-API path keeps its Sforce-Limit-Info even when the handler broke.
          const limitInfo = splitVersionedPath(safePath(req.url)) ? limitInfoHeader(state) : {};
          sendJson(res, 500, unknownExceptionBody(), { ...limitInfo, Connection: 'close' });
        } catch {
          res.destroy();
        }
      } else {
        res.destroy();
      }
    });
  });
  // Garbage on the wire (bad request lines, oversized headers) gets a bare 4xx, never a crash.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return { server, router, context };
}

/** The normalised path without its query string, for logs and the data-API check. */
function safePath(url: string | undefined): string {
  return (parseRequestTarget(url)?.pathname ?? (url ?? '').split('?')[0]).slice(0, 200);
}

async function handleRequest(
  state: EmulatorState,
  router: RestRouter,
  context: EmulatorContext,
  maxBodyBytes: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  // The one place a request target becomes a path: every route below sees the normalised form.
  const url = parseRequestTarget(req.url);
  if (!url) {
    state.received.requests++;
    sendSalesforceError(res, notFound(), { Connection: 'close' });
    return;
  }
  const pathname = url.pathname;

  if (pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    await handleAdmin(state, req, res, method, pathname);
    return;
  }
  state.received.requests++;

  if (await injectFault(state, req, res, method, pathname)) return;

  let body: Buffer;
  try {
    body = await readBody(req, bodyLimitFor(method, pathname, maxBodyBytes));
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      // Answer and hang up: the rest of the body is never read into memory.
      res.once('finish', () => req.socket.destroy());
      sendJson(res, 413, [{ message: `The request body exceeds the maximum size of ${err.limit} bytes.`, errorCode: 'REQUEST_ENTITY_TOO_LARGE' }], {
        ...(splitVersionedPath(pathname) ? limitInfoHeader(state) : {}),
        Connection: 'close',
      });
      return;
    }
    req.socket.destroy();
    return;
  }

  if (await serveOriginRoute(state, res, { method, path: pathname, query: url.searchParams, headers: req.headers, body })) return;
  const versioned = splitVersionedPath(pathname);
  if (!versioned) {
    // A retired version is refused whatever the token, and counts against nothing (inferred: the
    // version decides which API answers at all). GONE is the code clients report; the wording
    // follows the status code's description in the REST API Developer Guide.
    if (isRetiredVersionPath(pathname)) {
      sendSalesforceError(res, new SalesforceError(410, 'GONE', 'The requested resource has been retired or removed.'));
    } else {
      sendSalesforceError(res, notFound());
    }
    return;
  }
  await serveDataApi(state, router, context, req, res, { method, url, versioned, body });
}

/**
 * Faults hit the data API (REST, composite, Bulk); logins and identity stay reliable so a fault
 * test exercises the client's data path, not its ability to sign in. True when the fault answered.
 */
async function injectFault(state: EmulatorState, req: IncomingMessage, res: ServerResponse, method: string, pathname: string): Promise<boolean> {
  if (!splitVersionedPath(pathname)) return false;
  const latency = state.faults.latencyFor(method);
  if (latency > 0) await sleep(latency);
  const fate = state.faults.decide(method);
  if (fate.kind === 'reset') {
    req.socket.destroy();
    return true;
  }
  if (fate.kind === 'fail') {
    const failure =
      fate.status === 503 ? [{ message: 'Server temporarily unavailable. Please try again later.', errorCode: 'SERVER_UNAVAILABLE' }] : unknownExceptionBody();
    // The call still counts as seen by the org: Salesforce puts the header on every REST answer.
    sendJson(res, fate.status, failure, { ...limitInfoHeader(state), Connection: 'close' });
    return true;
  }
  return false;
}

/** OAuth, identity, SOAP login() and convertLead(), the version list: the routes outside `/services/data/vNN.0`. True when answered. */
async function serveOriginRoute(state: EmulatorState, res: ServerResponse, request: OAuthRequest): Promise<boolean> {
  const { method, path: pathname } = request;
  if (pathname.startsWith('/services/oauth2/')) {
    const result = await handleOAuth(state, request);
    if (result) writeResult(res, result);
    else sendSalesforceError(res, notFound());
    return true;
  }
  if (pathname.startsWith('/id/')) {
    writeResult(res, handleIdentity(state, request));
    return true;
  }
  if (isSoapLogin(method, pathname, request.body)) {
    writeResult(res, soapLoginFault(pathname));
    return true;
  }
  if (isSoapApiCall(method, pathname, request.body)) {
    writeResult(res, handleSoapApiCall(state, pathname, request.body));
    return true;
  }
  if (pathname === '/services/data' || pathname === '/services/data/') {
    if (method !== 'GET' && method !== 'HEAD') sendSalesforceError(res, methodNotAllowed(method, ['HEAD', 'GET']));
    else sendJson(res, 200, versionList());
    return true;
  }
  return false;
}

/** A `/services/data/vNN.0/...` request: authenticate, count it against the quota, route it. */
async function serveDataApi(
  state: EmulatorState,
  router: RestRouter,
  context: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  parts: { method: string; url: URL; versioned: { apiVersion: string; path: string }; body: Buffer },
): Promise<void> {
  const limitHeader = () => limitInfoHeader(state);
  const user = authenticate(state, req);
  if (!user) {
    sendSalesforceError(res, invalidSession(), limitHeader());
    return;
  }
  if (!state.apiUsage.tryConsume()) {
    sendSalesforceError(res, new SalesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), limitHeader());
    return;
  }
  // Salesforce lets clients that cannot send PATCH/DELETE tunnel them through POST.
  let effectiveMethod = parts.method;
  const override = parts.url.searchParams.get('_HttpMethod')?.toUpperCase();
  if (parts.method === 'POST' && (override === 'PATCH' || override === 'DELETE')) effectiveMethod = override;

  const request = buildRestRequest({
    method: effectiveMethod,
    path: parts.versioned.path,
    apiVersion: parts.versioned.apiVersion,
    query: parts.url.searchParams,
    headers: req.headers,
    rawBody: parts.body,
    user,
  });
  const response = await router.handle(request, context);
  writeRestResponse(res, response, limitHeader());
}

/** `Sforce-Limit-Info: api-usage=N/M`, which every data-API answer carries (never /services/data). */
function limitInfoHeader(state: EmulatorState): Record<string, string> {
  return { 'Sforce-Limit-Info': state.apiUsage.header() };
}

function authenticate(state: EmulatorState, req: IncomingMessage): AuthenticatedUser | undefined {
  const token = bearerToken(req.headers);
  if (!token) return undefined;
  const record = state.tokens.verifyAccessToken(token);
  if (!record) return undefined;
  const user = getUser(state.store, record.userId);
  if (!user || user.row.IsActive === false) return undefined;
  return { userId: user.id, orgId: state.store.orgId };
}

// ---------------------------------------------------------------------------------------------
// Admin API: loopback only, same-host only (no DNS rebinding), no cross-site browser posts.

async function handleAdmin(state: EmulatorState, req: IncomingMessage, res: ServerResponse, method: string, pathname: string): Promise<void> {
  const port = new URL(state.baseUrl).port;
  const host = headerValue(req.headers.host) ?? '';
  const origin = headerValue(req.headers.origin);
  if (
    !isLoopbackAddress(req.socket.remoteAddress) ||
    (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) ||
    (origin !== undefined && origin !== state.baseUrl)
  ) {
    sendJson(res, 403, { error: 'forbidden', error_description: 'admin routes answer only same-origin loopback callers' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, 64 * 1024);
  } catch {
    res.once('finish', () => req.socket.destroy());
    sendJson(res, 413, { error: 'too_large', error_description: 'admin request body too large' }, { Connection: 'close' });
    return;
  }
  const route = pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '');
  const health = () => ({
    status: 'ok',
    orgId: state.store.orgId,
    instanceUrl: state.baseUrl,
    apiUsage: { used: state.apiUsage.count, limit: state.apiUsage.limit },
    requestsReceived: state.received.requests,
    openQueryCursors: state.cursors.openCount,
    faults: state.faults.get(),
  });
  const requirePost = () => {
    if (method === 'POST') return true;
    sendJson(res, 405, { error: 'method_not_allowed', error_description: `use POST for ${pathname}` });
    return false;
  };
  switch (route) {
    case '/health':
      if (method !== 'GET' && method !== 'HEAD') {
        sendJson(res, 405, { error: 'method_not_allowed', error_description: 'use GET' });
        return;
      }
      sendJson(res, 200, health());
      return;
    case '/faults': {
      if (method === 'GET') {
        sendJson(res, 200, state.faults.get());
        return;
      }
      if (!requirePost()) return;
      // A JSON content type keeps plain HTML forms from posting here.
      if (!/^application\/json\b/i.test(headerValue(req.headers['content-type']) ?? '')) {
        sendJson(res, 415, { error: 'unsupported_media_type', error_description: 'send application/json' });
        return;
      }
      try {
        const settings = validateFaultSettings(JSON.parse(body.toString('utf8')));
        sendJson(res, 200, state.faults.set(settings));
      } catch (err) {
        sendJson(res, 400, { error: 'invalid_request', error_description: err instanceof Error ? err.message : 'bad settings' });
      }
      return;
    }
    case '/expire-tokens':
      if (!requirePost()) return;
      state.faults.expireAllAccessTokens();
      sendJson(res, 200, health());
      return;
    case '/exhaust-limit':
      if (!requirePost()) return;
      state.faults.exhaustApiLimit();
      sendJson(res, 200, health());
      return;
    case '/recycle-bin/purge': {
      if (!requirePost()) return;
      if (!/^application\/json\b/i.test(headerValue(req.headers['content-type']) ?? '')) {
        sendJson(res, 415, { error: 'unsupported_media_type', error_description: 'send application/json' });
        return;
      }
      try {
        const request = parsePurgeRequest(body.toString('utf8'));
        const deletedBefore = request.olderThanDays === undefined ? undefined : new Date(state.store.now().getTime() - request.olderThanDays * 86_400_000);
        const { purged } = state.store.purgeRecycleBin({ ids: request.ids, deletedBefore });
        sendJson(res, 200, { purged });
      } catch (err) {
        sendJson(res, 400, { error: 'invalid_request', error_description: err instanceof Error ? err.message : 'bad request' });
      }
      return;
    }
    case '/reset':
      if (!requirePost()) return;
      state.faults.reset();
      sendJson(res, 200, health());
      return;
    default:
      sendJson(res, 404, { error: 'not_found', error_description: `no admin route ${pathname}` });
  }
}

/**
 * Body of POST /__emulator/recycle-bin/purge: `{}` empties the whole recycle bin, `{"ids": [...]}`
 * purges those rows (emptyRecycleBin), `{"olderThanDays": 15}` ages out what was deleted earlier
 * than that by the org's clock (Salesforce's 15-day retention); both may be combined.
 */
function parsePurgeRequest(text: string): { ids?: string[]; olderThanDays?: number } {
  const value: unknown = text.trim() ? JSON.parse(text) : {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('send a JSON object');
  const { ids, olderThanDays, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new Error(`unknown setting ${unknown[0]}`);
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 10_000 || !ids.every((id) => typeof id === 'string' && id.length <= 18))) {
    throw new Error('ids must be an array of at most 10000 record Ids');
  }
  if (olderThanDays !== undefined && (typeof olderThanDays !== 'number' || !Number.isFinite(olderThanDays) || olderThanDays < 0)) {
    throw new Error('olderThanDays must be a number of days, 0 or more');
  }
  return { ids: ids as string[] | undefined, olderThanDays: olderThanDays as number | undefined };
}
