import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createFileKeyCipher, KEY_FILE_NAME, secretContext } from '../../../src/main/core/auth/token-cipher';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-cipher-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== 'win32';
const CTX = secretContext('connection:aaa', 'refresh_token');
const OTHER_ROW = secretContext('connection:bbb', 'refresh_token');
const OTHER_FIELD = secretContext('connection:aaa', 'client_secret');

/** A blob in the format versions before sealing wrote: version 1, one fixed associated data for every secret. */
function unboundBlob(key: Buffer, plain: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from('atom-for-salesforce/token/v1'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

describe('file-key AES-256-GCM cipher', () => {
  it('round-trips, with a fresh IV per blob and a versioned format', async () => {
    const cipher = createFileKeyCipher(dir);
    const a = await cipher.encrypt('CANARY-token-value', CTX);
    const b = await cipher.encrypt('CANARY-token-value', CTX);
    expect(a[0]).toBe(2);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.includes(Buffer.from('CANARY'))).toBe(false);
    expect(a.includes(Buffer.from('connection:aaa'))).toBe(false);
    expect(await cipher.decrypt(a, CTX)).toBe('CANARY-token-value');
    expect(await cipher.availability()).toEqual({ persist: true });
  });

  it('a blob opens only for the context it was sealed for (another row, another field: refused)', async () => {
    const cipher = createFileKeyCipher(dir);
    const blob = await cipher.encrypt('CANARY-token-value', CTX);
    await expect(cipher.decrypt(blob, OTHER_ROW)).rejects.toThrow();
    await expect(cipher.decrypt(blob, OTHER_FIELD)).rejects.toThrow();
    await expect(cipher.decryptUnbound!(blob)).rejects.toThrow();
    const error = await cipher.decrypt(blob, OTHER_ROW).catch((e: unknown) => e as Error);
    expect(String(error)).not.toContain('CANARY');
    expect(await cipher.decrypt(blob, CTX)).toBe('CANARY-token-value');
    await expect(cipher.encrypt('x', '')).rejects.toThrow(/context/);
    expect(() => secretContext('connection:a\nb', 'refresh_token')).toThrow();
  });

  it('reads a blob from before sealing only through decryptUnbound', async () => {
    const cipher = createFileKeyCipher(dir);
    await cipher.availability(); // creates the key
    const old = unboundBlob(readFileSync(join(dir, KEY_FILE_NAME)), 'OLD-refresh-token');
    expect(await cipher.decryptUnbound!(old)).toBe('OLD-refresh-token');
    await expect(cipher.decrypt(old, CTX)).rejects.toThrow();
  });

  it('creates a 32-byte key file with mode 0600 and no leftover temp file', async () => {
    await createFileKeyCipher(dir).encrypt('x', CTX);
    const keyPath = join(dir, KEY_FILE_NAME);
    expect(readFileSync(keyPath)).toHaveLength(32);
    if (posix) expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses the key across instances and never overwrites it', async () => {
    const blob = await createFileKeyCipher(dir).encrypt('persisted', CTX);
    const before = readFileSync(join(dir, KEY_FILE_NAME));
    expect(await createFileKeyCipher(dir).decrypt(blob, CTX)).toBe('persisted');
    expect(readFileSync(join(dir, KEY_FILE_NAME)).equals(before)).toBe(true);
  });

  it('rejects tampered, truncated, foreign-version and other-key blobs', async () => {
    const cipher = createFileKeyCipher(dir);
    const blob = await cipher.encrypt('secret', CTX);
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 0x01;
    await expect(cipher.decrypt(flipped, CTX)).rejects.toThrow();
    const tag = Buffer.from(blob);
    tag[20] ^= 0x80;
    await expect(cipher.decrypt(tag, CTX)).rejects.toThrow();
    await expect(cipher.decrypt(blob.subarray(0, 20), CTX)).rejects.toThrow();
    const version = Buffer.from(blob);
    version[0] = 3;
    await expect(cipher.decrypt(version, CTX)).rejects.toThrow();
    const other = mkdtempSync(join(tmpdir(), 'atom-cipher-other-'));
    try {
      await expect(createFileKeyCipher(other).decrypt(blob, CTX)).rejects.toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.runIf(posix)('refuses a key file other users can read', async () => {
    await createFileKeyCipher(dir).encrypt('x', CTX);
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    await expect(createFileKeyCipher(dir).availability()).rejects.toThrow(/other users/);
  });

  it('refuses a damaged key file instead of silently replacing it', async () => {
    writeFileSync(join(dir, KEY_FILE_NAME), Buffer.alloc(5), { mode: 0o600 });
    await expect(createFileKeyCipher(dir).encrypt('x', CTX)).rejects.toThrow(/damaged/);
    expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(true);
  });
});
