/**
 * The Health panel of the active org: one summary a salesperson can read (is everything working,
 * and if not, why and what to do), the org's limits on demand, and a diagnostics bundle for
 * support. Everything here is figures, times and the app's own sentences: never a token, never a
 * record's values (request paths have their record Ids masked), never a password.
 *
 * `health:summary` spends no API call, except the two queries that learn who the user is (name,
 * profile, org, edition), made once per connection per app session. `health:limits` spends one
 * call (`GET /limits`) each time the user asks for it.
 */
import { z } from 'zod';
import { ApiUsageSnapshot } from './api-usage';
import { AppInfo } from './app.contract';
import { NoInput, type ChannelSpec } from './common';
import { CacheNotice, SyncObject } from './sync.contract';

/** healthy: nothing to do; attention: something needs the user (soon); blocked: work cannot reach Salesforce now. */
export const HealthLevel = z.enum(['healthy', 'attention', 'blocked']);
export type HealthLevel = z.infer<typeof HealthLevel>;

export const HEALTH_REASON_CODES = [
  'needs-login',
  'offline',
  'api-blocked',
  'api-paused',
  'api-slowed',
  'org-usage-high',
  'session-refresh-failing',
  'sync-failing',
  'conflicts',
  'changes-refused',
  'cache-damaged',
  'cache-rebuilt-with-losses',
] as const;

/** What the one button beside a reason does (the renderer maps it to a control). */
export const HealthAction = z.enum(['log-in', 'open-changes', 'sync-now', 'restart', 'wait', 'ask-admin', 'check-connection']);
export type HealthAction = z.infer<typeof HealthAction>;

export const HealthReason = z.object({
  code: z.enum(HEALTH_REASON_CODES),
  level: z.enum(['attention', 'blocked']),
  /** One sentence: what is wrong and what to do, in words a salesperson understands. */
  message: z.string(),
  action: HealthAction.nullable(),
});
export type HealthReason = z.infer<typeof HealthReason>;

export const HealthOverall = z.object({
  level: HealthLevel,
  /** The headline: "Everything is working", "Needs your attention", "Atom can't reach Salesforce right now". */
  headline: z.string(),
  /** Most serious first; empty when healthy. */
  reasons: z.array(HealthReason),
});
export type HealthOverall = z.infer<typeof HealthOverall>;

export const LoginHealth = z.object({
  status: z.enum(['connected', 'needs-login']),
  tokenStorage: z.enum(['encrypted', 'memory']),
  /** When Salesforce issued the access token in use (the login, or its last refresh). */
  accessTokenIssuedAt: z.string().nullable(),
  /** The last successful refresh during this app session (null: none needed yet). */
  lastRefreshAt: z.string().nullable(),
  /** Refreshes that failed since the last one that worked, this app session. */
  refreshFailures: z.number().int(),
  lastRefreshFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
  /**
   * Salesforce does not tell an app when a session ends (the org's session timeout decides), so no
   * expiry time is invented: this sentence says what happens instead.
   */
  expiryNote: z.string(),
});
export type LoginHealth = z.infer<typeof LoginHealth>;

export const ConnectivityHealth = z.object({
  /** The offline outbox's view: false after a call could not reach the org, until a probe answers. */
  online: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  callsLastHour: z.number().int(),
  /** Failed calls of the last 24 hours by Salesforce error code (or NETWORK, HTTP_5xx…). */
  errorsByCode24h: z.record(z.string(), z.number().int()),
});
export type ConnectivityHealth = z.infer<typeof ConnectivityHealth>;

export const DailyUsagePoint = z.object({
  /** Local calendar day, YYYY-MM-DD. */
  day: z.string(),
  total: z.number().int(),
  byFeature: z.record(z.string(), z.number().int()),
  errors: z.number().int(),
  orgUsed: z.number().int().nullable(),
  orgMax: z.number().int().nullable(),
});
export type DailyUsagePoint = z.infer<typeof DailyUsagePoint>;

export const ApiUsageHealth = z.object({
  /** The guard's snapshot: the org's used/max from the last Sforce-Limit-Info, this app's calls today, the verdict. */
  snapshot: ApiUsageSnapshot,
  /** org.used / org.max (0–1+), null before the first call. */
  orgUsedShare: z.number().nullable(),
  /** The last 30 days, oldest first, days without calls as zeros. */
  daily: z.array(DailyUsagePoint),
});
export type ApiUsageHealth = z.infer<typeof ApiUsageHealth>;

export const SyncHealth = z.object({
  running: z.boolean(),
  lastRun: z
    .object({
      finishedAt: z.string(),
      outcome: z.enum(['ok', 'partial', 'cancelled', 'failed']),
      apiCalls: z.number().int(),
      /** The app's own message (no record values). */
      error: z.string().nullable(),
    })
    .nullable(),
  /** The user's setting (0: scheduled sync off). */
  intervalMinutes: z.number().int(),
  /** The interval the budget guard has in force (longer as usage rises; null: scheduled sync held back or off). */
  effectiveIntervalMinutes: z.number().nullable(),
  objects: z.array(
    z.object({
      object: SyncObject,
      count: z.number().int(),
      state: z.enum(['never', 'full', 'incremental']),
      lastSyncAt: z.string().nullable(),
      failing: z.boolean(),
    }),
  ),
});
export type SyncHealth = z.infer<typeof SyncHealth>;

export const OutboxHealth = z.object({
  online: z.boolean(),
  /** The queue waits for a new login. */
  paused: z.boolean(),
  pending: z.number().int(),
  needsAttention: z.number().int(),
  conflicts: z.number().int(),
  lastSentAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});
export type OutboxHealth = z.infer<typeof OutboxHealth>;

export const CacheHealth = z.object({
  /** The cache file and its write-ahead log on disk (null: not created yet). */
  sizeBytes: z.number().int().nullable(),
  records: z.number().int(),
  /** The integrity check (SQLite quick_check) run when the cache was opened this app session. */
  lastCheck: z.object({ at: z.string(), outcome: z.enum(['ok', 'repaired']) }).nullable(),
  notice: CacheNotice.nullable(),
});
export type CacheHealth = z.infer<typeof CacheHealth>;

export const WhoAmI = z.object({
  /** 'salesforce': read from the org (User and Organization); 'connection': only what the login stored. */
  source: z.enum(['salesforce', 'connection']),
  name: z.string(),
  username: z.string(),
  userId: z.string(),
  profileName: z.string().nullable(),
  orgName: z.string().nullable(),
  orgId: z.string(),
  /** Organization.OrganizationType, e.g. "Enterprise Edition". */
  edition: z.string().nullable(),
  /** Organization.InstanceName, e.g. "USA123". */
  instance: z.string().nullable(),
  isSandbox: z.boolean().nullable(),
  instanceUrl: z.string(),
  apiVersion: z.string(),
  fetchedAt: z.string().nullable(),
  /** Why the org's details are missing, when they are (offline, the guard holding calls back…). */
  note: z.string().nullable(),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

/** A failed call, redacted: method, path with record Ids masked, status, Salesforce's code. */
export const HealthError = z.object({
  at: z.string(),
  feature: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int().nullable(),
  errorCode: z.string().nullable(),
});
export type HealthError = z.infer<typeof HealthError>;

export const HealthSummary = z.object({
  connectionId: z.string(),
  generatedAt: z.string(),
  overall: HealthOverall,
  login: LoginHealth,
  connectivity: ConnectivityHealth,
  apiUsage: ApiUsageHealth,
  sync: SyncHealth,
  /** Null when the changes waiting on this computer cannot be read right now (a damaged cache). */
  outbox: OutboxHealth.nullable(),
  cache: CacheHealth,
  whoAmI: WhoAmI,
  /** Newest first, at most 100. */
  recentErrors: z.array(HealthError),
});
export type HealthSummary = z.infer<typeof HealthSummary>;

export const OrgLimit = z.object({
  /** Salesforce's name, e.g. DailyApiRequests. */
  name: z.string(),
  /** In words, e.g. "API requests today (rolling 24 hours)". */
  label: z.string(),
  max: z.number(),
  remaining: z.number(),
  used: z.number(),
  /** used / max (0–1), null when max is 0 (nothing allotted). */
  usedShare: z.number().nullable(),
});
export type OrgLimit = z.infer<typeof OrgLimit>;

export const OrgLimits = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    checkedAt: z.string(),
    /** Most used first. */
    limits: z.array(OrgLimit),
  }),
  z.object({
    available: z.literal(false),
    checkedAt: z.string(),
    /** permission: the user lacks "View Setup and Configuration"; api-limit: the org's allowance is spent. */
    reason: z.enum(['permission', 'api-limit']),
    message: z.string(),
  }),
]);
export type OrgLimits = z.infer<typeof OrgLimits>;

/** What support gets: figures, states and the app's own words. No token, no record data, no username. */
export const DiagnosticsBundle = z.object({
  format: z.literal('atom-diagnostics/1'),
  createdAt: z.string(),
  app: AppInfo.omit({ demoOrg: true, loginStorage: true }),
  /** Null when no org is active. */
  org: z
    .object({
      environment: z.string(),
      orgId: z.string(),
      edition: z.string().nullable(),
      instance: z.string().nullable(),
      isSandbox: z.boolean().nullable(),
      apiVersion: z.string(),
    })
    .nullable(),
  overall: HealthOverall.nullable(),
  login: LoginHealth.omit({ lastRefreshFailure: true }).extend({ lastRefreshFailureAt: z.string().nullable() }).nullable(),
  connectivity: ConnectivityHealth.nullable(),
  apiUsage: ApiUsageHealth.nullable(),
  sync: SyncHealth.omit({ lastRun: true })
    .extend({ lastRun: z.object({ finishedAt: z.string(), outcome: z.string(), apiCalls: z.number().int(), hadError: z.boolean() }).nullable() })
    .nullable(),
  outbox: OutboxHealth.nullable(),
  cache: CacheHealth.omit({ notice: true })
    .extend({ notice: z.object({ kind: z.string(), at: z.string() }).nullable() })
    .nullable(),
  /** Of every org when none is active. */
  recentErrors: z.array(HealthError),
});
export type DiagnosticsBundle = z.infer<typeof DiagnosticsBundle>;

export const healthContract = {
  'health:summary': { method: 'healthSummary', input: NoInput, output: HealthSummary },
  /** The guard's snapshot alone, for the status bar's API indicator (local figures, no API call). */
  'health:usage-snapshot': { method: 'healthUsageSnapshot', input: NoInput, output: ApiUsageSnapshot },
  'health:limits': { method: 'orgLimits', input: NoInput, output: OrgLimits },
  'health:diagnostics': { method: 'healthDiagnostics', input: NoInput, output: DiagnosticsBundle },
} as const satisfies Record<string, ChannelSpec>;
