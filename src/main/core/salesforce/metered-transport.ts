/**
 * The jsforce transport every Connection of the gateway uses: the one place a jsforce request
 * becomes HTTP. Per request it pins the URL to the instance's origin, waits for one of the org's
 * slots, holds the request back while the org is in REQUEST_LIMIT_EXCEEDED backoff, and records
 * the exchange on the API meter. jsforce's own retries and redirect following are switched off
 * for each underlying send and done here instead, so that each retry and each redirect hop is a
 * request of its own (metered, throttled, origin-checked) and a 403 is never retried.
 *
 * Who a request is for travels in the request options (`use`), which jsforce hands unchanged to
 * `Transport.httpRequest` (Connection.request → HttpApi → transport), session refreshes included.
 */
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import type { HttpRequest } from 'jsforce';
// Not re-exported by the package root; both files are part of jsforce's published lib.
import { Transport } from 'jsforce/lib/transport.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { AppError } from '../../../shared/errors';
import type { ApiCallRecord } from '../usage/types';
import type { ApiMeter, CallUse } from './api-meter';
import { byteSize, errorCodeOf, parseLimitInfo, REDIRECT_STATUSES, resourceFamily } from './call-facts';
import type { Admission } from './org-throttle';
import { nextHop, redirectTarget } from './redirect-policy';

/** The options a metered jsforce request carries (Connection.request's second argument). */
export interface MeteredRequestOptions {
  use?: CallUse;
  retry?: Partial<RetrySettings>;
  timeout?: number;
  encoding?: BufferEncoding;
}

interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

interface RetrySettings {
  maxRetries: number;
  minTimeout: number;
  timeoutFactor: number;
  statusCodes: number[];
  methods: string[];
  errorCodes: string[];
}

/** jsforce's own retry defaults (request.js), kept so behaviour does not change; 403 is never among the statuses. */
const RETRY_DEFAULTS: RetrySettings = {
  maxRetries: 5,
  minTimeout: 500,
  timeoutFactor: 2,
  statusCodes: [420, 429, 500, 502, 503, 504],
  methods: ['GET', 'PUT', 'HEAD', 'OPTIONS', 'DELETE'],
  errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'UND_ERR_SOCKET', 'ETIMEDOUT', 'EPIPE'],
};

/** One send: jsforce never retries and never follows a redirect by itself. */
const SINGLE_SEND = { followRedirect: false, retry: { maxRetries: 0, methods: [] as never[] } };

export interface TransportTarget {
  /** null for calls made before the connection exists (the login identity read). */
  connectionId: string | null;
  instanceUrl: string;
}

type Outcome = { response: HttpResponse; error?: undefined } | { error: unknown; response?: undefined };

export class MeteredTransport extends Transport {
  private readonly origin: string;
  /** The throttle's key for this org. */
  private readonly key: string;
  /** Loopback instances (the Demo org) bypass HTTP(S)_PROXY: a proxy could never reach 127.0.0.1. */
  private readonly proxyOverride: { httpProxy?: undefined };

  constructor(
    private readonly meter: ApiMeter,
    private readonly target: TransportTarget,
  ) {
    super();
    this.origin = new URL(target.instanceUrl).origin;
    this.key = target.connectionId ?? this.origin;
    // An explicit `httpProxy: undefined` overrides jsforce's environment default; real orgs keep the proxy.
    this.proxyOverride = isLoopbackUrl(target.instanceUrl) ? { httpProxy: undefined } : {};
  }

  override httpRequest(req: HttpRequest, options: MeteredRequestOptions = {}): StreamPromise<HttpResponse> {
    const promise = this.follow(req, options);
    // Nothing in the core reads jsforce's response stream; the body comes with the promise.
    return StreamPromise.create(() => ({ stream: new PassThrough(), promise }));
  }

  /** Sends the request and follows redirects within the instance's origin, one metered request per hop. */
  private async follow(req: HttpRequest, options: MeteredRequestOptions): Promise<HttpResponse> {
    // Every caller in the core says who a request is for; a request that does not is a bug, not a call to bill to nobody.
    if (!options.use) throw new AppError('INTERNAL', 'A Salesforce request was made without saying what it is for.');
    let hop: HttpRequest = req;
    for (let hops = 0; ; hops++) {
      const response = await this.withRetries(hop, options, options.use);
      const target = redirectTarget(response.statusCode, response.headers.location, hop.url, REDIRECT_STATUSES);
      if (!target) return response;
      hop = nextHop(hop, response.statusCode, target, this.origin, hops) as HttpRequest;
    }
  }

  /** jsforce's retry policy, applied here so that each attempt is metered and throttled. */
  private async withRetries(hop: HttpRequest, options: MeteredRequestOptions, use: CallUse): Promise<HttpResponse> {
    const policy: RetrySettings = { ...RETRY_DEFAULTS, ...options.retry };
    policy.statusCodes = policy.statusCodes.filter((s) => s !== 403);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.sendOnce(hop, options, use);
      if (attempt < policy.maxRetries && retryable(policy, hop.method, outcome)) {
        await sleep(attempt === 0 ? policy.minTimeout : policy.minTimeout * policy.timeoutFactor ** attempt);
        continue;
      }
      if (!outcome.response) throw outcome.error;
      return outcome.response;
    }
  }

  /** One HTTP request: origin check, slot, backoff admission, send, record. */
  private async sendOnce(hop: HttpRequest, options: MeteredRequestOptions, use: CallUse): Promise<Outcome> {
    const url = pinnedUrl(this.origin, hop.url);
    const throttle = this.meter.throttle;
    throttle.assertOpen(this.key);
    const release = await throttle.acquire(this.key);
    try {
      const admission = throttle.admit(this.key);
      const startedAt = this.meter.now();
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        const sendOptions = { timeout: options.timeout, encoding: options.encoding, ...SINGLE_SEND, ...this.proxyOverride };
        outcome = { response: (await super.httpRequest({ ...hop, url: url.toString() }, sendOptions)) as HttpResponse };
      } catch (error) {
        outcome = { error };
      }
      this.account(hop, url, use, outcome, admission, { startedAt, latencyMs: performance.now() - t0 });
      return outcome;
    } finally {
      release();
    }
  }

  /** Records the request on the meter and tells the throttle how the org answered. */
  private account(hop: HttpRequest, url: URL, use: CallUse, outcome: Outcome, admission: Admission, time: { startedAt: number; latencyMs: number }): void {
    const res = outcome.response;
    const errorCode = this.errorCodeOf(res, url);
    const record: ApiCallRecord = {
      connectionId: this.target.connectionId,
      feature: use.feature,
      family: resourceFamily(url.pathname),
      method: hop.method,
      path: url.pathname,
      startedAt: time.startedAt,
      latencyMs: time.latencyMs,
      status: res ? res.statusCode : null,
      errorCode,
      requestBytes: byteSize(hop.body),
      responseBytes: res ? byteSize(res.body, res.headers['content-length']) : 0,
      limitInfo: res ? parseLimitInfo(res.headers['sforce-limit-info']) : null,
      background: use.background ?? false,
    };
    // The throttle first, so listeners told of a limit answer already read the org's new backoff state.
    this.meter.throttle.settle(
      this.key,
      admission,
      !res ? 'no-answer' : res.statusCode === 403 && errorCode === 'REQUEST_LIMIT_EXCEEDED' ? 'limited' : 'answered',
    );
    this.meter.record(record);
  }

  /** Salesforce's error code; NETWORK without an answer; REDIRECT_REFUSED for a redirect off the origin (not followed). */
  private errorCodeOf(res: HttpResponse | undefined, url: URL): string | null {
    if (!res) return 'NETWORK';
    const target = redirectTarget(res.statusCode, res.headers.location, url.toString(), REDIRECT_STATUSES);
    if (target && target.origin !== this.origin) return 'REDIRECT_REFUSED';
    return errorCodeOf(res.statusCode, res.body);
  }
}

/** The URL, if it is on exactly the instance's origin; otherwise nothing is sent. */
function pinnedUrl(origin: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('INTERNAL', 'Refused to send a request outside the connected org.');
  }
  if (parsed.origin !== origin) throw new AppError('INTERNAL', 'Refused to send a request outside the connected org.');
  return parsed;
}

function retryable(policy: RetrySettings, method: string, outcome: Outcome): boolean {
  if (!policy.methods.includes(method)) return false;
  if (outcome.response) return policy.statusCodes.includes(outcome.response.statusCode);
  const err = outcome.error as { name?: unknown; code?: unknown } | null;
  // Only operational errors of the HTTP client (node-fetch's FetchError), as jsforce does; never our own refusals.
  return err?.name === 'FetchError' && typeof err.code === 'string' && policy.errorCodes.includes(err.code);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}
