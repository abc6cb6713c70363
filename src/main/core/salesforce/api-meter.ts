/**
 * The API meter: one per app core. Every HTTP request the core makes to Salesforce (the jsforce
 * transport of metered-transport.ts, the OAuth fetch of metered-fetch.ts) ends as one
 * `ApiCallRecord` here; the meter passes it on to its listeners (the usage store, the push
 * channel) and keeps cheap in-memory counters (per connection, since the meter was created) that
 * tests and the bench read. It also owns the per-org throttle (concurrency cap, limit backoff), so
 * every path to an org shares one.
 *
 * The meter never decides what may be spent: that is the budget guard's job, on these records.
 */
import type { ApiFeature, ResourceFamily } from '../../../shared/ipc/api-usage';
import type { Logger } from '../logger';
import type { ApiCallRecord, ApiCallSink } from '../usage/types';
import { OrgThrottle, type BackoffState, type ThrottleOptions } from './org-throttle';

/** Who a call is for, given explicitly by whoever opens the session (see gateway.session/connection). */
export interface CallUse {
  feature: ApiFeature;
  /** Work the user did not start (a scheduled sync, a probe). Default false. */
  background?: boolean;
}

export interface MeterCounts {
  total: number;
  /** Calls that got no answer or an error status (4xx/5xx). */
  errors: number;
  byFeature: Partial<Record<ApiFeature, number>>;
  byFamily: Partial<Record<ResourceFamily, number>>;
  /** Request and response body bytes. */
  requestBytes: number;
  responseBytes: number;
}

/** What the budget guard and the Health panel read about one org's standing with Salesforce. */
export interface OrgLimitState extends BackoffState {
  /** The last `Sforce-Limit-Info: api-usage=used/max` the org returned, with when (epoch ms). */
  lastLimitInfo: { used: number; max: number; at: number } | null;
}

export interface ApiMeter extends ApiCallSink {
  record(call: ApiCallRecord): void;
  /** Every record from now on; returns the unsubscribe. A listener that throws is logged and skipped. */
  subscribe(listener: (call: ApiCallRecord) => void): () => void;
  /** This process's calls of one connection (null: calls made before a connection existed). */
  counts(connectionId: string | null): MeterCounts;
  /** This process's calls, all connections together. */
  totals(): MeterCounts;
  limitState(connectionId: string): OrgLimitState;
  /** Per-org admission shared by every metered path (internal to salesforce/). */
  readonly throttle: OrgThrottle;
  /** The meter's clock (injectable for tests): start times, backoff. */
  readonly now: () => number;
}

export interface ApiMeterOptions extends ThrottleOptions {
  /** Receivers of every record, besides later `subscribe`rs (e.g. the usage store). */
  sinks?: ApiCallSink[];
  log?: Logger;
}

const emptyCounts = (): MeterCounts => ({ total: 0, errors: 0, byFeature: {}, byFamily: {}, requestBytes: 0, responseBytes: 0 });

function add(counts: MeterCounts, call: ApiCallRecord): void {
  counts.total++;
  if (call.status === null || call.status >= 400) counts.errors++;
  counts.byFeature[call.feature] = (counts.byFeature[call.feature] ?? 0) + 1;
  counts.byFamily[call.family] = (counts.byFamily[call.family] ?? 0) + 1;
  counts.requestBytes += call.requestBytes;
  counts.responseBytes += call.responseBytes;
}

const copy = (c: MeterCounts): MeterCounts => ({ ...c, byFeature: { ...c.byFeature }, byFamily: { ...c.byFamily } });

export function createApiMeter(options: ApiMeterOptions = {}): ApiMeter {
  const throttle = new OrgThrottle(options);
  const listeners = new Set<(call: ApiCallRecord) => void>();
  for (const sink of options.sinks ?? []) listeners.add((call) => sink.record(call));
  const byConnection = new Map<string | null, MeterCounts>();
  const totals = emptyCounts();
  const limits = new Map<string, { used: number; max: number; at: number }>();

  return {
    throttle,
    now: throttle.now,
    record(call) {
      add(totals, call);
      let counts = byConnection.get(call.connectionId);
      if (!counts) byConnection.set(call.connectionId, (counts = emptyCounts()));
      add(counts, call);
      if (call.limitInfo && call.connectionId) limits.set(call.connectionId, { ...call.limitInfo, at: call.startedAt + call.latencyMs });
      for (const listener of listeners) {
        try {
          listener(call);
        } catch (err) {
          // A broken listener must not fail the Salesforce call it is told about.
          options.log?.warn('An API usage listener failed', err instanceof Error ? err.message : String(err));
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    counts: (connectionId) => copy(byConnection.get(connectionId) ?? emptyCounts()),
    totals: () => copy(totals),
    limitState: (connectionId) => ({ ...throttle.state(connectionId), lastLimitInfo: limits.get(connectionId) ?? null }),
  };
}
