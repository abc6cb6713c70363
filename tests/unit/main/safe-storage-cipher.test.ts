import { describe, expect, it, vi } from 'vitest';

// The adapter imports electron; the real module would try to locate (and download) a binary.
const electronSafeStorage = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('electron', () => ({
  get safeStorage() {
    return electronSafeStorage.current;
  },
}));

const { createSafeStorageCipher } = await import('../../../src/main/adapters/safe-storage-cipher');

const CTX = 'connection:aaa:refresh_token';

/** A fake safeStorage: "encrypts" by prefixing the key version, and can rotate its key. */
function fakeSafeStorage(options: { backend?: string; available?: boolean } = {}) {
  let keyVersion = 1;
  const encode = (plain: string) => Buffer.from(`v${keyVersion}:${plain}`);
  const decode = (blob: Buffer) => {
    const text = blob.toString();
    const match = /^v(\d+):(.*)$/s.exec(text);
    if (!match) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { version: Number(match[1]), plain: match[2] };
  };
  const store = {
    calls: [] as string[],
    rotateKey: () => {
      keyVersion += 1;
    },
    isEncryptionAvailable: vi.fn(() => {
      store.calls.push('isEncryptionAvailable');
      return options.available ?? true;
    }),
    encryptString: vi.fn((plain: string) => {
      store.calls.push('encryptString');
      return encode(plain);
    }),
    decryptString: vi.fn((blob: Buffer) => {
      store.calls.push('decryptString');
      return decode(blob).plain;
    }),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
  };
  return Object.assign(store, {
    isAsyncEncryptionAvailable: vi.fn(async () => {
      store.calls.push('isAsyncEncryptionAvailable');
      return options.available ?? true;
    }),
    encryptStringAsync: vi.fn(async (plain: string) => {
      store.calls.push('encryptStringAsync');
      return encode(plain);
    }),
    decryptStringAsync: vi.fn(async (blob: Buffer) => {
      store.calls.push('decryptStringAsync');
      const { version, plain } = decode(blob);
      return { result: plain, shouldReEncrypt: version < keyVersion };
    }),
  });
}

describe('safeStorage TokenCipher: availability (checklist T2)', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])('persists with the %s backend on Linux', async (backend) => {
    const cipher = createSafeStorageCipher({ safeStorage: fakeSafeStorage({ backend }), platform: 'linux' });
    expect(await cipher.availability()).toEqual({ persist: true });
    expect(cipher.backend()).toBe(backend);
  });

  it('refuses to persist with basic_text (hard-coded password) and says why', async () => {
    const store = fakeSafeStorage({ backend: 'basic_text' });
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'linux' });
    const verdict = await cipher.availability();
    expect(verdict.persist).toBe(false);
    expect(verdict.reason).toMatch(/keyring/i);
    expect(verdict.reason).toMatch(/memory/i);
    await expect(cipher.encrypt('refresh-token', CTX)).rejects.toThrow(/Secure storage unavailable/);
    expect(store.encryptStringAsync).not.toHaveBeenCalled();
    expect(store.encryptString).not.toHaveBeenCalled();
  });

  it('refuses to persist when the Linux backend is unknown', async () => {
    const cipher = createSafeStorageCipher({ safeStorage: fakeSafeStorage({ backend: 'unknown' }), platform: 'linux' });
    expect(await cipher.availability()).toMatchObject({ persist: false, reason: expect.stringMatching(/could not be identified/) });
  });

  it('refuses to persist when encryption is unavailable', async () => {
    const cipher = createSafeStorageCipher({ safeStorage: fakeSafeStorage({ available: false }), platform: 'darwin' });
    expect(await cipher.availability()).toMatchObject({ persist: false, reason: expect.stringMatching(/not available/) });
  });

  it('ignores the Linux backend on macOS and Windows', async () => {
    const store = fakeSafeStorage({ backend: 'basic_text' });
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'win32' });
    expect(await cipher.availability()).toEqual({ persist: true });
    expect(store.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('treats a throwing availability probe as unavailable', async () => {
    const store = fakeSafeStorage();
    store.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('keychain locked'));
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'darwin' });
    expect((await cipher.availability()).persist).toBe(false);
  });
});

describe('safeStorage TokenCipher: async API and re-encryption (checklist T1)', () => {
  it('round-trips through the async API only', async () => {
    const store = fakeSafeStorage();
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'linux' });
    const blob = await cipher.encrypt('5Aep861secret', CTX);
    expect(blob.toString()).not.toBe('5Aep861secret');
    expect(await cipher.decrypt(blob, CTX)).toBe('5Aep861secret');
    expect(store.calls).toEqual(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']);
    expect(store.encryptString).not.toHaveBeenCalled();
    expect(store.decryptString).not.toHaveBeenCalled();
    expect(store.isEncryptionAvailable).not.toHaveBeenCalled();
  });

  it('re-encrypts when safeStorage says shouldReEncrypt, and hands the new blob to the caller (the vault stores it)', async () => {
    const store = fakeSafeStorage();
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'darwin' });
    const oldBlob = await cipher.encrypt('token', CTX);
    expect(await cipher.decryptWithRefresh(oldBlob, CTX)).toEqual({ plain: 'token' });

    store.rotateKey();
    const refreshed = await cipher.decryptWithRefresh(oldBlob, CTX);
    expect(refreshed.plain).toBe('token');
    expect(refreshed.reEncrypted?.toString()).toBe(`v2:atom-sealed-v1\0${CTX}\0token`);

    expect(await cipher.decrypt(oldBlob, CTX)).toBe('token');
    // The rewritten blob no longer asks for re-encryption, and is still sealed for its context.
    expect(await cipher.decryptWithRefresh(refreshed.reEncrypted!, CTX)).toEqual({ plain: 'token' });
    await expect(cipher.decrypt(refreshed.reEncrypted!, 'connection:bbb:refresh_token')).rejects.toThrow();
  });

  it('still returns the secret when re-encryption fails', async () => {
    const store = fakeSafeStorage();
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'darwin' });
    const blob = await cipher.encrypt('token', CTX);
    store.rotateKey();
    expect(await cipher.decrypt(blob, CTX)).toBe('token');
    store.encryptStringAsync.mockRejectedValueOnce(new Error('keychain locked'));
    expect(await cipher.decryptWithRefresh(blob, CTX)).toEqual({ plain: 'token' });
  });
  it('surfaces a corrupt blob as an error (the core treats it as logged out, T4)', async () => {
    const cipher = createSafeStorageCipher({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    await expect(cipher.decrypt(Buffer.from('garbage'), CTX)).rejects.toThrow(/decrypting/);
    await expect(cipher.decrypt(Buffer.alloc(0), CTX)).rejects.toThrow(/Nothing to decrypt/);
  });

  it('falls back to the sync API only when the async one is missing', async () => {
    // An Electron whose safeStorage predates the async API.
    const { isAsyncEncryptionAvailable: _a, encryptStringAsync: _e, decryptStringAsync: _d, ...store } = fakeSafeStorage();
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'darwin' });
    expect(await cipher.availability()).toEqual({ persist: true });
    expect(await cipher.decrypt(await cipher.encrypt('token', CTX), CTX)).toBe('token');
    expect(store.calls).toEqual(['isEncryptionAvailable', 'isEncryptionAvailable', 'encryptString', 'decryptString']);
  });

  it('uses electron.safeStorage by default', async () => {
    const store = fakeSafeStorage({ backend: 'basic_text' });
    electronSafeStorage.current = store;
    const cipher = createSafeStorageCipher({ platform: 'linux' });
    expect((await cipher.availability()).persist).toBe(false);
    expect(store.getSelectedStorageBackend).toHaveBeenCalled();
  });
});

describe('safeStorage TokenCipher: sealed for a context (safeStorage has no associated data)', () => {
  it('puts the context inside what is encrypted, and refuses a blob moved to another row or field, without echoing it', async () => {
    const cipher = createSafeStorageCipher({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    const blob = await cipher.encrypt('5Aep-CANARY-refresh', CTX);
    for (const other of ['connection:bbb:refresh_token', 'connection:aaa:client_secret', 'connection:aa']) {
      const error = await cipher.decrypt(blob, other).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).not.toContain('CANARY');
    }
    expect(await cipher.decrypt(blob, CTX)).toBe('5Aep-CANARY-refresh');
  });

  it('reads a blob written before sealing only through decryptUnbound, and refuses a sealed one there', async () => {
    const store = fakeSafeStorage();
    const cipher = createSafeStorageCipher({ safeStorage: store, platform: 'darwin' });
    const old = await store.encryptStringAsync('5Aep-old-refresh'); // what earlier versions stored
    expect(await cipher.decryptUnbound(old)).toBe('5Aep-old-refresh');
    await expect(cipher.decrypt(old, CTX)).rejects.toThrow();
    await expect(cipher.decryptUnbound(await cipher.encrypt('5Aep-new', CTX))).rejects.toThrow(/context/);
  });
});
