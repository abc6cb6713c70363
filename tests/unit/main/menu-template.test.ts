/**
 * The application menu as data (src/main/menu/menu-template.ts): labels, keys (valid, never one
 * twice, never one the renderer handles itself unless only shown), what each platform gets, and the
 * template handed to Electron.
 */
import { describe, expect, it, vi } from 'vitest';
import { acceleratorKeysOn, checkAccelerator, DEFAULT_QUICK_LOOKUP_SHORTCUT } from '../../../src/shared/accelerator';
import { events } from '../../../src/shared/ipc';
import { OBJECT_NAMES, objectDef } from '../../../src/shared/objects/registry';
import {
  applicationMenu,
  flattenMenu,
  toMenuTemplate,
  type AppMenuItem,
  type AppMenuOptions,
  type MenuAction,
  type MenuItemOptions,
} from '../../../src/main/menu/menu-template';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
const base: AppMenuOptions = {
  platform: 'linux',
  development: false,
  quickLookupShortcut: DEFAULT_QUICK_LOOKUP_SHORTCUT,
  sync: { available: true, running: false },
};
const every = (over: Partial<AppMenuOptions> = {}) =>
  PLATFORMS.flatMap((platform) => [false, true].map((development) => ({ ...base, platform, development, ...over })));

type Action = Extract<AppMenuItem, { kind: 'action' }>;
const items = (options: AppMenuOptions) => flattenMenu(applicationMenu(options));
const actions = (options: AppMenuOptions) => items(options).filter((i): i is Action => i.kind === 'action');
const top = (options: AppMenuOptions) => applicationMenu(options).map((i) => (i.kind === 'submenu' ? i.label : i.kind));
const submenu = (options: AppMenuOptions, label: string) => {
  const found = applicationMenu(options).find((i) => i.kind === 'submenu' && i.label.replace('&', '') === label);
  if (!found || found.kind !== 'submenu') throw new Error(`no ${label} menu`);
  return found.items;
};
const labelsOf = (list: AppMenuItem[]) => list.map((i) => (i.kind === 'separator' ? '—' : i.label));
const withKeys = (options: AppMenuOptions) =>
  items(options).filter((i): i is Extract<AppMenuItem, { accelerator?: string }> => 'accelerator' in i && Boolean(i.accelerator));
const findAction = (options: AppMenuOptions, label: string) => {
  const found = actions(options).find((a) => a.label === label);
  if (!found) throw new Error(`no ${label} item`);
  return found;
};

describe('the application menu', () => {
  it('labels every item, and no submenu has two items of the same name', () => {
    for (const options of every()) {
      for (const item of items(options)) if (item.kind !== 'separator') expect(item.label.trim(), JSON.stringify(item)).not.toBe('');
      for (const item of items(options)) {
        if (item.kind !== 'submenu') continue;
        const names = labelsOf(item.items).filter((label) => label !== '—');
        expect(new Set(names).size, `${item.label}: ${names.join(', ')}`).toBe(names.length);
      }
    }
  });

  it('writes every key as an accelerator the app accepts, and never the same keys twice', () => {
    for (const options of every()) {
      const seen = new Map<string, string>();
      for (const item of withKeys(options)) {
        const accelerator = item.accelerator!;
        expect(checkAccelerator(accelerator), `${item.label}: ${accelerator}`).toMatchObject({ ok: true });
        const keys = acceleratorKeysOn(accelerator, options.platform)!;
        expect(seen.get(keys), `${item.label} and ${seen.get(keys)} on ${options.platform}: ${keys}`).toBeUndefined();
        seen.set(keys, item.label);
      }
      expect(seen.size).toBeGreaterThan(15);
    }
  });

  it('registers none of the keys the renderer handles itself: Ctrl/Cmd+K is only shown, the quick lookup’s Alt+E and Alt+P are free', () => {
    for (const options of every()) {
      const registered = withKeys(options)
        .filter((i) => !(i.kind === 'action' && i.registerAccelerator === false))
        .map((i) => acceleratorKeysOn(i.accelerator!, options.platform));
      for (const rendererKey of ['CommandOrControl+K', 'Alt+E', 'Alt+P']) {
        expect(registered).not.toContain(acceleratorKeysOn(rendererKey, options.platform));
      }
      expect(findAction(options, 'Search…')).toMatchObject({ accelerator: 'CommandOrControl+K', registerAccelerator: false });
      // Ctrl/Cmd+R is Sync now, so no Reload role takes it (development reloads with Shift).
      expect(findAction(options, 'Sync now')).toMatchObject({ accelerator: 'CommandOrControl+R' });
      expect(items(options).some((i) => i.kind === 'role' && (i.role as string) === 'reload')).toBe(false);
    }
  });

  it('opens every screen through an open-route event the contract accepts', () => {
    for (const options of every()) {
      for (const item of actions(options)) {
        if (item.action.kind !== 'open') continue;
        expect(events['open-route'].payload.safeParse(item.action.route).success, item.label).toBe(true);
      }
    }
    const view = labelsOf(submenu(base, 'View'));
    expect(view.slice(0, 18)).toEqual([
      'Home',
      'My tasks',
      'Pipeline',
      'Board',
      'Lead analytics',
      '—',
      'Contacts',
      'Accounts',
      'Opportunities',
      'Leads',
      'Cases',
      'Campaigns',
      '—',
      'Changes',
      'Query',
      'Health',
      'Connections',
      '—',
    ]);
    expect(findAction(base, 'Contacts').action).toEqual({ kind: 'open', route: { kind: 'object', object: 'Contact', view: 'list' } });
    expect(findAction(base, 'Home').action).toEqual({ kind: 'open', route: { kind: 'page', page: 'home' } });
  });

  it('File › New lists every object a record can be created for, in the sidebar’s order, each opening its form', () => {
    const file = submenu(base, 'File');
    const newMenu = file[0];
    expect(newMenu).toMatchObject({ kind: 'submenu', label: 'New' });
    if (newMenu.kind !== 'submenu') return;
    // The sidebar's order, then tasks and events: every object a record can be created for, once.
    const writable = ['Contact', 'Account', 'Opportunity', 'Lead', 'Case', 'Campaign', 'Task', 'Event'] as const;
    expect([...writable].sort()).toEqual(OBJECT_NAMES.filter((name) => objectDef(name).writable).sort());
    expect(labelsOf(newMenu.items)).toEqual(writable.map((name) => `${objectDef(name).label.one}…`));
    expect(newMenu.items.map((i) => (i.kind === 'action' ? i.action : null))).toEqual(
      writable.map((object) => ({ kind: 'open', route: { kind: 'object', object, view: 'new' } })),
    );
    expect(labelsOf(newMenu.items)).toContain('Opportunity…');
  });

  it('Sync now follows the sync: off without an org, “Syncing…” and off while one runs', () => {
    expect(findAction(base, 'Sync now').enabled).toBe(true);
    expect(findAction({ ...base, sync: { available: false, running: false } }, 'Sync now').enabled).toBe(false);
    expect(findAction({ ...base, sync: { available: true, running: true } }, 'Syncing…')).toMatchObject({ enabled: false, action: { command: 'sync-now' } });
  });

  it('shows the quick lookup’s global shortcut without registering it; none when no shortcut is registered, or when it is one of the menu’s keys', () => {
    expect(findAction(base, 'Quick lookup')).toMatchObject({ accelerator: DEFAULT_QUICK_LOOKUP_SHORTCUT, registerAccelerator: false });
    expect(findAction({ ...base, quickLookupShortcut: 'Alt+F9' }, 'Quick lookup').accelerator).toBe('Alt+F9');
    expect(findAction({ ...base, quickLookupShortcut: null }, 'Quick lookup').accelerator).toBeUndefined();
    // Control+R is Sync now's key on Linux and Windows; on macOS Sync now is ⌘R, so Control+R stays free.
    expect(findAction({ ...base, quickLookupShortcut: 'Control+R' }, 'Quick lookup').accelerator).toBeUndefined();
    expect(findAction({ ...base, platform: 'darwin', quickLookupShortcut: 'Control+R' }, 'Quick lookup').accelerator).toBe('Control+R');
    expect(findAction({ ...base, platform: 'darwin', quickLookupShortcut: 'Super+Q' }, 'Quick lookup').accelerator).toBeUndefined();
    expect(findAction({ ...base, quickLookupShortcut: 'CommandOrControl+Shift+Z' }, 'Quick lookup').accelerator).toBeUndefined();
  });

  it('macOS: the app menu first (About, Settings, Services, Hide, Quit), Close Window in File, the Window and Help roles, no mnemonics', () => {
    const mac = { ...base, platform: 'darwin' };
    expect(top(mac)).toEqual(['Atom for Salesforce', 'File', 'Edit', 'View', 'Window', 'Help']);
    const [appMenu] = applicationMenu(mac);
    expect(appMenu).toMatchObject({ kind: 'submenu', role: 'appMenu' });
    expect(labelsOf(submenu(mac, 'Atom for Salesforce'))).toEqual([
      'About Atom for Salesforce',
      '—',
      'Settings…',
      '—',
      'Services',
      '—',
      'Hide Atom for Salesforce',
      'Hide Others',
      'Show All',
      '—',
      'Quit Atom for Salesforce',
    ]);
    expect(labelsOf(submenu(mac, 'File'))).toEqual(['New', '—', 'Sync now', 'Quick lookup', '—', 'Close Window']);
    expect(applicationMenu(mac).find((i) => i.kind === 'submenu' && i.label === 'Window')).toMatchObject({ role: 'window' });
    expect(applicationMenu(mac).find((i) => i.kind === 'submenu' && i.label === 'Help')).toMatchObject({ role: 'help' });
    expect(labelsOf(submenu(mac, 'Help'))).toEqual(['Keyboard shortcuts', 'Salesforce Help']);
    expect(items(mac).find((i) => i.kind === 'role' && i.role === 'togglefullscreen')).toMatchObject({ accelerator: 'Control+Command+F' });
  });

  it('Windows and Linux: Settings and Exit/Quit in File, About in Help, Alt mnemonics on the menus; Windows redoes with Ctrl+Y and exits without a key', () => {
    const windows = { ...base, platform: 'win32' };
    const linux = { ...base, platform: 'linux' };
    for (const options of [windows, linux]) {
      expect(top(options)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
      expect(labelsOf(submenu(options, 'Help'))).toEqual(['Keyboard shortcuts', 'Salesforce Help', '—', 'About Atom for Salesforce']);
      expect(labelsOf(submenu(options, 'Window'))).toEqual(['Minimize', 'Close']);
      expect(items(options).some((i) => i.kind === 'role' && ['hide', 'services', 'front'].includes(i.role))).toBe(false);
    }
    expect(labelsOf(submenu(windows, 'File'))).toEqual(['New', '—', 'Sync now', 'Quick lookup', '—', 'Settings…', '—', 'Exit']);
    expect(submenu(windows, 'File').at(-1)).toEqual({ kind: 'role', role: 'quit', label: 'Exit' });
    expect(submenu(linux, 'File').at(-1)).toEqual({ kind: 'role', role: 'quit', label: 'Quit', accelerator: 'CommandOrControl+Q' });
    expect(submenu(windows, 'Edit')[1]).toMatchObject({ role: 'redo', accelerator: 'Control+Y' });
    expect(submenu(linux, 'Edit')[1]).toMatchObject({ role: 'redo', accelerator: 'Shift+CommandOrControl+Z' });
    expect(labelsOf(submenu(linux, 'Edit'))).toEqual(['Undo', 'Redo', '—', 'Cut', 'Copy', 'Paste', '—', 'Select All']);
  });

  it('development builds only: Reload (Shift+Ctrl/Cmd+R) and the developer tools', () => {
    for (const platform of PLATFORMS) {
      const roles = (development: boolean) => items({ ...base, platform, development }).flatMap((i) => (i.kind === 'role' ? [i.role] : []));
      expect(roles(false)).not.toContain('forceReload');
      expect(roles(false)).not.toContain('toggleDevTools');
      expect(roles(true)).toEqual(expect.arrayContaining(['forceReload', 'toggleDevTools']));
      expect(items({ ...base, platform, development: true }).find((i) => i.kind === 'role' && i.role === 'forceReload')).toMatchObject({
        accelerator: 'Shift+CommandOrControl+R',
      });
    }
    for (const options of every()) {
      const roles = items(options).flatMap((i) => (i.kind === 'role' ? [i.role] : []));
      expect(roles).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
      );
    }
  });
});

describe('the template Electron builds', () => {
  it('keeps labels, roles and keys; clicks call back with the item’s action; registerAccelerator only where the renderer owns the key', () => {
    const onAction = vi.fn<(action: MenuAction) => void>();
    const template = toMenuTemplate(applicationMenu(base), onAction);
    const flat = (list: MenuItemOptions[]): MenuItemOptions[] => list.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
    const all = flat(template);
    expect(template.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(all.find((i) => i.role === 'copy')).toEqual({ role: 'copy', label: 'Copy', accelerator: 'CommandOrControl+C' });
    expect(all.filter((i) => i.type === 'separator').every((i) => Object.keys(i).length === 1)).toBe(true);

    const sync = all.find((i) => i.label === 'Sync now')!;
    expect(sync).toMatchObject({ enabled: true, accelerator: 'CommandOrControl+R' });
    expect(sync).not.toHaveProperty('registerAccelerator');
    sync.click!();
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'command', command: 'sync-now' });

    const search = all.find((i) => i.label === 'Search…')!;
    expect(search.registerAccelerator).toBe(false);
    search.click!();
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'open', route: { kind: 'page', page: 'search' } });

    all.find((i) => i.label === 'Salesforce Help')!.click!();
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'command', command: 'salesforce-help' });
    expect(all.find((i) => i.label === 'Opportunity…')).toMatchObject({ enabled: true });

    const off = flat(toMenuTemplate(applicationMenu({ ...base, sync: { available: false, running: false } }), onAction));
    expect(off.find((i) => i.label === 'Sync now')?.enabled).toBe(false);
  });
});
