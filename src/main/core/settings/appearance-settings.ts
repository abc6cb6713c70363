/**
 * How the app looks on this computer: the theme (follow the system, or always light or dark) and
 * the density of lists and forms. Kept with the other settings (settings.json / electron-store), so
 * the desktop app and browser mode remember them whatever port the bridge has; a value edited by
 * hand into something else reads as the default.
 */
import { AppearanceSettings, DEFAULT_APPEARANCE } from '../../../shared/ipc/settings.contract';
import type { SettingsStore } from './settings-store';

const KEYS = { theme: 'appearance.theme', density: 'appearance.density' } as const;

export function readAppearanceSettings(store: Pick<SettingsStore, 'get'>): AppearanceSettings {
  const theme = AppearanceSettings.shape.theme.safeParse(store.get(KEYS.theme));
  const density = AppearanceSettings.shape.density.safeParse(store.get(KEYS.density));
  return {
    theme: theme.success ? theme.data : DEFAULT_APPEARANCE.theme,
    density: density.success ? density.data : DEFAULT_APPEARANCE.density,
  };
}

/** Stores what the patch names (already checked by the contract's schema). */
export function writeAppearanceSettings(store: Pick<SettingsStore, 'set'>, patch: Partial<AppearanceSettings>): void {
  if (patch.theme !== undefined) store.set(KEYS.theme, patch.theme);
  if (patch.density !== undefined) store.set(KEYS.density, patch.density);
}
