/**
 * Small HTTP helpers shared by the emulator's endpoints: bounded body reading, Salesforce-shaped
 * JSON and error responses, HTML escaping and HTTP dates.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SalesforceError } from '../errors';

/** Every JSON body Salesforce sends, errors included, carries exactly this content type. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Thrown by readBody when the body would exceed its limit; the server answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body into memory, refusing (before buffering) anything over `limit` bytes,
 * whether announced by Content-Length or discovered while streaming a chunked body.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        // Stop accumulating; the caller answers 413 and closes the connection.
        req.pause();
        finish(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(err);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON_CONTENT_TYPE, JSON.stringify(body), headers);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  // The string goes to the socket as is (encoded once, by the socket write) rather than being
  // copied into a Buffer first: a query page is half a megabyte.
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text, 'utf8')),
  });
  if (res.req?.method === 'HEAD') res.end();
  else res.end(text, 'utf8');
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export function sendSalesforceError(
  res: ServerResponse,
  error: SalesforceError,
  headers: Record<string, string> = {},
): void {
  sendJson(res, error.status, error.toBody(), headers);
}

export const notFound = (): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): SalesforceError =>
  new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export function methodNotAllowed(method: string, allowed: string[]): SalesforceError {
  return new SalesforceError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** RFC 7231 IMF-fixdate, as in Last-Modified. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * Parses an HTTP date header (IMF-fixdate or the obsolete forms Date.parse understands).
 * Undefined when absent; null when present but unparseable.
 */
export function parseHttpDate(value: string | string[] | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (!/^[A-Za-z]{3},? /.test(text.trim())) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** First value of a header that may arrive repeated. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Form-encoded body plus query string, body winning, as Salesforce's OAuth endpoints accept. */
export function formParams(query: URLSearchParams, body: Buffer): URLSearchParams {
  const merged = new URLSearchParams(query);
  const fromBody = new URLSearchParams(body.toString('utf8'));
  for (const [key, value] of fromBody) merged.set(key, value);
  return merged;
}
