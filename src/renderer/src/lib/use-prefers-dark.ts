import { useDarkTheme } from './appearance';

/**
 * Whether the dark theme is in force: the user's choice in Settings → Appearance, or the OS (or a
 * test's emulated media) while that choice is "system". SVG attributes cannot read the
 * stylesheet's theme variables, so charts pick their palette with this.
 */
export function usePrefersDark(): boolean {
  return useDarkTheme();
}
