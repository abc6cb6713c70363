/** The pure half of lib/appearance.ts: which theme is in force, and reading back a remembered choice. */
import { DEFAULT_APPEARANCE, type AppearanceSettings } from '../../../shared/ipc/settings.contract';

/** The theme in force: the chosen one, or the system's while the choice is "system". */
export function resolveTheme(theme: AppearanceSettings['theme'], systemDark: boolean): 'light' | 'dark' {
  return theme === 'dark' || (theme === 'system' && systemDark) ? 'dark' : 'light';
}

/** A choice remembered as JSON text (localStorage); anything unreadable or unknown gives the defaults, field by field. */
export function parseRememberedAppearance(text: string | null): AppearanceSettings {
  let raw: Partial<Record<keyof AppearanceSettings, unknown>> | null = null;
  try {
    const parsed: unknown = JSON.parse(text ?? 'null');
    if (parsed && typeof parsed === 'object') raw = parsed as Partial<Record<keyof AppearanceSettings, unknown>>;
  } catch {
    raw = null;
  }
  return {
    theme: raw?.theme === 'light' || raw?.theme === 'dark' || raw?.theme === 'system' ? raw.theme : DEFAULT_APPEARANCE.theme,
    density: raw?.density === 'compact' || raw?.density === 'comfortable' ? raw.density : DEFAULT_APPEARANCE.density,
  };
}
