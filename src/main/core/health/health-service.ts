/**
 * The Health panel's core: assembles, for the active org, the overall status in words and each
 * section (login, connectivity, API usage, sync, offline changes, local cache, who am I, recent
 * errors) from what other parts of the core already know — no API call except the one-time
 * identity read — plus the org's limits on demand and the diagnostics bundle.
 *
 * Reads: UsageReader and BudgetGuard (usage/types.ts), the vault's SessionRenewals, the sync
 * service's status, the outbox's status (counts only: its items carry the user's values) and the
 * cache file on disk.
 */
import { statSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { AppInfo, CacheHealth, DiagnosticsBundle, HealthSummary, OrgLimits, OutboxHealth, SyncHealth, SyncStatus } from '../../../shared/ipc';
import type { ApiUsageSnapshot } from '../../../shared/ipc/api-usage';
import type { SessionRenewals, TokenVault } from '../auth/token-vault';
import { lastCacheCheck, orgCachePath } from '../cache/org-cache';
import type { Logger } from '../logger';
import type { OutboxService } from '../outbox/outbox-service';
import { mapSalesforceError } from '../salesforce/errors';
import type { SalesforceSession } from '../salesforce/gateway';
import { NOT_CONNECTED_MESSAGE, type ConnectionRecord } from '../storage/connections.repo';
import type { SyncService } from '../sync/sync-service';
import type { BudgetGuard, UsageReader } from '../usage/types';
import { buildDiagnostics } from './diagnostics';
import { limitsRefusal, mapOrgLimits } from './org-limits';
import { overallHealth } from './overall';
import { redactError } from './redact';
import { createIdentityCache, type IdentityCache } from './who-am-i';

export interface HealthService {
  summary(): Promise<HealthSummary>;
  /** The budget guard's snapshot of the active org (the status bar's indicator). */
  usageSnapshot(): ApiUsageSnapshot;
  /** One `GET /limits` call. */
  limits(): Promise<OrgLimits>;
  diagnostics(): Promise<DiagnosticsBundle>;
}

export interface HealthServiceDeps {
  dataDir: string;
  appInfo: Omit<AppInfo, 'demoOrg' | 'loginStorage'>;
  usage: UsageReader;
  guard: BudgetGuard;
  /** The active org's connection (undefined: none). */
  activeConnection(): ConnectionRecord | undefined;
  vault: Pick<TokenVault, 'storage' | 'renewals'>;
  sync: Pick<SyncService, 'status'>;
  outbox: Pick<OutboxService, 'status'>;
  /** A Salesforce session of the active org whose calls are metered as 'health' (starts the Demo org's emulator when needed). */
  session(): Promise<Pick<SalesforceSession, 'query' | 'send'>>;
  apiVersion(): Promise<string>;
  log: Logger;
  now?: () => number;
}

export const SESSION_EXPIRY_NOTE =
  "Salesforce doesn't tell apps when a session will end (your org's session timeout decides). Atom renews it automatically when it does, for as long as your login is valid.";

const NO_RENEWALS: SessionRenewals = { lastRefreshAt: null, failures: 0, lastFailure: null };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function syncSection(status: SyncStatus | null, guardInterval: number | null): SyncHealth {
  const lastRun = status?.lastRun ?? null;
  return {
    running: status?.running ?? false,
    lastRun: lastRun && { finishedAt: lastRun.finishedAt, outcome: lastRun.outcome, apiCalls: lastRun.apiCalls, error: lastRun.error },
    intervalMinutes: status?.settings.intervalMinutes ?? 0,
    effectiveIntervalMinutes: status && status.settings.intervalMinutes > 0 ? guardInterval : null,
    objects: (status?.objects ?? []).map((o) => ({
      object: o.object,
      count: o.count,
      state: o.state,
      lastSyncAt:
        [o.lastFullSyncAt, o.lastIncrementalAt]
          .filter((t): t is string => Boolean(t))
          .sort()
          .at(-1) ?? null,
      failing: o.lastError !== null,
    })),
  };
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

export function createHealthService(deps: HealthServiceDeps): HealthService {
  const now = deps.now ?? Date.now;
  const identities: IdentityCache = createIdentityCache({
    now,
    onError: (err) => deps.log.warn('Could not read the user and org details for Health', err instanceof Error ? err.message : String(err)),
  });

  const requireActive = (): ConnectionRecord => {
    const record = deps.activeConnection();
    if (!record) throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
    return record;
  };

  /** A part that cannot be read (a damaged cache, a disconnect in progress) leaves its section empty, not the panel. */
  const tryRead = <T>(what: string, read: () => T): T | null => {
    try {
      return read();
    } catch (err) {
      deps.log.warn(`Health could not read ${what}`, err instanceof Error ? err.message : String(err));
      return null;
    }
  };

  const outboxSection = (id: string): OutboxHealth | null =>
    tryRead('the offline changes', () => {
      const s = deps.outbox.status(id);
      return {
        online: s.online,
        paused: s.paused !== null,
        pending: s.pendingCount,
        needsAttention: s.needsAttention.length,
        conflicts: s.conflicts.length,
        lastSentAt: s.lastSyncAt,
        nextRetryAt: s.nextRetryAt,
      };
    });

  const cacheSection = (id: string, status: SyncStatus | null): CacheHealth => {
    const file = orgCachePath(deps.dataDir, id);
    const main = fileSize(file);
    return {
      sizeBytes: main === null ? null : main + (fileSize(`${file}-wal`) ?? 0),
      records: (status?.objects ?? []).reduce((sum, o) => sum + o.count, 0),
      lastCheck: lastCacheCheck(deps.dataDir, id),
      notice: status?.cacheNotice ?? null,
    };
  };

  const summary = async (): Promise<HealthSummary> => {
    const record = requireActive();
    const id = record.id;
    const status = tryRead('the sync status', () => deps.sync.status());
    const syncStatus = status?.connectionId === id ? status : null;
    const outbox = outboxSection(id);
    const snapshot = deps.guard.snapshot(id);
    const org = snapshot.org;
    const orgUsedShare = org && org.max > 0 ? org.used / org.max : null;
    const renewals = deps.vault.renewals?.(id) ?? NO_RENEWALS;
    const overall = overallHealth({
      connectionStatus: record.status,
      outbox,
      guard: snapshot.guard,
      orgUsedShare,
      renewals,
      syncOutcome: syncStatus?.lastRun?.outcome ?? null,
      cacheNotice: syncStatus?.cacheNotice ?? null,
    });
    const apiVersion = await deps.apiVersion();
    const mayCall =
      record.status !== 'connected'
        ? ({ ok: false, why: 'Log in again to see your profile and org details.' } as const)
        : outbox && !outbox.online
          ? ({ ok: false, why: "Salesforce can't be reached, so your profile and org details are not loaded yet." } as const)
          : snapshot.guard.level === 'blocked'
            ? ({ ok: false, why: "Your profile and org details load once your org's API allowance frees up." } as const)
            : ({ ok: true } as const);
    const whoAmI = await identities.get(record, apiVersion, mayCall, () => deps.session());
    const connectivity = deps.usage.connectivity(id);
    return {
      connectionId: id,
      generatedAt: new Date(now()).toISOString(),
      overall,
      login: {
        status: record.status,
        tokenStorage: deps.vault.storage,
        accessTokenIssuedAt: record.status === 'connected' ? iso(record.issuedAt) : null,
        lastRefreshAt: iso(renewals.lastRefreshAt),
        refreshFailures: renewals.failures,
        lastRefreshFailure: renewals.lastFailure && { at: new Date(renewals.lastFailure.at).toISOString(), message: renewals.lastFailure.message },
        expiryNote: SESSION_EXPIRY_NOTE,
      },
      connectivity: { online: outbox?.online ?? true, ...connectivity },
      apiUsage: { snapshot, orgUsedShare, daily: deps.usage.daily(id, 30) },
      sync: syncSection(syncStatus, snapshot.guard.syncIntervalMinutes),
      outbox,
      cache: cacheSection(id, syncStatus),
      whoAmI,
      recentErrors: deps.usage.recentErrors(id, 100).map(redactError),
    };
  };

  return {
    summary,
    usageSnapshot: () => deps.guard.snapshot(requireActive().id),

    async limits() {
      requireActive();
      const session = await deps.session();
      let body: unknown;
      try {
        body = await session.send<unknown>('GET', '/limits');
      } catch (err) {
        const refusal = limitsRefusal(err, new Date(now()).toISOString());
        if (refusal) return refusal;
        throw mapSalesforceError(err) ?? err;
      }
      return { available: true, checkedAt: new Date(now()).toISOString(), limits: mapOrgLimits(body) };
    },

    async diagnostics() {
      const record = deps.activeConnection();
      const health = record ? await summary() : null;
      return buildDiagnostics({
        appInfo: deps.appInfo,
        environment: record?.environment ?? null,
        health,
        recentErrors: health ? health.recentErrors : deps.usage.recentErrors(null, 100).map(redactError),
        now: now(),
      });
    },
  };
}
