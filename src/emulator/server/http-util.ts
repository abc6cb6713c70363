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

/** Pieces of a JSON document, in order (strings are written as UTF-8), and its length in bytes. */
export interface JsonText {
  chunks: Array<string | Buffer>;
  bytes: number;
}

/**
 * A response body may carry its own serialization under this key (a method returning
 * JsonText that equals JSON.stringify of the body); symbol keys are invisible to JSON.stringify
 * and to property walks, so the body still reads as the plain object it describes.
 */
export const JSON_TEXT: unique symbol = Symbol('jsonText');

interface WithJsonText {
  [JSON_TEXT]: () => JsonText;
}

function hasJsonText(value: unknown): value is WithJsonText {
  return typeof value === 'object' && value !== null && typeof (value as Partial<WithJsonText>)[JSON_TEXT] === 'function';
}

/** Size a piece of JSON text grows to before it is cut off as a chunk. */
const JSON_CHUNK_CHARS = 32 * 1024;
/** Arrays longer than this are serialized element by element. */
const SPLIT_ARRAY_LENGTH = 16;

/**
 * JSON.stringify(value), byte for byte, as a list of chunks of about 32 KB. A query page is half
 * a megabyte: as one string it is a large heap object that has to be flattened and then encoded
 * into a Buffer, each step costing more than the serialization, and every such allocation brings
 * the next full GC closer. Long arrays (records) are serialized one element at a time and
 * gathered into chunks small enough to stay in the young generation.
 */
export function jsonText(value: unknown): JsonText {
  if (hasJsonText(value)) return value[JSON_TEXT]();
  const chunks: string[] = [];
  let bytes = 0;
  let current = '';
  const push = (piece: string) => {
    current += piece;
    if (current.length >= JSON_CHUNK_CHARS) {
      bytes += Buffer.byteLength(current, 'utf8');
      chunks.push(current);
      current = '';
    }
  };
  const splittable = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > SPLIT_ARRAY_LENGTH;
  const writeArray = (array: unknown[]) => {
    push('[');
    for (let i = 0; i < array.length; i++) {
      // As JSON.stringify writes them: undefined, functions and symbols in arrays become null.
      const element = JSON.stringify(array[i]) ?? 'null';
      push(i === 0 ? element : `,${element}`);
    }
    push(']');
  };
  if (splittable(value)) {
    writeArray(value);
  } else if (isPlainObject(value) && Object.values(value).some(splittable)) {
    push('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const child = value[key];
      const prefix = `${first ? '' : ','}${JSON.stringify(key)}:`;
      if (splittable(child)) {
        push(prefix);
        writeArray(child);
      } else {
        // Properties JSON.stringify leaves out (undefined, functions, symbols) stay out.
        const text = JSON.stringify(child);
        if (text === undefined) continue;
        push(prefix + text);
      }
      first = false;
    }
    push('}');
  } else {
    push(JSON.stringify(value) ?? '');
  }
  if (current) {
    bytes += Buffer.byteLength(current, 'utf8');
    chunks.push(current);
  }
  return { chunks, bytes };
}

/** An object JSON.stringify writes as its own properties (no toJSON, not an array). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const { chunks, bytes } = jsonText(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': String(bytes),
  });
  if (res.req?.method === 'HEAD' || chunks.length === 0) {
    res.end();
  } else if (chunks.length === 1) {
    res.end(chunks[0], 'utf8');
  } else {
    // Corked, the chunks leave in one writev, encoded straight into the socket's write buffer.
    res.cork();
    for (const chunk of chunks) res.write(chunk, 'utf8');
    res.end();
  }
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(payload.length),
  });
  res.end(res.req?.method === 'HEAD' ? undefined : payload);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export function sendSalesforceError(res: ServerResponse, error: SalesforceError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.toBody(), headers);
}

export const notFound = (): SalesforceError => new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): SalesforceError => new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export function methodNotAllowed(method: string, allowed: string[]): SalesforceError {
  return new SalesforceError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
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

/**
 * Parses a request target (`req.url`) into a URL on the emulator's origin. Clients that keep the
 * instance URL with a trailing slash send `//services/data/...`; WHATWG URL parsing would read
 * `services` as a host there, while Salesforce serves the resource the duplicate slash stands for.
 * Only the leading run of slashes is folded: that is the form such clients produce, and inner
 * empty segments keep whatever meaning the routes give them. Undefined when the target is not a
 * parsable path.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  const normalised = (target ?? '/').replace(/^\/{2,}/, '/');
  try {
    return new URL(normalised, 'http://emulator.invalid');
  } catch {
    return undefined;
  }
}
