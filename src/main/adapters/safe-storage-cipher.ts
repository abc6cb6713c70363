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
 * - Sealing for a context: safeStorage has no associated-data parameter, so the context is put
 *   inside what is encrypted (`SEALED_MARK`, the context, a NUL, then the secret) and checked
 *   after decryption. A blob copied to another connection's row or another field then decrypts
 *   to the wrong context and is refused, as the file-key cipher's GCM associated data refuses it.
 *   Blobs written before contexts carry no mark; only decryptUnbound reads them (once, see
 *   TokenCipher), and it refuses a marked one.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import { assertContext, type TokenCipher } from '../core/auth/token-cipher';

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
  decryptWithRefresh(blob: Buffer, context: string): Promise<{ plain: string; reEncrypted?: Buffer }>;
  decryptUnbound(blob: Buffer): Promise<string>;
}

/** Starts every sealed plaintext; NUL never occurs in a token, a secret or a context. */
const SEALED_MARK = 'atom-sealed-v1\0';

function sealed(context: string, plain: string): string {
  assertContext(context);
  return `${SEALED_MARK}${context}\0${plain}`;
}

/** The secret inside a sealed plaintext; throws (without echoing anything) when it was sealed for another context. */
function unseal(context: string, text: string): string {
  assertContext(context);
  const prefix = `${SEALED_MARK}${context}\0`;
  if (!text.startsWith(prefix)) throw new Error('The stored secret was not sealed for this place');
  return text.slice(prefix.length);
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

  const encrypt = async (plain: string, context: string): Promise<Buffer> => {
    if (typeof plain !== 'string') throw new TypeError('Only strings can be encrypted');
    const text = sealed(context, plain);
    const verdict = await availability();
    // The caller should have checked availability(); refusing here makes a slip impossible.
    if (!verdict.persist) throw new Error(`Secure storage unavailable: ${verdict.reason}`);
    return hasAsyncApi(store) ? store.encryptStringAsync(text) : store.encryptString(text);
  };

  /** The decrypted text, and whether safeStorage asks for the blob to be re-encrypted. */
  const decryptText = async (blob: Buffer): Promise<{ text: string; shouldReEncrypt: boolean }> => {
    if (!Buffer.isBuffer(blob) || blob.length === 0) throw new Error('Nothing to decrypt');
    if (!hasAsyncApi(store)) return { text: store.decryptString(blob), shouldReEncrypt: false };
    const { result, shouldReEncrypt } = await store.decryptStringAsync(blob);
    return { text: result, shouldReEncrypt };
  };

  const decryptWithRefresh = async (blob: Buffer, context: string): Promise<{ plain: string; reEncrypted?: Buffer }> => {
    const { text, shouldReEncrypt } = await decryptText(blob);
    const plain = unseal(context, text);
    if (!shouldReEncrypt || !hasAsyncApi(store)) return { plain };
    try {
      return { plain, reEncrypted: await store.encryptStringAsync(text) };
    } catch {
      // The old blob still decrypts; re-encryption is retried on the next read.
      return { plain };
    }
  };

  const decryptUnbound = async (blob: Buffer): Promise<string> => {
    const { text } = await decryptText(blob);
    if (text.startsWith(SEALED_MARK)) throw new Error('A sealed secret must be read with its context');
    return text;
  };

  return {
    backend,
    availability,
    encrypt,
    decryptWithRefresh,
    decryptUnbound,
    // The token vault calls decryptWithRefresh and stores the re-encrypted blob itself.
    decrypt: async (blob, context) => (await decryptWithRefresh(blob, context)).plain,
  };
}
