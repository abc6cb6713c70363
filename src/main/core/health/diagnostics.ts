/**
 * The diagnostics bundle a user can send to support: app version, mode, platform, the health
 * summary, 30 days of usage, recent errors and the sync / outbox / cache state. Built by picking
 * fields (never by copying objects whole), so a token, a record's values or a username cannot ride
 * along: the free-text messages Salesforce wrote (sync errors, a refresh failure's words) are
 * reduced to "there was one" and times.
 */
import type { AppInfo, DiagnosticsBundle, HealthError, HealthSummary } from '../../../shared/ipc';
import { redactText } from '../logger';

export interface DiagnosticsInputs {
  /** The app's identity (the Demo org's sign-in that app:info also carries is not needed here). */
  appInfo: Omit<AppInfo, 'demoOrg' | 'loginStorage'>;
  environment: string | null;
  health: HealthSummary | null;
  recentErrors: HealthError[];
  now: number;
}

export function buildDiagnostics({ appInfo, environment, health, recentErrors, now }: DiagnosticsInputs): DiagnosticsBundle {
  const h = health;
  return {
    format: 'atom-diagnostics/1',
    createdAt: new Date(now).toISOString(),
    app: { name: appInfo.name, version: appInfo.version, mode: appInfo.mode, platform: appInfo.platform },
    org: h && {
      environment: environment ?? 'unknown',
      orgId: h.whoAmI.orgId,
      edition: h.whoAmI.edition,
      instance: h.whoAmI.instance,
      isSandbox: h.whoAmI.isSandbox,
      apiVersion: h.whoAmI.apiVersion,
    },
    // The reasons are the app's sentences (and the guard's); redacted once more all the same.
    overall: h && { ...h.overall, reasons: h.overall.reasons.map((r) => ({ ...r, message: redactText(r.message) })) },
    login: h && {
      status: h.login.status,
      tokenStorage: h.login.tokenStorage,
      accessTokenIssuedAt: h.login.accessTokenIssuedAt,
      lastRefreshAt: h.login.lastRefreshAt,
      refreshFailures: h.login.refreshFailures,
      lastRefreshFailureAt: h.login.lastRefreshFailure?.at ?? null,
      expiryNote: h.login.expiryNote,
    },
    connectivity: h && h.connectivity,
    apiUsage: h && h.apiUsage,
    sync: h && {
      running: h.sync.running,
      lastRun: h.sync.lastRun && {
        finishedAt: h.sync.lastRun.finishedAt,
        outcome: h.sync.lastRun.outcome,
        apiCalls: h.sync.lastRun.apiCalls,
        hadError: h.sync.lastRun.error !== null,
      },
      intervalMinutes: h.sync.intervalMinutes,
      effectiveIntervalMinutes: h.sync.effectiveIntervalMinutes,
      objects: h.sync.objects,
    },
    outbox: h && h.outbox,
    cache: h && {
      sizeBytes: h.cache.sizeBytes,
      records: h.cache.records,
      lastCheck: h.cache.lastCheck,
      notice: h.cache.notice && { kind: h.cache.notice.kind, at: h.cache.notice.at },
    },
    recentErrors,
  };
}
