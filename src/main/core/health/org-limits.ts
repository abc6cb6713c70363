/**
 * The org's limits (`GET /services/data/vXX.X/limits`) in words: each allocation with its label,
 * maximum, remaining, used and used share, most used first. Salesforce answers a user without the
 * "View Setup and Configuration" permission with 403 API_DISABLED_FOR_ORG ("Limits resource is not
 * enabled"); that and a spent API allowance become a plain message, not an error.
 */
import type { OrgLimit, OrgLimits } from '../../../shared/ipc';

/** The limits a salesperson's admin asks about, in words. Others get a label made from their name. */
const LABELS: Record<string, string> = {
  DailyApiRequests: 'API requests (rolling 24 hours)',
  DailyBulkV2QueryJobs: 'Bulk API 2.0 query jobs today',
  DailyBulkV2QueryFileStorageMB: 'Bulk API 2.0 query results storage today (MB)',
  DailyBulkApiBatches: 'Bulk API batches today',
  DataStorageMB: 'Data storage (MB)',
  FileStorageMB: 'File storage (MB)',
  DailyAsyncApexExecutions: 'Background Apex runs today',
  DailyStreamingApiEvents: 'Streaming API events today',
  DailyGenericStreamingApiEvents: 'Generic streaming events today',
  DailyDurableStreamingApiEvents: 'Durable streaming events today',
  DailyStandardVolumePlatformEvents: 'Platform events published today',
  DailyDeliveredPlatformEvents: 'Platform events delivered today',
  DailyWorkflowEmails: 'Workflow emails today',
  SingleEmail: 'Single emails sent today',
  MassEmail: 'Mass emails sent today',
  HourlyDashboardRefreshes: 'Dashboard refreshes this hour',
  HourlyAsyncReportRuns: 'Background report runs this hour',
  HourlySyncReportRuns: 'Report runs this hour',
  ConcurrentSyncReportRuns: 'Reports running at once',
  StreamingApiConcurrentClients: 'Streaming clients at once',
  PermissionSets: 'Permission sets',
};

/** `HourlyODataCallout` → "Hourly OData callout". */
function wordsOf(name: string): string {
  const words = name
    .replace(/MB$/, ' (MB)')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words.map((w, i) => (i === 0 || /[A-Z].*[A-Z]/.test(w) ? w : w.toLowerCase())).join(' ');
}

export function limitLabel(name: string): string {
  return LABELS[name] ?? wordsOf(name);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Maps the /limits body; entries without numeric Max/Remaining are skipped, never guessed. */
export function mapOrgLimits(body: unknown): OrgLimit[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const limits: OrgLimit[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const { Max: max, Remaining: remaining } = value as { Max?: unknown; Remaining?: unknown };
    if (!isFiniteNumber(max) || !isFiniteNumber(remaining) || max < 0) continue;
    const used = Math.max(0, max - remaining);
    limits.push({ name, label: limitLabel(name), max, remaining, used, usedShare: max > 0 ? used / max : null });
  }
  // Most used first; unallotted (max 0) last; ties by name so the order is stable.
  return limits.sort((a, b) => (b.usedShare ?? -1) - (a.usedShare ?? -1) || a.name.localeCompare(b.name));
}

export const LIMITS_PERMISSION_MESSAGE =
  'Your Salesforce user is not allowed to see the org\'s limits: that takes the "View Setup and Configuration" permission. Ask your Salesforce admin if you need it. Your own usage above is still counted by Atom.';
export const LIMITS_API_LIMIT_MESSAGE =
  'Salesforce refused the request because your org has used its daily API allowance. Try again once it frees up (it is counted over a rolling 24 hours).';

/** Salesforce's errorCode and HTTP status of what jsforce threw (raw errors keep both). */
function errorFacts(err: unknown): { code: string | null; status: number | null } {
  if (!err || typeof err !== 'object') return { code: null, status: null };
  const e = err as { errorCode?: unknown; data?: unknown; statusCode?: unknown; status?: unknown };
  const first = Array.isArray(e.data) ? (e.data[0] as { errorCode?: unknown } | undefined) : (e.data as { errorCode?: unknown } | undefined);
  const code = typeof e.errorCode === 'string' ? e.errorCode : typeof first?.errorCode === 'string' ? first.errorCode : null;
  const status = isFiniteNumber(e.statusCode) ? e.statusCode : isFiniteNumber(e.status) ? e.status : null;
  return { code, status };
}

/** The refusals that get a plain answer instead of an error; undefined for everything else. */
export function limitsRefusal(err: unknown, checkedAt: string): Extract<OrgLimits, { available: false }> | undefined {
  const { code } = errorFacts(err);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return { available: false, checkedAt, reason: 'api-limit', message: LIMITS_API_LIMIT_MESSAGE };
  if (code === 'API_DISABLED_FOR_ORG' || code === 'FUNCTIONALITY_NOT_ENABLED' || code?.startsWith('INSUFFICIENT_ACCESS') || code === 'ERROR_HTTP_403') {
    return { available: false, checkedAt, reason: 'permission', message: LIMITS_PERMISSION_MESSAGE };
  }
  return undefined;
}
