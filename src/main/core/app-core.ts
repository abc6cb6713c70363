/**
 * The app core: plain Node (never imports electron), shared by the desktop app and browser mode.
 * It owns the database, tokens, settings, the login flow and every Salesforce call, and exposes
 * one gate (`invoke`) that the Electron IPC layer and the browser-mode bridge both go through.
 */
import type { Result } from '../../shared/errors';
import { APP_NAME } from '../../shared/app-identity';
import { hostPolicyFor } from './auth/salesforce-hosts';
import { refreshGrant, revokeToken } from './auth/oauth-flow';
import type { TokenCipher } from './auth/token-cipher';
import { createTokenVault, type TokenClient } from './auth/token-vault';
import { createActiveOrg } from './connections/active-org';
import { createConnectionsService, type LoginPageContext } from './connections/connections.service';
import { createOrgLocalData, sweepOrphanedOrgCaches } from './connections/org-local-data';
import { createCachePool } from './cache/cache-pool';
import { createDemoOrgHost, DEMO_ORG_SIGN_IN, type StartEmulator } from './demo/demo-org';
import { createEventBus, type EventSource } from './events/event-bus';
import { createGate } from './gate';
import { createHandlerRegistry } from './handlers';
import { reportingCacheDamage } from './handlers/cache-damage';
import { createLogger, redactingLogger, type Logger } from './logger';
import { createApiMeter, type ApiMeter } from './salesforce/api-meter';
import { createSalesforceGateway, type RetryPolicy } from './salesforce/gateway';
import { meteredFetch } from './salesforce/metered-fetch';
import { createSettingsService, readApiSharePercent, type CallbackConfig } from './settings/settings';
import type { SettingsStore } from './settings/settings-store';
import { openDatabase } from './storage/database';
import { getActiveConnection, listConnections, touchLastUsed } from './storage/connections.repo';
import { createSearchService } from './search/search-service';
import { createSyncService, readSyncSettings } from './sync/sync-service';
import { takePipelineSnapshot } from './analytics/snapshots';
import { localDate } from '../../shared/analytics/fiscal';
import { createBudgetGuard } from './usage/budget-guard';
import type { ApiCallSink, BudgetGuard, UsageReader } from './usage/types';
import { createUsageStore } from './usage/usage-store';
import { createRecordsService } from './records/records-service';
import { createListPrefsService } from './lists/list-prefs';
import { createCacheLocalRecords } from './outbox/cache-local-records';
import { createOutboxService } from './outbox/outbox-service';
import { createSessionTransport } from './outbox/transport';
import { createHealthService } from './health/health-service';
import { createAnalyticsService } from './analytics/analytics-service';
import { createActivitiesService } from './activities/activities-service';
import { createLeadsService } from './leads/leads-service';
import { createDesktopService, type DesktopHost } from './desktop/desktop-host';
import { createNotificationsService } from './notifications/notifications-service';
import { OBJECT_REGISTRY } from '../../shared/objects/registry';
import { createQueryService } from './query/query-service';
import { createQueryLibrary } from './query/query-library';
import { createExportService } from './query/export/export-service';
import { createExportSaver } from './query/export/save-export';
import { createDownloads, type Downloads } from './query/export/downloads';

export type { TokenCipher } from './auth/token-cipher';
export type { SettingsStore } from './settings/settings-store';
export type { Logger } from './logger';
/** Moved to handlers/cache-damage.ts; re-exported for callers of the old place. */
export { CACHE_DAMAGED_MESSAGE } from './handlers/cache-damage';

export interface CoreDeps {
  /** SQLite db + key file live here. */
  dataDir: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  platform: string;
  tokenCipher: TokenCipher;
  settingsStore: SettingsStore;
  /** SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_REDIRECT_URI, SALESFORCE_API_VERSION. */
  env: Record<string, string | undefined>;
  /** Desktop: opens the system browser (told the Demo org's origin for a Demo login). Browser mode: undefined (the renderer opens the URL). */
  openExternal?: (url: string, context: LoginPageContext) => Promise<void>;
  /** Where OAuth callbacks arrive. */
  callback: CallbackConfig;
  /** Host logger; the core redacts everything it passes on. Defaults to warnings on stderr. */
  log?: Logger;
  /** The desktop app's windows, tray and shortcut (src/main); browser mode has none. */
  desktop?: DesktopHost;
  /** Test hook: how the Demo org's emulator is started (default: src/emulator's startEmulator). */
  demoOrg?: { start?: StartEmulator };
  /** Test hook: fetch used for the OAuth token and revoke endpoints (wrapped by the API meter). */
  fetch?: typeof fetch;
  /** Test hook: the API meter every Salesforce request is recorded on (default: a new one), to read its counters or set its clock. */
  meter?: ApiMeter;
  /** Test hook: jsforce retry policy for idempotent Salesforce calls. */
  salesforceRetry?: RetryPolicy;
  /** Test hook: how often an offline org is probed, and how long a write waits for its own replay. */
  outbox?: { probeIntervalMs?: number; writeWaitMs?: number };
}

export interface AppCore {
  /**
   * THE gate: unknown channel → INVALID_INPUT; untrusted sender → FORBIDDEN (no side effects);
   * payload parsed with the channel's input schema; handler errors mapped to AppErrorData (never
   * a stack, never a token); output parsed with the output schema.
   */
  invoke(channel: string, payload: unknown, sender: { trusted: boolean }): Promise<Result<unknown>>;
  /** Finishes a pending login from a callback URL (deep link, loopback, browser-mode route). Never throws. */
  completeLogin(callbackUrl: string): Promise<{ ok: boolean; title: string; message: string }>;
  /**
   * API usage: `sink` is where the metered path records every call (the usage store), `reader` the
   * statistics, `guard` the budget guard (its onChange is what the `api-usage` event publishes).
   */
  apiUsage: { sink: ApiCallSink; reader: UsageReader; guard: BudgetGuard };
  /** The push channel: validated events for the hosts to carry to the renderer (events.contract.ts). */
  events: EventSource;
  /** Browser mode's one-time downloads of finished exports (served by the bridge). */
  downloads: Pick<Downloads, 'take'>;
  close(): Promise<void>;
}

/** last_used_at is for ordering the org list; once a minute per connection is plenty. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createAppCore(deps: CoreDeps): Promise<AppCore> {
  const log = deps.log ? redactingLogger(deps.log) : createLogger({ level: 'warn' });
  const db = openDatabase(deps.dataDir);
  // Push channel: services publish where their state changes; hosts subscribe (core.events).
  const events = createEventBus({ log });
  try {
    // API usage statistics (flushed to the app database every few seconds and on close) and the
    // budget guard reading them and the meter's backoff after REQUEST_LIMIT_EXCEEDED.
    const usage = createUsageStore({ db, log });
    // One meter for every HTTP request to Salesforce: the gateway's jsforce transport and the OAuth fetch.
    const meter = deps.meter ?? createApiMeter({ log });
    meter.subscribe((call) => usage.record(call));
    const authFetch = (connectionId: string | null, loginHost?: string) =>
      meteredFetch(meter, { connectionId, use: { feature: 'auth' }, origin: loginHost }, deps.fetch);
    const guard = createBudgetGuard({
      usage,
      sharePercent: () => readApiSharePercent(deps.settingsStore),
      baseIntervalMinutes: () => readSyncSettings(deps.settingsStore).intervalMinutes,
      backoff: { backoffOf: (connectionId) => meter.limitState(connectionId) },
    });
    // The status bar and Health follow the guard's figures as they move (coalesced by the bus).
    guard.onChange((connectionId) => events.publish('api-usage', guard.snapshot(connectionId)));
    const settings = createSettingsService({
      store: deps.settingsStore,
      cipher: deps.tokenCipher,
      env: deps.env,
      callback: deps.callback,
      log,
      // A new share changes the guard's verdicts: it re-announces them.
      onUpdated: () => guard.refresh(),
      desktop: deps.desktop,
    });

    const tokenClient: TokenClient = {
      async refresh(connection, refreshToken) {
        let clientSecret: string | undefined;
        if (connection.environment !== 'demo') {
          const resolved = await settings.resolve();
          if (resolved.clientId === connection.clientId) clientSecret = resolved.clientSecret;
        }
        return refreshGrant({
          loginHost: connection.loginUrl,
          policy: hostPolicyFor(connection.environment, connection.loginUrl),
          clientId: connection.clientId,
          clientSecret,
          refreshToken,
          fetchImpl: authFetch(connection.id, connection.loginUrl),
        });
      },
      revoke: (connection, token) => revokeToken({ loginHost: connection.loginUrl, token, fetchImpl: authFetch(connection.id, connection.loginUrl) }),
    };
    const vault = await createTokenVault({
      db,
      cipher: deps.tokenCipher,
      tokenClient,
      log,
      onNeedsLogin: (connectionId) =>
        events.publish('connections-changed', { reason: 'needs-login', connectionId, activeConnectionId: getActiveConnection(db)?.id ?? null }),
    });

    const lastTouched = new Map<string, number>();
    const gateway = createSalesforceGateway({
      vault,
      log,
      apiVersion: async () => (await settings.resolve()).apiVersion,
      retry: deps.salesforceRetry,
      meter,
      onUse: (id) => {
        const now = Date.now();
        if (now - (lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
        lastTouched.set(id, now);
        touchLastUsed(db, id);
      },
    });
    const demo = createDemoOrgHost({ dataDir: deps.dataDir, start: deps.demoOrg?.start, log });
    // Who is active and their session; the Demo org's emulator starts only once a session needs it.
    const activeOrg = createActiveOrg({ db, gateway, demo });

    // Caches of connections that are gone (a disconnect that could not delete them) go before any is opened.
    sweepOrphanedOrgCaches(deps.dataDir, new Set(listConnections(db).map((c) => c.id)), log);
    // One handle per org cache, shared by the outbox, the sync, lists and search (one writer per file).
    const caches = createCachePool({ dataDir: deps.dataDir, db, log });

    // Offline outbox: its table lives in each org's cache database (one transaction with the records).
    const outbox = createOutboxService({
      cacheFor: (connectionId) => {
        const cacheDb = caches.cacheFor(connectionId);
        return { db: cacheDb, local: createCacheLocalRecords(cacheDb) };
      },
      // The active org's session also starts the Demo org's emulator when needed.
      transportFor: (connectionId) => createSessionTransport(() => activeOrg.sessionOf(connectionId, { feature: 'outbox' })),
      log,
      // A replay that fails on a damaged cache marks it for repair at the next start (nothing is lost: the entry stays).
      reportCacheError: (connectionId, err) => void caches.reportCacheError(connectionId, err),
      probeIntervalMs: deps.outbox?.probeIntervalMs,
      writeWaitMs: deps.outbox?.writeWaitMs,
      events,
    });
    // Change notifications: what others changed on the user's records, found by each incremental sync.
    const notifications = createNotificationsService({
      cacheFor: (connectionId) => caches.cacheFor(connectionId),
      activeOrg,
      settingsStore: deps.settingsStore,
      events,
      log,
    });
    const sync = createSyncService({
      db,
      caches,
      activeOrg,
      gateway,
      settingsStore: deps.settingsStore,
      log,
      // A sync that could not reach the org tells the outbox, which then probes until it answers.
      reportOffline: (connectionId) => outbox.reportOffline(connectionId),
      guard,
      events,
      // The cockpit's waterfall compares the pipeline with its state days ago: each sync records the day's.
      afterSync: (_connectionId, cacheDb) => void takePipelineSnapshot(cacheDb, localDate()),
      watchChanges: (connectionId, cacheDb, userId) => notifications.watchSync(connectionId, cacheDb, userId),
    });
    const connections = createConnectionsService({
      db,
      vault,
      gateway,
      settings,
      demo,
      activeOrg,
      log,
      openExternal: deps.openExternal,
      // The code exchange of a new login: no connection exists yet.
      fetchImpl: authFetch(null),
      events,
      // Disconnect checks the org's outbox and removes its cache (X8).
      localData: createOrgLocalData({
        dataDir: deps.dataDir,
        outbox: { unsentChanges: (id) => outbox.unsentChanges(id), forget: (id) => outbox.forget(id) },
        // The pool stops the org's sync (the sync service's release hook), closes the cache and forgets it.
        closeCache: (id) => caches.release(id),
        log,
      }),
    });
    const records = createRecordsService({
      cacheFor: (connectionId) => caches.cacheFor(connectionId),
      activeOrg,
      // A live read that cannot reach the org flips the status bar to Offline; the outbox's probe brings it back.
      reportOffline: (id) => outbox.reportOffline(id),
      log,
    });
    const appInfo = { name: APP_NAME, version: deps.appVersion, mode: deps.mode, platform: deps.platform };
    const health = createHealthService({
      dataDir: deps.dataDir,
      appInfo,
      usage,
      guard,
      activeConnection: () => activeOrg.current(),
      vault,
      sync,
      outbox,
      session: () => activeOrg.session({ feature: 'health' }),
      apiVersion: async () => (await settings.resolve()).apiVersion,
      log,
    });
    // The SOQL console: runs on the org through the metered path ('query-console'), or on the cache.
    const queryLibrary = createQueryLibrary({ db, activeOrg });
    const queryConsole = createQueryService({
      library: queryLibrary,
      activeOrg,
      caches,
      connection: async (use) => gateway.connection(await activeOrg.prepare(activeOrg.require()), use),
      registry: OBJECT_REGISTRY,
    });
    const queryExports = createExportService({
      dataDir: deps.dataDir,
      events,
      log,
      cacheRows: (soql) => queryConsole.cacheRows(soql),
      orgApi: () => queryConsole.orgApi(),
      estimate: (api, soql, queryAll) => queryConsole.costOf(api, soql, queryAll),
    });
    // A disconnected org's exports go with the rest of its data: running ones cancelled, files removed.
    events.subscribe((event) => {
      if (event.name !== 'connections-changed' || event.payload.reason !== 'disconnected' || !event.payload.connectionId) return;
      queryExports
        .discardConnection(event.payload.connectionId)
        .catch((err: unknown) => log.warn(`Removing a disconnected org's exports failed: ${String(err)}`));
    });
    const downloads = createDownloads();
    const handlers = createHandlerRegistry({
      appInfo: {
        ...appInfo,
        demoOrg: DEMO_ORG_SIGN_IN,
        loginStorage: { kind: vault.storage, ...(vault.storageReason ? { reason: vault.storageReason } : {}) },
      },
      settings,
      connections,
      sync,
      search: createSearchService({ activeOrg, caches }),
      outbox: { service: outbox, activeConnectionId: () => activeOrg.require().id },
      records,
      listPrefs: createListPrefsService({ db, activeOrg }),
      usage,
      guard,
      health,
      analytics: createAnalyticsService({ db, activeOrg, caches }),
      // Quick actions write like records:create|update: checked against the describe, then queued.
      activities: createActivitiesService({
        activeOrg,
        caches,
        outbox,
        validateWrite: (id, object, values, mode) => records.validateWrite(id, object, values, mode),
      }),
      leads: createLeadsService({ activeOrg, caches, outbox, scope: () => readSyncSettings(deps.settingsStore).scope, log }),
      desktop: createDesktopService(deps.desktop),
      notifications,
      query: {
        console: queryConsole,
        library: queryLibrary,
        exports: queryExports,
        saveExport: createExportSaver({ exports: queryExports, desktop: deps.desktop, downloads }),
      },
    });
    const invoke = createGate(
      reportingCacheDamage(handlers, (err) => {
        const active = activeOrg.current();
        return active !== undefined && caches.reportCacheError(active.id, err);
      }),
      log,
    );

    let closed = false;
    return {
      invoke,
      async completeLogin(url) {
        const page = await connections.completeLogin(url);
        // A new login may be what a paused outbox was waiting for.
        if (page.ok) outbox.resumeAll();
        return page;
      },
      apiUsage: { sink: usage, reader: usage, guard },
      events,
      downloads,
      async close() {
        if (closed) return;
        closed = true;
        await queryExports.close();
        await outbox.close();
        await sync.close();
        caches.close();
        await connections.close();
        await demo.close();
        // After everything that makes calls: the last statistics are written before the database closes.
        guard.close();
        usage.close();
        events.close();
        db.close();
      },
    };
  } catch (err) {
    events.close();
    db.close();
    throw err;
  }
}
