/**
 * Handler maps: one per domain, each typed from its contract so the parameter and return types
 * cannot drift, combined in app-core.ts into one map that must cover every channel.
 */
import type { AppInfo, Channel, OutputOf, ParsedInputOf } from '../../../shared/ipc';
import type { ConnectionsService } from '../connections/connections.service';
import type { OutboxService } from '../outbox/outbox-service';
import type { SettingsService } from '../settings/settings';
import type { SyncService } from '../sync/sync-service';
import type { RecordsService } from '../records/records-service';
import type { ListPrefsService } from '../lists/list-prefs';
import type { BudgetGuard, UsageReader } from '../usage/types';
import type { HealthService } from '../health/health-service';
import type { SearchService } from '../search/search-service';
import type { AnalyticsService } from '../analytics/analytics-service';
import type { ActivitiesService } from '../activities/activities-service';
import type { LeadsService } from '../leads/leads-service';
import type { DesktopService } from '../desktop/desktop-host';
import type { NotificationsService } from '../notifications/notifications-service';
import type { QueryService } from '../query/query-service';
import type { QueryLibrary } from '../query/query-library';
import type { ExportService } from '../query/export/export-service';

/** Receives the payload already parsed by the channel's input schema. */
export type Handler<C extends Channel> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };

export interface CoreServices {
  appInfo: AppInfo;
  settings: SettingsService;
  connections: ConnectionsService;
  /** Record writes through the offline outbox, for the active org (NOT_CONNECTED without one). */
  outbox: { service: OutboxService; activeConnectionId(): string };
  /** Local cache sync of the active org. */
  sync: SyncService;
  /** Search over the active org's local cache. */
  search: SearchService;
  /** Cached lists and details of the registry's objects, describe-driven form metadata. */
  records: RecordsService;
  /** How the user shaped each list (columns, widths), per org, in the app database. */
  listPrefs: ListPrefsService;
  /** API usage statistics per org (Health panel). */
  usage: UsageReader;
  /** The API budget guard: level, reason, interval in force (status bar, Health). */
  guard: BudgetGuard;
  /** The Health panel of the active org: status in words, usage, limits on demand, diagnostics. */
  health: HealthService;
  /** The salesperson's cockpit over the active org's cache: Home, pipeline, board, leads, settings. */
  analytics: AnalyticsService;
  /** Activities of the active org: timeline and My tasks from the cache, quick actions through the outbox. */
  activities: ActivitiesService;
  /** Lead conversion: options from the cache, the conversion itself online only. */
  leads: LeadsService;
  /** The desktop host's windows (quick lookup → main window); browser mode has none. */
  desktop: DesktopService;
  /** Change notifications of the active org: the recent list behind the bell, read marks, settings. */
  notifications: NotificationsService;
  /** The SOQL console of the active org: check, cost, run (org or cache), plan, schema; history and saved queries; exports. */
  query: {
    console: QueryService;
    library: QueryLibrary;
    exports: Pick<ExportService, 'start' | 'cancel'>;
    saveExport(exportId: string): Promise<{ saved: boolean; path: string | null; downloadUrl: string | null }>;
  };
}
