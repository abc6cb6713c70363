/**
 * The quick-lookup window: small, frameless, always on top, out of the taskbar, opened on the
 * display the pointer is on next to the pointer (placement.ts), hidden again when it loses the
 * focus or the page asks (Escape, a record opened). It loads the app's own page at
 * `#/quick-lookup`, with the main window's webPreferences and guards: the same preload, sandbox and
 * isolation, the same navigation, new-window and webview guards (window.ts), and IPC from it passes
 * the same sender check (its frame is app://atom). Created on first use and kept, hidden, so it
 * opens at once the next time.
 */
import { BrowserWindow, screen, type WebContents } from 'electron';
import { APP_ENTRY_URL } from '../security/app-origin';
import { hardenWebContents, type GuardLogger } from '../window';
import { QUICK_LOOKUP_SIZE, quickLookupBounds } from './placement';

export const QUICK_LOOKUP_URL = `${APP_ENTRY_URL}#/quick-lookup`;

export interface QuickLookupWindow {
  /** Opens it near the pointer (creating it the first time) with the focus in its search box. */
  show(): void;
  /** Hides it; false when it was not showing. */
  hide(): boolean;
  isVisible(): boolean;
  contents(): WebContents | undefined;
  destroy(): void;
}

function createWindow(options: { preloadPath: string; devTools: boolean; log?: GuardLogger }): BrowserWindow {
  const window = new BrowserWindow({
    ...QUICK_LOOKUP_SIZE,
    title: 'Quick lookup — Atom for Salesforce',
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    show: false,
    backgroundColor: '#ffffff',
    // The same values as the main window's (window.ts), written out for the same reason: reviewers
    // and Electronegativity see each one where the window is created.
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD): the same sandboxed preload as the main window.
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
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  hardenWebContents(window.webContents, options.log);
  if (!options.devTools) window.webContents.on('devtools-opened', () => window.webContents.closeDevTools());
  // Over full-screen apps and on whichever Space (macOS) is current, like a menu.
  window.setAlwaysOnTop(true, 'floating');
  if (process.platform === 'darwin') window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  void window.loadURL(QUICK_LOOKUP_URL);
  return window;
}

export function createQuickLookupWindow(options: { preloadPath: string; devTools: boolean; log?: GuardLogger }): QuickLookupWindow {
  let window: BrowserWindow | undefined;
  const alive = () => (window && !window.isDestroyed() ? window : undefined);

  const hide = (): boolean => {
    const current = alive();
    if (!current || !current.isVisible()) return false;
    current.hide();
    return true;
  };

  return {
    show() {
      let current = alive();
      if (!current) {
        current = createWindow(options);
        // Clicking elsewhere puts it away, as a menu would.
        current.on('blur', hide);
        window = current;
      }
      const cursor = screen.getCursorScreenPoint();
      current.setBounds(quickLookupBounds(cursor, screen.getDisplayNearestPoint(cursor).workArea));
      current.show();
      current.focus();
      // The page focuses its box when its window gains focus; a page still loading does so on load.
      current.webContents.focus();
    },
    hide,
    isVisible: () => Boolean(alive()?.isVisible()),
    contents: () => alive()?.webContents,
    destroy() {
      alive()?.destroy();
      window = undefined;
    },
  };
}
