import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ opened: [] as Array<[string, unknown]> }));

vi.mock('electron', () => ({
  shell: { openExternal: async (url: string, options: unknown) => void fake.opened.push([url, options]) },
}));

// electron-store is loaded by Node itself (not through vitest), so the electron mock cannot reach
// it, and the real electron module would try to download a binary. Stand it in with what it is:
// `conf` with `name` mapped to the file name (electron-store adds only the userData default cwd).
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreOnConf extends Conf<Record<string, unknown>> {
    constructor({ name = 'config', ...options }: Record<string, unknown> & { name?: string }) {
      super({ ...options, configName: name, projectName: 'atom-for-salesforce-test' });
    }
  }
  return { default: ElectronStoreOnConf };
});

const { ExternalUrlRefusedError, openLoginPageExternally, openRendererLinkExternally } = await import('../../../src/main/adapters/shell-gate');
const { createElectronStoreSettings } = await import('../../../src/main/adapters/electron-store-settings');

describe('shell gate adapter', () => {
  it('opens allowed login pages (Salesforce and the Demo org loopback)', async () => {
    await openLoginPageExternally('https://login.salesforce.com/services/oauth2/authorize?state=x');
    await openLoginPageExternally('http://127.0.0.1:40001/services/oauth2/authorize?state=x', { demoOrigin: 'http://127.0.0.1:40001' });
    expect(fake.opened.map(([url]) => url)).toEqual([
      'https://login.salesforce.com/services/oauth2/authorize?state=x',
      'http://127.0.0.1:40001/services/oauth2/authorize?state=x',
    ]);
  });

  it('refuses everything else with a reason and never calls the OS', async () => {
    fake.opened.length = 0;
    for (const url of ['file:///etc/passwd', 'https://login.salesforce.com@evil.io/', 'ms-msdt:/id x', 'https://x.salesforce.com.evil.io/']) {
      await expect(openLoginPageExternally(url)).rejects.toBeInstanceOf(ExternalUrlRefusedError);
    }
    await expect(openRendererLinkExternally('http://127.0.0.1:40001/')).rejects.toThrow(/Refused to open an external URL/);
    // The Demo org's loopback page only for a Demo login, and only on the origin it names.
    await expect(openLoginPageExternally('http://127.0.0.1:40001/')).rejects.toBeInstanceOf(ExternalUrlRefusedError);
    await expect(openLoginPageExternally('http://127.0.0.1:40002/', { demoOrigin: 'http://127.0.0.1:40001' })).rejects.toBeInstanceOf(ExternalUrlRefusedError);
    expect(fake.opened).toEqual([]);
  });
});

describe('electron-store settings adapter', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atom-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gets, sets and deletes values in a JSON file', () => {
    const settings = createElectronStoreSettings({ cwd: dir });
    expect(settings.get('clientId')).toBeUndefined();
    settings.set('clientId', '3MVG9abc');
    settings.set('salesforce.loopbackPort', 17017);
    expect(settings.get('clientId')).toBe('3MVG9abc');
    expect(settings.get('salesforce.loopbackPort')).toBe(17017);
    // Same layout as the core's conf store, so either can read the other's file.
    const file = path.join(dir, 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ clientId: '3MVG9abc', salesforce: { loopbackPort: 17017 } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    settings.delete('clientId');
    settings.set('salesforce.loopbackPort', undefined);
    expect(settings.get('clientId')).toBeUndefined();
    expect(createElectronStoreSettings({ cwd: dir }).get('salesforce.loopbackPort')).toBeUndefined();
  });

  it('starts from defaults when the file is damaged instead of crashing', () => {
    const damagedDir = mkdtempSync(path.join(os.tmpdir(), 'atom-settings-damaged-'));
    writeFileSync(path.join(damagedDir, 'settings.json'), '{ not json');
    const settings = createElectronStoreSettings({ cwd: damagedDir });
    expect(settings.get('clientId')).toBeUndefined();
    settings.set('clientId', 'x');
    expect(settings.get('clientId')).toBe('x');
    rmSync(damagedDir, { recursive: true, force: true });
  });
});
