/**
 * The metered `fetch` for the calls the core makes with fetch rather than jsforce: the OAuth token
 * exchange, refresh and revoke (and userinfo, should the app ever read it). Each HTTP request is
 * recorded on the API meter like the transport's; requests are pinned to one origin (the login
 * host) and a redirect is followed only within it, each hop a request of its own.
 *
 * These calls skip the per-org throttle: the token endpoints live on the login host, not the
 * instance, and do not count against the org's API allowance; a session refresh must still work
 * while the org is in REQUEST_LIMIT_EXCEEDED backoff.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../shared/errors';
import type { ApiMeter, CallUse } from './api-meter';
import { byteSize, errorCodeOf, parseLimitInfo, REDIRECT_STATUSES, resourceFamily } from './call-facts';
import { nextHop, redirectTarget, redirectRefused, type Hop } from './redirect-policy';

export interface MeteredFetchTarget {
  connectionId: string | null;
  use: CallUse;
  /** The only origin requests may go to; default: the origin of each call's first URL. */
  origin?: string;
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function meteredFetch(meter: ApiMeter, target: MeteredFetchTarget, base: typeof fetch = fetch): typeof fetch {
  return async (input, init = {}) => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new AppError('INTERNAL', 'The metered fetch takes a URL, not a Request.');
    }
    const first = new URL(String(input));
    const origin = target.origin ? new URL(target.origin).origin : first.origin;
    let hop: Hop<RequestInit['body']> = {
      method: (init.method ?? 'GET').toUpperCase(),
      url: first.toString(),
      headers: plainHeaders(init.headers),
      body: init.body,
    };
    for (let hops = 0; ; hops++) {
      if (new URL(hop.url).origin !== origin) throw redirectRefused();
      const { response, text, next } = await sendOnce(meter, target, base, init, hop, origin);
      if (!next)
        return new Response(NULL_BODY.has(response.status) ? null : text, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      hop = nextHop(hop, response.status, next, origin, hops);
    }
  };
}

/** One HTTP request: sent without following redirects, read whole, recorded. */
async function sendOnce(
  meter: ApiMeter,
  target: MeteredFetchTarget,
  base: typeof fetch,
  init: RequestInit,
  hop: Hop<RequestInit['body']>,
  origin: string,
): Promise<{ response: Response; text: string; next: URL | null }> {
  const path = new URL(hop.url).pathname;
  const startedAt = meter.now();
  const t0 = performance.now();
  const record = (status: number | null, errorCode: string | null, responseBytes: number, limitHeader: string | null) =>
    meter.record({
      connectionId: target.connectionId,
      feature: target.use.feature,
      family: resourceFamily(path),
      method: hop.method,
      path,
      startedAt,
      latencyMs: performance.now() - t0,
      status,
      errorCode,
      requestBytes: byteSize(hop.body),
      responseBytes,
      limitInfo: parseLimitInfo(limitHeader),
      background: target.use.background ?? false,
    });
  let response: Response;
  let text: string;
  try {
    response = await base(hop.url, { ...init, method: hop.method, headers: hop.headers, body: hop.body, redirect: 'manual' });
    text = await response.text();
  } catch (err) {
    record(null, 'NETWORK', 0, null);
    throw err;
  }
  const next = redirectTarget(response.status, response.headers.get('location'), hop.url, REDIRECT_STATUSES);
  const errorCode = next && next.origin !== origin ? 'REDIRECT_REFUSED' : errorCodeOf(response.status, text);
  record(response.status, errorCode, byteSize(text), response.headers.get('sforce-limit-info'));
  return { response, text, next };
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => (out[name] = value));
  return out;
}
