import type { notificationsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function notificationsHandlers({ notifications }: CoreServices): HandlerMap<keyof typeof notificationsContract> {
  return {
    'notifications:settings-get': () => notifications.settings(),
    'notifications:settings-update': (update) => notifications.updateSettings(update),
    'notifications:recent': () => notifications.recent(),
    'notifications:mark-read': ({ ids }) => notifications.markRead(ids),
  };
}
