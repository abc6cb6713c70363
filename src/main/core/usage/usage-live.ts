/**
 * What the usage statistics keep only in memory: the last hour's latencies, the last successful
 * call, failures of the last 24 hours by code, the last 100 failed calls (redacted), and this
 * app's calls per hour (for the budget guard's rolling 24 hours; seeded from the database at start
 * so a restart does not forget the day's spending).
 */
import type { ApiCallRecord, Connectivity, RecentError } from './types';
import { HOUR_MS, hourStart } from './usage-calendar';
import { percentileOfSamples } from './latency';

export const RECENT_ERRORS_KEPT = 100;
/** A bound on the last hour's samples per org (a Bulk-heavy hour stays well under it). */
const MAX_LATENCY_SAMPLES = 20_000;
const WINDOW_24H = 24 * HOUR_MS;

/** The code a failed call is counted under: Salesforce's errorCode, else NETWORK or HTTP_<status>. */
export function failureCode(call: Pick<ApiCallRecord, 'status' | 'errorCode'>): string | null {
  if (call.errorCode) return call.errorCode;
  if (call.status === null) return 'NETWORK';
  return call.status >= 400 ? `HTTP_${call.status}` : null;
}

/** A path as the statistics may show it: no query string or fragment, bounded length. */
export function redactPath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0];
  return bare.length > 200 ? `${bare.slice(0, 200)}…` : bare;
}

interface Samples {
  at: number[];
  ms: number[];
  /** Index of the oldest sample still in the window (dropped lazily, compacted now and then). */
  head: number;
}

export class LiveUsage {
  private readonly latencies = new Map<string, Samples>();
  private readonly lastSuccess = new Map<string, number>();
  /** org → hour start → code → count. Hour granularity: "the last 24 h" is the last 24 hourly buckets. */
  private readonly errorHours = new Map<string, Map<number, Map<string, number>>>();
  /** org → hour start → calls (this app's, all features). */
  private readonly callHours = new Map<string, Map<number, number>>();
  /** Newest first. */
  private readonly recent: RecentError[] = [];

  constructor(private readonly now: () => number) {}

  /** Seeds the hourly call counts (from the database at start). */
  seedHour(connectionId: string, hour: number, calls: number): void {
    const hours = this.hoursOf(this.callHours, connectionId);
    hours.set(hour, (hours.get(hour) ?? 0) + calls);
  }

  add(key: string, call: ApiCallRecord, code: string | null): void {
    const hour = hourStart(call.startedAt);
    const calls = this.hoursOf(this.callHours, key);
    if (!calls.has(hour)) this.dropOldHours(calls);
    calls.set(hour, (calls.get(hour) ?? 0) + 1);
    this.addLatency(key, call.startedAt, call.latencyMs);
    if (code === null) {
      if (call.status !== null && call.status < 400) this.lastSuccess.set(key, Math.max(this.lastSuccess.get(key) ?? 0, call.startedAt + call.latencyMs));
      return;
    }
    const errors = this.hoursOf(this.errorHours, key);
    if (!errors.has(hour)) this.dropOldHours(errors);
    const codes = errors.get(hour) ?? new Map<string, number>();
    codes.set(code, (codes.get(code) ?? 0) + 1);
    errors.set(hour, codes);
    this.recent.unshift({
      at: new Date(call.startedAt).toISOString(),
      connectionId: call.connectionId,
      feature: call.feature,
      method: call.method.toUpperCase().slice(0, 10),
      path: redactPath(call.path),
      status: call.status,
      errorCode: code,
    });
    if (this.recent.length > RECENT_ERRORS_KEPT) this.recent.length = RECENT_ERRORS_KEPT;
  }

  /** This app's calls to the org in the last 24 hourly buckets (the current hour included). */
  callsLast24h(key: string): number {
    const since = hourStart(this.now()) - WINDOW_24H + HOUR_MS;
    let total = 0;
    for (const [hour, n] of this.callHours.get(key) ?? []) if (hour >= since) total += n;
    return total;
  }

  connectivity(key: string): Connectivity {
    const samples = this.windowSamples(key);
    const since = hourStart(this.now()) - WINDOW_24H + HOUR_MS;
    const errorsByCode24h: Record<string, number> = {};
    for (const [hour, codes] of this.errorHours.get(key) ?? []) {
      if (hour < since) continue;
      for (const [code, n] of codes) errorsByCode24h[code] = (errorsByCode24h[code] ?? 0) + n;
    }
    const last = this.lastSuccess.get(key);
    return {
      lastSuccessAt: last === undefined ? null : new Date(last).toISOString(),
      p50Ms: percentileOfSamples(samples, 0.5),
      p95Ms: percentileOfSamples(samples, 0.95),
      callsLastHour: samples.length,
      errorsByCode24h,
    };
  }

  recentErrors(connectionId: string | null, limit: number): RecentError[] {
    const max = Math.max(0, Math.min(RECENT_ERRORS_KEPT, Math.floor(limit)));
    const of = connectionId === null ? this.recent : this.recent.filter((e) => e.connectionId === connectionId);
    return of.slice(0, max).map((e) => ({ ...e }));
  }

  forget(key: string): void {
    this.latencies.delete(key);
    this.lastSuccess.delete(key);
    this.errorHours.delete(key);
    this.callHours.delete(key);
    for (let i = this.recent.length - 1; i >= 0; i--) if ((this.recent[i].connectionId ?? '') === key) this.recent.splice(i, 1);
  }

  private addLatency(key: string, at: number, ms: number): void {
    let s = this.latencies.get(key);
    if (!s) this.latencies.set(key, (s = { at: [], ms: [], head: 0 }));
    s.at.push(at);
    s.ms.push(ms);
    this.trim(s);
  }

  /** The samples of the last hour. */
  private windowSamples(key: string): number[] {
    const s = this.latencies.get(key);
    if (!s) return [];
    this.trim(s);
    return s.ms.slice(s.head);
  }

  /** Moves `head` past samples older than an hour (or past the cap) and compacts once half is dead. */
  private trim(s: Samples): void {
    const cutoff = this.now() - HOUR_MS;
    while (s.head < s.at.length && (s.at[s.head] < cutoff || s.at.length - s.head > MAX_LATENCY_SAMPLES)) s.head++;
    if (s.head > 1_000 && s.head * 2 > s.at.length) {
      s.at.splice(0, s.head);
      s.ms.splice(0, s.head);
      s.head = 0;
    }
  }

  private hoursOf<V>(map: Map<string, Map<number, V>>, key: string): Map<number, V> {
    let hours = map.get(key);
    if (!hours) map.set(key, (hours = new Map()));
    return hours;
  }

  /** Keeps hourly maps bounded: called when a new hour starts being counted. */
  private dropOldHours(hours: Map<number, unknown>): void {
    const since = hourStart(this.now()) - WINDOW_24H;
    for (const hour of hours.keys()) if (hour < since) hours.delete(hour);
  }
}
