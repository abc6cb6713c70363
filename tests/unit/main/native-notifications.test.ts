/**
 * The desktop app's change-notification pop-ups (src/main/notifications/native-notifications.ts),
 * with a stand-in for Electron's Notification: one per change or one summary, a click opens the
 * record (18-character Id) and marks it read, a summary opens the list, nothing where the system
 * has no notifications, and each pop-up is held until clicked or closed.
 */
import { describe, expect, it } from 'vitest';
import type { OpenRouteEvent } from '../../../src/shared/ipc/events.contract';
import type { ChangeNotification, NotificationBatchEvent } from '../../../src/shared/ipc/notifications.contract';
import { createNativeNotifier, type NotificationLike } from '../../../src/main/notifications/native-notifications';

class FakeNotification implements NotificationLike {
  listeners = new Map<string, () => void>();
  shown = false;
  constructor(readonly options: { title: string; body: string }) {}
  on(event: 'click' | 'close', listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  show() {
    this.shown = true;
  }
  emit(event: 'click' | 'close') {
    this.listeners.get(event)?.();
  }
}

function setUp(supported = true) {
  const created: FakeNotification[] = [];
  const routes: OpenRouteEvent[] = [];
  const read: string[][] = [];
  const notifier = createNativeNotifier({
    isSupported: () => supported,
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    openRoute: (route) => routes.push(route),
    markRead: (ids) => read.push(ids),
    log: { warn: () => undefined },
  });
  return { notifier, created, routes, read };
}

const change = (recordId: string, object = 'Case'): ChangeNotification => ({
  id: `case-assigned:${recordId}:2026-03-02T10:00:00.000Z`,
  kind: 'case-assigned',
  object,
  recordId,
  title: 'Case 00001027 assigned to you',
  body: 'Printer jams · by Dana Ruiz',
  changedBy: 'Dana Ruiz',
  at: '2026-03-02T10:00:00.000Z',
  held: false,
  read: false,
});

describe('native change notifications', () => {
  it('one pop-up per change; a click opens the record in its 18-character form and marks it read', () => {
    const { notifier, created, routes, read } = setUp();
    const batch: NotificationBatchEvent = { connectionId: 'c1', notifications: [change('5000000000000AB'), change('500000000000002AAA')], summary: null };
    notifier.show(batch);
    expect(created.map((n) => [n.options.title, n.options.body, n.shown])).toEqual([
      ['Case 00001027 assigned to you', 'Printer jams · by Dana Ruiz', true],
      ['Case 00001027 assigned to you', 'Printer jams · by Dana Ruiz', true],
    ]);
    expect(notifier.pending).toBe(2);
    created[0].emit('click');
    expect(routes).toEqual([{ kind: 'record', id: '5000000000000ABAAY', object: 'Case' }]);
    expect(read).toEqual([[batch.notifications[0].id]]);
    // Held until clicked or closed (Electron keeps only a weak reference).
    expect(notifier.pending).toBe(1);
    created[1].emit('close');
    expect(notifier.pending).toBe(0);
    expect(routes).toHaveLength(1);
  });

  it('a summary opens the notifications list; nothing where the system has no notifications', () => {
    const { notifier, created, routes, read } = setUp();
    notifier.show({ connectionId: 'c1', notifications: [], summary: { title: '7 changes to your records', body: '7 cases assigned to you', count: 7 } });
    expect(created.map((n) => n.options)).toEqual([{ title: '7 changes to your records', body: '7 cases assigned to you' }]);
    created[0].emit('click');
    expect(routes).toEqual([{ kind: 'page', page: 'notifications' }]);
    expect(read).toEqual([]);

    const unsupported = setUp(false);
    unsupported.notifier.show({ connectionId: 'c1', notifications: [change('500000000000002AAA')], summary: null });
    expect(unsupported.created).toEqual([]);
  });
});
