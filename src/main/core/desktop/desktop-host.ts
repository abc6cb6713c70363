/**
 * The desktop app's host, as the core sees it: the windows, the tray and the global shortcut live
 * in the Electron adapter (src/main/quick-lookup, src/main/tray); the core only passes the
 * renderer's requests on. Browser mode has no host, and every request answers that nothing was done.
 */
import type { RecordTarget, SHORTCUT_STATES } from '../../../shared/ipc';
import type { DesktopSettings } from '../settings/desktop-settings';

export type ShortcutState = Exclude<(typeof SHORTCUT_STATES)[number], 'unavailable'>;

export interface DesktopHost {
  /** Shows the record in the main window and brings it forward; false when there is no window to show it in. */
  openRecord(target: RecordTarget): boolean;
  /** Hides the quick-lookup window; false when it was not open. */
  hideQuickLookup(): boolean;
  /** Applies changed desktop settings now: registers the shortcut, sets opening at login. */
  applyDesktopSettings(settings: DesktopSettings, changed: { shortcut: boolean; openAtLogin: boolean }): void;
  /** How the shortcut's registration went, and whether the app can open at login here. */
  desktopStatus(): { shortcutState: ShortcutState; openAtLoginAvailable: boolean };
  /**
   * Offers a file the core wrote (a query export) to the user: a save dialog suggesting `fileName`,
   * then a copy to where they chose. `saved` false when they cancelled.
   */
  saveFile(file: { file: string; fileName: string; contentType: string }): Promise<{ saved: boolean; path: string | null }>;
}

export interface DesktopService {
  openRecord(target: RecordTarget): { opened: boolean };
  hideQuickLookup(): { hidden: boolean };
}

export function createDesktopService(host: DesktopHost | undefined): DesktopService {
  return {
    openRecord: (target) => ({ opened: host ? host.openRecord(target) : false }),
    hideQuickLookup: () => ({ hidden: host ? host.hideQuickLookup() : false }),
  };
}
