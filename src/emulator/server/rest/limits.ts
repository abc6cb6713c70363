/**
 * `/limits` (a Developer Edition org's allocations, with live API usage and data storage),
 * `/limits/recordCount`, and `/recent`.
 */
import { SalesforceError } from '../../errors';
import type { OrgStore } from '../../org/types';
import type { EmulatorState } from '../state';
import type { RestRoute } from '../types';

/** Salesforce charges 2 KB of data storage per record for most objects. */
const BYTES_PER_RECORD = 2048;

/** Fixed allocations of a Developer Edition org: [Max, Remaining]. */
const STATIC_LIMITS: Record<string, [number, number]> = {
  ActiveScratchOrgs: [3, 3],
  AnalyticsExternalDataSizeMB: [40960, 40960],
  ConcurrentAsyncGetReportInstances: [200, 200],
  ConcurrentEinsteinDataInsightsStoryCreation: [5, 5],
  ConcurrentEinsteinDiscoveryStoryCreation: [2, 2],
  ConcurrentSyncReportRuns: [20, 20],
  DailyAnalyticsDataflowJobExecutions: [60, 60],
  DailyAnalyticsUploadedFilesSizeMB: [51200, 51200],
  DailyAsyncApexExecutions: [250000, 250000],
  DailyAsyncApexTests: [500, 500],
  DailyBulkApiBatches: [15000, 15000],
  DailyBulkV2QueryFileStorageMB: [976562, 976562],
  DailyBulkV2QueryJobs: [10000, 10000],
  DailyDeliveredPlatformEvents: [10000, 10000],
  DailyDurableGenericStreamingApiEvents: [10000, 10000],
  DailyDurableStreamingApiEvents: [10000, 10000],
  DailyEinsteinDataInsightsStoryCreation: [1000, 1000],
  DailyEinsteinDiscoveryPredictAPICalls: [50000, 50000],
  DailyEinsteinDiscoveryPredictionsByCDC: [500000, 500000],
  DailyEinsteinDiscoveryStoryCreation: [100, 100],
  DailyGenericStreamingApiEvents: [10000, 10000],
  DailyScratchOrgs: [6, 6],
  DailyStandardVolumePlatformEvents: [10000, 10000],
  DailyStreamingApiEvents: [10000, 10000],
  DailyWorkflowEmails: [390, 390],
  DurableStreamingApiConcurrentClients: [20, 20],
  FileStorageMB: [20, 20],
  HourlyAsyncReportRuns: [1200, 1200],
  HourlyDashboardRefreshes: [200, 200],
  HourlyDashboardResults: [5000, 5000],
  HourlyDashboardStatuses: [999999999, 999999999],
  HourlyLongTermIdMapping: [100000, 100000],
  HourlyManagedContentPublicRequests: [50000, 50000],
  HourlyODataCallout: [10000, 10000],
  HourlyPublishedPlatformEvents: [50000, 50000],
  HourlyPublishedStandardVolumePlatformEvents: [100000, 100000],
  HourlyShortTermIdMapping: [100000, 100000],
  HourlySyncReportRuns: [500, 500],
  HourlyTimeBasedWorkflow: [50, 50],
  MassEmail: [10, 10],
  MonthlyPlatformEventsUsageEntitlement: [300000, 300000],
  Package2VersionCreates: [6, 6],
  Package2VersionCreatesWithoutValidation: [500, 500],
  PermissionSets: [1500, 1498],
  PrivateConnectOutboundCalloutHourlyLimitMB: [0, 0],
  SingleEmail: [15, 15],
  StreamingApiConcurrentClients: [20, 20],
};
const DATA_STORAGE_MAX_MB = 5;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function liveCount(store: OrgStore, objectName: string): number {
  const row = store.db.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(objectName)} WHERE "IsDeleted" = 0`).get() as { n: number };
  return row.n;
}

export function limitsBody(state: EmulatorState): Record<string, unknown> {
  let records = 0;
  for (const object of state.store.schema.objects) records += liveCount(state.store, object.name);
  const usedMb = Math.ceil((records * BYTES_PER_RECORD) / (1024 * 1024));
  const body: Record<string, unknown> = {};
  const entries: Array<[string, unknown]> = [
    ...Object.entries(STATIC_LIMITS).map(([name, [max, remaining]]) => [name, { Max: max, Remaining: remaining }] as [string, unknown]),
    ['DailyApiRequests', { Max: state.apiUsage.limit, Remaining: state.apiUsage.remaining }],
    ['DataStorageMB', { Max: DATA_STORAGE_MAX_MB, Remaining: Math.max(0, DATA_STORAGE_MAX_MB - usedMb) }],
  ];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) body[name] = value;
  return body;
}

export function limitsRoutes(state: EmulatorState): RestRoute[] {
  return [
    { method: 'GET', pattern: /^\/limits$/, handle: () => ({ status: 200, body: limitsBody(state) }) },
    {
      method: 'GET',
      pattern: /^\/limits\/recordCount$/,
      handle(req) {
        const requested = req.query.get('sObjects');
        const objects = requested
          ? requested
              .split(',')
              .map((n) => n.trim())
              .filter(Boolean)
              .map((n) => state.store.schema.getObject(n))
              .filter((o) => o !== undefined)
          : [...state.store.schema.objects];
        const sObjects = objects.map((o) => ({ count: liveCount(state.store, o.name), name: o.name }));
        return { status: 200, body: { sObjects } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/recent$/,
      handle(req) {
        const raw = req.query.get('limit');
        let limit = 200;
        if (raw !== null) {
          limit = Number(raw);
          if (!Number.isInteger(limit) || limit < 1) {
            throw new SalesforceError(400, 'INVALID_QUERY_FILTER_OPERATOR', 'limit must be a positive integer');
          }
          limit = Math.min(limit, 200);
        }
        return { status: 200, body: state.recent.list(state.store, req.user.userId, req.apiVersion, { limit }) };
      },
    },
  ];
}
