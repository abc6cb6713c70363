/**
 * Encryption of secrets at rest. The desktop app plugs in an OS-keychain cipher (Electron
 * safeStorage, in src/main/adapters); browser mode and tests use the file-key cipher below.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../storage/private-files';

export interface TokenCipher {
  /** persist:false (+ reason) when secrets must stay in memory (no safe key store, e.g. Linux basic_text). */
  availability(): Promise<{ persist: boolean; reason?: string }>;
  encrypt(plain: string): Promise<Buffer>;
  /** Throws when the blob is corrupt, tampered with, or was made with another key. */
  decrypt(blob: Buffer): Promise<string>;
  /**
   * Optional: like decrypt, and also returns a fresh blob when the OS key store asks for
   * re-encryption (safeStorage's shouldReEncrypt after a key rotation); the vault stores it.
   */
  decryptWithRefresh?(blob: Buffer): Promise<{ plain: string; reEncrypted?: Buffer }>;
}

export const KEY_FILE_NAME = 'token-key';
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Binds every blob to its purpose and format version, so a blob can't be replayed as another kind. */
const AAD = Buffer.from('atom-for-salesforce/token/v1');

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Owner-only permissions are meaningless on Windows (ACLs instead), so the mode check is POSIX-only. */
const checksModes = process.platform !== 'win32';

function readKeyFile(path: string): Buffer {
  const stat = statSync(path);
  if (!stat.isFile()) throw new KeyFileError(`The encryption key at ${path} is not a regular file.`);
  if (checksModes && (stat.mode & 0o077) !== 0) {
    throw new KeyFileError(
      `The encryption key file ${path} can be read by other users of this computer (mode ${(stat.mode & 0o777).toString(8)}). ` +
        'Restrict it with `chmod 600` or delete it (you will then need to log in to your orgs again).',
    );
  }
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) throw new KeyFileError(`The encryption key file ${path} is damaged. Delete it and log in again.`);
  return key;
}

/**
 * Creates the key file atomically and without clobbering: write a private temp file, fsync it,
 * then hard-link it into place (link fails if another process won the race; then use theirs).
 */
function createKeyFile(path: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readKeyFile(path);
  } finally {
    unlinkSync(tmp);
  }
  return key;
}

function loadOrCreateKey(dataDir: string): Buffer {
  ensurePrivateDir(dataDir);
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    return readKeyFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return createKeyFile(path);
    throw err;
  }
}

/**
 * AES-256-GCM with a random 32-byte key kept in `<dataDir>/token-key` (mode 0600).
 * Blob: [version 1 byte][IV 12 bytes][auth tag 16 bytes][ciphertext].
 * The key is read (or created) on first use, so a bad key file surfaces as a clear error then.
 */
export function createFileKeyCipher(dataDir: string): TokenCipher {
  let key: Buffer | undefined;
  const getKey = () => (key ??= loadOrCreateKey(dataDir));
  return {
    async availability() {
      getKey();
      return { persist: true };
    },
    async encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', getKey(), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([BLOB_VERSION]), iv, cipher.getAuthTag(), body]);
    },
    async decrypt(blob) {
      if (!Buffer.isBuffer(blob) || blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== BLOB_VERSION) {
        throw new Error('Unrecognised encrypted blob');
      }
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const body = blob.subarray(1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', getKey(), iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}
