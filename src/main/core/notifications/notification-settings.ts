/**
 * The user's choices for change notifications: each kind on or off, and quiet hours. Kept with the
 * other settings (settings.json / electron-store, as desktop-settings.ts does); a value edited by
 * hand into something invalid reads as its default, field by field.
 */
import { NOTIFICATION_KINDS, NotificationSettings, type NotificationKind, type NotificationSettingsUpdate } from '../../../shared/ipc/notifications.contract';
import type { SettingsStore } from '../settings/settings-store';

const KEYS = { kinds: 'notifications.kinds', quietHours: 'notifications.quietHours' } as const;

/** Every kind on; quiet hours off, set to an evening-to-morning span for when they are turned on. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  kinds: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>,
  quietHours: { enabled: false, start: '20:00', end: '07:00' },
};

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function readNotificationSettings(store: Pick<SettingsStore, 'get'>): NotificationSettings {
  const kinds = record(store.get(KEYS.kinds));
  const quiet = record(store.get(KEYS.quietHours));
  const defaults = DEFAULT_NOTIFICATION_SETTINGS;
  const time = NotificationSettings.shape.quietHours.shape.start;
  return {
    kinds: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, typeof kinds[k] === 'boolean' ? kinds[k] : defaults.kinds[k]])) as Record<
      NotificationKind,
      boolean
    >,
    quietHours: {
      enabled: typeof quiet.enabled === 'boolean' ? quiet.enabled : defaults.quietHours.enabled,
      start: time.safeParse(quiet.start).success ? (quiet.start as string) : defaults.quietHours.start,
      end: time.safeParse(quiet.end).success ? (quiet.end as string) : defaults.quietHours.end,
    },
  };
}

/** Stores what the update names (already checked by the contract's schema) and returns the settings now in force. */
export function writeNotificationSettings(store: SettingsStore, update: NotificationSettingsUpdate): NotificationSettings {
  const current = readNotificationSettings(store);
  if (update.kinds) store.set(KEYS.kinds, { ...current.kinds, ...stripUndefined(update.kinds) });
  if (update.quietHours) store.set(KEYS.quietHours, { ...current.quietHours, ...stripUndefined(update.quietHours) });
  return readNotificationSettings(store);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Minutes since midnight of "HH:MM". */
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Whether `now` (local time of this computer, where the user is) falls in the quiet hours. A span
 * whose end is earlier than its start runs overnight (20:00–07:00 wraps midnight); the start is
 * inside the span, the end is not; a span that starts and ends at the same minute is empty.
 */
export function inQuietHours(quietHours: NotificationSettings['quietHours'], now: Date): boolean {
  if (!quietHours.enabled) return false;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const minute = now.getHours() * 60 + now.getMinutes();
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
