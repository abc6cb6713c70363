/**
 * The browser-mode bridge: a loopback-only HTTP server that serves the built renderer and
 * forwards `POST /api/<channel>` to the app core. It stands in for Electron's IPC, so it carries
 * the same duties the IPC gate's sender check has in the desktop app:
 *  - only a page holding the per-launch secret may call the core (constant-time compare);
 *  - the Host header must be our own loopback address (DNS rebinding protection);
 *  - a present Origin must be our own origin (no cross-site calls from other tabs);
 *  - bodies are size-capped and must be JSON.
 * Push events travel the other way on `GET /api/events`, a server-sent-events stream that passes
 * the very same secret, Host and Origin checks (the renderer reads it with a streamed fetch, which
 * can send the secret header; EventSource cannot, and a secret in its URL could leak to logs and
 * history). Heartbeats keep it alive; closing the server ends every stream.
 * A finished query export is downloaded with `GET /api/downloads/<token>`: a single-use,
 * unguessable token the core issued for that one file (query/export/downloads.ts says why not the
 * secret), behind the same Host and Origin checks, sent as an attachment.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, type AppErrorData, type Result } from '../../shared/errors';
import { BROWSER_MODE_CALLBACK_PATH } from '../../shared/app-identity';
import type { AtomEvent, Unsubscribe } from '../../shared/ipc';
import { DOWNLOADS_PATH, type TakenDownload } from '../core/query/export/downloads';
import { resolveStaticFile } from './static-files';

/** What the bridge needs from the app core (a subset of `AppCore`). */
export interface BridgeCore {
  invoke(channel: string, payload: unknown, sender: { trusted: boolean }): Promise<Result<unknown>>;
  completeLogin(callbackUrl: string): Promise<{ ok: boolean; title: string; message: string }>;
  /** The core's push channel (AppCore.events); without it the event stream answers 503. */
  events?: { subscribe(listener: (event: AtomEvent) => void): Unsubscribe };
  /** One-time downloads of finished exports (AppCore.downloads); without it downloads answer 404. */
  downloads?: { take(token: string): TakenDownload | undefined };
}

/** The path of the push-event stream (not a contract channel: those all contain a colon). */
export const EVENTS_PATH = '/api/events';
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** A tab that stops reading gets its stream cut rather than buffered without end; it reconnects. */
const MAX_STREAM_BUFFER_BYTES = 1024 * 1024;
/** Tabs each hold one stream; more than this many at once is not a person using the app. */
const MAX_STREAMS = 32;

export const SECRET_HEADER = 'x-atom-secret';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOST = '127.0.0.1';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export interface BridgeServerOptions {
  /** Directory of the built renderer (index.html + assets). */
  staticDir: string;
  /** 0 or undefined: any free port. */
  port?: number;
  /** For tests; normally a fresh random secret per launch. */
  secret?: string;
  maxBodyBytes?: number;
  /** How often an idle event stream gets a comment line (default 15 s). */
  heartbeatMs?: number;
}

export interface BridgeServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  secret: string;
  /** The URL to open: the secret rides in the fragment, which browsers never send to a server. */
  url: string;
  /** The core is attached after listening because it needs the callback URL, which needs the port. */
  attachCore(core: BridgeCore): void;
  close(): Promise<void>;
}

export function createBridgeSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares digests so neither the length nor the content leaks through timing. */
export function secretsMatch(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const secret = options.secret ?? createBridgeSecret();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let core: BridgeCore | undefined;
  let port = 0;
  /** Open event streams, each with what ends it; all are ended when the server closes. */
  const streams = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      // Never reached in practice (every branch answers), but a bug must not crash the process.
      if (!res.headersSent) sendError(res, 500, new AppError('INTERNAL', 'Something went wrong in the local bridge.'));
      else res.destroy();
    });
  });
  // Slow-loris and stuck-client protection; long-polls (awaitLogin) last at most 30 s.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const rawUrl = req.url ?? '';
    // Only origin-form request targets ("/path"); absolute-form or "*" are never ours.
    if (!rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
      return sendError(res, 400, new AppError('INVALID_INPUT', 'Bad request.'));
    }
    if (!isOwnHost(req.headers.host, port)) {
      return sendError(res, 403, new AppError('FORBIDDEN', 'This address is not served here.'));
    }
    const queryStart = rawUrl.indexOf('?');
    const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);

    if (rawPath === EVENTS_PATH) return handleEvents(req, res);
    if (rawPath.startsWith(DOWNLOADS_PATH)) return handleDownload(req, res, rawPath.slice(DOWNLOADS_PATH.length));
    if (rawPath.startsWith('/api/')) return handleApi(req, res, rawPath.slice('/api/'.length));
    if (rawPath === BROWSER_MODE_CALLBACK_PATH) return handleCallback(req, res, rawUrl);
    return handleStatic(req, res, rawPath);
  }

  /** The caller checks every /api/ request passes (Host was checked before): Origin, then the secret. */
  function refusedCaller(req: IncomingMessage): AppError | undefined {
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
      return new AppError('FORBIDDEN', 'Calls from other sites are not allowed.');
    }
    const givenSecret = req.headers[SECRET_HEADER];
    if (!secretsMatch(secret, Array.isArray(givenSecret) ? undefined : givenSecret)) {
      return new AppError('FORBIDDEN', 'This tab is not connected to Atom. Open the link printed by `npm run web` again.');
    }
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const refused = refusedCaller(req);
    if (refused) return sendError(res, 403, refused);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, 405, new AppError('INVALID_INPUT', 'Use POST for API calls.'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return sendError(res, 400, new AppError('INVALID_INPUT', 'Unknown API call.'));
    }
    const contentType = req.headers['content-type'] ?? '';
    if (contentType !== '' && !/^application\/json\b/i.test(contentType)) {
      return sendError(res, 415, new AppError('INVALID_INPUT', 'API calls must send JSON.'));
    }

    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'too-large') {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, new AppError('INVALID_INPUT', 'The request is too large.'));
    }
    if (body.kind === 'aborted') return;

    let payload: unknown = undefined;
    if (body.bytes.length > 0) {
      try {
        payload = JSON.parse(body.bytes.toString('utf8'));
      } catch {
        return sendError(res, 400, new AppError('INVALID_INPUT', 'The request body is not valid JSON.'));
      }
    }
    if (!core) return sendError(res, 503, new AppError('INTERNAL', 'Atom is still starting. Try again in a moment.'));

    let result: Result<unknown>;
    try {
      // The secret check above is browser mode's equivalent of the desktop sender check.
      result = await core.invoke(channel, payload, { trusted: true });
    } catch {
      result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Please try again.' } };
    }
    sendJson(res, 200, result);
  }

  /** A finished export, once per token: Host checked before, Origin here; the token stands in for the secret. */
  async function handleDownload(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
      return sendError(res, 403, new AppError('FORBIDDEN', 'Calls from other sites are not allowed.'));
    }
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendError(res, 405, new AppError('INVALID_INPUT', 'Use GET for downloads.'));
    }
    const download = core?.downloads?.take(token);
    const size = download
      ? await stat(download.file).then(
          (s) => s.size,
          () => null,
        )
      : null;
    if (!download || size === null) return sendError(res, 404, new AppError('NOT_FOUND', 'This download has expired or was already used. Export again.'));
    res.writeHead(200, { 'Content-Type': download.contentType, 'Content-Length': size, 'Content-Disposition': contentDisposition(download.fileName) });
    const stream = createReadStream(download.file);
    stream.on('error', () => res.destroy());
    // Sent whole: the export's temporary file is no longer needed (a broken download leaves it, to be saved again).
    res.on('finish', () => download.served?.());
    stream.pipe(res);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Cache-Control', 'no-store');
    const refused = refusedCaller(req);
    if (refused) return sendError(res, 403, refused);
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendError(res, 405, new AppError('INVALID_INPUT', 'Use GET for the event stream.'));
    }
    const feed = core?.events;
    if (!feed) return sendError(res, 503, new AppError('INTERNAL', 'Atom is still starting. Try again in a moment.'));
    if (streams.size >= MAX_STREAMS) return sendError(res, 429, new AppError('INVALID_INPUT', 'Too many open event streams.'));
    openEventStream(res, feed);
  }

  /**
   * One server-sent-events stream: `event: <name>` and one `data:` line of JSON per event (JSON
   * never contains a raw newline), a comment line as heartbeat. Ends when the tab goes, when the
   * tab stops reading, or when the server closes.
   */
  function openEventStream(res: ServerResponse, feed: NonNullable<BridgeCore['events']>): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The stream is open from the client's point of view once this arrives.
    res.write(': open\n\n');
    let ended = false;
    const send = (chunk: string) => {
      if (ended) return;
      res.write(chunk);
      if (res.writableLength > MAX_STREAM_BUFFER_BYTES) end();
    };
    const unsubscribe = feed.subscribe((event) => send(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`));
    const heartbeat = setInterval(() => send(': ping\n\n'), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    // The response's 'close' is the connection going (the request's fires once its empty body is read).
    res.on('close', end);
  }

  async function handleCallback(req: IncomingMessage, res: ServerResponse, rawUrl: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendError(res, 405, new AppError('INVALID_INPUT', 'Method not allowed.'));
    }
    let outcome: { ok: boolean; title: string; message: string };
    if (!core) {
      outcome = { ok: false, title: 'Atom is still starting', message: 'Try logging in again in a moment.' };
    } else {
      try {
        outcome = await core.completeLogin(`http://${LOOPBACK_HOST}:${port}${rawUrl}`);
      } catch {
        outcome = { ok: false, title: 'Login failed', message: 'Something went wrong. Go back to Atom and try again.' };
      }
    }
    const html = renderCallbackPage(outcome);
    res.writeHead(outcome.ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, new AppError('INVALID_INPUT', 'Method not allowed.'));
    }
    const resolved = await resolveStaticFile(options.staticDir, rawPath);
    if (!resolved.ok) {
      const status = resolved.reason === 'bad-path' ? 400 : 404;
      return sendError(res, status, new AppError('NOT_FOUND', status === 400 ? 'Bad path.' : 'Not found.'));
    }
    res.writeHead(200, {
      'Content-Type': resolved.contentType,
      'Content-Length': resolved.body.length,
      // index.html names the hashed assets, so it must never be stale; hashed assets can be cached.
      'Cache-Control': rawPath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : resolved.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK_HOST}:${port}`;

  return {
    origin,
    port,
    secret,
    url: `${origin}/#secret=${secret}`,
    attachCore(c) {
      core = c;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Streams never end by themselves: end them (and their subscriptions) first.
        for (const end of [...streams]) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Exactly our loopback address and port: anything else means a rebound DNS name or a proxy. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`;
}

/** The page's origin must be the very host it asked for (already checked by isOwnHost). */
export function isOwnOrigin(origin: string, host: string | undefined): boolean {
  return host !== undefined && origin === `http://${host}`;
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, error: AppError): void {
  const data: AppErrorData = error.toData();
  sendJson(res, status, { ok: false, error: data });
}

type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads at most `limit` bytes. A declared Content-Length over the limit is refused before
 * reading; a streamed body that grows past it is drained (not buffered) so the client still
 * receives the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('aborted', () => resolve({ kind: 'aborted' }));
    req.on('error', () => resolve({ kind: 'aborted' }));
  });
}

/** `attachment` with an ASCII fallback name and the exact one in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A static page (no script) shown in the login tab after Salesforce redirects back. */
export function renderCallbackPage(outcome: { ok: boolean; title: string; message: string }): string {
  const title = escapeHtml(outcome.title);
  const message = escapeHtml(outcome.message);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Atom for Salesforce</title>
<link rel="stylesheet" href="/callback.css">
</head>
<body class="${outcome.ok ? 'ok' : 'failed'}">
<main class="card">
<div class="mark" aria-hidden="true">${outcome.ok ? '&#10003;' : '!'}</div>
<h1>${title}</h1>
<p>${message}</p>
</main>
</body>
</html>`;
}
