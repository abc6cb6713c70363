/**
 * TokenCipher on Electron's safeStorage (OS keychain / DPAPI / libsecret / KWallet).
 *
 * - The asynchronous API is used (`isAsyncEncryptionAvailable`, `encryptStringAsync`,
 *   `decryptStringAsync`); the synchronous one is deprecated and slated for removal. The sync API
 *   is only a fallback for Electron builds whose safeStorage lacks the async methods.
 * - On Linux, `basic_text` means Chromium found no keyring and would "encrypt" with a hard-coded
 *   password: that is plaintext with extra steps, so nothing is persisted (tokens stay in memory
 *   and the UI says why). `unknown` means the backend could not be determined: same refusal.
 * - `decryptStringAsync` reports `shouldReEncrypt` when the OS key was rotated or upgraded; the
 *   blob is then re-encrypted and handed to whoever stores it (`reEncryptedBlob` / onReEncrypt).
 */
import { safeStorage as electronSafeStorage } from 'electron';
import type { TokenCipher } from '../core/auth/token-cipher';

type CipherAvailability = Awaited<ReturnType<TokenCipher['availability']>>;

/** The part of Electron's SafeStorage this adapter uses; the async members may be missing on older Electrons. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface SafeStorageCipher extends TokenCipher {
  /** The Linux backend in use ('basic_text', 'gnome_libsecret', 'kwallet6'…), or the platform name elsewhere. */
  backend(): string;
  /**
   * Decrypts and, when safeStorage asks for it, re-encrypts: `reEncrypted` is the new blob the
   * caller should store in place of the old one.
   */
  decryptWithRefresh(blob: Buffer): Promise<{ plain: string; reEncrypted?: Buffer }>;
}

const UNSAFE_LINUX_BACKENDS: Record<string, string> = {
  basic_text:
    'No system keyring (GNOME Keyring / KWallet) is available, so sign-ins cannot be stored safely on this computer. ' +
    'They are kept in memory only: you will need to log in again after restarting the app.',
  unknown:
    'The system keyring could not be identified, so sign-ins cannot be stored safely on this computer. ' +
    'They are kept in memory only: you will need to log in again after restarting the app.',
};

const UNAVAILABLE_REASON =
  'The operating system’s secure storage is not available, so sign-ins cannot be stored safely. ' +
  'They are kept in memory only: you will need to log in again after restarting the app.';

function hasAsyncApi(
  store: SafeStorageLike,
): store is SafeStorageLike & Required<Pick<SafeStorageLike, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>> {
  return (
    typeof store.isAsyncEncryptionAvailable === 'function' && typeof store.encryptStringAsync === 'function' && typeof store.decryptStringAsync === 'function'
  );
}

export function createSafeStorageCipher(
  options: {
    safeStorage?: SafeStorageLike;
    platform?: NodeJS.Platform;
  } = {},
): SafeStorageCipher {
  const store: SafeStorageLike = options.safeStorage ?? (electronSafeStorage as unknown as SafeStorageLike);
  const platform = options.platform ?? process.platform;

  const backend = (): string => {
    if (platform !== 'linux') return platform;
    return typeof store.getSelectedStorageBackend === 'function' ? store.getSelectedStorageBackend() : 'unknown';
  };

  const availability = async (): Promise<CipherAvailability> => {
    if (platform === 'linux') {
      const reason = UNSAFE_LINUX_BACKENDS[backend()];
      if (reason) return { persist: false, reason };
    }
    let available: boolean;
    try {
      available = hasAsyncApi(store) ? await store.isAsyncEncryptionAvailable() : store.isEncryptionAvailable();
    } catch {
      available = false;
    }
    return available ? { persist: true } : { persist: false, reason: UNAVAILABLE_REASON };
  };

  const encrypt = async (plain: string): Promise<Buffer> => {
    if (typeof plain !== 'string') throw new TypeError('Only strings can be encrypted');
    const verdict = await availability();
    // The caller should have checked availability(); refusing here makes a slip impossible.
    if (!verdict.persist) throw new Error(`Secure storage unavailable: ${verdict.reason}`);
    return hasAsyncApi(store) ? store.encryptStringAsync(plain) : store.encryptString(plain);
  };

  const decryptWithRefresh = async (blob: Buffer): Promise<{ plain: string; reEncrypted?: Buffer }> => {
    if (!Buffer.isBuffer(blob) || blob.length === 0) throw new Error('Nothing to decrypt');
    if (!hasAsyncApi(store)) return { plain: store.decryptString(blob) };
    const { result, shouldReEncrypt } = await store.decryptStringAsync(blob);
    if (!shouldReEncrypt) return { plain: result };
    try {
      return { plain: result, reEncrypted: await store.encryptStringAsync(result) };
    } catch {
      // The old blob still decrypts; re-encryption is retried on the next read.
      return { plain: result };
    }
  };

  return {
    backend,
    availability,
    encrypt,
    decryptWithRefresh,
    // The token vault calls decryptWithRefresh and stores the re-encrypted blob itself.
    decrypt: async (blob) => (await decryptWithRefresh(blob)).plain,
  };
}
