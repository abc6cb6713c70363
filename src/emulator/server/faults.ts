/**
 * Fault injection on the data API (`/services/data/vNN.0/...`: REST, composite, Bulk): added
 * latency, failed responses and dropped connections, deterministic for a given seed (each eligible request draws from one seeded sequence, in arrival order), so a test
 * that replays the same requests sees the same faults.
 */
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
  /** No latency, no failures, API usage back to zero. */
  reset(): void;
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

  reset(): void {
    this.settings = { ...DEFAULTS };
    this.random = mulberry32(DEFAULTS.seed);
    this.hooks.resetApiUsage();
  }

  latencyFor(method: string): number {
    return this.applies(method) ? this.settings.latencyMs : 0;
  }

  /** Draws the fate of one request. Requests the settings do not target draw nothing. */
  decide(method: string): FaultDecision {
    const { failureRate, resetRate, failureStatus } = this.settings;
    if ((failureRate === 0 && resetRate === 0) || !this.applies(method)) return { kind: 'none' };
    const draw = this.random();
    if (draw < resetRate) return { kind: 'reset' };
    if (draw < resetRate + failureRate) return { kind: 'fail', status: failureStatus };
    return { kind: 'none' };
  }

  private applies(method: string): boolean {
    const { methods } = this.settings;
    return methods.length === 0 || methods.includes(method.toUpperCase());
  }
}
