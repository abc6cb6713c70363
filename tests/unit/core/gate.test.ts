import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { CHANNELS, type ConnectionSummary } from '../../../src/shared/ipc';
import { createAppCore, type AppCore } from '../../../src/main/core/app-core';
import { createFileKeyCipher } from '../../../src/main/core/auth/token-cipher';
import { createGate } from '../../../src/main/core/gate';
import { createHandlerRegistry, type CoreServices, type HandlerMap } from '../../../src/main/core/handlers';
import type { Logger } from '../../../src/main/core/logger';
import { MISSING_CLIENT_ID_PROBLEM } from '../../../src/main/core/settings/settings';
import { NEEDS_SETTINGS } from '../../../src/main/core/connections/connections.service';
import { createMemorySettingsStore, type SettingsStore } from '../../../src/main/core/settings/settings-store';

let dir: string;
let core: AppCore;
let store: SettingsStore;
let emulatorStarts: number;
let logs: string[];

const recordingLog = (): Logger => {
  const push = (level: string) => (m: string, d?: unknown) => logs.push(`${level} ${m} ${d === undefined ? '' : JSON.stringify(d)}`);
  return { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atom-gate-'));
  store = createMemorySettingsStore();
  emulatorStarts = 0;
  logs = [];
  core = await createAppCore({
    dataDir: dir,
    mode: 'electron',
    appVersion: '1.2.3',
    platform: 'linux',
    tokenCipher: createFileKeyCipher(dir),
    settingsStore: store,
    env: {},
    callback: { kind: 'desktop', deepLinkRegistered: true },
    log: recordingLog(),
    demoOrg: {
      start: async () => {
        emulatorStarts++;
        throw new Error('not in this test');
      },
    },
  });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const trusted = { trusted: true };

describe('the gate', () => {
  it('answers a trusted, valid call', async () => {
    expect(await core.invoke('app:info', undefined, trusted)).toEqual({
      ok: true,
      data: {
        name: 'Atom for Salesforce',
        version: '1.2.3',
        mode: 'electron',
        platform: 'linux',
        demoOrg: { username: 'demo@atom-demo.example', password: 'AtomDemo#2026' },
        // The core in this test has the file-key cipher: logins are remembered.
        loginStorage: { kind: 'encrypted' },
      },
    });
    expect(await core.invoke('app:info', {}, trusted)).toMatchObject({ ok: true });
  });

  it.each(['nope', 'app:nope', '__proto__', 'toString', 'constructor', '', 42, null])('refuses unknown channel %j', async (channel) => {
    expect(await core.invoke(channel as string, {}, trusted)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The app does not know this request.' },
    });
  });

  it('refuses untrusted senders before doing any work', async () => {
    for (const sender of [{ trusted: false }, {}, null, { trusted: 'yes' }]) {
      const r = await core.invoke('settings:update', { clientId: '3MVG9.attacker' }, sender as { trusted: boolean });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(store.get('salesforce.clientId')).toBeUndefined();
    expect(await core.invoke('connections:start-login', { environment: 'demo' }, { trusted: false })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(emulatorStarts).toBe(0);
    expect(readdirSync(dir)).not.toContain('demo-org.sqlite');
  });

  it.each([
    ['records:create', { object: 'Contact' }, ['values'], /expected record/],
    ['records:create', { object: 'User', values: { LastName: 'Lee' } }, ['object'], /Contact/],
    ['records:create', { object: 'Contact', values: { LastName: 'Lee' }, bogus: 1 }, ['bogus'], /Unrecognized key/],
    ['records:create', { object: 'Contact', values: { LastName: 'Lee', Id: '003000000000001AAA' } }, ['values'], /System fields cannot be written/],
    ['records:update', { object: 'Contact', id: "001' OR Id != '", values: { Title: 'x' } }, ['id'], /Not a record Id/],
    ['records:list', { object: 'Contact', offset: -1 }, ['offset'], /offset|>=0/],
    ['records:get', { object: 'Contact', id: "001' OR Id != '" }, ['id'], /Not a record Id/],
    ['describe:form', { object: 'Contact; DROP' }, ['object'], /Contact/],
    ['connections:start-login', { environment: 'custom' }, ['myDomain'], /Enter your My Domain URL/],
    ['connections:start-login', { environment: 'mars' }, ['environment'], /environment/],
    ['search:query', { text: 'x'.repeat(101) }, ['text'], /100/],
    ['settings:update', { apiVersion: 'v62' }, ['apiVersion'], /API version looks like 62.0/],
  ])('%s %j → INVALID_INPUT on %j', async (channel, payload, fields, message) => {
    const r = await core.invoke(channel, payload, trusted);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.fields).toEqual(fields);
    expect(r.error.message).toMatch(message);
  });

  it('a payload that is not an object is invalid input, not a crash', async () => {
    for (const payload of ['string', 7, [], null]) {
      expect(await core.invoke('records:list', payload, trusted)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('Salesforce calls without a connection say NOT_CONNECTED', async () => {
    for (const [channel, payload] of [
      ['records:list', { object: 'Contact' }],
      ['describe:form', { object: 'Contact' }],
      ['records:create', { object: 'Contact', values: { LastName: 'Lee' } }],
    ] as const) {
      expect(await core.invoke(channel, payload, trusted)).toEqual({ ok: false, error: { code: 'NOT_CONNECTED', message: 'Connect a Salesforce org first.' } });
    }
    expect(await core.invoke('connections:list', undefined, trusted)).toEqual({ ok: true, data: [] });
  });

  it('start-login for a real org with settings problems is a CONFIG error with the problem text', async () => {
    expect(await core.invoke('connections:start-login', { environment: 'production' }, trusted)).toEqual({
      ok: false,
      error: { code: 'CONFIG', message: `${NEEDS_SETTINGS} ${MISSING_CLIENT_ID_PROBLEM}` },
    });
  });

  it('settings come back without the secret', async () => {
    const r = await core.invoke('settings:update', { clientId: '3MVG9.ok', clientSecret: 'SECRET-VALUE-1' }, trusted);
    expect(r).toMatchObject({ ok: true, data: { clientId: '3MVG9.ok', hasClientSecret: true, problems: [] } });
    expect(JSON.stringify(r)).not.toContain('SECRET-VALUE-1');
  });

  it('disconnect of an unknown connection is NOT_FOUND', async () => {
    expect(await core.invoke('connections:disconnect', { connectionId: 'nope' }, trusted)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a bad callback URL changes nothing and says so', async () => {
    for (const url of [
      '',
      'garbage',
      'com.atomforsalesforce.app:/oauth/callback?code=x&state=unknown',
      `http://127.0.0.1:1/oauth/callback?state=${'a'.repeat(9000)}`,
    ]) {
      const page = await core.completeLogin(url);
      expect(page.ok).toBe(false);
      expect(page.title).toMatch(/not a login in progress/);
    }
  });
});

describe('gate with handlers that misbehave', () => {
  const summary: ConnectionSummary = {
    id: 'c1',
    environment: 'production',
    loginUrl: 'https://login.salesforce.com',
    instanceUrl: 'https://acme.my.salesforce.com',
    orgId: '00D8d0000000001EAA',
    userId: '0058d0000000001AAA',
    username: 'u@example.com',
    displayName: 'U',
    status: 'connected',
    active: true,
    tokenStorage: 'encrypted',
    connectedAt: '2026-01-01T00:00:00.000Z',
    lastUsedAt: null,
  };
  const ACCESS = '00D8d0000000001!AQ.ThisIsASecretToken_0123456789';

  function gateWith(overrides: Partial<HandlerMap<'connections:list' | 'records:list' | 'records:get' | 'app:info'>>) {
    const lines: string[] = [];
    const log: Logger = {
      debug: (m, d) => lines.push(m + JSON.stringify(d)),
      info: (m, d) => lines.push(m + JSON.stringify(d)),
      warn: (m, d) => lines.push(m + JSON.stringify(d)),
      error: (m, d) => lines.push(m + JSON.stringify(d)),
    };
    const handlers = { ...createHandlerRegistry(fakeServices()), ...overrides } as HandlerMap<(typeof CHANNELS)[number]>;
    return { invoke: createGate(handlers, log), lines };
  }

  it('strips unknown keys (e.g. a token) from outputs via the output schema', async () => {
    const { invoke } = gateWith({
      'connections:list': () => [{ ...summary, accessToken: ACCESS, refresh_token: 'r' } as ConnectionSummary],
    });
    const r = await invoke('connections:list', undefined, trusted);
    expect(r).toEqual({ ok: true, data: [summary] });
  });

  it('blocks a response carrying a token-looking string', async () => {
    const { invoke, lines } = gateWith({ 'connections:list': () => [{ ...summary, displayName: `oops ${ACCESS}` }] });
    const r = await invoke('connections:list', undefined, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r) + lines.join()).not.toContain('ThisIsASecretToken');
  });

  it('a handler returning the wrong shape is INTERNAL, not a leak', async () => {
    const { invoke } = gateWith({ 'app:info': () => ({ name: 1 }) as never });
    expect(await invoke('app:info', undefined, trusted)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('an unexpected exception is INTERNAL "Something went wrong…", logged redacted, never a stack', async () => {
    const { invoke, lines } = gateWith({
      'records:list': () => {
        throw new TypeError(`boom with Bearer ${ACCESS}`);
      },
    });
    const r = await invoke('records:list', { object: 'Contact' }, trusted);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^Something went wrong/) } });
    expect(lines.join('\n')).toContain('boom with Bearer [redacted]');
    expect(lines.join('\n')).not.toContain('ThisIsASecretToken');
  });

  it('Salesforce errors are mapped, AppErrors kept, and any token in a message redacted', async () => {
    const sf = Object.assign(new Error('Required fields are missing: [LastName]'), {
      errorCode: 'REQUIRED_FIELD_MISSING',
      data: { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] },
    });
    const { invoke } = gateWith({
      'records:list': () => {
        throw sf;
      },
      'records:get': () => {
        throw new AppError('NOT_FOUND', `gone ${ACCESS}`);
      },
    });
    expect(await invoke('records:list', { object: 'Contact' }, trusted)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Fill in Last name.', fields: ['LastName'] },
    });
    const r = await invoke('records:get', { object: 'Contact', id: '0038d0000000001AAA' }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(r)).not.toContain('ThisIsASecretToken');
  });

  it('the registry has exactly one handler per contract channel', () => {
    expect(Object.keys(createHandlerRegistry(fakeServices())).sort()).toEqual([...CHANNELS].sort());
  });
});

function fakeServices(): CoreServices {
  const unused = () => {
    throw new Error('not used');
  };
  return {
    appInfo: {
      name: 'Atom for Salesforce',
      version: '0',
      mode: 'browser',
      platform: 'linux',
      demoOrg: { username: 'u', password: 'p' },
      loginStorage: { kind: 'memory' },
    },
    settings: { resolve: unused, view: unused, update: unused, demoRedirect: unused, apiSharePercent: unused },
    connections: {
      list: unused,
      startLogin: unused,
      awaitLogin: unused,
      cancelLogin: unused,
      completeLogin: unused,
      activate: unused,
      disconnect: unused,
      activeSession: unused,
      close: unused,
    },
    sync: {
      start: unused,
      runNow: unused,
      status: unused,
      cancel: unused,
      settings: unused,
      updateSettings: unused,
      close: unused,
    },
    search: { search: unused, lookup: unused },
    listPrefs: { get: unused, update: unused },
    desktop: { openRecord: unused, hideQuickLookup: unused },
    query: {
      console: {
        orgApi: unused,
        costOf: unused,
        cacheRows: unused,
        check: unused,
        estimate: unused,
        run: unused,
        explain: unused,
        schema: unused,
      },
      library: {
        recordRun: unused,
        history: unused,
        clearHistory: unused,
        savedList: unused,
        save: unused,
        deleteSaved: unused,
        exportSaved: unused,
        importSaved: unused,
      },
      exports: { start: unused, cancel: unused },
      saveExport: unused,
    },
    notifications: { watchSync: unused, settings: unused, updateSettings: unused, recent: unused, markRead: unused },
    outbox: {
      activeConnectionId: unused,
      service: {
        create: unused,
        update: unused,
        remove: unused,
        status: unused,
        retry: unused,
        discard: unused,
        resolveConflict: unused,
        drain: unused,
        resumeAll: unused,
        reportOffline: unused,
        unsentChanges: unused,
        forget: unused,
        close: unused,
      },
    },
    records: { list: unused, get: unused, fetch: unused, form: unused, validateWrite: unused },
    usage: { today: unused, daily: unused, connectivity: unused, recentErrors: unused },
    guard: { snapshot: unused, allowBackground: unused, onChange: unused },
    health: { summary: unused, usageSnapshot: unused, limits: unused, diagnostics: unused },
    analytics: {
      home: unused,
      pipeline: unused,
      slipped: unused,
      waterfall: unused,
      deals: unused,
      board: unused,
      leads: unused,
      fiscal: unused,
      settings: unused,
      updateSettings: unused,
      viewed: unused,
    },
    activities: { timeline: unused, myTasks: unused, create: unused, complete: unused },
    leads: { convertOptions: unused, convert: unused },
  };
}
