/**
 * Browser mode's change-notification pop-ups (browser-popups.ts) with a stand-in for the page's
 * Notification: nothing until the user allowed them; one per change or one summary; a click brings
 * the window forward and opens the record (marking it read) or the list. The same in Chromium:
 * tests/e2e/browser-notifications.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationBatchEvent } from '../../../src/shared/ipc/notifications.contract';
import {
  browserPermission,
  showBrowserPopups,
  type WebNotificationApi,
  type WebPermission,
} from '../../../src/renderer/src/features/notifications/browser-popups';
import { parseRoute, routeHref } from '../../../src/renderer/src/lib/router';

function fakeApi(permission: WebPermission) {
  const made: Array<{ title: string; options?: { body?: string; tag?: string }; popup: { onclick: ((e: Event) => void) | null; closed: boolean } }> = [];
  const Api = class {
    static permission = permission;
    onclick: ((e: Event) => void) | null = null;
    closed = false;
    constructor(title: string, options?: { body?: string; tag?: string }) {
      made.push({ title, options, popup: this });
    }
    close() {
      this.closed = true;
    }
  } as unknown as WebNotificationApi;
  return { Api, made };
}

function deps(Api: WebNotificationApi | undefined) {
  const log: string[] = [];
  return {
    log,
    deps: {
      mode: 'browser' as 'browser' | 'electron' | undefined,
      Notification: Api,
      focusWindow: () => log.push('focus'),
      openRecord: (object: string, id: string) => log.push(`open ${object} ${id}`),
      openList: () => log.push('list'),
      markRead: (ids: string[]) => log.push(`read ${ids.join(',')}`),
    },
  };
}

const batch: NotificationBatchEvent = {
  connectionId: 'c1',
  notifications: [
    {
      id: 'lead-assigned:00Q000000000001AAA:2026-03-02T10:00:00.000Z',
      kind: 'lead-assigned',
      object: 'Lead',
      recordId: '00Q000000000001AAA',
      title: 'Lead Ada Lovelace assigned to you',
      body: 'Engines · by Dana Ruiz',
      changedBy: 'Dana Ruiz',
      at: '2026-03-02T10:00:00.000Z',
      held: false,
      read: false,
    },
  ],
  summary: null,
};

describe('browser pop-ups', () => {
  it('none until allowed, where the browser has no notifications, or in the desktop app', () => {
    for (const permission of ['default', 'denied'] as const) {
      const { Api, made } = fakeApi(permission);
      expect(showBrowserPopups(batch, deps(Api).deps)).toBe(0);
      expect(made).toEqual([]);
      expect(browserPermission(Api)).toBe(permission);
    }
    expect(showBrowserPopups(batch, deps(undefined).deps)).toBe(0);
    expect(browserPermission(undefined)).toBe('unsupported');
    // The desktop app (or before app:info is known): its main process shows them, never the page.
    const granted = fakeApi('granted');
    for (const mode of ['electron', undefined] as const) expect(showBrowserPopups(batch, { ...deps(granted.Api).deps, mode })).toBe(0);
    expect(granted.made).toEqual([]);
  });

  it('one per change, tagged with its id; a click focuses, opens the record and marks it read', () => {
    const { Api, made } = fakeApi('granted');
    const { deps: d, log } = deps(Api);
    expect(showBrowserPopups(batch, d)).toBe(1);
    expect(made.map((m) => [m.title, m.options])).toEqual([
      ['Lead Ada Lovelace assigned to you', { body: 'Engines · by Dana Ruiz', tag: batch.notifications[0].id }],
    ]);
    made[0].popup.onclick?.(new Event('click'));
    expect(log).toEqual(['focus', 'open Lead 00Q000000000001AAA', `read ${batch.notifications[0].id}`]);
    expect(made[0].popup.closed).toBe(true);
  });

  it('a summary is one pop-up that opens the list', () => {
    const { Api, made } = fakeApi('granted');
    const { deps: d, log } = deps(Api);
    showBrowserPopups({ connectionId: 'c1', notifications: [], summary: { title: '5 changes to your records', body: '5 leads assigned to you', count: 5 } }, d);
    expect(made.map((m) => [m.title, m.options])).toEqual([['5 changes to your records', { body: '5 leads assigned to you', tag: 'summary:c1' }]]);
    made[0].popup.onclick?.(new Event('click'));
    expect(log).toEqual(['focus', 'list']);
    expect(parseRoute(routeHref({ name: 'notifications' }))).toEqual({ name: 'notifications' });
  });
});
