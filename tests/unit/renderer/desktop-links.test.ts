/**
 * The renderer's side of links and menus: where an `open-route` event goes (lib/open-routes.ts),
 * the links "Copy link" puts on the clipboard (lib/record-links.ts), and the keyboard shortcuts
 * page's list (app/shortcut-list.ts), kept in step with the hotkeys and the desktop menu.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUICK_LOOKUP_SHORTCUT } from '../../../src/shared/accelerator';
import { parseRouteLink } from '../../../src/shared/deep-links';
import { APP_PAGES, OpenRouteEvent } from '../../../src/shared/ipc/events.contract';
import { applicationMenu, flattenMenu, type AppMenuItem } from '../../../src/main/menu/menu-template';
import { JUMPS } from '../../../src/renderer/src/app/jumps';
import { MENU_KEYS, shortcutGroups, type ShortcutListOptions } from '../../../src/renderer/src/app/shortcut-list';
import { openTargetOf } from '../../../src/renderer/src/lib/open-routes';
import { recordLinks } from '../../../src/renderer/src/lib/record-links';
import { parseRoute, routeHref } from '../../../src/renderer/src/lib/router';

describe('open-route events in the main window', () => {
  it('opens a record on its object; one of an object the app does not keep gets the page that says so', () => {
    expect(openTargetOf({ kind: 'record', id: '003G000001SUbc4IAD', object: 'Contact' })).toEqual({
      kind: 'route',
      route: { name: 'object-record', object: 'Contact', id: '003G000001SUbc4IAD' },
    });
    const foreign = openTargetOf({ kind: 'record', id: 'a0X000000000001EAA', object: null });
    expect(foreign).toEqual({ kind: 'route', route: { name: 'record-link', id: 'a0X000000000001EAA', problem: 'unknown-object' } });
    // Its address reads back as the same page.
    if (foreign.kind === 'route') expect(parseRoute(routeHref(foreign.route))).toEqual(foreign.route);
  });

  it('opens a search link on the search page with its text', () => {
    expect(openTargetOf({ kind: 'search', q: 'Acme corp' })).toEqual({ kind: 'route', route: { name: 'search', q: 'Acme corp' } });
  });

  it('opens every screen the menu names; Search puts the keys in the top bar’s box', () => {
    for (const page of APP_PAGES) {
      const target = openTargetOf({ kind: 'page', page });
      if (page === 'search') {
        expect(target).toEqual({ kind: 'focus-search' });
        continue;
      }
      expect(target.kind, page).toBe('route');
      // Each screen is a real page of the router, not its 404.
      if (target.kind === 'route') expect(parseRoute(routeHref(target.route)).name, page).not.toBe('not-found');
    }
    expect(openTargetOf({ kind: 'page', page: 'settings' })).toEqual({ kind: 'route', route: { name: 'settings' } });
    expect(openTargetOf({ kind: 'page', page: 'shortcuts' })).toEqual({ kind: 'route', route: { name: 'shortcuts' } });
  });

  it('opens an object’s list or new-record form; an object this app does not show is ignored', () => {
    const list = openTargetOf({ kind: 'object', object: 'Opportunity', view: 'list' });
    expect(list.kind === 'route' && routeHref(list.route)).toBe('#/opportunities');
    expect(openTargetOf({ kind: 'object', object: 'Case', view: 'new' })).toEqual({ kind: 'route', route: { name: 'object-new', object: 'Case' } });
    expect(openTargetOf({ kind: 'object', object: 'Quote', view: 'list' })).toEqual({ kind: 'none' });
    expect(openTargetOf({ kind: 'object', object: 'hasOwnProperty', view: 'new' })).toEqual({ kind: 'none' });
  });

  it('handles every screen the application menu sends, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const opens = flattenMenu(applicationMenu({ platform, development: true, quickLookupShortcut: null, sync: { available: true, running: false } })).filter(
        (i): i is Extract<AppMenuItem, { kind: 'action' }> => i.kind === 'action' && i.action.kind === 'open',
      );
      expect(opens.length).toBeGreaterThan(20);
      for (const item of opens) {
        if (item.action.kind !== 'open') continue;
        expect(OpenRouteEvent.safeParse(item.action.route).success).toBe(true);
        expect(openTargetOf(item.action.route).kind, item.label).not.toBe('none');
      }
    }
  });
});

describe('Copy link', () => {
  it('builds the app link with the 18-character Id, which the desktop app reads back', () => {
    const links = recordLinks('0038d0000000081', null);
    expect(links).toEqual({ ok: true, app: 'com.atomforsalesforce.app:/record/0038d0000000081AAA', browser: null });
    if (links.ok) expect(parseRouteLink(links.app)).toEqual({ ok: true, route: { kind: 'record', id: '0038d0000000081AAA' } });
  });

  it('in browser mode adds this page’s address for the record, which the router opens on its object', () => {
    const links = recordLinks('003G000001SUbc4IAD', 'http://127.0.0.1:5173/');
    expect(links).toEqual({
      ok: true,
      app: 'com.atomforsalesforce.app:/record/003G000001SUbc4IAD',
      browser: 'http://127.0.0.1:5173/#/record/003G000001SUbc4IAD',
    });
    if (links.ok && links.browser) {
      expect(parseRoute(new URL(links.browser).hash)).toEqual({ name: 'object-record', object: 'Contact', id: '003G000001SUbc4IAD' });
    }
  });

  it('has no link for a record created offline (its temporary id), nor for an id that is not a record’s, and says why', () => {
    expect(recordLinks(`local-${'a'.repeat(32)}`, 'http://127.0.0.1:5173/')).toEqual({ ok: false, reason: expect.stringMatching(/created offline/) });
    expect(recordLinks('003G000001SUbc4AAA', null)).toEqual({ ok: false, reason: expect.stringMatching(/no Salesforce Id/) });
  });
});

describe('the keyboard shortcuts page', () => {
  const options: ShortcutListOptions = { platform: 'linux', mode: 'electron', quickLookupShortcut: DEFAULT_QUICK_LOOKUP_SHORTCUT };
  const group = (title: string, opts = options) => shortcutGroups(opts).find((g) => g.title === title)!;

  it('lists every "G then" jump with the sidebar’s names', () => {
    expect(group('Go to').rows).toEqual(JUMPS.map((jump) => ({ action: jump.label, keys: ['G', jump.key.toUpperCase()], then: true })));
    expect(group('Go to').rows.map((r) => r.action)).toContain('My tasks');
  });

  it('writes keys the way each system does, and shows the quick lookup’s shortcut in the desktop app only', () => {
    expect(group('Everywhere').rows[0]).toEqual({ action: 'Search all records', keys: ['Ctrl+K'] });
    expect(group('Everywhere', { ...options, platform: 'darwin' }).rows[0].keys).toEqual(['⌘K']);
    expect(group('Quick lookup').rows[0]).toMatchObject({ action: 'Open it from anywhere', keys: ['Ctrl+Shift+Space'] });
    expect(group('Quick lookup', { ...options, mode: 'browser' }).rows.map((r) => r.action)).not.toContain('Open it from anywhere');
    expect(group('Board', { ...options, platform: 'darwin' }).rows[0].keys).toEqual(['⌥←', '⌥→']);
  });

  it('gives browser mode a key for each desktop menu key the browser keeps for itself', () => {
    const browser: ShortcutListOptions = { ...options, mode: 'browser' };
    expect(group('Everywhere', browser).rows.find((r) => r.action === 'Sync now')?.keys).toEqual(['Shift+S']);
    expect(group('In the desktop app’s menus', browser).rows.find((r) => r.action === 'Sync now')?.note).toMatch(/Shift\+S/);
    expect(group('Everywhere').rows.find((r) => r.action === 'Sync now')?.keys).toEqual(['Shift+S', 'Ctrl+R']);
  });

  it('shows the desktop menu’s keys as the menu has them', () => {
    const items = flattenMenu(applicationMenu({ platform: 'linux', development: false, quickLookupShortcut: null, sync: { available: true, running: false } }));
    const keyOf = (label: string) => {
      const item = items.find((i) => (i.kind === 'action' || i.kind === 'role') && i.label === label);
      return item && (item.kind === 'action' || item.kind === 'role') ? item.accelerator : undefined;
    };
    expect(MENU_KEYS.syncNow).toBe(keyOf('Sync now'));
    expect(MENU_KEYS.settings).toBe(keyOf('Settings…'));
    expect(MENU_KEYS.search).toBe(keyOf('Search…'));
    expect(MENU_KEYS.zoomIn).toBe(keyOf('Zoom In'));
    expect(MENU_KEYS.zoomOut).toBe(keyOf('Zoom Out'));
    expect(MENU_KEYS.actualSize).toBe(keyOf('Actual Size'));
  });
});
