/**
 * Encryption of secrets at rest. The desktop app plugs in an OS-keychain cipher (Electron
 * safeStorage, in src/main/adapters); browser mode uses the file-key cipher below only when the
 * user opts in to remembered logins (web/web-mode.ts keeps its key outside the data folder), and
 * the memory-only cipher otherwise; tests use the file-key cipher.
 *
 * Every secret is sealed for one place: `context` names the record and field it is stored in
 * (`connection:<id>:refresh_token`, see secretContext), and a blob opens only with the same
 * context. A ciphertext copied to another connection's row, or into another field, then fails to
 * decrypt like a tampered one instead of handing one connection's token to another.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../storage/private-files';

export interface TokenCipher {
  /** persist:false (+ reason) when secrets must stay in memory (no safe key store, e.g. Linux basic_text). */
  availability(): Promise<{ persist: boolean; reason?: string }>;
  /** Seals `plain` for `context` (see secretContext): only decrypt with the same context opens it. */
  encrypt(plain: string, context: string): Promise<Buffer>;
  /** Throws when the blob is corrupt, tampered with, made with another key, or sealed for another context. */
  decrypt(blob: Buffer, context: string): Promise<string>;
  /**
   * Optional: like decrypt, and also returns a fresh blob when the OS key store asks for
   * re-encryption (safeStorage's shouldReEncrypt after a key rotation); the caller stores it.
   */
  decryptWithRefresh?(blob: Buffer, context: string): Promise<{ plain: string; reEncrypted?: Buffer }>;
  /**
   * Optional: opens a blob written before secrets were sealed for a context (app versions before
   * app-db migration 3), and refuses a sealed one. Only for values flagged as written then; the
   * caller seals the secret for its context at once, so each old blob is accepted a single time.
   */
  decryptUnbound?(blob: Buffer): Promise<string>;
}

/** Where a secret is stored, as the context it is sealed for. */
export type SecretField = 'refresh_token' | 'client_secret';

/** The context a secret is sealed for: the record it belongs to and the field it is kept in. */
export function secretContext(record: string, field: SecretField): string {
  if (!record || /[\0\n]/.test(record)) throw new Error('A secret context needs a record name without control characters');
  return `${record}:${field}`;
}

/** A check shared by the ciphers: contexts are printable and never empty. */
export function assertContext(context: string): void {
  if (typeof context !== 'string' || context.length === 0 || /[\0\n]/.test(context)) throw new TypeError('Invalid secret context');
}

export const KEY_FILE_NAME = 'token-key';
/** Blobs sealed for a context (GCM associated data = the context). */
const BLOB_VERSION = 2;
/** Blobs from before contexts: one fixed associated data for every secret; read by decryptUnbound only. */
const UNBOUND_BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const UNBOUND_AAD = Buffer.from('atom-for-salesforce/token/v1');

/** The GCM associated data of a sealed blob: its format, then the context it is sealed for. */
function sealedAad(context: string): Buffer {
  assertContext(context);
  return Buffer.from(`atom-for-salesforce/secret/v2\0${context}`, 'utf8');
}

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

function loadOrCreateKey(path: string): Buffer {
  try {
    return readKeyFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return createKeyFile(path);
    throw err;
  }
}

function seal(key: Buffer, version: number, aad: Buffer, plain: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, version: number, aad: Buffer, blob: Buffer): string {
  if (!Buffer.isBuffer(blob) || blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== version) {
    throw new Error('Unrecognised encrypted blob');
  }
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = blob.subarray(1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/**
 * AES-256-GCM with a random 32-byte key kept in `keyFile` (created 0600; its folder must exist,
 * and one others can read is refused). Blob: [version 1 byte][IV 12 bytes][auth tag 16 bytes]
 * [ciphertext]. Version 2 is sealed for a context (the GCM associated data names it); version 1,
 * from before contexts, opens only through decryptUnbound. The key is read (or created) on first
 * use, so a bad key file surfaces as a clear error then.
 */
export function createKeyFileCipher(keyFile: string, options: { prepare?: () => void } = {}): TokenCipher {
  let key: Buffer | undefined;
  const getKey = () => {
    if (!key) {
      options.prepare?.();
      key = loadOrCreateKey(keyFile);
    }
    return key;
  };
  return {
    async availability() {
      getKey();
      return { persist: true };
    },
    async encrypt(plain, context) {
      return seal(getKey(), BLOB_VERSION, sealedAad(context), plain);
    },
    async decrypt(blob, context) {
      return open(getKey(), BLOB_VERSION, sealedAad(context), blob);
    },
    async decryptUnbound(blob) {
      return open(getKey(), UNBOUND_BLOB_VERSION, UNBOUND_AAD, blob);
    },
  };
}

/**
 * The file-key cipher with its key at `<dir>/token-key`, the folder created owner-only: for tests
 * and tools. Browser mode never keeps the key in its data folder (see web/key-file.ts): a copy of
 * that folder would carry the key with the secrets it opens.
 */
export function createFileKeyCipher(dir: string): TokenCipher {
  return createKeyFileCipher(join(dir, KEY_FILE_NAME), { prepare: () => ensurePrivateDir(dir) });
}

/**
 * Browser mode's default: nothing is persisted, so secrets live only as long as the process.
 * `reason` is shown to the user, so it says how to change that.
 */
export function createMemoryOnlyCipher(reason: string): TokenCipher {
  const refuse = async (): Promise<never> => {
    throw new Error('This session keeps secrets in memory only');
  };
  return { availability: async () => ({ persist: false, reason }), encrypt: refuse, decrypt: refuse };
}
