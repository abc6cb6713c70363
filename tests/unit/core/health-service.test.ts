/**
 * The Health service on in-memory stand-ins of everything it reads: the headline rules, the limits
 * mapping (with Salesforce's answer to a user without "View Setup and Configuration"), the
 * identity read once, and a diagnostics bundle that never carries a token or a record's data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticsBundle, HealthSummary, OrgLimits, type SyncStatus } from '../../../src/shared/ipc';
import type { ApiUsageSnapshot, GuardLevel } from '../../../src/shared/ipc/api-usage';
import type { SessionRenewals } from '../../../src/main/core/auth/token-vault';
import { createHealthService, type HealthServiceDeps } from '../../../src/main/core/health/health-service';
import { LIMITS_PERMISSION_MESSAGE, limitLabel, mapOrgLimits } from '../../../src/main/core/health/org-limits';
import { overallHealth, type OverallInputs } from '../../../src/main/core/health/overall';
import { maskRecordIds } from '../../../src/main/core/health/redact';
import type { OutboxStatus } from '../../../src/main/core/outbox/outbox-service';
import type { ConnectionRecord } from '../../../src/main/core/storage/connections.repo';
import type { BudgetGuard, RecentError, UsageReader } from '../../../src/main/core/usage/types';

const TOKEN = '00D5g000004abcD!AQ0AQExampleAccessTokenValue.ThatMustNeverLeak';
const RECORD_NAME = 'Zephyr Confidential Holdings';
const RECORD_ID = '0015g00000AbCdEAAA';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const record = (overrides: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
  id: 'conn-1',
  environment: 'production',
  loginUrl: 'https://login.salesforce.com',
  instanceUrl: 'https://acme.my.salesforce.com',
  clientId: 'client',
  orgId: '00D5g000004abcDEAA',
  userId: '0055g00000XyZabAAB',
  profileId: null,
  username: 'dana@acme.example',
  displayName: 'Dana Demo',
  scope: 'api refresh_token',
  issuedAt: Date.parse('2026-12-02T07:00:00Z'),
  expiresAt: null,
  status: 'connected',
  active: true,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-12-02T07:00:00Z',
  lastUsedAt: null,
  hasStoredTokens: true,
  ...overrides,
});

/** In-memory usage figures, as the usage store will answer them. */
function memoryUsage(errors: RecentError[] = []): UsageReader {
  return {
    today: () => ({ total: 12, byFeature: { sync: 10, health: 2 }, org: { used: 300, max: 15_000, at: '2026-12-02T07:30:00Z' } }),
    daily: (_id, days) =>
      Array.from({ length: days }, (_, i) => ({
        day: `2026-11-${String(i + 1).padStart(2, '0')}`,
        total: i,
        byFeature: { sync: i },
        errors: 0,
        orgUsed: i * 10,
        orgMax: 15_000,
      })),
    connectivity: () => ({ lastSuccessAt: '2026-12-02T07:30:00Z', p50Ms: 120, p95Ms: 480, callsLastHour: 14, errorsByCode24h: { REQUEST_LIMIT_EXCEEDED: 1 } }),
    recentErrors: () => errors,
  };
}

function memoryGuard(level: GuardLevel = 'ok', org: ApiUsageSnapshot['org'] = { used: 300, max: 15_000, at: '2026-12-02T07:30:00Z' }): BudgetGuard {
  const reason = level === 'ok' ? null : `Guard says ${level}.`;
  return {
    snapshot: (connectionId) => ({
      connectionId,
      org,
      appToday: { total: 12, byFeature: { sync: 10 } },
      appSharePercent: 50,
      guard: { level, reason, syncIntervalMinutes: 5 },
    }),
    allowBackground: () => level === 'ok' || level === 'slowed',
    onChange: () => () => undefined,
  };
}

const syncStatus = (overrides: Partial<SyncStatus> = {}): SyncStatus => ({
  connectionId: 'conn-1',
  running: false,
  startedAt: null,
  progress: null,
  lastRun: { finishedAt: '2026-12-02T07:20:00Z', outcome: 'ok', apiCalls: 9, bulk: [], error: null },
  settings: { scope: 'mine', intervalMinutes: 5, bulkThreshold: 50_000 },
  objects: [
    { object: 'Account', count: 40, state: 'incremental', lastFullSyncAt: '2026-12-01T07:00:00Z', lastIncrementalAt: '2026-12-02T07:20:00Z', lastError: null },
  ],
  cacheNotice: null,
  ...overrides,
});

/** An outbox holding one refused change with the user's values (record data the bundle must not carry). */
const outboxStatus = (): OutboxStatus => ({
  connectionId: 'conn-1',
  online: true,
  paused: null,
  draining: false,
  pendingCount: 1,
  pending: [
    { id: 1, object: 'Account', op: 'update', recordId: RECORD_ID, attempts: 0, createdAt: '2026-12-02T07:00:00Z', error: null, mine: { Name: RECORD_NAME } },
  ],
  needsAttention: [
    {
      id: 2,
      object: 'Account',
      op: 'update',
      recordId: RECORD_ID,
      attempts: 1,
      createdAt: '2026-12-02T07:00:00Z',
      error: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: `${RECORD_NAME} is not allowed` },
      mine: { Name: RECORD_NAME },
    },
  ],
  conflicts: [],
  lastSyncAt: null,
  nextRetryAt: null,
});

let dir: string;
let queries: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-health-'));
  queries = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deps(overrides: Partial<HealthServiceDeps> = {}): HealthServiceDeps {
  return {
    dataDir: dir,
    appInfo: { name: 'Atom for Salesforce', version: '9.9.9', mode: 'electron', platform: 'linux' },
    usage: memoryUsage(),
    guard: memoryGuard(),
    activeConnection: () => record(),
    vault: { storage: 'encrypted', renewals: () => ({ lastRefreshAt: null, failures: 0, lastFailure: null }) },
    sync: { status: () => syncStatus() },
    outbox: { status: () => outboxStatus() },
    session: async () => ({
      async query<T>(soql: string) {
        queries.push(soql);
        const row = soql.includes('FROM User')
          ? { Id: '0055g00000XyZabAAB', Name: 'Dana Demo', Username: 'dana@acme.example', Profile: { Name: 'Sales User' } }
          : { Id: '00D5g000004abcDEAA', Name: 'Acme', OrganizationType: 'Enterprise Edition', InstanceName: 'USA123', IsSandbox: false };
        return { totalSize: 1, done: true, records: [row as T] };
      },
      send: async <T>() => ({}) as T,
    }),
    apiVersion: async () => '62.0',
    log: silent,
    now: () => Date.parse('2026-12-02T08:00:00Z'),
    ...overrides,
  };
}

const calm: OverallInputs = {
  connectionStatus: 'connected',
  outbox: { online: true, paused: false, needsAttention: 0, conflicts: 0 },
  guard: { level: 'ok', reason: null, syncIntervalMinutes: 5 },
  orgUsedShare: 0.1,
  renewals: { lastRefreshAt: null, failures: 0, lastFailure: null } satisfies SessionRenewals,
  syncOutcome: 'ok',
  cacheNotice: null,
};

describe('overall status rules', () => {
  it('healthy when nothing is wrong', () => {
    expect(overallHealth(calm)).toEqual({ level: 'healthy', headline: 'Everything is working', reasons: [] });
  });

  it('a login that ended blocks, and says to log in', () => {
    const o = overallHealth({ ...calm, connectionStatus: 'needs-login', syncOutcome: 'failed' });
    expect(o.level).toBe('blocked');
    expect(o.reasons.map((r) => r.code)).toEqual(['needs-login']);
    expect(o.reasons[0]).toMatchObject({ action: 'log-in', message: expect.stringMatching(/Log in again/) });
  });

  it('the guard blocking (or the org at 100%) blocks with the guard’s own sentence', () => {
    expect(
      overallHealth({ ...calm, guard: { level: 'blocked', reason: 'Salesforce refuses calls until tomorrow.', syncIntervalMinutes: null } }).reasons,
    ).toEqual([{ code: 'api-blocked', level: 'blocked', message: 'Salesforce refuses calls until tomorrow.', action: 'wait' }]);
    const full = overallHealth({ ...calm, orgUsedShare: 1 });
    expect(full.level).toBe('blocked');
    expect(full.reasons[0].message).toMatch(/whole daily API allowance/);
  });

  it('paused, slowed and a high org share need attention', () => {
    expect(overallHealth({ ...calm, guard: { level: 'paused', reason: 'Paused to save calls.', syncIntervalMinutes: null } })).toMatchObject({
      level: 'attention',
      reasons: [{ code: 'api-paused', message: 'Paused to save calls.' }],
    });
    expect(overallHealth({ ...calm, guard: { level: 'slowed', reason: null, syncIntervalMinutes: 30 } }).reasons[0].code).toBe('api-slowed');
    expect(overallHealth({ ...calm, orgUsedShare: 0.93 }).reasons[0]).toMatchObject({ code: 'org-usage-high', message: expect.stringContaining('93%') });
  });

  it('offline explains a failed sync instead of adding a second reason', () => {
    const o = overallHealth({ ...calm, outbox: { ...calm.outbox!, online: false }, syncOutcome: 'failed' });
    expect(o).toMatchObject({ level: 'attention', reasons: [{ code: 'offline', action: 'check-connection' }] });
    expect(overallHealth({ ...calm, syncOutcome: 'partial' }).reasons.map((r) => r.code)).toEqual(['sync-failing']);
  });

  it('conflicts, refused changes, a damaged cache and failing renewals each have their sentence', () => {
    const o = overallHealth({
      ...calm,
      outbox: { online: true, paused: false, needsAttention: 2, conflicts: 1 },
      renewals: { lastRefreshAt: null, failures: 2, lastFailure: { at: 1, message: 'Salesforce refused to renew the session.' } },
      cacheNotice: { kind: 'damaged', at: '2026-12-02T07:00:00Z', message: 'x', keptChanges: null, lostChanges: null },
    });
    expect(o.level).toBe('blocked');
    expect(o.reasons.map((r) => r.code)).toEqual(['cache-damaged', 'session-refresh-failing', 'conflicts', 'changes-refused']);
    expect(o.reasons.find((r) => r.code === 'conflicts')!.message).toBe(
      '1 change conflicts with edits made in Salesforce. Open Changes to choose which version to keep.',
    );
    expect(o.reasons.find((r) => r.code === 'changes-refused')!.message).toBe('Salesforce refused 2 changes. Open Changes to correct or discard them.');
  });
});

describe('org limits', () => {
  it('maps /limits into labelled limits, most used first', () => {
    const limits = mapOrgLimits({
      DailyApiRequests: { Max: 15_000, Remaining: 14_000, 'Ant Migration Tool': { Max: 0, Remaining: 0 } },
      DataStorageMB: { Max: 5, Remaining: 1 },
      DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 },
      PrivateConnectOutboundCalloutHourlyLimitMB: { Max: 0, Remaining: 0 },
      Broken: { Max: 'x' },
    });
    expect(limits.map((l) => l.name)).toEqual(['DataStorageMB', 'DailyApiRequests', 'DailyBulkV2QueryJobs', 'PrivateConnectOutboundCalloutHourlyLimitMB']);
    expect(limits[0]).toEqual({ name: 'DataStorageMB', label: 'Data storage (MB)', max: 5, remaining: 1, used: 4, usedShare: 0.8 });
    expect(limits[3].usedShare).toBeNull();
    expect(limitLabel('HourlyODataCallout')).toBe('Hourly OData callout');
  });

  it('a user without "View Setup and Configuration" gets a plain message (Salesforce: 403 API_DISABLED_FOR_ORG)', async () => {
    const refused = Object.assign(new Error('Limits resource is not enabled'), {
      errorCode: 'API_DISABLED_FOR_ORG',
      data: [{ errorCode: 'API_DISABLED_FOR_ORG', message: 'Limits resource is not enabled' }],
    });
    const service = createHealthService(
      deps({ session: async () => ({ query: async () => ({ totalSize: 0, done: true, records: [] }), send: async () => Promise.reject(refused) }) }),
    );
    const answer = OrgLimits.parse(await service.limits());
    expect(answer).toMatchObject({ available: false, reason: 'permission', message: LIMITS_PERMISSION_MESSAGE });
  });

  it('other failures stay errors the gate maps (here: the org unreachable)', async () => {
    const offline = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const service = createHealthService(
      deps({ session: async () => ({ query: async () => ({ totalSize: 0, done: true, records: [] }), send: async () => Promise.reject(offline) }) }),
    );
    await expect(service.limits()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('summary', () => {
  it('assembles every section and reads who-am-I from the org only once', async () => {
    const service = createHealthService(deps());
    const summary = HealthSummary.parse(await service.summary());
    expect(summary.whoAmI).toMatchObject({
      source: 'salesforce',
      profileName: 'Sales User',
      edition: 'Enterprise Edition',
      instance: 'USA123',
      apiVersion: '62.0',
    });
    expect(summary.apiUsage).toMatchObject({ orgUsedShare: 0.02 });
    expect(summary.apiUsage.daily).toHaveLength(30);
    expect(summary.outbox).toMatchObject({ pending: 1, needsAttention: 1, conflicts: 0 });
    expect(summary.overall.reasons.map((r) => r.code)).toEqual(['changes-refused']);
    expect(summary.login.accessTokenIssuedAt).toBe('2026-12-02T07:00:00.000Z');
    expect(summary.sync.objects[0]).toEqual({ object: 'Account', count: 40, state: 'incremental', lastSyncAt: '2026-12-02T07:20:00Z', failing: false });
    await service.summary();
    expect(queries).toHaveLength(2);
  });

  it('does not spend calls on who-am-I while the guard blocks, and says why', async () => {
    const service = createHealthService(deps({ guard: memoryGuard('blocked', { used: 15_000, max: 15_000, at: '2026-12-02T07:30:00Z' }) }));
    const summary = await service.summary();
    expect(queries).toHaveLength(0);
    expect(summary.whoAmI).toMatchObject({ source: 'connection', name: 'Dana Demo', note: expect.stringMatching(/allowance frees up/) });
    expect(summary.overall.level).toBe('blocked');
  });

  it('NOT_CONNECTED without an active org', async () => {
    await expect(createHealthService(deps({ activeConnection: () => undefined })).summary()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});

describe('diagnostics', () => {
  it('carry app, usage, sync and errors, but never a token, a record’s data, its Id or the username', async () => {
    const errors: RecentError[] = [
      {
        at: '2026-12-02T07:10:00Z',
        connectionId: 'conn-1',
        feature: 'outbox',
        method: 'PATCH',
        path: `/services/data/v62.0/sobjects/Account/${RECORD_ID}`,
        status: 400,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      },
    ];
    const service = createHealthService(
      deps({
        usage: memoryUsage(errors),
        sync: {
          status: () =>
            syncStatus({ lastRun: { finishedAt: '2026-12-02T07:20:00Z', outcome: 'partial', apiCalls: 3, bulk: [], error: `Account: ${RECORD_NAME} failed` } }),
        },
        vault: { storage: 'encrypted', renewals: () => ({ lastRefreshAt: null, failures: 1, lastFailure: { at: 1, message: `bad ${TOKEN}` } }) },
      }),
    );
    const bundle = DiagnosticsBundle.parse(await service.diagnostics());
    const text = JSON.stringify(bundle);
    expect(bundle.app).toEqual({ name: 'Atom for Salesforce', version: '9.9.9', mode: 'electron', platform: 'linux' });
    expect(bundle.apiUsage?.daily).toHaveLength(30);
    expect(bundle.sync?.lastRun).toMatchObject({ outcome: 'partial', hadError: true });
    expect(bundle.recentErrors[0].path).toBe('/services/data/v62.0/sobjects/Account/{id}');
    for (const secret of [TOKEN, RECORD_NAME, RECORD_ID, 'dana@acme.example', 'Dana Demo']) expect(text).not.toContain(secret);
  });

  it('work without an active org (errors of every org)', async () => {
    const bundle = await createHealthService(deps({ activeConnection: () => undefined })).diagnostics();
    expect(bundle).toMatchObject({ org: null, overall: null, recentErrors: [] });
  });
});

describe('redaction', () => {
  it('masks record Ids and drops query strings', () => {
    expect(maskRecordIds('/services/data/v62.0/query?q=SELECT+Name')).toBe('/services/data/v62.0/query');
    expect(maskRecordIds('/services/data/v62.0/sobjects/Contact/0035g00000AbCdE/describe')).toBe('/services/data/v62.0/sobjects/Contact/{id}/describe');
    expect(maskRecordIds('/services/data/v62.0/sobjects/OpportunityLineItem')).toBe('/services/data/v62.0/sobjects/OpportunityLineItem');
  });
});
