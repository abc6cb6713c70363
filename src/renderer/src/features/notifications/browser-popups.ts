/**
 * Browser mode's pop-ups for change notifications through the Web Notification API, as plain
 * functions over the page's Notification constructor (browser-notifications.ts mounts them):
 * a batch is one pop-up per change, or its summary; clicking brings the window forward and opens
 * the record (marking it read) or, for a summary, the notifications list. Each pop-up carries the
 * notification's id as its tag, so the browser replaces rather than repeats one shown twice (two
 * tabs of the app, say).
 */
import type { NotificationBatchEvent } from '../../../../shared/ipc';

/** The Web Notification API's permission states (spelt out: this module is also built without the DOM's types, for its tests). */
export type WebPermission = 'default' | 'granted' | 'denied';

/** The page's Notification constructor, as far as it is used here (structural, so a test can stand in). */
export interface WebNotificationApi {
  readonly permission: WebPermission;
  new (title: string, options?: { body?: string; tag?: string }): { onclick: ((event: Event) => void) | null; close(): void };
}

export interface BrowserPopupDeps {
  /** app:info's mode: the desktop app's main process shows its own pop-ups, so its renderer shows none. */
  mode: 'electron' | 'browser' | undefined;
  Notification: WebNotificationApi | undefined;
  focusWindow(): void;
  openRecord(object: string, id: string): void;
  openList(): void;
  markRead(ids: string[]): void;
}

/** Whether this browser can show notifications at all, and what the user decided. */
export function browserPermission(Notification: WebNotificationApi | undefined): WebPermission | 'unsupported' {
  return Notification ? Notification.permission : 'unsupported';
}

/** Shows a batch's pop-ups in browser mode once the user has allowed them; returns how many were shown. */
export function showBrowserPopups(batch: NotificationBatchEvent, deps: BrowserPopupDeps): number {
  const Notification = deps.Notification;
  if (deps.mode !== 'browser' || !Notification || Notification.permission !== 'granted') return 0;
  if (batch.summary) {
    const popup = new Notification(batch.summary.title, { body: batch.summary.body, tag: `summary:${batch.connectionId}` });
    popup.onclick = () => {
      deps.focusWindow();
      deps.openList();
      popup.close();
    };
    return 1;
  }
  for (const n of batch.notifications) {
    const popup = new Notification(n.title, { body: n.body, tag: n.id });
    popup.onclick = () => {
      deps.focusWindow();
      deps.openRecord(n.object, n.recordId);
      deps.markRead([n.id]);
      popup.close();
    };
  }
  return batch.notifications.length;
}
