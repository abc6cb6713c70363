/**
 * Electron entry point: lifecycle only. Order matters and follows the security checklist:
 * userData override → single-instance lock → sandbox + privileged app:// scheme → deep-link
 * listeners (before ready) → on ready: permission handlers, app:// handler, core, IPC, window, then
 * the tray and the quick lookup's global shortcut (desktop/electron-desktop.ts).
 * All decisions live in pure modules (security/, deep-links/) that are unit-tested in plain Node.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, screen, session } from 'electron';
import { createAppCore } from './core/app-core';
import { createLogger } from './core/logger';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './adapters/app-protocol';
import { createElectronStoreSettings } from './adapters/electron-store-settings';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher';
import { createWindowStateStore, trackWindowState } from './adapters/window-state';
import { openLoginPageExternally } from './adapters/shell-gate';
import { createDeepLinkQueue } from './deep-links/deep-link-queue';
import { classifyDeepLink, extractAppLink, singleInstanceData, type AppLinkResult } from './deep-links/deep-link';
import { dispatchAppLink } from './deep-links/link-dispatch';
import { protocolClientRegistration } from './deep-links/protocol-client';
import { createRouteQueue, holdRoutesWhileLoading } from './deep-links/route-queue';
import { sendOpenRoute } from './deep-links/send-route';
import { APP_ID } from '../shared/app-identity';
import type { OpenRouteEvent } from '../shared/ipc/events.contract';
import { forwardEvents } from './ipc/forward-events';
import { registerIpc } from './ipc/register-ipc';
import { isPermissionGranted } from './security/permissions';
import { insecureWebPreferenceKeys } from './security/web-preferences';
import { createElectronDesktop, type ElectronDesktop } from './desktop/electron-desktop';
import { wantsQuickLookup } from './desktop/launch-args';
import { launchCommand } from './desktop/login-item';
import { createMainWindow, hardenWebContents } from './window';
import { placeWindow, type DisplayArea } from './window-placement';

type AppCore = Awaited<ReturnType<typeof createAppCore>>;

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/main once built
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD_PATH = path.join(here, '..', 'preload', 'index.cjs');

const log = createLogger({ level: process.env.ATOM_LOG_LEVEL === 'debug' ? 'debug' : 'info' });

function main(): void {
  // Everything this process creates (the database, Chromium's profile files in userData, logs) is
  // owner-only from the start; the core also tightens folders and files that already exist.
  process.umask(0o077);
  // Tests (and power users) get an isolated profile. Set before the single-instance lock,
  // which is keyed on the userData directory.
  const userDataOverride = process.env.ATOM_USER_DATA;
  if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

  // A second launch (e.g. the OS delivering a login, record or search link on Windows/Linux) hands
  // its link to the running instance and exits.
  const handOver = { ...singleInstanceData(process.argv), ...(wantsQuickLookup(process.argv) ? { quickLookup: true } : {}) };
  if (!app.requestSingleInstanceLock(handOver)) {
    app.quit();
    return;
  }

  app.enableSandbox();
  registerAppSchemeAsPrivileged();
  // Windows shows an app's notifications only under the Application User Model ID of its Start
  // menu shortcut, which the installer creates from electron-builder's appId (Electron's
  // notifications tutorial): change notifications need it set before the first one.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  let core: AppCore | undefined;
  let mainWindow: BrowserWindow | undefined;
  let desktop: ElectronDesktop | undefined;

  const focusMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const deepLinks = createDeepLinkQueue({ onError: (error) => log.error('Deep-link handling failed', error) });
  // Record and search links become `open-route` navigations once the window has loaded the app.
  const routes = createRouteQueue<OpenRouteEvent>({
    deliver: (route) => {
      const outcome = sendOpenRoute(mainWindow?.webContents, route);
      if (outcome !== 'sent') log.warn('A link could not be opened', { outcome });
    },
    onError: (error) => log.error('Opening a link failed', error),
  });
  // Replaced once ready; before that the start-up opens the window anyway.
  let ensureWindow: () => void = () => undefined;
  const handleLink = (link: AppLinkResult) =>
    dispatchAppLink(link, {
      login: (url) => deepLinks.push(url),
      route: (route) => {
        log.info('Opening a link', { kind: route.kind });
        routes.push(route);
        ensureWindow();
        focusMainWindow();
      },
      refused: (reason) => log.warn('Ignored a deep link', { reason }),
    });

  // macOS: registered before ready, because the launch itself can carry the URL.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handleLink(classifyDeepLink(url));
  });

  app.on('second-instance', (_event, argv, _workingDirectory, additionalData) => {
    // `atom-for-salesforce --quick-lookup` (a desktop keyboard shortcut, say) opens just the quick lookup.
    if (wantsQuickLookup(argv, additionalData) && desktop) {
      desktop.showQuickLookup();
      return;
    }
    handleLink(extractAppLink(argv, additionalData));
    // Launching the app again while it runs in the tray with no window brings the window back.
    ensureWindow();
    focusMainWindow();
  });

  const registration = protocolClientRegistration({
    defaultApp: Boolean(process.defaultApp),
    execPath: process.execPath,
    argv: process.argv,
    cwd: process.cwd(),
  });
  let deepLinkRegistered = false;
  // Automated runs of the unpackaged app must not make a test machine's Electron binary the
  // OS handler for the scheme.
  const skipRegistration = process.env.ATOM_SKIP_DEEP_LINK_REGISTRATION === '1';
  if (registration && !skipRegistration) {
    // Reviewed (Electronegativity PROTOCOL_HANDLER): links to this scheme are untrusted input.
    // They are only ever parsed by deep-links/deep-link.ts and src/shared/deep-links.ts (scheme,
    // route, parameters, length, record Id checksum) and their only effects are completing a
    // pending login whose state matches, or telling the app's own window to show a record or a
    // search.
    deepLinkRegistered = registration.executable
      ? app.setAsDefaultProtocolClient(registration.scheme, registration.executable, registration.args) /* eng-disable PROTOCOL_HANDLER_JS_CHECK */
      : app.setAsDefaultProtocolClient(registration.scheme); /* eng-disable PROTOCOL_HANDLER_JS_CHECK */
  }
  if (!deepLinkRegistered && !skipRegistration) log.warn('The login deep link could not be registered; logins will use the loopback callback');

  // Every webContents, whatever creates it, gets the navigation/window/webview guards.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, log);
    // getLastWebPreferences exists at runtime but is missing from Electron's typings.
    const readPreferences = (contents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null }).getLastWebPreferences;
    if (contents.getType() === 'window' && typeof readPreferences === 'function') {
      const problems = insecureWebPreferenceKeys(readPreferences.call(contents));
      if (problems.length > 0) log.error('A window was created with insecure webPreferences', { problems });
    }
  });

  app.on('window-all-closed', () => {
    // macOS apps keep running without windows. On Windows the tray icon is always shown, so the app
    // keeps running there (its Quit item ends it). On Linux it quits as before: a tray icon can be
    // created on desktops that never show one (GNOME without an AppIndicator extension), and
    // nothing tells the app, which would then run on invisibly.
    if (process.platform === 'darwin') return;
    if (process.platform === 'win32' && desktop?.hasTray) return;
    app.quit();
  });

  let closing = false;
  app.on('will-quit', (event) => {
    // The global shortcut is the system's: given back first, whatever happens next.
    desktop?.dispose();
    desktop = undefined;
    if (!core || closing) return;
    // Let the core flush (SQLite, pending logins) before the process exits.
    event.preventDefault();
    closing = true;
    const finishing = core;
    core = undefined;
    finishing
      .close()
      .catch((error: unknown) => log.error('Core did not close cleanly', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      const defaultSession = session.defaultSession;
      // Deny by default (camera, microphone, notifications, geolocation, HID…); see permissions.ts.
      defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
        callback(isPermissionGranted(permission, details.requestingUrl)),
      );
      defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
      defaultSession.setDevicePermissionHandler(() => false);
      // The renderer talks only to main (IPC); it never fetches from the network itself.
      defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
        log.warn('Blocked a network request from a renderer', { scheme: details.url.split(':')[0] });
        callback({ cancel: true });
      });

      handleAppProtocol(RENDERER_DIR);

      const settingsStore = createElectronStoreSettings();
      const tokenCipher = createSafeStorageCipher();
      const storage = await tokenCipher.availability();
      if (!storage.persist) log.warn('Secure token storage unavailable; tokens stay in memory', { backend: tokenCipher.backend() });

      desktop = createElectronDesktop({
        preloadPath: PRELOAD_PATH,
        devTools: !app.isPackaged,
        platform: process.platform,
        settingsStore,
        log,
        openRoute: (route) => {
          routes.push(route);
          ensureWindow();
          focusMainWindow();
        },
        showMain: () => {
          ensureWindow();
          focusMainWindow();
        },
        quit: () => app.quit(),
        setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        launch: launchCommand({
          defaultApp: Boolean(process.defaultApp),
          execPath: process.execPath,
          argv: process.argv,
          cwd: process.cwd(),
          appImage: process.env.APPIMAGE,
        }),
        env: { ...process.env },
      });
      core = await createAppCore({
        dataDir: app.getPath('userData'),
        mode: 'electron',
        appVersion: app.getVersion(),
        platform: process.platform,
        tokenCipher,
        settingsStore,
        env: { ...process.env },
        openExternal: openLoginPageExternally,
        callback: { kind: 'desktop', deepLinkRegistered },
        log,
        desktop,
      });
      registerIpc(core, log);
      // Push events go to the app's own window only (whichever one is open now).
      forwardEvents(core.events, () => mainWindow?.webContents);

      const windowState = createWindowStateStore(createElectronStoreSettings({ name: 'window-state' }), (error) =>
        log.warn('The window’s size and position could not be read or saved', error instanceof Error ? error.message : String(error)),
      );
      const openWindow = () => {
        const area = (display: Electron.Display): DisplayArea => ({ id: display.id, workArea: display.workArea });
        const placement = placeWindow(windowState.load(), screen.getAllDisplays().map(area), area(screen.getPrimaryDisplay()));
        mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged, log, placement });
        trackWindowState(mainWindow, windowState.save);
        holdRoutesWhileLoading(mainWindow.webContents, routes);
        mainWindow.on('closed', () => {
          mainWindow = undefined;
          routes.setReady(false);
        });
      };
      openWindow();
      app.on('activate', () => {
        // The quick-lookup window may exist (hidden): it is the main window that the Dock icon brings back.
        if (!mainWindow || mainWindow.isDestroyed()) openWindow();
      });
      // macOS keeps running with no window: a link then opens one.
      ensureWindow = () => {
        if (!mainWindow || mainWindow.isDestroyed()) openWindow();
      };

      desktop.start(core);
      if (wantsQuickLookup(process.argv)) desktop.showQuickLookup();

      deepLinks.start(async (url) => {
        if (!core) return;
        const outcome = await core.completeLogin(url);
        log.info('Login callback handled', { ok: outcome.ok });
        focusMainWindow();
      });
      // Windows/Linux: a first launch caused by a deep link carries it in our own argv.
      handleLink(extractAppLink(process.argv));
    })
    .catch((error: unknown) => {
      log.error('Atom for Salesforce could not start', error);
      dialog.showErrorBox('Atom for Salesforce could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

main();
