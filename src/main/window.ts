/**
 * The app window and the guards every webContents gets. Decisions (which URL is ours, which
 * webPreferences are safe) live in src/main/security so they are unit-tested without Electron.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { openRendererLinkExternally } from './adapters/shell-gate';
import { APP_ENTRY_URL, isAllowedNavigation } from './security/app-origin';
import { checkExternalUrl } from './security/external-url';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type WindowPlacement } from './window-placement';

export interface GuardLogger {
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Only the scheme and host of a refused URL are logged: query strings can carry codes. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '<unparseable>';
  }
}

/**
 * Guards for any webContents (the main window, and anything else that might appear):
 * - window.open / target=_blank: always denied; an https Salesforce link is handed to the
 *   system browser through the shell gate instead, a tel: or plain mailto: link (the quick
 *   lookup's Call and Email) to the system's dialer or mail app.
 * - navigation and redirects: only within app://atom (exact parsed comparison).
 * - <webview>: never attached.
 */
const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents, log?: GuardLogger): void {
  // Called from both web-contents-created and createMainWindow; guard once per webContents.
  if (hardened.has(contents)) return;
  hardened.add(contents);

  contents.setWindowOpenHandler(({ url }) => {
    if (checkExternalUrl(url, { contactLinks: true }).allowed) {
      openRendererLinkExternally(url).catch(() => undefined);
    } else {
      log?.warn('Blocked a new window', { target: describeUrl(url) });
    }
    return { action: 'deny' };
  });

  const blockForeignNavigation = (event: { preventDefault(): void }, url: string, kind: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    log?.warn(`Blocked ${kind}`, { target: describeUrl(url) });
  };
  contents.on('will-navigate', (event) => blockForeignNavigation(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => blockForeignNavigation(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => blockForeignNavigation(event, event.url, 'redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('Blocked a <webview>');
  });
}

export function createMainWindow(options: { preloadPath: string; devTools: boolean; log?: GuardLogger; placement?: WindowPlacement }): BrowserWindow {
  const placement = options.placement ?? { bounds: { ...DEFAULT_WINDOW_SIZE }, center: true, maximized: false };
  const window = new BrowserWindow({
    // Where it was last time (window-placement.ts), else the default size, centred.
    ...placement.bounds,
    center: placement.center,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Atom for Salesforce',
    show: false,
    backgroundColor: '#f4f6f9',
    // Written out literally (not built by a helper) so that reviewers and Electronegativity see
    // each value where the window is created. Electron security checklist items 2-4, 6, 8-11.
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD): the sandboxed preload exposes only the named,
      // contract-derived methods of window.atom (tests/unit/preload); no ipcRenderer, no Node.
      preload: options.preloadPath /* eng-disable PRELOAD_JS_CHECK */,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click (auxclick) would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      // Dropping a file or link on the window must not navigate it away from the app.
      navigateOnDragDrop: false,
      // Spellcheck downloads dictionaries from Google's CDN; the app makes no such calls.
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  hardenWebContents(window.webContents, options.log);
  if (!options.devTools) {
    // Belt and braces for packaged builds: devTools:false already disables them.
    window.webContents.on('devtools-opened', () => window.webContents.closeDevTools());
  }
  window.once('ready-to-show', () => {
    // Maximized before it appears, so it never flashes at its normal size first.
    if (placement.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
