/**
 * Every keyboard shortcut of the app, for the Keyboard shortcuts page (`#/shortcuts`, "?" or the
 * desktop Help menu), in the keys of the system it runs on: the app-wide keys (hotkeys.ts), the
 * lists', My tasks', the board's, the Query editor's, the search boxes' and the quick lookup's, and
 * the desktop app's menu keys (src/main/menu/menu-template.ts; a test keeps the two in step). Browser mode shows
 * the menu's keys as what the desktop app adds, since a browser keeps Ctrl+R, Ctrl+, and the zoom
 * keys for itself, and says which key or button does the same there.
 */
import { formatAccelerator } from '../../../shared/accelerator';
import { JUMPS } from './jumps';

export interface ShortcutRow {
  action: string;
  /** The keys as they are written on this system; `then`: pressed one after another, else alternatives. */
  keys: string[];
  then?: boolean;
  note?: string;
}

export interface ShortcutGroup {
  title: string;
  rows: ShortcutRow[];
}

export interface ShortcutListOptions {
  platform: string;
  mode: 'electron' | 'browser';
  /** The quick lookup's global shortcut (desktop app), null when none is set. */
  quickLookupShortcut: string | null;
}

/** The desktop menu's own keys, as menu-template.ts writes them (Electron accelerator syntax). */
export const MENU_KEYS = {
  syncNow: 'CommandOrControl+R',
  settings: 'CommandOrControl+,',
  search: 'CommandOrControl+K',
  zoomIn: 'CommandOrControl+Plus',
  zoomOut: 'CommandOrControl+-',
  actualSize: 'CommandOrControl+0',
} as const;

function everywhere(options: ShortcutListOptions, key: (accelerator: string) => string): ShortcutGroup {
  const desktop = options.mode === 'electron';
  return {
    title: 'Everywhere',
    rows: [
      { action: 'Search all records', keys: [key(MENU_KEYS.search)] },
      { action: 'Go to the page’s own search box', keys: ['/'] },
      {
        action: 'Sync now',
        keys: desktop ? ['Shift+S', key(MENU_KEYS.syncNow)] : ['Shift+S'],
        note: desktop ? undefined : 'Or the Sync now button in the top bar',
      },
      { action: 'Keyboard shortcuts', keys: ['?'] },
    ],
  };
}

function goTo(): ShortcutGroup {
  return { title: 'Go to', rows: JUMPS.map((jump) => ({ action: jump.label, keys: ['G', jump.key.toUpperCase()], then: true })) };
}

function lists(mac: boolean): ShortcutGroup[] {
  const alt = mac ? '⌥' : 'Alt+';
  return [
    {
      title: 'Lists',
      rows: [
        { action: 'New record', keys: ['N'] },
        { action: 'Move through the rows', keys: ['↑', '↓', 'Page Up', 'Page Down', 'Home', 'End'] },
        { action: 'Open the record', keys: ['Enter'] },
      ],
    },
    {
      title: 'My tasks',
      rows: [
        { action: 'New task', keys: ['N'] },
        { action: 'Move through the tasks', keys: ['↑', '↓', 'J', 'K'] },
        { action: 'Complete the task', keys: ['Space', 'X'] },
        { action: 'Open it', keys: ['Enter'] },
      ],
    },
    { title: 'Board', rows: [{ action: 'Move a deal to the stage before or after', keys: [`${alt}←`, `${alt}→`] }] },
    {
      title: 'Query',
      rows: [
        { action: 'Run the query', keys: [mac ? '⌘Enter' : 'Ctrl+Enter'] },
        { action: 'Show suggestions', keys: ['Ctrl+Space'] },
        { action: 'Take the suggestion', keys: ['Enter'] },
        { action: 'Close the suggestions', keys: ['Esc'] },
      ],
    },
  ];
}

function searchBoxes(options: ShortcutListOptions, key: (accelerator: string) => string, mac: boolean): ShortcutGroup[] {
  const alt = mac ? '⌥' : 'Alt+';
  const quickLookup: ShortcutRow[] =
    options.mode === 'electron'
      ? [
          options.quickLookupShortcut
            ? { action: 'Open it from anywhere', keys: [key(options.quickLookupShortcut)], note: 'Set in Settings › Desktop app' }
            : { action: 'Open it from anywhere', keys: [], note: 'No shortcut set: choose one in Settings › Desktop app, or use the tray icon' },
        ]
      : [];
  return [
    {
      title: 'Search box in the top bar',
      rows: [
        { action: 'Move through the results', keys: ['↑', '↓'] },
        { action: 'Open the result, or see all results', keys: ['Enter'] },
        { action: 'Close the results, then clear', keys: ['Esc'] },
      ],
    },
    {
      title: 'Quick lookup',
      rows: [
        ...quickLookup,
        { action: 'Open the record', keys: ['Enter'] },
        { action: 'Copy the email', keys: [`${alt}E`] },
        { action: 'Copy the phone', keys: [`${alt}P`] },
        { action: options.mode === 'electron' ? 'Hide it' : 'Clear the box', keys: ['Esc'] },
      ],
    },
  ];
}

function desktopMenu(options: ShortcutListOptions, key: (accelerator: string) => string, mac: boolean): ShortcutGroup {
  const browser = options.mode === 'browser';
  return {
    title: browser ? 'In the desktop app’s menus' : 'Menus',
    rows: [
      { action: 'Sync now', keys: [key(MENU_KEYS.syncNow)], note: browser ? 'Here: Shift+S (the browser reloads with this key)' : 'File menu' },
      { action: 'Settings', keys: [key(MENU_KEYS.settings)], note: browser ? 'Here: G then S' : mac ? 'Atom for Salesforce menu' : 'File menu' },
      {
        action: 'Zoom in, zoom out, actual size',
        keys: [key(MENU_KEYS.zoomIn), key(MENU_KEYS.zoomOut), key(MENU_KEYS.actualSize)],
        note: browser ? 'The browser’s own' : 'View menu',
      },
      { action: 'Full screen', keys: [mac ? '⌃⌘F' : 'F11'], note: browser ? 'The browser’s own' : 'View menu' },
    ],
  };
}

export function shortcutGroups(options: ShortcutListOptions): ShortcutGroup[] {
  const mac = options.platform === 'darwin';
  const key = (accelerator: string) => formatAccelerator(accelerator, options.platform);
  return [everywhere(options, key), goTo(), ...lists(mac), ...searchBoxes(options, key, mac), desktopMenu(options, key, mac)];
}
