/**
 * The desktop host's requests (desktop.contract.ts): passed to the Electron host when there is one,
 * answered "nothing done" in browser mode; what they accept; and the `open-route` event the host
 * sends for them, which also carries a record created offline.
 */
import { describe, expect, it } from 'vitest';
import { createDesktopService, type DesktopHost } from '../../../src/main/core/desktop/desktop-host';
import { contract, events, type RecordTarget } from '../../../src/shared/ipc';

const CONTACT = '0038d0000000040AAA';
const LOCAL = `local-${'0123456789abcdef'.repeat(2)}`;

describe('the desktop service', () => {
  it('passes the requests to the host and says what it did', () => {
    const opened: RecordTarget[] = [];
    let hidden = 0;
    const host: DesktopHost = {
      openRecord: (target) => (opened.push(target), true),
      hideQuickLookup: () => (hidden++, false),
      applyDesktopSettings: () => undefined,
      desktopStatus: () => ({ shortcutState: 'registered', openAtLoginAvailable: true }),
      saveFile: async () => ({ saved: false, path: null }),
    };
    const service = createDesktopService(host);
    expect(service.openRecord({ object: 'Contact', id: CONTACT })).toEqual({ opened: true });
    expect(service.hideQuickLookup()).toEqual({ hidden: false });
    expect(opened).toEqual([{ object: 'Contact', id: CONTACT }]);
    expect(hidden).toBe(1);
  });

  it('does nothing in browser mode, where there is no host', () => {
    const service = createDesktopService(undefined);
    expect(service.openRecord({ object: 'Contact', id: CONTACT })).toEqual({ opened: false });
    expect(service.hideQuickLookup()).toEqual({ hidden: false });
  });
});

describe('what they accept', () => {
  const input = contract['desktop:open-record'].input;
  it('a cached object and a record Id or the temporary id of a record created offline', () => {
    expect(input.safeParse({ object: 'Contact', id: CONTACT }).success).toBe(true);
    expect(input.safeParse({ object: 'Lead', id: LOCAL }).success).toBe(true);
    for (const bad of [
      { object: 'User', id: CONTACT },
      { object: 'Contact', id: '003' },
      { object: 'Contact', id: '../settings' },
      { object: 'Contact', id: CONTACT, extra: 1 },
    ]) {
      expect(input.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('the open-route event carries a checked 18-character Id or a temporary id, nothing else', () => {
    const payload = events['open-route'].payload;
    expect(payload.safeParse({ kind: 'record', id: CONTACT, object: 'Contact' }).success).toBe(true);
    expect(payload.safeParse({ kind: 'record', id: LOCAL, object: 'Contact' }).success).toBe(true);
    expect(payload.safeParse({ kind: 'record', id: '0038d0000000040AAB', object: 'Contact' }).success).toBe(false);
    expect(payload.safeParse({ kind: 'record', id: `local-${'x'.repeat(32)}`, object: 'Contact' }).success).toBe(false);
  });
});
