/**
 * The desktop app around the main window: the quick-lookup window, its global shortcut, the tray
 * and the application menu. Implements the core's DesktopHost (desktop:* requests from the windows) and follows the
 * core's push channel for what the tray and the menu show. Decisions live in plain modules
 * (placement.ts, shortcut.ts, tray-status.ts, tray-menu.ts, menu-template.ts); this wires them to
 * Electron.
 */
import { copyFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, Notification } from 'electron';
import type { Result } from '../../shared/errors';
import type { OpenRouteEvent } from '../../shared/ipc/events.contract';
import type { NotificationBatchEvent, OutboxStatus, RecordTarget, SyncStatus } from '../../shared/ipc';
import { checkRecordId } from '../../shared/record-id';
import { APP_NAME } from '../../shared/app-identity';
import type { DesktopHost } from '../core/desktop/desktop-host';
import type { EventSource } from '../core/events/event-bus';
import { readDesktopSettings } from '../core/settings/desktop-settings';
import type { SettingsStore } from '../core/settings/settings-store';
import { createNativeNotifier } from '../notifications/native-notifications';
import { openHelpPage } from '../adapters/shell-gate';
import { setAboutPanel, setApplicationMenu } from '../menu/app-menu';
import type { MenuAction } from '../menu/menu-template';
import { createQuickLookupWindow } from '../quick-lookup/quick-lookup-window';
import { SALESFORCE_HELP_URL } from '../security/external-url';
import { createAppTray, type AppTray } from '../tray/app-tray';
import { trayMenu, trayTimeFormatter, trayTooltip, type TrayAction } from '../tray/tray-menu';
import { INITIAL_TRAY_STATUS, trayStatusAfter, withOutboxSummary, withSyncStatus, type TrayStatus } from '../tray/tray-status';
import { createLoginItem, type LaunchCommand } from './login-item';
import { createShortcutKeeper, type ShortcutKeeper } from './shortcut';

export interface DesktopLogger {
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export interface DesktopCore {
  invoke(channel: string, payload: unknown, sender: { trusted: boolean }): Promise<Result<unknown>>;
  events: EventSource;
}

export interface ElectronDesktopDeps {
  preloadPath: string;
  devTools: boolean;
  platform: string;
  settingsStore: Pick<SettingsStore, 'get'>;
  log: DesktopLogger;
  /** Shows a record, a search or a menu's screen in the main window (opening it when there is none) and brings it forward. */
  openRoute(route: OpenRouteEvent): void;
  /** Brings the main window forward (opening it when there is none). */
  showMain(): void;
  quit(): void;
  /** Electron's app.setLoginItemSettings (macOS, Windows) and what starts this app (login-item.ts). */
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  launch: LaunchCommand;
  env: Record<string, string | undefined>;
}

export interface ElectronDesktop extends DesktopHost {
  /** Once the core exists: the tray, the shortcut, and the tray following the core's events. */
  start(core: DesktopCore): void;
  showQuickLookup(): void;
  /** Whether a tray icon is up (the app keeps running in it when its window is closed). */
  readonly hasTray: boolean;
  dispose(): void;
}

const TRUSTED = { trusted: true };

export function createElectronDesktop(deps: ElectronDesktopDeps): ElectronDesktop {
  const quickLookup = createQuickLookupWindow({ preloadPath: deps.preloadPath, devTools: deps.devTools, log: deps.log });
  const formatTime = trayTimeFormatter();
  const loginItem = createLoginItem({
    platform: deps.platform,
    setLoginItemSettings: deps.setLoginItemSettings,
    command: deps.launch,
    name: APP_NAME,
    env: deps.env,
  });
  let shortcut: ShortcutKeeper | undefined;
  let tray: AppTray | undefined;
  let status: TrayStatus = INITIAL_TRAY_STATUS;
  let core: DesktopCore | undefined;
  let unsubscribe: (() => void) | undefined;

  const syncNow = async () => {
    const result = await core?.invoke('sync:start', {}, TRUSTED);
    if (result && !result.ok) deps.log.warn('Sync now from the tray or the menu did not start', { code: result.error.code });
  };

  const onMenuAction = (action: MenuAction) => {
    if (action.kind === 'open') return deps.openRoute(action.route);
    if (action.command === 'sync-now') void syncNow();
    else if (action.command === 'quick-lookup') quickLookup.show();
    else
      openHelpPage(SALESFORCE_HELP_URL).catch((error: unknown) =>
        deps.log.warn('Salesforce Help could not be opened', error instanceof Error ? error.message : String(error)),
      );
  };

  /**
   * What the application menu was last built from (the shortcut, whether an org is connected,
   * whether a sync runs). Every sync-status and outbox event moves the tray, but rebuilding the
   * whole menu for one that changes none of these would only redo the same menu.
   */
  let builtMenu: string | undefined;

  /** The tray and the application menu show the same state: the shortcut, whether Sync now can run. */
  const renderMenus = () => {
    const options = { shortcut: shortcut?.active ?? null, platform: deps.platform, formatTime };
    tray?.update(trayMenu(status, options), trayTooltip(status, options));
    const menu = {
      platform: deps.platform,
      development: deps.devTools,
      quickLookupShortcut: shortcut?.active ?? null,
      sync: { available: status.connectionId !== null, running: status.syncing },
    };
    const key = JSON.stringify([menu.quickLookupShortcut, menu.sync.available, menu.sync.running]);
    if (key === builtMenu) return;
    try {
      setApplicationMenu(menu, onMenuAction);
      builtMenu = key;
    } catch (error) {
      // Not remembered: the next render tries again.
      deps.log.warn('The application menu could not be built', error instanceof Error ? error.message : String(error));
    }
  };

  // Change notifications as the system's own pop-ups (the renderer shows none in the desktop app).
  const notifier = createNativeNotifier({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    openRoute: (route) => deps.openRoute(route),
    markRead: (ids) => {
      void core?.invoke('notifications:mark-read', { ids }, TRUSTED).then((result) => {
        if (!result.ok) deps.log.warn('A change notification could not be marked read', { code: result.error.code });
      });
    },
    log: deps.log,
  });

  const onTrayAction = (action: TrayAction) => {
    if (action === 'quick-lookup') quickLookup.show();
    else if (action === 'open') deps.showMain();
    else if (action === 'sync-now') void syncNow();
    else deps.quit();
  };

  /** What the tray shows before the first events: the active org's sync and outbox as they stand. */
  const seedStatus = async (from: DesktopCore) => {
    const sync = await from.invoke('sync:status', {}, TRUSTED);
    if (sync.ok) status = withSyncStatus(status, sync.data as SyncStatus);
    const outbox = await from.invoke('outbox:status', {}, TRUSTED);
    if (outbox.ok) {
      const o = outbox.data as OutboxStatus;
      status = withOutboxSummary(status, {
        connectionId: o.connectionId,
        pendingCount: o.pendingCount,
        needsAttentionCount: o.needsAttention.length,
        conflictCount: o.conflicts.length,
        online: o.online,
      });
    }
    renderMenus();
  };

  return {
    openRecord(target: RecordTarget) {
      const checked = checkRecordId(target.id);
      // A record created offline keeps its temporary id; a real Id goes out in its 18-character form.
      const id = checked.ok ? checked.id : target.id;
      deps.openRoute({ kind: 'record', id, object: target.object });
      quickLookup.hide();
      return true;
    },
    hideQuickLookup: () => quickLookup.hide(),
    showQuickLookup: () => quickLookup.show(),

    applyDesktopSettings(settings, changed) {
      if (changed.shortcut && shortcut) {
        shortcut.apply(settings.quickLookupShortcut);
        // The menus show the shortcut beside Quick lookup while it is registered.
        renderMenus();
      }
      if (changed.openAtLogin) {
        try {
          loginItem.set(settings.openAtLogin);
        } catch (error) {
          deps.log.warn('Opening at login could not be set', error instanceof Error ? error.message : String(error));
        }
      }
    },
    desktopStatus: () => ({ shortcutState: shortcut?.state ?? 'off', openAtLoginAvailable: loginItem.available }),

    async saveFile(file) {
      const extension = extname(file.fileName).slice(1);
      const options = {
        title: 'Save the export',
        defaultPath: join(app.getPath('downloads'), file.fileName),
        filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
      };
      const parent = BrowserWindow.getFocusedWindow();
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false, path: null };
      await copyFile(file.file, choice.filePath);
      return { saved: true, path: choice.filePath };
    },

    start(started) {
      core = started;
      setAboutPanel();
      shortcut = createShortcutKeeper(globalShortcut, () => quickLookup.show(), deps.log);
      shortcut.apply(readDesktopSettings(deps.settingsStore).quickLookupShortcut);
      try {
        tray = createAppTray({ platform: deps.platform, onAction: onTrayAction });
      } catch (error) {
        // A desktop without a tray area: the shortcut and the main window still work.
        deps.log.warn('The tray icon could not be created', error instanceof Error ? error.message : String(error));
      }
      unsubscribe = started.events.subscribe((event) => {
        if (event.name === 'change-notifications') notifier.show(event.payload as NotificationBatchEvent);
        const next = trayStatusAfter(status, event);
        if (next === status) return;
        status = next;
        renderMenus();
      });
      renderMenus();
      seedStatus(started).catch((error: unknown) =>
        deps.log.warn('The tray could not read the sync status', error instanceof Error ? error.message : String(error)),
      );
    },
    get hasTray() {
      return tray !== undefined;
    },
    dispose() {
      unsubscribe?.();
      shortcut?.dispose();
      tray?.destroy();
      tray = undefined;
      quickLookup.destroy();
    },
  };
}
