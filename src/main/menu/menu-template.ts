/**
 * The desktop app's application menu, as plain data: File (new records, Sync now, the quick lookup,
 * Settings, Quit), Edit, View (the app's screens, search, zoom, full screen), Window and Help, with
 * macOS's app menu first there. app-menu.ts hands it to Electron; nothing here imports electron, so
 * a Node test checks every label and key.
 *
 * Keys, and who owns them. A menu accelerator only fires for a key press the page did not handle
 * (Chromium gives the page the first try, on macOS too), so each key has one owner:
 * - the menu's own: Sync now (Ctrl/Cmd+R: there is no Reload item outside development, which has
 *   Force Reload on Shift+Ctrl/Cmd+R instead), Settings (Ctrl/Cmd+,) and the standard roles;
 * - the renderer's, shown here but not registered (`registerAccelerator: false`): Search (Ctrl/Cmd+K,
 *   features/workspace/global-search.tsx), and the quick lookup's global shortcut (registered with the
 *   system by desktop/shortcut.ts).
 * The renderer's other keys are single letters and "G then a letter" sequences (app/hotkeys.ts), which
 * an accelerator cannot express and which never clash with these.
 *
 * Items that open a screen send the `open-route` event (events.contract.ts) the links use.
 */
import { acceleratorKeysOn } from '../../shared/accelerator';
import { APP_NAME } from '../../shared/app-identity';
import type { OpenRouteEvent } from '../../shared/ipc/events.contract';
import { OBJECT_NAMES, objectDef, type CachedObject } from '../../shared/objects/registry';

export type MenuCommand = 'sync-now' | 'quick-lookup' | 'salesforce-help';
export type MenuAction = { kind: 'open'; route: OpenRouteEvent } | { kind: 'command'; command: MenuCommand };

/** The Electron roles the menu uses (their behaviour is Electron's; their labels and keys are spelt out here). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front';

/** A top-level menu's role: macOS's app menu, and the Window and Help menus macOS fills in itself. */
export type SubmenuRole = 'appMenu' | 'window' | 'help';

export type AppMenuItem =
  | { kind: 'action'; label: string; action: MenuAction; accelerator?: string; registerAccelerator?: false; enabled?: boolean }
  | { kind: 'role'; role: MenuRole; label: string; accelerator?: string }
  | { kind: 'submenu'; label: string; role?: SubmenuRole; items: AppMenuItem[] }
  | { kind: 'separator' };

export interface AppMenuOptions {
  platform: string;
  /** Development builds get Force Reload and the developer tools. */
  development: boolean;
  /** The quick lookup's global shortcut while it is registered, else null. */
  quickLookupShortcut: string | null;
  /** Whether Sync now can run (an org is connected) and whether a sync is running. */
  sync: { available: boolean; running: boolean };
}

/** The lists of the View menu, in the sidebar's order (tasks and events are My tasks'). */
const LIST_OBJECTS = ['Contact', 'Account', 'Opportunity', 'Lead', 'Case', 'Campaign'] as const;

const SEPARATOR: AppMenuItem = { kind: 'separator' };
const open = (label: string, route: OpenRouteEvent, accelerator?: string): AppMenuItem => ({
  kind: 'action',
  label,
  action: { kind: 'open', route },
  ...(accelerator ? { accelerator } : {}),
});
const page = (label: string, name: Extract<OpenRouteEvent, { kind: 'page' }>['page'], accelerator?: string) =>
  open(label, { kind: 'page', page: name }, accelerator);
const role = (name: MenuRole, label: string, accelerator?: string): AppMenuItem => ({
  kind: 'role',
  role: name,
  label,
  ...(accelerator ? { accelerator } : {}),
});
const command = (label: string, name: MenuCommand, extra: Partial<Extract<AppMenuItem, { kind: 'action' }>> = {}): AppMenuItem => ({
  kind: 'action',
  label,
  action: { kind: 'command', command: name },
  ...extra,
});

/** Top-level labels carry a mnemonic on Windows and Linux (Alt+F opens File); macOS has none. */
const topLabel = (label: string, mac: boolean) => (mac ? label : `&${label}`);

function macAppMenu(): AppMenuItem {
  return {
    kind: 'submenu',
    label: APP_NAME,
    role: 'appMenu',
    items: [
      role('about', `About ${APP_NAME}`),
      SEPARATOR,
      page('Settings…', 'settings', 'CommandOrControl+,'),
      SEPARATOR,
      role('services', 'Services'),
      SEPARATOR,
      role('hide', `Hide ${APP_NAME}`, 'Command+H'),
      role('hideOthers', 'Hide Others', 'Command+Alt+H'),
      role('unhide', 'Show All'),
      SEPARATOR,
      role('quit', `Quit ${APP_NAME}`, 'CommandOrControl+Q'),
    ],
  };
}

/** The objects File › New offers: the sidebar's lists in its order, then the others a record can be created for (tasks, events). */
function newRecordObjects(): CachedObject[] {
  const writable = OBJECT_NAMES.filter((name) => objectDef(name).writable);
  const listed = LIST_OBJECTS.filter((name) => writable.includes(name));
  return [...listed, ...writable.filter((name) => !listed.includes(name as (typeof LIST_OBJECTS)[number]))];
}

function fileMenu(options: AppMenuOptions, mac: boolean): AppMenuItem {
  const newRecord: AppMenuItem = {
    kind: 'submenu',
    label: 'New',
    items: newRecordObjects().map((name) => open(`${objectDef(name).label.one}…`, { kind: 'object', object: name, view: 'new' })),
  };
  const syncNow = command(options.sync.running ? 'Syncing…' : 'Sync now', 'sync-now', {
    accelerator: 'CommandOrControl+R',
    enabled: options.sync.available && !options.sync.running,
  });
  const quickLookup = command(
    'Quick lookup',
    'quick-lookup',
    options.quickLookupShortcut ? { accelerator: options.quickLookupShortcut, registerAccelerator: false } : {},
  );
  const ending = mac
    ? [role('close', 'Close Window', 'CommandOrControl+W')]
    : [
        page('Settings…', 'settings', 'CommandOrControl+,'),
        SEPARATOR,
        options.platform === 'win32' ? role('quit', 'Exit') : role('quit', 'Quit', 'CommandOrControl+Q'),
      ];
  return { kind: 'submenu', label: topLabel('File', mac), items: [newRecord, SEPARATOR, syncNow, quickLookup, SEPARATOR, ...ending] };
}

function editMenu(options: AppMenuOptions, mac: boolean): AppMenuItem {
  return {
    kind: 'submenu',
    label: topLabel('Edit', mac),
    items: [
      role('undo', 'Undo', 'CommandOrControl+Z'),
      // Electron's own keys for Redo: Ctrl+Y on Windows, Shift with Ctrl/Cmd+Z elsewhere.
      role('redo', 'Redo', options.platform === 'win32' ? 'Control+Y' : 'Shift+CommandOrControl+Z'),
      SEPARATOR,
      role('cut', 'Cut', 'CommandOrControl+X'),
      role('copy', 'Copy', 'CommandOrControl+C'),
      role('paste', 'Paste', 'CommandOrControl+V'),
      SEPARATOR,
      role('selectAll', 'Select All', 'CommandOrControl+A'),
    ],
  };
}

function viewMenu(options: AppMenuOptions, mac: boolean): AppMenuItem {
  const lists = LIST_OBJECTS.map((name) => open(objectDef(name).label.many, { kind: 'object', object: name, view: 'list' }));
  const development = options.development
    ? [
        role('forceReload', 'Reload', 'Shift+CommandOrControl+R'),
        role('toggleDevTools', 'Developer Tools', mac ? 'Alt+Command+I' : 'Control+Shift+I'),
        SEPARATOR,
      ]
    : [];
  return {
    kind: 'submenu',
    label: topLabel('View', mac),
    items: [
      page('Home', 'home'),
      page('My tasks', 'my-tasks'),
      page('Pipeline', 'pipeline'),
      page('Board', 'board'),
      page('Lead analytics', 'lead-analytics'),
      SEPARATOR,
      ...lists,
      SEPARATOR,
      page('Changes', 'changes'),
      page('Query', 'query'),
      page('Health', 'health'),
      page('Connections', 'connections'),
      SEPARATOR,
      {
        kind: 'action',
        label: 'Search…',
        action: { kind: 'open', route: { kind: 'page', page: 'search' } },
        accelerator: 'CommandOrControl+K',
        registerAccelerator: false,
      },
      SEPARATOR,
      ...development,
      role('resetZoom', 'Actual Size', 'CommandOrControl+0'),
      role('zoomIn', 'Zoom In', 'CommandOrControl+Plus'),
      role('zoomOut', 'Zoom Out', 'CommandOrControl+-'),
      SEPARATOR,
      role('togglefullscreen', 'Toggle Full Screen', mac ? 'Control+Command+F' : 'F11'),
    ],
  };
}

function windowMenu(mac: boolean): AppMenuItem {
  const items = mac
    ? [role('minimize', 'Minimize', 'CommandOrControl+M'), role('zoom', 'Zoom'), SEPARATOR, role('front', 'Bring All to Front')]
    : [role('minimize', 'Minimize', 'CommandOrControl+M'), role('close', 'Close', 'CommandOrControl+W')];
  return { kind: 'submenu', label: topLabel('Window', mac), ...(mac ? { role: 'window' as const } : {}), items };
}

function helpMenu(mac: boolean): AppMenuItem {
  const about = mac ? [] : [SEPARATOR, role('about', `About ${APP_NAME}`)];
  return {
    kind: 'submenu',
    label: topLabel('Help', mac),
    ...(mac ? { role: 'help' as const } : {}),
    items: [page('Keyboard shortcuts', 'shortcuts'), command('Salesforce Help', 'salesforce-help'), ...about],
  };
}

/** Every item of a menu, submenus' items after their submenu, in reading order. */
export function flattenMenu(items: readonly AppMenuItem[]): AppMenuItem[] {
  return items.flatMap((item) => (item.kind === 'submenu' ? [item, ...flattenMenu(item.items)] : [item]));
}

/**
 * The global shortcut is the system's: when it is also one of the menu's keys, the quick lookup's
 * item does not show it, so no key is written twice (Settings says what the shortcut does).
 */
function withoutShortcutClash(menu: AppMenuItem[], options: AppMenuOptions): AppMenuItem[] {
  const shortcut = options.quickLookupShortcut && acceleratorKeysOn(options.quickLookupShortcut, options.platform);
  if (!shortcut) return menu;
  const others = flattenMenu(menu).filter((item) => !(item.kind === 'action' && item.action.kind === 'command' && item.action.command === 'quick-lookup'));
  const taken = others.some((item) => 'accelerator' in item && item.accelerator && acceleratorKeysOn(item.accelerator, options.platform) === shortcut);
  if (!taken) return menu;
  const strip = (items: AppMenuItem[]): AppMenuItem[] =>
    items.map((item) => {
      if (item.kind === 'submenu') return { ...item, items: strip(item.items) };
      if (item.kind === 'action' && item.action.kind === 'command' && item.action.command === 'quick-lookup') return command(item.label, 'quick-lookup');
      return item;
    });
  return strip(menu);
}

export function applicationMenu(options: AppMenuOptions): AppMenuItem[] {
  const mac = options.platform === 'darwin';
  const menu = [...(mac ? [macAppMenu()] : []), fileMenu(options, mac), editMenu(options, mac), viewMenu(options, mac), windowMenu(mac), helpMenu(mac)];
  return withoutShortcutClash(menu, options);
}

/** The subset of Electron's MenuItemConstructorOptions the menu uses, so the conversion is tested without Electron. */
export interface MenuItemOptions {
  type?: 'separator';
  label?: string;
  role?: MenuRole | SubmenuRole;
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

/** The template Menu.buildFromTemplate takes; each action item's click calls onAction. */
export function toMenuTemplate(items: readonly AppMenuItem[], onAction: (action: MenuAction) => void): MenuItemOptions[] {
  return items.map((item): MenuItemOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: item.label, ...(item.role ? { role: item.role } : {}), submenu: toMenuTemplate(item.items, onAction) };
      case 'role':
        return { role: item.role, label: item.label, ...(item.accelerator ? { accelerator: item.accelerator } : {}) };
      case 'action':
        return {
          label: item.label,
          enabled: item.enabled ?? true,
          click: () => onAction(item.action),
          ...(item.accelerator ? { accelerator: item.accelerator } : {}),
          ...(item.registerAccelerator === false ? { registerAccelerator: false } : {}),
        };
    }
  });
}
