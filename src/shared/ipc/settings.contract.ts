import { z } from 'zod';
import { checkAccelerator } from '../accelerator';
import { NoInput, type ChannelSpec } from './common';

export const SETTING_SOURCES = ['environment', 'settings', 'default'] as const;

/** "Atom may use at most N% of the org's daily API allowance" (the budget guard's share). */
export const ApiSharePercent = z.number().int().min(1).max(100);
export const DEFAULT_API_SHARE_PERCENT = 10;

/**
 * The quick lookup's global shortcut, in Electron's accelerator syntax: checked (a modifier other
 * than Shift unless it is a function or media key) and written one way (src/shared/accelerator.ts).
 */
export const QuickLookupShortcut = z
  .string()
  .trim()
  .max(100)
  .transform((value, ctx) => {
    const check = checkAccelerator(value);
    if (check.ok) return check.accelerator;
    ctx.addIssue({ code: 'custom', message: check.reason });
    return z.NEVER;
  });

/**
 * How the global shortcut stands: registered; held by another application (the system refused
 * it); not a shortcut this system takes; turned off; or not available at all (browser mode has no
 * global shortcuts or tray).
 */
export const SHORTCUT_STATES = ['registered', 'in-use', 'invalid', 'off', 'unavailable'] as const;

/** The desktop app's own settings and where they stand. */
export const DesktopSettingsView = z.object({
  /** null: no shortcut. */
  quickLookupShortcut: z.string().nullable(),
  shortcutState: z.enum(SHORTCUT_STATES),
  openAtLogin: z.boolean(),
  /** Whether this app can open itself at login (the desktop app; not browser mode). */
  openAtLoginAvailable: z.boolean(),
});
export type DesktopSettingsView = z.infer<typeof DesktopSettingsView>;

/** "system" follows the operating system's light or dark choice, live. */
export const THEMES = ['system', 'light', 'dark'] as const;
/** "compact" fits more rows on a screen: shorter rows, tighter padding, app-wide. */
export const DENSITIES = ['comfortable', 'compact'] as const;

/** How the app looks on this computer (any user may change it: no org or admin rights involved). */
export const AppearanceSettings = z.object({
  theme: z.enum(THEMES),
  density: z.enum(DENSITIES),
});
export type AppearanceSettings = z.infer<typeof AppearanceSettings>;
export const DEFAULT_APPEARANCE: AppearanceSettings = { theme: 'system', density: 'comfortable' };

/** What the renderer may see of the settings: never the client secret itself. */
export const Settings = z.object({
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  /** The redirect URI used for logins to real orgs (deep link, or loopback fallback). */
  redirectUri: z.string(),
  loopbackPort: z.number().int(),
  apiVersion: z.string(),
  /** The share (percent) of each org's daily API allowance Atom may use; background work waits beyond it. */
  apiSharePercent: ApiSharePercent,
  /** Where each value came from; values from the environment cannot be edited on screen. */
  sources: z.object({
    clientId: z.enum(SETTING_SOURCES),
    clientSecret: z.enum(SETTING_SOURCES),
    redirectUri: z.enum(SETTING_SOURCES),
    apiVersion: z.enum(SETTING_SOURCES),
  }),
  /** Human-readable problems with the current settings (empty when a real org can be connected). */
  problems: z.array(z.string()),
  /** The quick lookup's shortcut and opening at login (desktop app). */
  desktop: DesktopSettingsView,
  appearance: AppearanceSettings,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsUpdate = z
  .object({
    clientId: z.string().trim().max(255).optional(),
    /** null clears the stored secret. */
    clientSecret: z.string().trim().max(255).nullable().optional(),
    /** '' resets to the default redirect. */
    redirectUri: z.string().trim().max(2048).optional(),
    loopbackPort: z.number().int().min(1024).max(65_535).optional(),
    apiVersion: z
      .string()
      .trim()
      .regex(/^[1-9]\d\.0$/, 'API version looks like 62.0')
      .optional(),
    apiSharePercent: ApiSharePercent.optional(),
    /** null: no global shortcut. */
    quickLookupShortcut: QuickLookupShortcut.nullable().optional(),
    openAtLogin: z.boolean().optional(),
    theme: AppearanceSettings.shape.theme.optional(),
    density: AppearanceSettings.shape.density.optional(),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const settingsContract = {
  'settings:get': { method: 'getSettings', input: NoInput, output: Settings },
  'settings:update': { method: 'updateSettings', input: SettingsUpdate, output: Settings },
} as const satisfies Record<string, ChannelSpec>;
