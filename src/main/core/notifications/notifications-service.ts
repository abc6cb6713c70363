/**
 * Change notifications: after each incremental sync, what other people changed on the records
 * that matter to the connected user (notification-rules.ts), stored in the org's cache for the
 * in-app list and announced on the push channel ('change-notifications') for the pop-ups.
 *
 * They come from the sync's own polling (docs/notifications.md): the engine reports each page of
 * changes with the rows as they were cached before (sync-engine's watch), so nothing here
 * calls Salesforce. A sync's notifications are announced once it ends: one by one, or (more than
 * COALESCE_AFTER) as one summary. During quiet hours they are stored held and not announced; the
 * list still shows them. A failure here is logged and never fails the sync.
 */
import {
  COALESCE_AFTER,
  type ChangeNotification,
  type NotificationBatchEvent,
  type NotificationKind,
  type NotificationSettings,
  type NotificationSettingsUpdate,
  type RecentNotifications,
} from '../../../shared/ipc/notifications.contract';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import type { ActiveOrg } from '../connections/active-org';
import type { EventPublisher } from '../events/event-bus';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings/settings-store';
import type { ChangeWatch } from '../sync/sync-engine';
import { inQuietHours, readNotificationSettings, writeNotificationSettings } from './notification-settings';
import { notificationsFor, watchedObjects, type NotificationCandidate, type RuleContext } from './notification-rules';
import { markNotificationsRead, recentNotifications, storeNotifications } from './notifications.repo';

export interface NotificationsService {
  /**
   * What the sync service runs beside one sync of a connection: each incremental page of the
   * objects the kinds that are on read, and at the end (`finish`) what it found stored and
   * announced. Undefined when every kind is off: nothing to compare, so the sync reads no old rows.
   */
  watchSync(connectionId: string, db: CacheDb, userId: string): ChangeWatch | undefined;
  settings(): NotificationSettings;
  updateSettings(update: NotificationSettingsUpdate): NotificationSettings;
  /** The active org's latest notifications (empty without an active org). */
  recent(): RecentNotifications;
  markRead(ids?: readonly string[]): RecentNotifications;
}

export interface NotificationsServiceDeps {
  cacheFor(connectionId: string): CacheDb;
  activeOrg: Pick<ActiveOrg, 'current'>;
  settingsStore: SettingsStore;
  events?: EventPublisher;
  log: Logger;
  /** The cached objects (whose rows may name a user). */
  registry?: ObjectRegistry;
  /** The local clock (quiet hours are local time). */
  now?: () => Date;
}

/**
 * What the rules ask of the cache: names it already holds (Owner.Name of any cached row the user
 * owns, through the records_by_owner index), whether an account is the user's. Memoized for one sync.
 */
function cacheContext(db: CacheDb, userId: string, objects: readonly string[]): RuleContext {
  const names = new Map<string, string | null>();
  const ownerName = db
    .prepare(`SELECT owner_name FROM records WHERE object IN (${objects.map(() => '?').join(', ')}) AND owner_id = ? AND owner_name IS NOT NULL LIMIT 1`)
    .pluck();
  const account = db.prepare(`SELECT name FROM records WHERE object = 'Account' AND id = ? AND owner_id = ?`);
  return {
    userId,
    userName(id) {
      if (!names.has(id)) names.set(id, (ownerName.get(...objects, id) as string | undefined) ?? null);
      return names.get(id) ?? null;
    },
    myAccount(id) {
      const row = account.get(id, userId) as { name: string | null } | undefined;
      return row && { name: row.name };
    },
  };
}

const KIND_WORDS: Record<NotificationKind, [one: string, many: string]> = {
  'case-assigned': ['case assigned to you', 'cases assigned to you'],
  'lead-assigned': ['lead assigned to you', 'leads assigned to you'],
  'opportunity-changed': ['opportunity changed', 'opportunities changed'],
  'task-assigned': ['task assigned to you', 'tasks assigned to you'],
  'high-priority-case': ['new high-priority case', 'new high-priority cases'],
};

/** What one sync announces: its notifications, or one summary of them. */
export function batchOf(connectionId: string, shown: readonly ChangeNotification[]): NotificationBatchEvent {
  if (shown.length <= COALESCE_AFTER) return { connectionId, notifications: [...shown], summary: null };
  const counts = new Map<NotificationKind, number>();
  for (const n of shown) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const body = [...counts].map(([kind, count]) => `${count} ${KIND_WORDS[kind][count === 1 ? 0 : 1]}`).join(' · ');
  return { connectionId, notifications: [], summary: { title: `${shown.length} changes to your records`, body, count: shown.length } };
}

export function createNotificationsService(deps: NotificationsServiceDeps): NotificationsService {
  const now = deps.now ?? (() => new Date());
  const settings = () => readNotificationSettings(deps.settingsStore);
  const warn = (what: string, err: unknown) => deps.log.warn(what, err instanceof Error ? err.message : String(err));

  const watchSync = (connectionId: string, db: CacheDb, userId: string): ChangeWatch | undefined => {
    const enabled = settings().kinds;
    const objects = watchedObjects(enabled);
    if (!objects.size) return undefined;
    const context = cacheContext(db, userId, (deps.registry ?? OBJECT_REGISTRY).names);
    const found = new Map<string, NotificationCandidate>();
    return {
      objects,
      onChanges(batch) {
        try {
          for (const candidate of notificationsFor(batch, context, enabled)) found.set(candidate.id, candidate);
        } catch (err) {
          warn('Change notifications could not read a page of changes', err);
        }
      },
      finish() {
        if (!found.size) return;
        try {
          const held = inQuietHours(settings().quietHours, now());
          const stored = storeNotifications(db, [...found.values()], { held, noticedAt: now().toISOString() });
          if (!held && stored.length) deps.events?.publish('change-notifications', batchOf(connectionId, stored));
        } catch (err) {
          warn('Change notifications could not be stored', err);
        }
      },
    };
  };

  const activeCache = () => {
    const record = deps.activeOrg.current();
    return record ? deps.cacheFor(record.id) : undefined;
  };

  return {
    watchSync,
    settings,
    updateSettings: (update) => writeNotificationSettings(deps.settingsStore, update),
    recent() {
      const db = activeCache();
      return db ? recentNotifications(db) : { notifications: [], unread: 0 };
    },
    markRead(ids) {
      const db = activeCache();
      if (!db) return { notifications: [], unread: 0 };
      markNotificationsRead(db, ids);
      return recentNotifications(db);
    },
  };
}
