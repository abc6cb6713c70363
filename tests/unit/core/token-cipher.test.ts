import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyCipher, KEY_FILE_NAME } from '../../../src/main/core/auth/token-cipher';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-cipher-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('file-key AES-256-GCM cipher', () => {
  it('round-trips, with a fresh IV per blob and a versioned format', async () => {
    const cipher = createFileKeyCipher(dir);
    const a = await cipher.encrypt('CANARY-token-value');
    const b = await cipher.encrypt('CANARY-token-value');
    expect(a[0]).toBe(1);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.includes(Buffer.from('CANARY'))).toBe(false);
    expect(await cipher.decrypt(a)).toBe('CANARY-token-value');
    expect(await cipher.availability()).toEqual({ persist: true });
  });

  it('creates a 32-byte key file with mode 0600 and no leftover temp file', async () => {
    await createFileKeyCipher(dir).encrypt('x');
    const keyPath = join(dir, KEY_FILE_NAME);
    expect(readFileSync(keyPath)).toHaveLength(32);
    if (posix) expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses the key across instances and never overwrites it', async () => {
    const blob = await createFileKeyCipher(dir).encrypt('persisted');
    const before = readFileSync(join(dir, KEY_FILE_NAME));
    expect(await createFileKeyCipher(dir).decrypt(blob)).toBe('persisted');
    expect(readFileSync(join(dir, KEY_FILE_NAME)).equals(before)).toBe(true);
  });

  it('rejects tampered, truncated, foreign-version and other-key blobs', async () => {
    const cipher = createFileKeyCipher(dir);
    const blob = await cipher.encrypt('secret');
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 0x01;
    await expect(cipher.decrypt(flipped)).rejects.toThrow();
    const tag = Buffer.from(blob);
    tag[20] ^= 0x80;
    await expect(cipher.decrypt(tag)).rejects.toThrow();
    await expect(cipher.decrypt(blob.subarray(0, 20))).rejects.toThrow();
    const version = Buffer.from(blob);
    version[0] = 2;
    await expect(cipher.decrypt(version)).rejects.toThrow();
    const other = mkdtempSync(join(tmpdir(), 'atom-cipher-other-'));
    try {
      await expect(createFileKeyCipher(other).decrypt(blob)).rejects.toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.runIf(posix)('refuses a key file other users can read', async () => {
    await createFileKeyCipher(dir).encrypt('x');
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    await expect(createFileKeyCipher(dir).availability()).rejects.toThrow(/other users/);
  });

  it('refuses a damaged key file instead of silently replacing it', async () => {
    writeFileSync(join(dir, KEY_FILE_NAME), Buffer.alloc(5), { mode: 0o600 });
    await expect(createFileKeyCipher(dir).encrypt('x')).rejects.toThrow(/damaged/);
    expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(true);
  });
});
