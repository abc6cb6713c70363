/**
 * What the metered path reads off one HTTP exchange with Salesforce, as small pure functions: the
 * resource family of a path, the `Sforce-Limit-Info` figures, the Salesforce error code of an
 * error answer and the byte sizes. Kept cheap: they run on every request, including 2,000-record
 * query pages, so nothing here parses a body that is not an error.
 */
import type { ResourceFamily } from '../../../shared/ipc/api-usage';

const VERSIONED = /^\/services\/data\/v\d+\.\d+(\/.*)?$/;

/** What kind of Salesforce resource a path (no query string) reaches. */
export function resourceFamily(path: string): ResourceFamily {
  if (path === '/services/oauth2/userinfo' || path.startsWith('/id/')) return 'identity';
  if (path.startsWith('/services/oauth2/')) return 'oauth';
  const rest = VERSIONED.exec(path)?.[1];
  if (rest === undefined) return 'other';
  if (/^\/(?:query|queryAll)(?:\/|$)/.test(rest)) return 'query';
  // describeGlobal (/sobjects) and an object's describe (/sobjects/X/describe/...) are metadata reads.
  if (rest === '/sobjects' || rest === '/sobjects/' || /^\/sobjects\/[^/]+\/describe(?:\/|$)/.test(rest)) return 'describe';
  if (rest.startsWith('/sobjects/')) return 'sobjects';
  if (rest.startsWith('/composite')) return 'composite';
  if (rest.startsWith('/jobs/')) return 'bulk';
  if (rest === '/limits' || rest.startsWith('/limits/')) return 'limits';
  return 'other';
}

/** The path of a URL, query string and fragment dropped (a SOQL text can hold record data). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0];
  }
}

/** `api-usage=used/max` of a `Sforce-Limit-Info` header, or null. */
export function parseLimitInfo(header: string | null | undefined): { used: number; max: number } | null {
  if (!header) return null;
  const m = /api-usage=(\d+)\/(\d+)/.exec(header);
  return m ? { used: Number(m[1]), max: Number(m[2]) } : null;
}

/** Error bodies beyond this are not parsed (an HTML error page, say): the status code stands in. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/**
 * Salesforce's error code of an answer: `[{errorCode}]` or `{errorCode}` (REST, Composite, Bulk),
 * `{error}` or `error=` (the OAuth endpoints); `HTTP_<status>` when an error answer names none;
 * null for a success or a redirect.
 */
export function errorCodeOf(status: number, body: string | null | undefined): string | null {
  if (status < 400) return null;
  const text = (body ?? '').trim();
  if (text && text.length <= MAX_ERROR_BODY_CHARS) {
    const code = text.startsWith('[') || text.startsWith('{') ? codeFromJson(text) : codeFromForm(text);
    if (code) return code.slice(0, 100);
  }
  return `HTTP_${status}`;
}

function codeFromJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object') return undefined;
  const item = first as { errorCode?: unknown; error?: unknown };
  if (typeof item.errorCode === 'string') return item.errorCode;
  return typeof item.error === 'string' ? item.error : undefined;
}

function codeFromForm(text: string): string | undefined {
  if (!/^[\w.~%+-]+=/.test(text)) return undefined;
  return new URLSearchParams(text).get('error') ?? undefined;
}

/** Bytes of a body as sent or received: the Content-Length when the answer gave one, else its UTF-8 size. */
export function byteSize(body: unknown, contentLength?: string | null): number {
  if (contentLength) {
    const n = Number(contentLength);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (Buffer.isBuffer(body)) return body.length;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString(), 'utf8');
  return 0;
}

/** HTTP statuses that carry a Location to follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
