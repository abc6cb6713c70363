/**
 * Change notifications in the renderer: the active org's recent list (behind the bell and on
 * #/notifications), read marks, the settings, and what happens when one is opened. The list is read
 * again when the core announces a batch ('change-notifications') and when a sync ends (quiet hours
 * store notifications without announcing them; the bell still counts them).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useReducer, useRef } from 'react';
import type { ChangeNotification, NotificationSettings, NotificationSettingsUpdate, RecentNotifications } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { api, call } from '../../lib/api';
import { useAtomEvent } from '../../lib/events';
import { OBJECTS, type ObjectName } from '../../lib/objects';

export const notificationKeys = {
  /** Per org: dropped with the rest of ['org'] when the active org changes. */
  recent: ['org', 'notifications', 'recent'] as const,
  settings: ['notifications', 'settings'] as const,
};

export function useRecentNotifications(enabled = true) {
  return useQuery({ queryKey: notificationKeys.recent, queryFn: () => call(api.recentNotifications()), enabled });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) => call(api.markNotificationsRead(ids ? { ids } : {})),
    onSuccess: (recent) => queryClient.setQueryData<RecentNotifications>(notificationKeys.recent, recent),
  });
}

export function useNotificationSettings() {
  return useQuery({ queryKey: notificationKeys.settings, queryFn: () => call(api.getNotificationSettings()) });
}

/**
 * Saves at once; the boxes show the new choice meanwhile (and go back if the save fails). The new
 * choice is written to the query cache in the change event itself, not in the mutation's onMutate
 * (which runs a tick later). The cache tells its observers only later still (TanStack Query batches
 * notifications on a timer), and a controlled checkbox whose component did not re-render in its own
 * change event is put back to the old value until then: so the hook also re-renders its caller in
 * that event. The caller must read the settings with useNotificationSettings() in the same
 * component (or pass them down from it): that render reads them from the cache, new choice included.
 */
export function useUpdateNotificationSettings() {
  const queryClient = useQueryClient();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const mutation = useMutation({
    mutationFn: ({ update }: { update: NotificationSettingsUpdate; before: NotificationSettings | undefined }) => call(api.updateNotificationSettings(update)),
    onError: (_error, { before }) => {
      if (before) queryClient.setQueryData(notificationKeys.settings, before);
    },
    onSuccess: (next) => queryClient.setQueryData<NotificationSettings>(notificationKeys.settings, next),
  });
  const { mutate } = mutation;
  const save = useCallback(
    (update: NotificationSettingsUpdate) => {
      const before = queryClient.getQueryData<NotificationSettings>(notificationKeys.settings);
      if (before) queryClient.setQueryData<NotificationSettings>(notificationKeys.settings, withUpdate(before, update));
      rerender();
      mutate({ update, before });
    },
    [mutate, queryClient],
  );
  return { isError: mutation.isError, error: mutation.error, isPending: mutation.isPending, mutate: save };
}

/** The settings with a partial update's choices in (what it leaves undefined stays as it was). */
function withUpdate(settings: NotificationSettings, update: NotificationSettingsUpdate): NotificationSettings {
  return {
    kinds: { ...settings.kinds, ...withoutUndefined(update.kinds ?? {}) },
    quietHours: { ...settings.quietHours, ...withoutUndefined(update.quietHours ?? {}) },
  };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Keeps the recent list current: a batch was announced, or a sync ended (it may have stored held ones). */
export function useNotificationRefresh(): void {
  const queryClient = useQueryClient();
  const lastRunSeen = useRef<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.recent, exact: true });
  useAtomEvent('change-notifications', refresh);
  useAtomEvent('sync-status', (status) => {
    const finishedAt = status.lastRun?.finishedAt ?? null;
    if (status.running || finishedAt === lastRunSeen.current) return;
    lastRunSeen.current = finishedAt;
    refresh();
  });
}

export function isObjectName(name: string): name is ObjectName {
  return Object.hasOwn(OBJECTS, name);
}

/** Opens a notification's record (and marks it read). */
export function useOpenNotification() {
  const markRead = useMarkRead();
  return (notification: Pick<ChangeNotification, 'id' | 'object' | 'recordId' | 'read'>) => {
    if (!notification.read) markRead.mutate([notification.id]);
    if (isObjectName(notification.object)) navigate({ name: 'object-record', object: notification.object, id: notification.recordId });
  };
}
