/**
 * The desktop app's own settings: the quick lookup's global shortcut (null: none) and whether the
 * app opens at login. Kept with the other settings (settings.json / electron-store); a value that
 * was edited by hand into something invalid reads as the default.
 */
import { checkAccelerator, DEFAULT_QUICK_LOOKUP_SHORTCUT } from '../../../shared/accelerator';
import type { SettingsStore } from './settings-store';

export interface DesktopSettings {
  quickLookupShortcut: string | null;
  openAtLogin: boolean;
}

const KEYS = { shortcut: 'desktop.quickLookupShortcut', openAtLogin: 'desktop.openAtLogin' } as const;

export function readDesktopSettings(store: Pick<SettingsStore, 'get'>): DesktopSettings {
  const shortcut = store.get(KEYS.shortcut);
  const checked = typeof shortcut === 'string' ? checkAccelerator(shortcut) : null;
  return {
    quickLookupShortcut: shortcut === null ? null : checked?.ok ? checked.accelerator : DEFAULT_QUICK_LOOKUP_SHORTCUT,
    openAtLogin: store.get(KEYS.openAtLogin) === true,
  };
}

/** Stores what the patch names (the shortcut already checked by the contract's schema). */
export function writeDesktopSettings(store: Pick<SettingsStore, 'set'>, patch: Partial<DesktopSettings>): void {
  if (patch.quickLookupShortcut !== undefined) store.set(KEYS.shortcut, patch.quickLookupShortcut);
  if (patch.openAtLogin !== undefined) store.set(KEYS.openAtLogin, patch.openAtLogin);
}
