/**
 * The desktop app's pop-ups for change notifications: the core's 'change-notifications' batches
 * (notifications.contract.ts) shown as the system's own notifications. Electron's Notification is
 * handed in (electron-desktop.ts), so this decides everything in plain Node and is tested so.
 *
 * - A notification per change; a burst comes from the core already coalesced into one summary.
 * - Clicking a change opens its record in the main window (the same `open-route` path as the quick
 *   lookup and record links) and marks it read; clicking a summary opens the notifications list.
 * - Nothing is shown where the system has no notifications (Notification.isSupported()): the list
 *   behind the bell still has them.
 * - Each shown notification is held until it is clicked or closed: Electron keeps only a weak
 *   reference to it, and a collected one never reports its click (electron/electron#16922, #12690).
 */
import type { OpenRouteEvent } from '../../shared/ipc/events.contract';
import type { NotificationBatchEvent } from '../../shared/ipc/notifications.contract';
import { checkRecordId } from '../../shared/record-id';

/** What a pop-up does when clicked. */
export type PopupAction = { kind: 'record'; object: string; id: string; notificationId: string } | { kind: 'list' };

export interface Popup {
  title: string;
  body: string;
  action: PopupAction;
}

/** The pop-ups of one batch: its notifications one by one, or its summary. */
function popupsOf(batch: NotificationBatchEvent): Popup[] {
  if (batch.summary) return [{ title: batch.summary.title, body: batch.summary.body, action: { kind: 'list' } }];
  return batch.notifications.map((n) => ({
    title: n.title,
    body: n.body,
    action: { kind: 'record', object: n.object, id: n.recordId, notificationId: n.id },
  }));
}

/** The part of Electron's Notification used here (structural, so a test can stand in). */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface NativeNotifierDeps {
  isSupported(): boolean;
  create(options: { title: string; body: string }): NotificationLike;
  /** Shows a route in the main window (opening and focusing it). */
  openRoute(route: OpenRouteEvent): void;
  /** Marks notifications read in the core (the bell's count follows). */
  markRead(ids: string[]): void;
  log: { warn(message: string, details?: unknown): void };
}

export interface NativeNotifier {
  show(batch: NotificationBatchEvent): void;
  /** Pop-ups shown and not yet clicked or closed. */
  readonly pending: number;
}

export function createNativeNotifier(deps: NativeNotifierDeps): NativeNotifier {
  const shown = new Set<NotificationLike>();

  const act = (action: PopupAction) => {
    if (action.kind === 'list') return deps.openRoute({ kind: 'page', page: 'notifications' });
    const checked = checkRecordId(action.id);
    deps.openRoute({ kind: 'record', id: checked.ok ? checked.id : action.id, object: action.object });
    deps.markRead([action.notificationId]);
  };

  return {
    show(batch) {
      if (!deps.isSupported()) return;
      for (const popup of popupsOf(batch)) {
        try {
          const notification = deps.create({ title: popup.title, body: popup.body });
          shown.add(notification);
          notification.on('click', () => {
            shown.delete(notification);
            act(popup.action);
          });
          notification.on('close', () => shown.delete(notification));
          notification.show();
        } catch (error) {
          deps.log.warn('A change notification could not be shown', error instanceof Error ? error.message : String(error));
        }
      }
    },
    get pending() {
      return shown.size;
    },
  };
}
