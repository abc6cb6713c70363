/**
 * Push events, main → renderer: declared like the requests, one entry per event with its payload
 * schema and its preload method name (`onSyncProgress(callback) → unsubscribe`). The core's event
 * bus validates every payload with these schemas before it leaves; the preload and the
 * browser-mode event stream expose exactly these methods; the renderer's types are inferred.
 *
 * Adding an event (a `notification`, a `navigate` deep link…) is adding an entry here and
 * publishing it from the core: the preload, the bridge stream and the surface tests follow.
 */
import { z } from 'zod';
import { isValidSearchText } from '../deep-links';
import { checkRecordId } from '../record-id';
import { ApiUsageSnapshot } from './api-usage';
import { OutboxErrorInfo } from './outbox.contract';
import { SyncProgress, SyncStatus } from './sync.contract';
import { NotificationBatchEvent } from './notifications.contract';
import { ExportProgressEvent } from './query.contract';

/** The one Electron IPC channel every event travels on (its envelope names the event). */
export const EVENT_CHANNEL = 'atom:event';

/** One entry of the events contract. */
export interface EventSpec<P extends z.ZodTypeAny = z.ZodTypeAny> {
  /** The preload method the renderer subscribes with: `on` + a capital letter. */
  method: `on${string}`;
  payload: P;
  /**
   * The most often main delivers this event, per connection, in ms. A burst in between keeps only
   * the last value, which is always delivered (and before any later event, so order holds).
   */
  coalesceMs?: number;
}

/** The running sync of a connection: what the progress bar needs, several times a second. */
export const SyncProgressEvent = z.object({
  connectionId: z.string(),
  startedAt: z.string(),
  progress: SyncProgress.nullable(),
});
export type SyncProgressEvent = z.infer<typeof SyncProgressEvent>;

/**
 * What the status bar and the Changes screen count, without the changes themselves (the Changes
 * screen fetches those when this says something moved).
 */
export const OutboxSummary = z.object({
  connectionId: z.string(),
  online: z.boolean(),
  /** Set when the queue waits for a new login. */
  paused: OutboxErrorInfo.nullable(),
  draining: z.boolean(),
  pendingCount: z.number().int(),
  needsAttentionCount: z.number().int(),
  conflictCount: z.number().int(),
  lastSyncAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});
export type OutboxSummary = z.infer<typeof OutboxSummary>;

/** The org stopped answering, or answers again (the outbox probes while it is offline). */
export const OnlineEvent = z.object({ connectionId: z.string(), online: z.boolean() });
export type OnlineEvent = z.infer<typeof OnlineEvent>;

/**
 * The list of connections changed: a login completed, an org was activated or disconnected, or a
 * session ended for good (needs-login). The renderer re-reads the list; when the active org is no
 * longer the one it shows, what it cached for the old one goes.
 */
export const ConnectionsChangedEvent = z.object({
  reason: z.enum(['login', 'activated', 'disconnected', 'needs-login']),
  /** The connection the change is about. */
  connectionId: z.string().nullable(),
  /** The active connection after the change (null: none). */
  activeConnectionId: z.string().nullable(),
});
export type ConnectionsChangedEvent = z.infer<typeof ConnectionsChangedEvent>;

/** The temporary id of a record created offline (the outbox's `local-…`). */
const LOCAL_RECORD_ID = /^local-[0-9a-f]{32}$/;

/**
 * The screens the desktop app's application menu opens by name (src/main/menu/menu-template.ts).
 * `search` is where to search: the renderer focuses the top bar's search box, as Ctrl/Cmd+K does.
 */
export const APP_PAGES = [
  'home',
  'my-tasks',
  'pipeline',
  'board',
  'lead-analytics',
  'changes',
  // The SOQL console (#/query).
  'query',
  'health',
  'connections',
  'settings',
  'search',
  'shortcuts',
  // The change notifications' list: a summary pop-up clicked in the desktop app (notifications.contract.ts).
  'notifications',
] as const;
export type AppPage = (typeof APP_PAGES)[number];

/**
 * A record or search link opened from outside the app (the OS hands `com.atomforsalesforce.app:/record/<Id>`
 * or `…:/search?q=` to the running app): the renderer navigates there. The Id is the checked
 * 18-character form; `object` is the cached object its key prefix names, null when none does (the
 * renderer then says the link names an object the app does not keep). See src/shared/deep-links.ts.
 * The desktop host also sends it when the quick-lookup window opens a record in the main window,
 * and for the application menu's items: a screen by name (`page`), or an object's list or new-record
 * form (`object`; an object the renderer does not show is ignored, like a record's).
 */
export const OpenRouteEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('record'),
    // A record created offline has only its temporary id until the outbox sends it: the quick
    // lookup can open one too. Links from outside always carry a real Id (src/shared/deep-links.ts).
    id: z.string().refine((id) => (id.length === 18 && checkRecordId(id).ok) || LOCAL_RECORD_ID.test(id), 'Not an 18-character record Id'),
    object: z.string().nullable(),
  }),
  z.object({ kind: z.literal('search'), q: z.string().refine(isValidSearchText, 'Not a valid search text') }),
  z.object({ kind: z.literal('page'), page: z.enum(APP_PAGES) }),
  z.object({ kind: z.literal('object'), object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), view: z.enum(['list', 'new']) }),
]);
export type OpenRouteEvent = z.infer<typeof OpenRouteEvent>;

export const eventsContract = {
  /** The running sync's object and counts (coalesced: at most every 150 ms, the last one always sent). */
  'sync-progress': { method: 'onSyncProgress', payload: SyncProgressEvent, coalesceMs: 150 },
  /** The whole sync status of the active org: when a sync starts or ends, settings change, a cache notice. */
  'sync-status': { method: 'onSyncStatus', payload: SyncStatus },
  /** Counts of the outbox of a connection, whenever they (or online / paused / draining) change. */
  'outbox-summary': { method: 'onOutboxSummary', payload: OutboxSummary, coalesceMs: 200 },
  online: { method: 'onOnlineChange', payload: OnlineEvent },
  'connections-changed': { method: 'onConnectionsChanged', payload: ConnectionsChangedEvent },
  /** Published by the usage service (Health panel, budget guard). */
  'api-usage': { method: 'onApiUsage', payload: ApiUsageSnapshot, coalesceMs: 1_000 },
  /** A record or search link, or a menu's screen, to open in the main window (sent by the Electron host; never coalesced). */
  'open-route': { method: 'onOpenRoute', payload: OpenRouteEvent },
  /** What others changed on my records, after a sync (notifications.contract.ts; never coalesced: each batch is shown). */
  'change-notifications': { method: 'onChangeNotifications', payload: NotificationBatchEvent },
  /** A running export's progress (query.contract.ts; at most every 250 ms, the last one always sent). */
  'query-export': { method: 'onQueryExport', payload: ExportProgressEvent, coalesceMs: 250 },
} as const satisfies Record<string, EventSpec>;
