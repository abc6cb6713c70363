import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { insecureWebPreferenceKeys } from '../../../src/main/security/web-preferences';

const fake = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loadedUrl?: string }>,
  openExternal: undefined as unknown as ReturnType<typeof import('vitest').vi.fn>,
}));

class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  closeDevTools = vi.fn();
}

vi.mock('electron', async () => {
  const { vi: vitest } = await import('vitest');
  fake.openExternal = vitest.fn(async () => undefined);
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    record: { options: Record<string, unknown>; loadedUrl?: string };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options };
      fake.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.loadedUrl = url;
      return Promise.resolve();
    }
    show() {}
  }
  return { BrowserWindow, shell: { openExternal: fake.openExternal } };
});

const { createMainWindow, hardenWebContents } = await import('../../../src/main/window');

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('main window (checklist E1, E11)', () => {
  beforeEach(() => {
    fake.windows.length = 0;
  });

  it('uses the hardened webPreferences and loads the app origin', () => {
    createMainWindow({ preloadPath: '/app/dist/preload/index.cjs', devTools: false });
    const { options, loadedUrl } = fake.windows[0];
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    });
    expect(insecureWebPreferenceKeys(options.webPreferences as Record<string, unknown>)).toEqual([]);
    expect(loadedUrl).toBe('app://atom/index.html');
  });

  it('flags every insecure preference', () => {
    expect(
      insecureWebPreferenceKeys({
        contextIsolation: false,
        sandbox: false,
        nodeIntegration: true,
        webSecurity: false,
        allowRunningInsecureContent: true,
        experimentalFeatures: true,
        enableBlinkFeatures: 'CSSVariables',
        webviewTag: true,
      }),
    ).toEqual([
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'webviewTag',
    ]);
    expect(insecureWebPreferenceKeys(null)).toEqual(['webPreferences missing']);
  });
});

describe('webContents guards (checklist E4, E5, E8)', () => {
  let contents: FakeWebContents;
  const log = { warn: vi.fn() };

  beforeEach(() => {
    contents = new FakeWebContents();
    hardenWebContents(contents as never, log);
    fake.openExternal.mockClear();
    log.warn.mockClear();
  });

  it('denies every window.open; Salesforce https links go to the system browser', async () => {
    expect(contents.windowOpenHandler!({ url: 'https://acme.lightning.force.com/lightning/r/Contact/003/view' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.openExternal).toHaveBeenCalledWith('https://acme.lightning.force.com/lightning/r/Contact/003/view', { activate: true });

    for (const url of ['app://atom/index.html', 'https://evil.io/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'about:blank']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(fake.openExternal).toHaveBeenCalledTimes(1);
  });

  it('hands the quick lookup’s tel: and plain mailto: links to the system, nothing else of those schemes', async () => {
    for (const url of ['tel:+6546444535', 'mailto:mary.lopez@example.com', 'mailto:a@b.c?attach=/etc/passwd', 'tel:12']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(fake.openExternal.mock.calls).toEqual([
      ['tel:+6546444535', { activate: true }],
      ['mailto:mary.lopez@example.com', { activate: true }],
    ]);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: blocks foreign URLs, allows the app origin', (eventName) => {
    for (const url of ['https://x.salesforce.com.evil.io/', 'https://login.salesforce.com/', 'file:///etc/passwd', 'app://evil/index.html']) {
      const event = navigationEvent(url);
      contents.emit(eventName, event);
      expect(event.preventDefault).toHaveBeenCalledTimes(1);
    }
    const ok = navigationEvent('app://atom/index.html');
    contents.emit(eventName, ok);
    expect(ok.preventDefault).not.toHaveBeenCalled();
  });

  it('never logs the query string of a blocked URL', () => {
    contents.emit('will-navigate', navigationEvent('https://evil.io/cb?code=secret-code'));
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('secret-code');
  });

  it('prevents <webview> from attaching', () => {
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards a webContents only once', () => {
    hardenWebContents(contents as never, log);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});
