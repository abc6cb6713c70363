/**
 * Browser mode's pop-ups for change notifications: the Web Notification API, once the user has
 * allowed it (Settings → Notifications asks). The desktop app shows the system's own pop-ups from
 * the main process instead (src/main/notifications), so nothing here runs there: two pop-ups for
 * one change would be one too many. What a pop-up says and does: browser-popups.ts.
 */
import { useQuery } from '@tanstack/react-query';
import { navigate } from '../../app/navigation';
import { api, call } from '../../lib/api';
import { useAtomEvent } from '../../lib/events';
import { queryKeys } from '../../lib/query-keys';
import { showBrowserPopups, type WebNotificationApi } from './browser-popups';
import { isObjectName, useMarkRead } from './use-notifications';

/** The page's Notification, where the browser has one. */
export function pageNotificationApi(): WebNotificationApi | undefined {
  return 'Notification' in window ? (window.Notification as unknown as WebNotificationApi) : undefined;
}

/** Mounted once by the shell: browser mode's pop-ups for each announced batch. */
export function useBrowserNotifications(): void {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  const markRead = useMarkRead();
  useAtomEvent('change-notifications', (batch) => {
    showBrowserPopups(batch, {
      mode: info.data?.mode,
      Notification: pageNotificationApi(),
      focusWindow: () => window.focus(),
      openRecord: (object, id) => {
        if (isObjectName(object)) navigate({ name: 'object-record', object, id });
      },
      openList: () => navigate({ name: 'notifications' }),
      markRead: (ids) => markRead.mutate(ids),
    });
  });
}
