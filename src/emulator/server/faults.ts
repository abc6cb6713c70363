/**
 * Fault injection on the data API (`/services/data/vNN.0/...`: REST, composite, Bulk): added
 * latency, failed responses and dropped connections, deterministic for a given seed (each eligible request draws from one seeded sequence, in arrival order), so a test
 * that replays the same requests sees the same faults.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mulberry32 } from '../random';

export interface FaultSettings {
  /** Delay before every eligible request is handled. */
  latencyMs: number;
  /** Share (0–1) of eligible requests answered with `failureStatus`. */
  failureRate: number;
  failureStatus: 500 | 503;
  /** Share (0–1) of eligible requests whose connection is destroyed without an answer. */
  resetRate: number;
  seed: number;
  /**
   * Only requests with these methods are affected (all when empty). jsforce retries 5xx GETs for
   * about 15 s, so tests usually aim failures at POST/PATCH.
   */
  methods: string[];
}

export type FaultDecision = { kind: 'none' } | { kind: 'fail'; status: 500 | 503 } | { kind: 'reset' };

export interface FaultControls {
  /** Changes the given settings; the others keep their values. Re-seeds when `seed` is given. */
  set(settings: Partial<FaultSettings>): FaultSettings;
  get(): FaultSettings;
  /** Every access token issued so far stops working (401 INVALID_SESSION_ID); refresh tokens still work. */
  expireAllAccessTokens(): void;
  /** Uses up the API quota: the next REST call gets 403 REQUEST_LIMIT_EXCEEDED. */
  exhaustApiLimit(): void;
  /**
   * The next `count` matching data-API requests are fully processed (a write commits), then the
   * connection is destroyed before any byte of the answer is sent: the client cannot know whether
   * its request happened. `pathPattern` is tested against the path without the query string.
   */
  dropNextResponses(count: number, filter?: { method?: string; pathPattern?: RegExp }): void;
  /** How many answers were dropped so far. */
  droppedResponses(): number;
  /** No latency, no failures, no pending drops, API usage back to zero. */
  reset(): void;
}

interface DropRule {
  remaining: number;
  method?: string;
  pathPattern?: RegExp;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * The request being handled, for dropping its answer: the HTTP server's diagnostics channel
 * announces every request (with its response object) just before the server's handler runs, and
 * the async context carries it to `decide`. Subscribed only once a drop is armed.
 */
const currentExchange = new AsyncLocalStorage<Exchange>();
let exchangeTracking = false;
function trackExchanges(): void {
  if (exchangeTracking) return;
  exchangeTracking = true;
  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    currentExchange.enterWith({ req: request, res: response });
  });
}

/** Lets the handler run to completion, then hangs up instead of answering. */
function swallowAnswer({ req, res }: Exchange): void {
  const hangUp = () => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
  res.write = (() => {
    hangUp();
    return false;
  }) as unknown as ServerResponse['write'];
  res.end = hangUp as unknown as ServerResponse['end'];
}

const DEFAULTS: FaultSettings = {
  latencyMs: 0,
  failureRate: 0,
  failureStatus: 503,
  resetRate: 0,
  seed: 1,
  methods: [],
};

function clampRate(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${name} must be a number between 0 and 1`);
  }
  return value;
}

/** Validates untrusted settings (the admin route passes JSON straight in). */
export function validateFaultSettings(input: unknown): Partial<FaultSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('Fault settings must be a JSON object');
  }
  const raw = input as Record<string, unknown>;
  const out: Partial<FaultSettings> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in DEFAULTS)) throw new TypeError(`Unknown fault setting: ${key}`);
  }
  if (raw.latencyMs !== undefined) {
    const v = raw.latencyMs;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 60_000) {
      throw new RangeError('latencyMs must be an integer from 0 to 60000');
    }
    out.latencyMs = v;
  }
  if (raw.failureRate !== undefined) out.failureRate = clampRate(raw.failureRate, 'failureRate');
  if (raw.resetRate !== undefined) out.resetRate = clampRate(raw.resetRate, 'resetRate');
  if (raw.failureStatus !== undefined) {
    if (raw.failureStatus !== 500 && raw.failureStatus !== 503) {
      throw new RangeError('failureStatus must be 500 or 503');
    }
    out.failureStatus = raw.failureStatus;
  }
  if (raw.seed !== undefined) {
    if (typeof raw.seed !== 'number' || !Number.isInteger(raw.seed)) {
      throw new TypeError('seed must be an integer');
    }
    out.seed = raw.seed;
  }
  if (raw.methods !== undefined) {
    if (!Array.isArray(raw.methods) || !raw.methods.every((m) => typeof m === 'string')) {
      throw new TypeError('methods must be an array of HTTP method names');
    }
    out.methods = raw.methods.map((m) => (m as string).toUpperCase());
  }
  return out;
}

export interface FaultHooks {
  expireAllAccessTokens(): void;
  exhaustApiLimit(): void;
  resetApiUsage(): void;
}

export class FaultController implements FaultControls {
  private settings: FaultSettings = { ...DEFAULTS };
  private random = mulberry32(DEFAULTS.seed);
  private drops: DropRule[] = [];
  private dropped = 0;

  constructor(private readonly hooks: FaultHooks) {}

  set(settings: Partial<FaultSettings>): FaultSettings {
    const valid = validateFaultSettings(settings);
    this.settings = { ...this.settings, ...valid };
    if (valid.seed !== undefined) this.random = mulberry32(valid.seed);
    return this.get();
  }

  get(): FaultSettings {
    return { ...this.settings, methods: [...this.settings.methods] };
  }

  expireAllAccessTokens(): void {
    this.hooks.expireAllAccessTokens();
  }

  exhaustApiLimit(): void {
    this.hooks.exhaustApiLimit();
  }

  dropNextResponses(count: number, filter: { method?: string; pathPattern?: RegExp } = {}): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    trackExchanges();
    this.drops.push({ remaining: count, method: filter.method?.toUpperCase(), pathPattern: filter.pathPattern });
  }

  droppedResponses(): number {
    return this.dropped;
  }

  reset(): void {
    this.drops = [];
    this.settings = { ...DEFAULTS };
    this.random = mulberry32(DEFAULTS.seed);
    this.hooks.resetApiUsage();
  }

  latencyFor(method: string): number {
    return this.applies(method) ? this.settings.latencyMs : 0;
  }

  /** Draws the fate of one request. Requests the settings do not target draw nothing. */
  decide(method: string): FaultDecision {
    this.armDrop(method);
    const { failureRate, resetRate, failureStatus } = this.settings;
    if ((failureRate === 0 && resetRate === 0) || !this.applies(method)) return { kind: 'none' };
    const draw = this.random();
    if (draw < resetRate) return { kind: 'reset' };
    if (draw < resetRate + failureRate) return { kind: 'fail', status: failureStatus };
    return { kind: 'none' };
  }

  /** When a drop rule matches this request, its answer is swallowed (the request still runs). */
  private armDrop(method: string): void {
    if (this.drops.length === 0) return;
    const exchange = currentExchange.getStore();
    if (!exchange) return;
    const path = (exchange.req.url ?? '').split('?')[0];
    const rule = this.drops.find((r) => (!r.method || r.method === method.toUpperCase()) && (!r.pathPattern || r.pathPattern.test(path)));
    if (!rule) return;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.drops.splice(this.drops.indexOf(rule), 1);
    this.dropped += 1;
    swallowAnswer(exchange);
  }

  private applies(method: string): boolean {
    const { methods } = this.settings;
    return methods.length === 0 || methods.includes(method.toUpperCase());
  }
}
