/**
 * The seam between the metered path (salesforce/, which sees every HTTP call to an org) and what
 * is built on its records: usage statistics, the budget guard, the Health panel and the push
 * channel's `api-usage` event. The meter only produces `ApiCallRecord`s; it never decides.
 */
import type { ApiFeature, ApiUsageSnapshot, ResourceFamily } from '../../../shared/ipc/api-usage';

export type { ApiFeature, ApiUsageSnapshot, ResourceFamily };

/** One HTTP request the core made to Salesforce (a redirect hop or a retry is a request of its own). */
export interface ApiCallRecord {
  /** null for calls made before a connection exists (the OAuth code exchange of a new login). */
  connectionId: string | null;
  feature: ApiFeature;
  family: ResourceFamily;
  method: string;
  /** Path only, query string dropped (a SOQL text can hold record data); never a token. */
  path: string;
  /** Epoch ms when the request was sent. */
  startedAt: number;
  latencyMs: number;
  /** HTTP status, or null when no response arrived (network error, timeout, refused redirect). */
  status: number | null;
  /** Salesforce's errorCode (REQUEST_LIMIT_EXCEEDED, INVALID_SESSION_ID…) or a network code, else null. */
  errorCode: string | null;
  requestBytes: number;
  responseBytes: number;
  /** Parsed from Sforce-Limit-Info `api-usage=used/max`, when the response carried it. */
  limitInfo: { used: number; max: number } | null;
  /** Work the user did not start (scheduled sync, reconciliation, probes): the guard may hold it back. */
  background: boolean;
}

export interface ApiCallSink {
  record(call: ApiCallRecord): void;
}

/** One day of an org's usage (local calendar day, YYYY-MM-DD), for the Health panel's 30-day chart. */
export interface DailyUsage {
  day: string;
  /** This app's calls that day, in all and by feature. */
  total: number;
  byFeature: Partial<Record<ApiFeature, number>>;
  errors: number;
  /** The highest org-wide `used` and its `max` seen in Sforce-Limit-Info that day (null: no call that day). */
  orgUsed: number | null;
  orgMax: number | null;
}

export interface Connectivity {
  /** ISO time of the last call that got a 2xx/3xx answer. */
  lastSuccessAt: string | null;
  /** Latency of the calls of the last hour (null when there were none). */
  p50Ms: number | null;
  p95Ms: number | null;
  callsLastHour: number;
  /** Failed calls of the last 24 hours by Salesforce error code (or NETWORK, HTTP_5xx…). */
  errorsByCode24h: Record<string, number>;
}

/** A failed call, redacted: no query string, no body, no token. */
export interface RecentError {
  at: string;
  connectionId: string | null;
  feature: ApiFeature;
  method: string;
  path: string;
  status: number | null;
  errorCode: string | null;
}

/**
 * What the usage statistics answer (kept per org per day for 90 days in the app's database, plus
 * the last hour's latencies and the last 100 errors in memory). Implemented by usage/usage-store.ts,
 * read by the Health panel and the budget guard.
 */
export interface UsageReader {
  /** Calls by feature since local midnight, and the org's last Sforce-Limit-Info figures. */
  today(connectionId: string): { total: number; byFeature: Partial<Record<ApiFeature, number>>; org: { used: number; max: number; at: string } | null };
  /** The last `days` days, oldest first, days without calls included as zeros. */
  daily(connectionId: string, days: number): DailyUsage[];
  connectivity(connectionId: string): Connectivity;
  /** Newest first, at most `limit` (≤ 100), of one org or of all when connectionId is null. */
  recentErrors(connectionId: string | null, limit: number): RecentError[];
}

/**
 * The budget guard (usage/budget-guard.ts): decides from the usage figures and the user's share
 * setting whether background work may spend API calls now, and how far apart scheduled syncs are.
 */
export interface BudgetGuard {
  /** The figures and verdict shown by the status bar and Health, and pushed as `api-usage`. */
  snapshot(connectionId: string): ApiUsageSnapshot;
  /** Whether work the user did not start (scheduled sync, reconciliation) may run now. */
  allowBackground(connectionId: string): boolean;
  /** Called when a snapshot may have changed (after calls are recorded, the setting changes). */
  onChange(listener: (connectionId: string) => void): () => void;
}
