/**
 * Where browser mode keeps logins (src/main/web/key-file.ts), with real Demo-org logins through the
 * core:
 * - by default nothing of a token reaches the disk: no row holds a ciphertext, no key file exists,
 *   and no file under the data folder contains a token's bytes;
 * - with --remember-logins the key lives outside the data folder (0600 in a 0700 folder), and a
 *   copy of the data folder alone cannot open the stored tokens;
 * - a key file inside the data folder (directly, or through a symlink) is refused;
 * - the key an earlier version left in the data folder is moved out (remembered) or deleted.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyFileCipher, KEY_FILE_NAME, type TokenCipher } from '../../src/main/core/auth/token-cipher';
import { refreshTokenContext } from '../../src/main/core/auth/token-vault';
import { openWebLoginStorage } from '../../src/main/web/key-file';
import { startWebMode } from '../../src/main/web/web-mode';
import { createHarness, type Harness } from './core-harness';

const posix = process.platform !== 'win32';

let scratch: string;
let h: Harness | undefined;
let restoreFetch: (() => void) | undefined;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'atom-web-logins-'));
});
afterEach(async () => {
  restoreFetch?.();
  restoreFetch = undefined;
  await h?.close();
  h = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

/** Records every token the org hands out (the token endpoint's answers), to look for them on disk. */
function recordIssuedTokens(): string[] {
  const tokens: string[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/services/oauth2/token') && response.ok) {
      const body = (await response.clone().json()) as { access_token?: string; refresh_token?: string };
      for (const token of [body.access_token, body.refresh_token]) if (token) tokens.push(token);
    }
    return response;
  };
  restoreFetch = () => {
    globalThis.fetch = original;
  };
  return tokens;
}

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function connectionRows(dataDir: string): Array<{ id: string; access: Buffer | null; refresh: Buffer | null }> {
  const db = new Database(join(dataDir, 'atom.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, access_token_enc AS access, refresh_token_enc AS refresh FROM connections').all() as never;
  } finally {
    db.close();
  }
}

/** Logs in to the Demo org, uses the session once after a forced refresh, then stops the core (everything flushed). */
async function loginUseAndStop(dataDir: string, cipher: TokenCipher) {
  h = await createHarness({ dataDir, keepDataDir: true, cipher });
  const id = await h.loginDemo();
  expect((await h.call('describe:form', { object: 'Account' })).source).toBe('org');
  h.emulator().faults.expireAllAccessTokens();
  expect((await h.call('describe:form', { object: 'Contact' })).source).toBe('org');
  expect(h.tokenRequests.refresh_token).toBe(1);
  await h.close();
  h = undefined;
  return id;
}

describe('browser mode, default: logins in memory only', () => {
  it('stores no token on disk: no ciphertext in the rows, no key file, no token bytes in any file', async () => {
    const dataDir = join(scratch, 'data');
    const issued = recordIssuedTokens();
    const storage = openWebLoginStorage({ dataDir });
    expect(await storage.cipher.availability()).toMatchObject({ persist: false, reason: expect.stringContaining('--remember-logins') });
    await loginUseAndStop(dataDir, storage.cipher);

    expect(issued.length).toBeGreaterThanOrEqual(3); // the login's access + refresh token, the refreshed access token
    const rows = connectionRows(dataDir);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ access: null, refresh: null });
    const files = filesUnder(dataDir);
    expect(files.map((f) => f.slice(dataDir.length + 1))).not.toContain(KEY_FILE_NAME);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const token of issued) expect(bytes.includes(Buffer.from(token)), `${file} holds a token`).toBe(false);
    }
  });

  it('the app says so: app:info reports memory with the reason, through browser mode itself', async () => {
    const staticDir = join(scratch, 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Atom</title>');
    const web = await startWebMode({ dataDir: join(scratch, 'web-data'), staticDir, env: {} });
    try {
      expect(web.loginStorage).toMatch(/^Logins: in memory only; you'll log in again after restarting/);
      const response = await fetch(`${web.origin}/api/app:info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Atom-Secret': web.secret },
        body: '{}',
      });
      const info = (await response.json()) as { data: { loginStorage: { kind: string; reason?: string } } };
      expect(info.data.loginStorage).toEqual({ kind: 'memory', reason: expect.stringContaining('--remember-logins') });
      expect(readdirSync(join(scratch, 'web-data'))).not.toContain(KEY_FILE_NAME);
    } finally {
      await web.close();
    }
  });
});

describe('browser mode with --remember-logins: the key outside the data folder', () => {
  it('keeps the key 0600 in a 0700 folder outside; a copy of the data folder alone cannot open the tokens', async () => {
    const dataDir = join(scratch, 'data');
    const keyFile = join(scratch, 'config', 'atom-for-salesforce', 'browser-mode-token-key');
    const issued = recordIssuedTokens();
    const storage = openWebLoginStorage({ dataDir, rememberLogins: { keyFile, isDefault: true } });
    const id = await loginUseAndStop(dataDir, storage.cipher);

    expect(existsSync(keyFile)).toBe(true);
    if (posix) {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(scratch, 'config', 'atom-for-salesforce')).mode & 0o777).toBe(0o700);
    }
    const [row] = connectionRows(dataDir);
    expect(row.access).toBeNull();
    expect(row.refresh).toBeInstanceOf(Buffer);
    // The stored blob is the real refresh token, as the key outside opens it.
    const refreshToken = await createKeyFileCipher(keyFile).decrypt(row.refresh!, refreshTokenContext(id));
    expect(issued).toContain(refreshToken);

    // Someone copies the data folder: it holds neither the key nor any token in the clear.
    const copy = join(scratch, 'copy');
    cpSync(dataDir, copy, { recursive: true });
    const key = readFileSync(keyFile);
    for (const file of filesUnder(copy)) {
      const bytes = readFileSync(file);
      expect(bytes.includes(key), `${file} holds the key`).toBe(false);
      for (const token of issued) expect(bytes.includes(Buffer.from(token)), `${file} holds a token`).toBe(false);
    }
    // Opened on another machine (any other key): the connection needs a login, no token is sent.
    h = await createHarness({
      dataDir: copy,
      keepDataDir: true,
      cipher: openWebLoginStorage({ dataDir: copy, rememberLogins: { keyFile: join(scratch, 'other-key') } }).cipher,
    });
    const result = await h.raw('describe:form', { object: 'Lead' });
    expect(result).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(h.tokenRequests.refresh_token).toBe(0);
    expect((await h.call('connections:list'))[0]).toMatchObject({ id, status: 'needs-login' });
  });

  it('refuses a key file inside the data folder, directly or through a symlink, before writing anything', async () => {
    const dataDir = join(scratch, 'data');
    mkdirSync(dataDir);
    expect(() => openWebLoginStorage({ dataDir, rememberLogins: { keyFile: join(dataDir, 'key') } })).toThrow(/inside the data folder/);
    expect(() => openWebLoginStorage({ dataDir, rememberLogins: { keyFile: join(dataDir, 'sub', 'key') } })).toThrow(/inside the data folder/);
    expect(() => openWebLoginStorage({ dataDir, rememberLogins: { keyFile: dataDir } })).toThrow(/inside the data folder/);
    if (posix) {
      symlinkSync(dataDir, join(scratch, 'alias'));
      expect(() => openWebLoginStorage({ dataDir, rememberLogins: { keyFile: join(scratch, 'alias', 'key') } })).toThrow(/inside the data folder/);
      expect(() => openWebLoginStorage({ dataDir: join(scratch, 'alias'), rememberLogins: { keyFile: join(dataDir, 'key') } })).toThrow(
        /inside the data folder/,
      );
    }
    expect(readdirSync(dataDir)).toEqual([]);
    await expect(startWebMode({ dataDir, staticDir: scratch, env: {}, rememberLogins: { keyFile: join(dataDir, 'key') } })).rejects.toThrow(
      /inside the data folder/,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('the key an earlier version kept in the data folder', () => {
  function legacyKey(dataDir: string): Buffer {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = Buffer.alloc(32, 7);
    writeFileSync(join(dataDir, KEY_FILE_NAME), key, { mode: 0o600 });
    return key;
  }

  it('is moved out when logins are remembered and no key exists there yet', () => {
    const dataDir = join(scratch, 'data');
    const key = legacyKey(dataDir);
    const keyFile = join(scratch, 'config', 'key');
    const storage = openWebLoginStorage({ dataDir, rememberLogins: { keyFile } });
    expect(storage.summary).toContain('moved there from the data folder');
    expect(existsSync(join(dataDir, KEY_FILE_NAME))).toBe(false);
    expect(readFileSync(keyFile).equals(key)).toBe(true);
    if (posix) expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('is deleted when logins stay in memory, or when a key already exists outside', () => {
    const memoryDir = join(scratch, 'memory');
    legacyKey(memoryDir);
    expect(openWebLoginStorage({ dataDir: memoryDir }).summary).toContain('was deleted');
    expect(existsSync(join(memoryDir, KEY_FILE_NAME))).toBe(false);

    const rememberDir = join(scratch, 'remember');
    legacyKey(rememberDir);
    const keyFile = join(scratch, 'existing-key');
    writeFileSync(keyFile, Buffer.alloc(32, 9), { mode: 0o600 });
    openWebLoginStorage({ dataDir: rememberDir, rememberLogins: { keyFile } });
    expect(existsSync(join(rememberDir, KEY_FILE_NAME))).toBe(false);
    expect(readFileSync(keyFile).equals(Buffer.alloc(32, 9))).toBe(true);
  });
});
