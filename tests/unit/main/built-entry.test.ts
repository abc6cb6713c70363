/**
 * Boots the *built* main bundle (scripts/build.ts → main/index.js) in plain Node against a scripted
 * fake Electron (fixtures/fake-electron), with the real core behind it. This is the closest this
 * machine gets to launching the app: it checks the start-up order the security checklist asks
 * for, and that the wiring (IPC gate, window guards, permissions, app://, deep links) is live.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, buildPreload } from '../../../scripts/build';
import { CHANNELS, contract, EVENT_CHANNEL, EVENT_NAMES, events } from '../../../src/shared/ipc';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security/content-security-policy';

const root = path.resolve(__dirname, '../../..');
const registerFake = path.join(__dirname, 'fixtures', 'fake-electron', 'register.mjs');
const DEEP_LINK = 'com.atomforsalesforce.app:/oauth/callback?code=launch&state=launch-state';

type Call = [string, unknown?];
interface Report {
  calls: Call[];
  scenario: Record<string, any>;
  exitCode: number;
}

let outDir: string;

/** Boots the bundle with a fresh userData; `files` are written into it first, and the window-state file is read back after. */
function boot(env: Record<string, string>, argv: string[] = [], files: Record<string, string> = {}): { report: Report; stderr: string; windowState: unknown } {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'atom-userdata-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(userData, name), content);
  const result = spawnSync(process.execPath, ['--import', registerFake, path.join(outDir, 'main', 'index.js'), ...argv], {
    cwd: root,
    env: { ...process.env, ATOM_USER_DATA: userData, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const stateFile = path.join(userData, 'window-state.json');
  const windowState: unknown = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : undefined;
  rmSync(userData, { recursive: true, force: true });
  const line = result.stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT '));
  if (!line) throw new Error(`No report from the app (status ${result.status}).\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return { report: JSON.parse(line.slice('FAKE_ELECTRON_REPORT '.length)) as Report, stderr: result.stderr, windowState };
}

const indexOf = (calls: Call[], predicate: (call: Call) => boolean) => calls.findIndex(predicate);

beforeAll(async () => {
  // Inside the project, so the bundle's bare imports resolve from node_modules like the app's do.
  const cache = path.join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  outDir = mkdtempSync(path.join(cache, 'atom-built-entry-'));
  await Promise.all([buildMain(outDir), buildPreload(outDir)]);
  mkdirSync(path.join(outDir, 'renderer'));
  writeFileSync(path.join(outDir, 'renderer', 'index.html'), '<!doctype html><title>Atom test page</title>');
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('built main bundle on a fake Electron', () => {
  let report: Report;
  let stderr: string;
  beforeAll(() => {
    ({ report, stderr } = boot({}, [DEEP_LINK]));
  });

  it('exits cleanly after the scenario', () => {
    expect(report.scenario.error).toBeUndefined();
    expect(report.exitCode).toBe(0);
  });

  it('sets userData first, then takes the single-instance lock with its own deep link', () => {
    const { calls } = report;
    const setPath = indexOf(calls, ([name, detail]) => name === 'app.setPath' && (detail as string[])[0] === 'userData');
    const lock = indexOf(calls, ([name]) => name === 'app.requestSingleInstanceLock');
    expect(setPath).toBe(0);
    expect(lock).toBe(1);
    expect(calls[lock][1]).toEqual({ deepLink: DEEP_LINK });
  });

  it('enables the sandbox, declares app:// and listens for deep links before ready', () => {
    const { calls } = report;
    const ready = indexOf(calls, ([name]) => name === 'ready');
    for (const before of [
      (c: Call) => c[0] === 'app.enableSandbox',
      (c: Call) => c[0] === 'protocol.registerSchemesAsPrivileged',
      (c: Call) => c[0] === 'app.on' && c[1] === 'open-url',
      (c: Call) => c[0] === 'app.on' && c[1] === 'second-instance',
      (c: Call) => c[0] === 'app.on' && c[1] === 'web-contents-created',
      (c: Call) => c[0] === 'app.setAsDefaultProtocolClient',
    ]) {
      const at = indexOf(calls, before);
      expect(at).toBeGreaterThan(1);
      expect(at).toBeLessThan(ready);
    }
    const protocolHandled = indexOf(calls, ([name]) => name === 'protocol.handle');
    expect(protocolHandled).toBeGreaterThan(ready);
  });

  it('registers the deep-link scheme for the development app (execPath + resolved argv[1])', () => {
    const registration = report.calls.find(([name]) => name === 'app.setAsDefaultProtocolClient')![1] as string[];
    // Plain Node has no process.defaultApp, so this run looks like a packaged app.
    expect(registration).toEqual(['com.atomforsalesforce.app']);
  });

  it('creates one hardened main window on app://atom (the quick-lookup window comes only with its shortcut)', () => {
    const windows = report.calls.filter(([name]) => name === 'BrowserWindow');
    expect(windows).toHaveLength(2);
    const registered = indexOf(report.calls, ([name]) => name === 'globalShortcut.register');
    expect(report.calls.indexOf(windows[0])).toBeLessThan(registered);
    expect(report.calls.indexOf(windows[1])).toBeGreaterThan(registered);
    expect((windows[0][1] as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(outDir, 'preload', 'index.cjs'),
    });
    expect(report.calls.find(([name]) => name === 'loadURL')![1]).toBe('app://atom/index.html');
  });

  it('registers exactly the contract channels, and no stray listeners', () => {
    expect(report.scenario.channels).toEqual([...CHANNELS].sort());
    expect(report.scenario.ipcEventListeners).toEqual([]);
  });

  it('answers trusted calls through the real core and refuses untrusted senders', () => {
    expect(report.scenario.appInfo).toMatchObject({ ok: true, data: { mode: 'electron', version: '0.1.0-test', name: 'Atom for Salesforce' } });
    expect(report.scenario.untrusted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.scenario.nullFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.scenario.invalidInput).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('denies windows, foreign navigation, webviews, permissions and renderer network requests', () => {
    expect(report.scenario.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }]);
    expect(report.calls.filter(([name]) => name === 'shell.openExternal')).toEqual([
      ['shell.openExternal', ['https://acme.lightning.force.com/lightning/page/home', { activate: true }]],
      // The application menu's Help › Salesforce Help, at the end of the scenario.
      ['shell.openExternal', ['https://help.salesforce.com/s/', { activate: true }]],
    ]);
    expect(report.scenario.navigationPrevented).toEqual({ foreign: true, own: false });
    expect(report.scenario.webviewPrevented).toBe(true);
    expect(report.scenario.permissionRequest).toEqual({
      media: false,
      notifications: false,
      clipboardWrite: true,
      clipboardWriteForeign: false,
      clipboardRead: false,
    });
    expect(report.scenario.permissionCheck).toEqual({ notifications: false, clipboardWrite: true, device: false });
    expect(report.scenario.networkBlocked).toEqual({ cancel: true });
  });

  it('serves the renderer over app:// with the CSP, and refuses traversal', () => {
    expect(report.scenario.appProtocol).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, body: '<!doctype html><title>Atom test page</title>' });
    expect(report.scenario.appProtocolTraversal).toBe(403);
  });

  it('hands deep links to the core (launch argv and second instance) without crashing, and never logs them', () => {
    const handled = stderr.split('\n').filter((line) => line.includes('Login callback handled'));
    // One from the launch argv, one from the second instance's additionalData; the second
    // instance with two links on its command line is refused.
    expect(handled).toHaveLength(2);
    for (const line of handled) expect(line).toContain('"ok":false');
    expect(stderr).toContain('More than one deep link on the command line');
    expect(stderr).not.toContain('code=launch');
    expect(stderr).not.toContain('unknown-state');
    expect(report.calls.filter(([name]) => name === 'window.focus').length).toBeGreaterThanOrEqual(2);
  });
});

type Sent = [string, { name: string; payload: unknown }];
/** What the scenario's application menu clicks send, in order (fake-electron's menuScenario). */
const MENU_ROUTES = [
  { kind: 'object', object: 'Contact', view: 'list' },
  { kind: 'object', object: 'Opportunity', view: 'new' },
  { kind: 'page', page: 'settings' },
  { kind: 'page', page: 'search' },
  { kind: 'page', page: 'shortcuts' },
];
const openRoutes = (calls: Call[]) =>
  calls
    .filter(([name]) => name === 'webContents.send')
    .map(([, detail]) => detail as Sent)
    .filter(([channel, message]) => channel === EVENT_CHANNEL && message.name === 'open-route')
    .map(([, message]) => message.payload);

describe('record and search links', () => {
  it('reach the window as open-route events in arrival order, with the object from the key prefix; a bad Id is refused and no link is logged', () => {
    const { report, stderr } = boot({}, [DEEP_LINK]);
    expect(openRoutes(report.calls)).toEqual([
      { kind: 'record', id: '001000000000001AAA', object: 'Account' },
      { kind: 'record', id: 'a0X000000000001EAA', object: null },
      { kind: 'search', q: 'Acme Corp' },
      // Then the quick lookup's record (the desktop scenario)…
      { kind: 'record', id: '003000000000001AAA', object: 'Contact' },
      // …and the application menu's screens.
      ...MENU_ROUTES,
    ]);
    expect(stderr).toContain('do not match the rest of it');
    expect(stderr).not.toContain('Acme');
    expect(stderr).not.toContain('001000000000001');
  });

  it('a link on the launch command line waits for the window to load, then opens', () => {
    const { report } = boot({}, ['com.atomforsalesforce.app:/record/003000000000001']);
    expect(report.scenario.error).toBeUndefined();
    expect(report.calls.find(([name]) => name === 'app.requestSingleInstanceLock')?.[1]).toEqual({
      deepLink: 'com.atomforsalesforce.app:/record/003000000000001',
    });
    const loaded = indexOf(report.calls, ([name]) => name === 'did-finish-load');
    const firstRoute = indexOf(report.calls, ([name, detail]) => name === 'webContents.send' && (detail as Sent)[1].name === 'open-route');
    expect(loaded).toBeGreaterThan(-1);
    expect(firstRoute).toBeGreaterThan(loaded);
    expect(openRoutes(report.calls)[0]).toEqual({ kind: 'record', id: '003000000000001AAA', object: 'Contact' });
  });
});

describe('window state', () => {
  const placementOf = (report: Report) => (report.calls.find(([name]) => name === 'BrowserWindow')![1] as { placement: Record<string, unknown> }).placement;
  const TWO_SCREENS = JSON.stringify([
    { x: 0, y: 0, width: 1920, height: 1040 },
    { x: 1920, y: 0, width: 2560, height: 1400 },
  ]);

  it('first run: the default size, centred; on close the place is saved in userData', () => {
    const { report, windowState } = boot({}, []);
    expect(placementOf(report)).toEqual({ width: 1280, height: 820, center: true });
    // The fake window sits at (100, 50) and is moved 10 px before the app quits.
    expect(windowState).toEqual({ main: { bounds: { x: 110, y: 50, width: 1280, height: 820 }, maximized: false } });
  });

  it('comes back where it was, on the second screen, maximized before it is shown', () => {
    const saved = { main: { bounds: { x: 2000, y: 100, width: 1400, height: 900 }, maximized: true } };
    const { report, windowState } = boot({ FAKE_ELECTRON_DISPLAYS: TWO_SCREENS }, [], { 'window-state.json': JSON.stringify(saved) });
    expect(placementOf(report)).toEqual({ x: 2000, y: 100, width: 1400, height: 900, center: false });
    const maximize = report.calls.findIndex(([name]) => name === 'window.maximize');
    const show = report.calls.findIndex(([name]) => name === 'window.show');
    expect(maximize).toBeGreaterThan(-1);
    expect(maximize).toBeLessThan(show);
    expect(windowState).toMatchObject({ main: { maximized: true } });
  });

  it('a window whose screen is gone opens centred on the one that is left, at its saved size', () => {
    const saved = { main: { bounds: { x: 2000, y: 100, width: 1400, height: 900 }, maximized: false } };
    const { report } = boot({}, [], { 'window-state.json': JSON.stringify(saved) });
    expect(placementOf(report)).toEqual({ width: 1400, height: 900, center: true });
  });

  it('a damaged file is ignored', () => {
    const { report } = boot({}, [], { 'window-state.json': '{"main": {"bounds": "nowhere"' });
    expect(report.scenario.error).toBeUndefined();
    expect(placementOf(report)).toEqual({ width: 1280, height: 820, center: true });
  });
});

describe('the tray, the global shortcut and the quick-lookup window', () => {
  let report: Report;
  let stderr: string;
  let configHome: string;
  beforeAll(() => {
    configHome = mkdtempSync(path.join(os.tmpdir(), 'atom-xdg-config-'));
    ({ report, stderr } = boot({ FAKE_ELECTRON_CURSOR: JSON.stringify({ x: 600, y: 300 }), XDG_CONFIG_HOME: configHome }, []));
  });
  afterAll(() => rmSync(configHome, { recursive: true, force: true }));

  it('puts up a tray icon (a 1× and a 2× colour PNG on Linux) with its menu, and takes the default shortcut', () => {
    expect(report.scenario.error).toBeUndefined();
    expect(report.calls.find(([name]) => name === 'Tray')?.[1]).toEqual({
      representations: [
        { scaleFactor: 1, width: 16, png: 'PNG' },
        { scaleFactor: 2, width: 32, png: 'PNG' },
      ],
      template: false,
    });
    expect(report.scenario.trayMenu).toEqual([
      'Quick lookup',
      'Open Atom for Salesforce',
      'Sync now',
      '—',
      'No org connected',
      '—',
      'Quit Atom for Salesforce',
    ]);
    const menus = report.calls.filter(([name]) => name === 'tray.setContextMenu').map(([, items]) => items as string[]);
    expect(menus[0]).toEqual([
      'Quick lookup <CommandOrControl+Shift+Space>',
      'Open Atom for Salesforce',
      'Sync now [off]',
      '—',
      'No org connected [off]',
      '—',
      'Quit Atom for Salesforce',
    ]);
    expect(report.scenario.shortcutsRegistered).toEqual(['CommandOrControl+Shift+Space']);
    expect(report.scenario.trayTooltip).toContain('Quick lookup: Ctrl+Shift+Space');
  });

  it('the shortcut opens a frameless, always-on-top window of the same hardened page at #/quick-lookup, near the pointer', () => {
    const windows = report.calls.filter(([name]) => name === 'BrowserWindow').map(([, detail]) => detail as Record<string, any>);
    expect(windows[1]).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, resizable: false, show: false });
    expect(windows[1].webPreferences).toEqual(windows[0].webPreferences);
    expect(report.scenario.quickLookup).toEqual({
      created: true,
      visible: true,
      url: 'app://atom/index.html#/quick-lookup',
      bounds: { x: 600 - 310, y: 312, width: 620, height: 460 },
    });
  });

  it('opens a record in the main window (an open-route event) and hides; only for the app’s own pages', () => {
    expect(report.scenario.openRecord).toEqual({ ok: true, data: { opened: true } });
    expect(openRoutes(report.calls).at(-1 - MENU_ROUTES.length)).toEqual({ kind: 'record', id: '003000000000001AAA', object: 'Contact' });
    expect(report.scenario.afterOpen).toEqual({ quickVisible: false });
    expect(report.scenario.hideAgain).toEqual({ ok: true, data: { hidden: false } });
    expect(report.scenario.openRecordUntrusted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the tray item shows the same window again; losing the focus hides it; quitting gives the shortcut back', () => {
    expect(report.scenario.fromTray).toEqual({ visible: true, windows: 2 });
    expect(report.scenario.afterBlur).toEqual({ visible: false });
    expect(report.scenario.fromSecondLaunch).toEqual({ visible: true });
    const quit = indexOf(report.calls, ([name]) => name === 'app.quit');
    const released = report.calls.findLastIndex(([name, detail]) => name === 'globalShortcut.unregister' && detail === 'Alt+Shift+K');
    expect(released).toBeGreaterThan(quit);
    expect(indexOf(report.calls, ([name]) => name === 'tray.destroy')).toBeGreaterThan(quit);
    expect(stderr).not.toContain('could not');
  });

  it('Settings: the shortcut registered, changed (the tray shows the new one), turned off; open at login writes the autostart entry', () => {
    expect(report.scenario.settings).toMatchObject({
      ok: true,
      data: { desktop: { quickLookupShortcut: 'CommandOrControl+Shift+Space', shortcutState: 'registered', openAtLogin: false, openAtLoginAvailable: true } },
    });
    expect(report.scenario.settingsAfterChange).toMatchObject({
      ok: true,
      data: { desktop: { quickLookupShortcut: 'Alt+Shift+K', shortcutState: 'registered' } },
    });
    expect(report.scenario.shortcutsAfterChange).toEqual(['Alt+Shift+K']);
    expect(report.scenario.trayAfterChange).toBe('Alt+Shift+K');
    expect(report.scenario.settingsOff).toMatchObject({ quickLookupShortcut: null, shortcutState: 'off' });
    expect(report.scenario.openAtLogin).toMatchObject({ openAtLogin: true });
    const entry = readFileSync(path.join(configHome, 'autostart', 'com.atomforsalesforce.app.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec=${process.execPath}`);
    expect(report.scenario.badShortcut).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['quickLookupShortcut'] } });
  });

  it('sets the application menu (Linux: File, Edit, View, Window, Help with Alt mnemonics); its screens reach the main window, Salesforce Help the shell gate', () => {
    expect(report.calls.find(([name]) => name === 'app.setAboutPanelOptions')?.[1]).toEqual({
      applicationName: 'Atom for Salesforce',
      applicationVersion: '0.1.0-test',
    });
    expect(report.calls.find(([name]) => name === 'Menu.setApplicationMenu')?.[1]).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const [file, , view, , help] = report.scenario.applicationMenu as Array<Record<string, unknown[]>>;
    // No org: Sync now is off; the quick lookup shows the shortcut chosen last, without registering it.
    expect(file['&File']).toEqual([
      { New: ['Contact…', 'Account…', 'Opportunity…', 'Lead…', 'Case…', 'Campaign…', 'Task…', 'Event…'] },
      '—',
      'Sync now <CommandOrControl+R> [off]',
      'Quick lookup <Alt+Shift+K> {shown}',
      '—',
      'Settings… <CommandOrControl+,>',
      '—',
      'Quit <CommandOrControl+Q>',
    ]);
    // An unpackaged build: Reload and the developer tools are there.
    expect(view['&View']).toEqual(
      expect.arrayContaining(['Search… <CommandOrControl+K> {shown}', 'Reload <Shift+CommandOrControl+R>', 'Developer Tools <Control+Shift+I>']),
    );
    expect(help['&Help']).toEqual(['Keyboard shortcuts', 'Salesforce Help', '—', 'About Atom for Salesforce']);
    expect(openRoutes(report.calls).slice(-MENU_ROUTES.length)).toEqual(MENU_ROUTES);
    expect(report.calls.filter(([name, detail]) => name === 'shell.openExternal' && (detail as string[])[0].startsWith('https://help.'))).toHaveLength(1);
    // Sync now without an org: the core refuses, the log says so (by code).
    expect(stderr).toContain('Sync now from the tray or the menu did not start');
  });

  it('when another application holds the shortcut: nothing registered, a warning, Settings says so, and another one can be chosen', () => {
    const held = boot({ FAKE_ELECTRON_HELD_SHORTCUTS: JSON.stringify(['CommandOrControl+Shift+Space']) }, []);
    expect(held.report.scenario.error).toBeUndefined();
    expect(held.report.scenario.shortcutsRegistered).toEqual([]);
    expect(held.stderr).toContain('Another application holds the quick lookup shortcut');
    expect(held.report.scenario.trayMenu[0]).toBe('Quick lookup');
    expect(held.report.scenario.settings).toMatchObject({
      ok: true,
      data: { desktop: { quickLookupShortcut: 'CommandOrControl+Shift+Space', shortcutState: 'in-use' } },
    });
    expect(held.report.scenario.settingsAfterChange).toMatchObject({
      ok: true,
      data: { desktop: { quickLookupShortcut: 'Alt+Shift+K', shortcutState: 'registered' } },
    });
    expect(held.report.scenario.shortcutsAfterChange).toEqual(['Alt+Shift+K']);
  });
});

describe('a second instance', () => {
  it('quits at once when the lock is held elsewhere, without touching anything else', () => {
    const { report } = boot({ FAKE_ELECTRON_LOCK: 'denied' }, [DEEP_LINK]);
    expect(report.exitCode).toBe(0);
    expect(report.calls.map(([name]) => name)).toEqual(['app.setPath', 'app.requestSingleInstanceLock', 'app.quit']);
  });
});

describe('built preload bundle', () => {
  it('is a small CommonJS script that requires only electron and exposes exactly the contract methods and events', async () => {
    const code = readFileSync(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    // The contract's schemas are not bundled: only channel and method names.
    expect(code.length).toBeLessThan(20_000);
    expect(code).not.toMatch(/\bzod\b/);

    const required: string[] = [];
    const exposed = new Map<string, Record<string, (input?: unknown) => Promise<unknown>>>();
    const invoked: Array<[string, unknown]> = [];
    const listeners: Array<[string, (event: unknown, message: unknown) => void]> = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (input?: unknown) => Promise<unknown>>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => void invoked.push([channel, input]),
        on: (channel: string, listener: (event: unknown, message: unknown) => void) => listeners.push([channel, listener]),
      },
    };
    const module = { exports: {} };
    // The same sandbox a preload gets: a CommonJS wrapper whose require knows only 'electron'.
    vm.runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`module not found: ${name}`);
        return fakeElectron;
      },
    });
    expect(required).toEqual(['electron']);
    const api = exposed.get('atom')!;
    const eventMethods = EVENT_NAMES.map((name) => events[name].method);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS.map((c) => contract[c].method), ...eventMethods].sort());
    for (const channel of CHANNELS) await api[contract[channel].method]({ channel });
    expect(invoked).toEqual(CHANNELS.map((channel) => [channel, { channel }]));

    // Events: one listener on the events channel; each onX hears its own event's payload only.
    expect(listeners.map(([channel]) => channel)).toEqual([EVENT_CHANNEL]);
    const heard: unknown[] = [];
    for (const name of EVENT_NAMES) (api[events[name].method] as unknown as (cb: (p: unknown) => void) => void)((p) => heard.push([name, p]));
    for (const name of [...EVENT_NAMES, 'not-an-event']) listeners[0][1]({ sender: {} }, { name, payload: { of: name } });
    expect(heard).toEqual(EVENT_NAMES.map((name) => [name, { of: name }]));
  });
});

describe('built page writer (the sync commits a first load in this worker)', () => {
  it('sits beside index.js and commits rows with their sync state in plain Node, no TypeScript loader', async () => {
    const { Worker } = await import('node:worker_threads');
    const { openOrgCache } = await import('../../../src/main/core/cache/org-cache');
    const { objectDef } = await import('../../../src/shared/objects/registry');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'atom-built-writer-'));
    const db = openOrgCache(dataDir, 'c');
    try {
      db.prepare(`INSERT INTO sync_state (object, scope) VALUES ('Contact', 'all')`).run();
      const worker = new Worker(path.join(outDir, 'main', 'page-writer.worker.js'), { workerData: { file: db.name } });
      const answer = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        const rows = [{ Id: '003000000000001AAA', Name: 'Ada Lovelace', SystemModstamp: '2024-01-01T00:00:00.000Z' }];
        worker.postMessage({ id: 1, def: objectDef('Contact'), rows, patch: { fullDone: 1, watermarkId: '003000000000001AAA' } });
      });
      await worker.terminate();
      expect(answer).toEqual({ id: 1, changed: 1 });
      expect(db.prepare(`SELECT name FROM records WHERE id = '003000000000001AAA'`).pluck().get()).toBe('Ada Lovelace');
      expect(db.prepare(`SELECT full_done, watermark_id FROM sync_state WHERE object = 'Contact'`).get()).toEqual({
        full_done: 1,
        watermark_id: '003000000000001AAA',
      });
    } finally {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
