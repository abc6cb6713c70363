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
