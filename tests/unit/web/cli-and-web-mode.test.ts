import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DATA_DIR, parseCliArgs } from '../../../src/main/web/cli';
import { defaultWebKeyFile } from '../../../src/main/web/key-file';
import { startWebMode, type WebMode } from '../../../src/main/web/web-mode';

describe('npm run web flags', () => {
  it('defaults to a free port and ~/.atom-for-salesforce-web', () => {
    expect(parseCliArgs([])).toEqual({ help: false, port: 0, dataDir: DEFAULT_WEB_DATA_DIR });
  });

  it('reads --port and --data-dir', () => {
    expect(parseCliArgs(['--port', '18080', '--data-dir', 'tmp/x'])).toEqual({ help: false, port: 18080, dataDir: path.resolve('tmp/x') });
    expect(parseCliArgs(['--port=18081'])).toMatchObject({ port: 18081 });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it('keeps logins in memory unless --remember-logins; then the key defaults to the config folder, outside the data folder', () => {
    expect(parseCliArgs([])).not.toHaveProperty('rememberLogins');
    expect(parseCliArgs(['--remember-logins'])).toMatchObject({ rememberLogins: { keyFile: defaultWebKeyFile(), isDefault: true } });
    expect(parseCliArgs(['--remember-logins', '--key-file', 'tmp/k', '--data-dir', 'tmp/d'])).toMatchObject({
      dataDir: path.resolve('tmp/d'),
      rememberLogins: { keyFile: path.resolve('tmp/k'), isDefault: false },
    });
  });

  it('refuses a key file inside the data folder, and --key-file without --remember-logins', () => {
    expect(() => parseCliArgs(['--remember-logins', '--data-dir', 'tmp/d', '--key-file', 'tmp/d/key'])).toThrow(/inside the data folder/);
    expect(() => parseCliArgs(['--remember-logins', '--data-dir', 'tmp/d', '--key-file', 'tmp/d'])).toThrow(/inside the data folder/);
    // A data folder that holds the default key's folder: the default is refused too.
    expect(() => parseCliArgs(['--remember-logins', '--data-dir', path.dirname(path.dirname(defaultWebKeyFile()))])).toThrow(/inside the data folder/);
    expect(() => parseCliArgs(['--key-file', '/tmp/k'])).toThrow(/--remember-logins/);
  });

  it('finds the config folder as the platform does', () => {
    expect(defaultWebKeyFile({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe(path.join('/cfg', 'atom-for-salesforce', 'browser-mode-token-key'));
    expect(defaultWebKeyFile({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u')).toBe(
      path.join('/home/u', '.config', 'atom-for-salesforce', 'browser-mode-token-key'),
    );
    expect(defaultWebKeyFile({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', '.config', 'atom-for-salesforce', 'browser-mode-token-key'));
    expect(defaultWebKeyFile({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      path.join('C:\\Users\\u\\AppData\\Roaming', 'atom-for-salesforce', 'browser-mode-token-key'),
    );
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '80']],
    [['--port', '70000']],
    [['--bogus']],
    [['extra']],
    [['--data-dir', ' ']],
    [['--port']],
    [['--remember-logins', '--key-file', ' ']],
  ])('rejects %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });

  it('prints the usage and exits with 2 on a bad flag', () => {
    const result = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('src/main/web/cli.ts'), '--port', 'nope'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a number');
    expect(result.stderr).toContain('Usage: npm run web');
  });
});

describe('startWebMode with the real core', () => {
  let dir: string;
  let web: WebMode;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'atom-web-mode-'));
    const staticDir = path.join(dir, 'static');
    await import('node:fs/promises').then((fs) => fs.mkdir(staticDir));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Atom</title>');
    web = await startWebMode({ dataDir: path.join(dir, 'data'), staticDir, env: {} });
  });

  afterAll(async () => {
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves on loopback with the secret in the fragment', () => {
    expect(web.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(web.url).toBe(`${web.origin}/#secret=${web.secret}`);
    expect(web.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers app:info in browser mode through the gate', async () => {
    const response = await fetch(`${web.origin}/api/app:info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Atom-Secret': web.secret },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, data: { mode: 'browser', name: 'Atom for Salesforce' } });
  });

  it('lets the core validate payloads (unknown channel, bad input)', async () => {
    const post = (channel: string, body: string) =>
      fetch(`${web.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Atom-Secret': web.secret }, body }).then((r) =>
        r.json(),
      );
    expect(await post('nope:nothing', '{}')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await post('records:list', '{"object": "Contact", "limit": 100000}')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: ['limit'] },
    });
    expect(await post('records:list', '{"object": "Contact"}')).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });

  it('renders a failure page for a forged OAuth callback', async () => {
    const response = await fetch(`${web.origin}/oauth/callback?code=forged&state=unknown`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<h1>');
    expect(html).not.toMatch(/<script/i);
  });
});
