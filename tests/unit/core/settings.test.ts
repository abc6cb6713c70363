import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyCipher, KEY_FILE_NAME, secretContext } from '../../../src/main/core/auth/token-cipher';
import { silentLogger } from '../../../src/main/core/logger';
import { createSettingsService, MISSING_CLIENT_ID_PROBLEM, type CallbackConfig } from '../../../src/main/core/settings/settings';
import { createConfSettingsStore, createMemorySettingsStore, type SettingsStore } from '../../../src/main/core/settings/settings-store';
import { SettingsUpdate } from '../../../src/shared/ipc';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const desktop: CallbackConfig = { kind: 'desktop', deepLinkRegistered: true };
const service = (env: Record<string, string | undefined> = {}, callback: CallbackConfig = desktop, store: SettingsStore = createMemorySettingsStore()) =>
  createSettingsService({ store, cipher: createFileKeyCipher(dir), env, callback, log: silentLogger });

describe('settings', () => {
  it('with nothing configured: defaults, and the missing consumer key is the only problem', async () => {
    const view = await service().view();
    expect(view).toEqual({
      clientId: '',
      hasClientSecret: false,
      redirectUri: 'com.atomforsalesforce.app:/oauth/callback',
      loopbackPort: 17017,
      apiVersion: '62.0',
      apiSharePercent: 10,
      sources: { clientId: 'default', clientSecret: 'default', redirectUri: 'default', apiVersion: 'default' },
      problems: [MISSING_CLIENT_ID_PROBLEM],
      // No desktop host here (as in browser mode): the shortcut and the login item are not available.
      desktop: { quickLookupShortcut: 'CommandOrControl+Shift+Space', shortcutState: 'unavailable', openAtLogin: false, openAtLoginAvailable: false },
      appearance: { theme: 'system', density: 'comfortable' },
    });
    // Said on Settings itself and to a salesperson: no "in Settings", no environment variable name.
    expect(MISSING_CLIENT_ID_PROBLEM).toBe('A real org needs the consumer key of your company’s connected app. Your Salesforce admin can give it to you.');
    expect(MISSING_CLIENT_ID_PROBLEM).not.toMatch(/in Settings|SALESFORCE_/);
  });

  it('environment variables win, are reported as such, and cannot be edited', async () => {
    const s = service({
      SALESFORCE_CLIENT_ID: '3MVG9.env',
      SALESFORCE_CLIENT_SECRET: 'env-secret',
      SALESFORCE_REDIRECT_URI: 'http://127.0.0.1:18000/oauth/callback',
      SALESFORCE_API_VERSION: '61.0',
    });
    const view = await s.view();
    expect(view).toMatchObject({
      clientId: '3MVG9.env',
      hasClientSecret: true,
      redirectUri: 'http://127.0.0.1:18000/oauth/callback',
      apiVersion: '61.0',
      problems: [],
    });
    expect(view.sources).toEqual({ clientId: 'environment', clientSecret: 'environment', redirectUri: 'environment', apiVersion: 'environment' });
    expect(JSON.stringify(view)).not.toContain('env-secret');
    expect((await s.resolve()).redirect).toEqual({ kind: 'loopback', uri: 'http://127.0.0.1:18000/oauth/callback', port: 18000, path: '/oauth/callback' });
    await expect(s.update({ clientId: 'other' })).rejects.toMatchObject({ code: 'INVALID_INPUT', fields: ['clientId'] });
    await expect(s.update({ apiVersion: '60.0' })).rejects.toMatchObject({ fields: ['apiVersion'] });
  });

  it('reports malformed environment values as problems', async () => {
    const view = await service({
      SALESFORCE_CLIENT_ID: 'has space',
      SALESFORCE_API_VERSION: 'latest',
      SALESFORCE_REDIRECT_URI: 'https://example.com/cb',
    }).view();
    expect(view.apiVersion).toBe('62.0');
    expect(view.problems).toHaveLength(3);
    expect(view.problems.join('\n')).toMatch(/SALESFORCE_API_VERSION "latest"/);
    expect(view.problems.join('\n')).toMatch(/cannot receive logins at "https:\/\/example.com\/cb"/);
    expect(view.problems.join('\n')).toMatch(/consumer key contains spaces/);
  });

  it('normalises API versions like v61 and 61', async () => {
    expect((await service({ SALESFORCE_API_VERSION: 'v61' }).view()).apiVersion).toBe('61.0');
    expect((await service({ SALESFORCE_API_VERSION: '59' }).view()).apiVersion).toBe('59.0');
  });

  it('stores the API share (1–100%, default 10), tells its listener, and falls back on a damaged value', async () => {
    const store = createMemorySettingsStore();
    let told = 0;
    const s = createSettingsService({ store, cipher: createFileKeyCipher(dir), env: {}, callback: desktop, log: silentLogger, onUpdated: () => told++ });
    expect(s.apiSharePercent()).toBe(10);
    expect((await s.update({ apiSharePercent: 25 })).apiSharePercent).toBe(25);
    expect(s.apiSharePercent()).toBe(25);
    expect(told).toBe(1);
    expect(SettingsUpdate.safeParse({ apiSharePercent: 0 }).success).toBe(false);
    expect(SettingsUpdate.safeParse({ apiSharePercent: 101 }).success).toBe(false);
    expect(SettingsUpdate.safeParse({ apiSharePercent: 12.5 }).success).toBe(false);
    store.set('usage.apiSharePercent', 'lots');
    expect(s.apiSharePercent()).toBe(10);
  });

  it('stores the client secret only encrypted, never returns it, and clears it', async () => {
    const store = createConfSettingsStore(dir);
    const s = service({}, desktop, store);
    const view = await s.update({ clientId: '3MVG9.saved', clientSecret: 'TOP-SECRET-CANARY', loopbackPort: 18080, apiVersion: '60.0' });
    expect(view).toMatchObject({ clientId: '3MVG9.saved', hasClientSecret: true, loopbackPort: 18080, apiVersion: '60.0', problems: [] });
    expect(JSON.stringify(view)).not.toContain('TOP-SECRET');
    const file = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(file).not.toContain('TOP-SECRET');
    expect((await s.resolve()).clientSecret).toBe('TOP-SECRET-CANARY');
    // a fresh service over the same files still has it
    expect((await service({}, desktop, createConfSettingsStore(dir)).resolve()).clientSecret).toBe('TOP-SECRET-CANARY');
    expect((await s.update({ clientSecret: null })).hasClientSecret).toBe(false);
  });

  it('a secret saved by an earlier version (not sealed) is read once, then kept sealed for this setting only', async () => {
    await createFileKeyCipher(dir).availability();
    const key = readFileSync(join(dir, KEY_FILE_NAME));
    const iv = randomBytes(12);
    const gcm = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    gcm.setAAD(Buffer.from('atom-for-salesforce/token/v1'));
    const body = Buffer.concat([gcm.update('OLD-SECRET-CANARY', 'utf8'), gcm.final()]);
    const store = createMemorySettingsStore({
      'salesforce.clientSecretEncrypted': Buffer.concat([Buffer.from([1]), iv, gcm.getAuthTag(), body]).toString('base64'),
    });
    expect((await service({}, desktop, store).resolve()).clientSecret).toBe('OLD-SECRET-CANARY');
    expect(store.get('salesforce.clientSecretEncrypted')).toBeUndefined();
    const sealed = Buffer.from(String(store.get('salesforce.clientSecretSealed')), 'base64');
    expect(await createFileKeyCipher(dir).decrypt(sealed, secretContext('settings', 'client_secret'))).toBe('OLD-SECRET-CANARY');
    expect((await service({}, desktop, store).resolve()).clientSecret).toBe('OLD-SECRET-CANARY');
    // A token's blob copied into the setting does not open as the secret.
    const tokenBlob = await createFileKeyCipher(dir).encrypt('5Aep-token', secretContext('connection:x', 'refresh_token'));
    store.set('salesforce.clientSecretSealed', tokenBlob.toString('base64'));
    const view = await service({}, desktop, store).view();
    expect(view.hasClientSecret).toBe(false);
    expect(view.problems.join(' ')).toMatch(/could not be read/);
  });

  it('keeps the secret in memory only when the key store is unsafe', async () => {
    const store = createMemorySettingsStore();
    const inner = createFileKeyCipher(dir);
    const s = createSettingsService({
      store,
      cipher: { ...inner, availability: async () => ({ persist: false }) },
      env: {},
      callback: desktop,
      log: silentLogger,
    });
    expect((await s.update({ clientSecret: 'mem-secret' })).hasClientSecret).toBe(true);
    expect(store.get('salesforce.clientSecretEncrypted')).toBeUndefined();
    expect(store.get('salesforce.clientSecretSealed')).toBeUndefined();
  });

  it('picks the default redirect from how callbacks can arrive', async () => {
    expect((await service({}, { kind: 'desktop', deepLinkRegistered: false }).view()).redirectUri).toBe('http://127.0.0.1:17017/oauth/callback');
    expect((await service({}, { kind: 'browser', callbackUrl: 'http://127.0.0.1:5173/oauth/callback' }).view()).redirectUri).toBe(
      'http://127.0.0.1:5173/oauth/callback',
    );
    const noScheme = service({ SALESFORCE_REDIRECT_URI: 'com.atomforsalesforce.app:/oauth/callback' }, { kind: 'desktop', deepLinkRegistered: false });
    expect((await noScheme.view()).problems.join(' ')).toMatch(/did not let the app register/);
    // The Demo org falls back to a working redirect even then.
    expect((await noScheme.demoRedirect()).kind).toBe('loopback');
  });

  it('validates a redirect typed on screen', async () => {
    const s = service();
    await expect(s.update({ redirectUri: 'https://evil.example/cb' })).rejects.toMatchObject({ code: 'INVALID_INPUT', fields: ['redirectUri'] });
    await expect(s.update({ redirectUri: 'http://127.0.0.1/oauth/callback' })).rejects.toMatchObject({ fields: ['redirectUri'] });
    expect((await s.update({ redirectUri: 'http://localhost:18001/cb' })).redirectUri).toBe('http://localhost:18001/cb');
    expect((await s.update({ redirectUri: '' })).redirectUri).toBe('com.atomforsalesforce.app:/oauth/callback');
  });

  it('appearance: theme and density are saved, read back, checked, and a hand-edited value reads as the default', async () => {
    const store = createMemorySettingsStore();
    const s = service({}, desktop, store);
    expect((await s.update(SettingsUpdate.parse({ theme: 'dark' }))).appearance).toEqual({ theme: 'dark', density: 'comfortable' });
    expect((await s.update(SettingsUpdate.parse({ density: 'compact' }))).appearance).toEqual({ theme: 'dark', density: 'compact' });
    // Another process (or the next start) reads what was stored.
    expect((await service({}, desktop, store).view()).appearance).toEqual({ theme: 'dark', density: 'compact' });
    expect(SettingsUpdate.safeParse({ theme: 'sepia' }).success).toBe(false);
    expect(SettingsUpdate.safeParse({ density: 'tiny' }).success).toBe(false);
    store.set('appearance.theme', 'neon');
    store.set('appearance.density', 3);
    expect((await s.view()).appearance).toEqual({ theme: 'system', density: 'comfortable' });
  });
});
