/**
 * The theme and density on the document's root element, where the stylesheet reads them:
 * `data-theme="light|dark"` (the theme in force: "system" resolved through prefers-color-scheme,
 * followed live) and `data-density="comfortable|compact"`. The choice itself lives in the core's
 * settings (any port, either host); the last one applied is remembered in localStorage only so the
 * next start paints in it before the settings arrive.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DEFAULT_APPEARANCE, type AppearanceSettings } from '../../../shared/ipc/settings.contract';
import { api, call } from './api';
import { queryKeys } from './query-keys';
import { parseRememberedAppearance, resolveTheme } from './theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';
const REMEMBERED = 'atom.appearance';

function systemDark(): boolean {
  return window.matchMedia?.(DARK_QUERY).matches ?? false;
}

function remembered(): AppearanceSettings {
  try {
    return parseRememberedAppearance(window.localStorage.getItem(REMEMBERED));
  } catch {
    return DEFAULT_APPEARANCE;
  }
}

/** Sets the root's attributes for a choice (the system's theme read now). */
export function applyAppearance(choice: AppearanceSettings): void {
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(choice.theme, systemDark());
  root.dataset.themeChoice = choice.theme;
  root.dataset.density = choice.density;
  try {
    window.localStorage.setItem(REMEMBERED, JSON.stringify(choice));
  } catch {
    // Storage may be unavailable (a private window): the settings still arrive from the core.
  }
}

/** Before the first render: the last choice applied on this computer. */
export function applyRememberedAppearance(): void {
  applyAppearance(remembered());
}

/** Applies the saved choice whenever the settings change, and follows the system while it is "system". */
export function useAppearance(): void {
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => call(api.getSettings()), staleTime: Infinity, meta: { stayOnPage: true } });
  const choice = settings.data?.appearance;
  useEffect(() => {
    if (!choice) return;
    applyAppearance(choice);
    if (choice.theme !== 'system') return;
    const media = window.matchMedia?.(DARK_QUERY);
    if (!media) return;
    const onChange = () => applyAppearance(choice);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [choice]);
  // Before the settings arrive (or when they cannot, as in a tab without the launch link), "system" is followed too.
  useEffect(() => {
    if (choice) return;
    const media = window.matchMedia?.(DARK_QUERY);
    if (!media) return;
    const onChange = () => applyRememberedAppearance();
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [choice]);
}

/** A data attribute of the root element, followed as the appearance changes. */
function useRootData(name: 'theme' | 'density'): string | undefined {
  const [value, setValue] = useState(() => document.documentElement.dataset[name]);
  useEffect(() => {
    const root = document.documentElement;
    const observer = new MutationObserver(() => setValue(root.dataset[name]));
    observer.observe(root, { attributes: true, attributeFilter: [`data-${name}`] });
    setValue(root.dataset[name]);
    return () => observer.disconnect();
  }, [name]);
  return value;
}

/** Whether the dark theme is in force (charts pick their palette with it: SVG attributes cannot read the stylesheet's variables). */
export function useDarkTheme(): boolean {
  return useRootData('theme') === 'dark';
}

/** A list row's height in pixels at the density in force (the virtual lists place rows by arithmetic, so CSS alone cannot set it). */
export const ROW_HEIGHTS = { comfortable: 40, compact: 32 } as const;
export function useRowHeight(): number {
  return useRootData('density') === 'compact' ? ROW_HEIGHTS.compact : ROW_HEIGHTS.comfortable;
}
