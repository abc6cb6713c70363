import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { refreshGrant, revokeToken } from '../../../src/main/core/auth/oauth-flow';
import { hostPolicyFor } from '../../../src/main/core/auth/salesforce-hosts';
import { createFileKeyCipher, KEY_FILE_NAME, type TokenCipher } from '../../../src/main/core/auth/token-cipher';
import { createTokenVault, refreshTokenContext, type TokenClient, type TokenVault } from '../../../src/main/core/auth/token-vault';
import { LATEST_APP_SCHEMA, MIGRATIONS } from '../../../src/main/core/storage/migrations';
import { silentLogger, type Logger } from '../../../src/main/core/logger';
import { getConnection, type ConnectionIdentity } from '../../../src/main/core/storage/connections.repo';
import { openDatabase } from '../../../src/main/core/storage/database';
import { ORG_ID, startFakeOAuthServer, USER_ID, type FakeOAuthServer } from './fake-oauth-server';

let dataDir: string;
let fake: FakeOAuthServer;
let db: Database.Database;

const tokenClient: TokenClient = {
  refresh: (c, refreshToken) => refreshGrant({ loginHost: c.loginUrl, policy: hostPolicyFor(c.environment, c.loginUrl), clientId: c.clientId, refreshToken }),
  revoke: (c, token) => revokeToken({ loginHost: c.loginUrl, token }),
};

const identity = (overrides: Partial<ConnectionIdentity> = {}): ConnectionIdentity => ({
  environment: 'demo',
  loginUrl: fake.origin,
  instanceUrl: fake.origin,
  clientId: 'client-id',
  orgId: ORG_ID,
  userId: USER_ID,
  profileId: '00e8d0000000001AAA',
  username: 'dana@example.com',
  displayName: 'Dana',
  scope: 'api refresh_token',
  issuedAt: Date.now(),
  ...overrides,
});

const ACCESS_CANARY = `${ORG_ID.slice(0, 15)}!AQ.CANARY_ACCESS_TOKEN_0123456789`;
const REFRESH_CANARY = '5Aep-CANARY-REFRESH-TOKEN-0123456789';

async function vaultWith(cipher: TokenCipher = createFileKeyCipher(dataDir), log: Logger = silentLogger): Promise<TokenVault> {
  return createTokenVault({ db, cipher, tokenClient, log });
}

/** What a connection's row holds in its token columns. */
function storedBlobs(id: string): { accessTokenEnc: Buffer | null; refreshTokenEnc: Buffer | null } {
  const row = db.prepare('SELECT access_token_enc AS a, refresh_token_enc AS r FROM connections WHERE id = ?').get(id) as {
    a: Buffer | null;
    r: Buffer | null;
  };
  return { accessTokenEnc: row.a, refreshTokenEnc: row.r };
}

/** Every byte of the app database's files (after a checkpoint): what a copy of the data folder holds. */
function databaseBytes(): Buffer {
  db.pragma('wal_checkpoint(FULL)');
  return Buffer.concat(
    readdirSync(dataDir)
      .filter((f) => f.startsWith('atom.sqlite'))
      .map((f) => readFileSync(join(dataDir, f))),
  );
}

/** A logger that keeps every line, to check no token reaches it. */
function recordingLogger(lines: string[]): Logger {
  const keep = (level: string) => (message: string, detail?: unknown) =>
    lines.push(`${level} ${message} ${detail instanceof Error ? `${detail.message} ${detail.stack}` : JSON.stringify(detail)}`);
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

async function connect(vault: TokenVault, overrides: Partial<ConnectionIdentity> = {}, refresh = REFRESH_CANARY) {
  fake.liveRefreshTokens.add(refresh);
  return vault.saveLogin(identity(overrides), { accessToken: ACCESS_CANARY, refreshToken: refresh });
}

async function expectSessionExpired(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('SESSION_EXPIRED');
  expect((err as AppError).message).toBe('Your Salesforce session has ended. Log in again to continue.');
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atom-vault-'));
  fake = await startFakeOAuthServer();
  db = openDatabase(dataDir);
});
afterEach(async () => {
  db.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('token vault: storage', () => {
  it('sets up the database with WAL, synchronous=FULL and the schema version', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_APP_SCHEMA);
  });

  it('stores only the refresh token, encrypted and sealed for its row; no plaintext canary anywhere in the database files', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    const blobs = storedBlobs(record.id);
    expect(blobs.accessTokenEnc).toBeNull();
    expect(await createFileKeyCipher(dataDir).decrypt(blobs.refreshTokenEnc!, refreshTokenContext(record.id))).toBe(REFRESH_CANARY);
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
    const bytes = databaseBytes();
    expect(bytes.includes(Buffer.from('CANARY_ACCESS'))).toBe(false);
    expect(bytes.includes(Buffer.from('CANARY-REFRESH'))).toBe(false);
    expect(vault.storage).toBe('encrypted');
  });

  it('never writes an access token to the database: not at login, not after a refresh, and the database refuses one', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    expect(db.prepare('SELECT COUNT(*) AS n FROM connections WHERE access_token_enc IS NOT NULL').get()).toEqual({ n: 0 });
    const fresh = await vault.refresh(record.id, ACCESS_CANARY);
    expect(fresh).not.toBe(ACCESS_CANARY);
    expect(db.prepare('SELECT COUNT(*) AS n FROM connections WHERE access_token_enc IS NOT NULL').get()).toEqual({ n: 0 });
    const bytes = databaseBytes();
    expect(bytes.includes(Buffer.from(ACCESS_CANARY))).toBe(false);
    expect(bytes.includes(Buffer.from(fresh))).toBe(false);
    expect(() => db.prepare('UPDATE connections SET access_token_enc = ? WHERE id = ?').run(Buffer.from('x'), record.id)).toThrow(/memory only/);
  });

  it('after a restart the first call refreshes (once, however many callers) to get an access token', async () => {
    const record = await connect(await vaultWith());
    const restarted = await vaultWith(); // a new process: nothing in memory
    const tokens = await Promise.all(Array.from({ length: 5 }, () => restarted.accessToken(record.id)));
    expect(fake.hits.refresh).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(ACCESS_CANARY);
    expect(await restarted.accessToken(record.id)).toBe(tokens[0]);
    expect(fake.hits.refresh).toBe(1);
  });

  it('a second login to the same org and user updates the connection instead of adding one', async () => {
    const vault = await vaultWith();
    const first = await connect(vault);
    await vault.expire(first.id);
    const again = await connect(vault, { displayName: 'Dana Renamed' }, '5Aep-second-login-token-000000000');
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('connected');
    expect(again.displayName).toBe('Dana Renamed');
    expect(db.prepare('SELECT COUNT(*) AS n FROM connections').get()).toEqual({ n: 1 });
  });

  it('a tampered blob ends the session (needs-login), never crashes, and keeps the identity', async () => {
    const first = await connect(await vaultWith());
    const blob = storedBlobs(first.id).refreshTokenEnc!;
    blob[blob.length - 1] ^= 0xff;
    db.prepare('UPDATE connections SET refresh_token_enc = ? WHERE id = ?').run(blob, first.id);
    const restarted = await vaultWith(); // a fresh process has no access token in memory
    await expectSessionExpired(restarted.accessToken(first.id));
    expect(fake.hits.refresh).toBe(0);
    const after = getConnection(db, first.id)!;
    expect(after.status).toBe('needs-login');
    expect(after.hasStoredTokens).toBe(false);
    expect(after.username).toBe('dana@example.com');
  });

  it('a refresh token swapped between two connections fails to decrypt: needs-login, no crash, no token sent or leaked', async () => {
    const vault = await vaultWith();
    const a = await connect(vault);
    const b = await connect(
      vault,
      { orgId: '00D8d0000000002EAA', userId: '0058d0000000002AAA', username: 'bo@example.com' },
      '5Aep-CANARY-OTHER-REFRESH-0000000',
    );
    const blobA = storedBlobs(a.id).refreshTokenEnc!;
    const blobB = storedBlobs(b.id).refreshTokenEnc!;
    db.prepare('UPDATE connections SET refresh_token_enc = ? WHERE id = ?').run(blobB, a.id);
    db.prepare('UPDATE connections SET refresh_token_enc = ? WHERE id = ?').run(blobA, b.id);
    const lines: string[] = [];
    const restarted = await vaultWith(createFileKeyCipher(dataDir), recordingLogger(lines));
    const errors: unknown[] = [];
    for (const id of [a.id, b.id]) {
      const err = await restarted.accessToken(id).then(
        () => undefined,
        (e: unknown) => e,
      );
      errors.push(err);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SESSION_EXPIRED');
      expect(getConnection(db, id)).toMatchObject({ status: 'needs-login', hasStoredTokens: false });
    }
    expect(fake.hits.refresh).toBe(0); // neither token went to Salesforce for the wrong connection
    const seen = JSON.stringify(errors.map((e) => ({ ...(e as AppError), message: (e as AppError).message }))) + lines.join('\n');
    expect(seen).not.toMatch(/CANARY/);
    expect(lines.some((line) => line.includes('could not be decrypted'))).toBe(true);
  });

  it('a changed key (key file replaced) also means needs-login', async () => {
    const first = await connect(await vaultWith());
    rmSync(join(dataDir, KEY_FILE_NAME));
    const restarted = await vaultWith(createFileKeyCipher(dataDir));
    await expectSessionExpired(restarted.accessToken(first.id));
    expect(getConnection(db, first.id)!.status).toBe('needs-login');
  });

  it('re-encrypts a stored token when the key store asks for it (key rotation), and keeps using it', async () => {
    const inner = createFileKeyCipher(dataDir);
    let rotations = 0;
    const rotating: TokenCipher = {
      ...inner,
      decryptWithRefresh: async (blob, context) => {
        const plain = await inner.decrypt(blob, context);
        rotations += 1;
        return rotations === 1 ? { plain, reEncrypted: await inner.encrypt(plain, context) } : { plain };
      },
    };
    const record = await connect(await vaultWith(rotating));
    const before = storedBlobs(record.id).refreshTokenEnc!;
    const reopened = await vaultWith(rotating); // a fresh vault: the first call refreshes
    expect(await reopened.accessToken(record.id)).not.toBe(ACCESS_CANARY);
    const after = storedBlobs(record.id).refreshTokenEnc!;
    expect(after.equals(before)).toBe(false);
    expect(await inner.decrypt(after, refreshTokenContext(record.id))).toBe(REFRESH_CANARY);
  });

  it('memory mode: persists no secret, still works in-process, and a restart asks for a login', async () => {
    const inner = createFileKeyCipher(dataDir);
    const memoryOnly: TokenCipher = { ...inner, availability: async () => ({ persist: false, reason: 'basic_text backend' }) };
    const vault = await vaultWith(memoryOnly);
    expect(vault.storage).toBe('memory');
    expect(vault.storageReason).toBe('basic_text backend');
    const record = await connect(vault);
    expect(storedBlobs(record.id)).toEqual({ accessTokenEnc: null, refreshTokenEnc: null });
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
    // refresh works from the in-memory refresh token
    const refreshed = await vault.refresh(record.id, ACCESS_CANARY);
    expect(refreshed).not.toBe(ACCESS_CANARY);
    expect(storedBlobs(record.id)).toEqual({ accessTokenEnc: null, refreshTokenEnc: null });
    const restarted = await vaultWith(memoryOnly);
    expect(getConnection(db, record.id)!.status).toBe('needs-login');
    await expectSessionExpired(restarted.accessToken(record.id));
  });
});

describe('token vault: refresh', () => {
  it('20 concurrent refreshes of the same stale token make exactly one refresh request', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    const results = await Promise.all(Array.from({ length: 20 }, () => vault.refresh(record.id, ACCESS_CANARY)));
    expect(fake.hits.refresh).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(ACCESS_CANARY);
    // A late caller with the old token gets the new one without another request.
    expect(await vault.refresh(record.id, ACCESS_CANARY)).toBe(results[0]);
    expect(fake.hits.refresh).toBe(1);
    expect(await vault.accessToken(record.id)).toBe(results[0]);
  });

  it('persists a rotated refresh token before handing out the new access token', async () => {
    fake.rotate = true;
    const vault = await vaultWith();
    const record = await connect(vault);
    const fresh = await vault.refresh(record.id, ACCESS_CANARY);
    const cipher = createFileKeyCipher(dataDir);
    const stored = storedBlobs(record.id);
    const storedRefresh = await cipher.decrypt(stored.refreshTokenEnc!, refreshTokenContext(record.id));
    expect(storedRefresh).not.toBe(REFRESH_CANARY);
    expect(fake.liveRefreshTokens.has(storedRefresh)).toBe(true);
    expect(stored.accessTokenEnc).toBeNull();
    // and the next refresh uses the rotated token successfully
    expect(await vault.refresh(record.id, fresh)).not.toBe(fresh);
    expect(fake.hits.refresh).toBe(2);
  });

  it('if the rotated token cannot be persisted, the new access token is never used', async () => {
    fake.rotate = true;
    const inner = createFileKeyCipher(dataDir);
    let failEncrypt = false;
    const flaky: TokenCipher = {
      ...inner,
      encrypt: async (plain, context) => {
        if (failEncrypt) throw new Error('disk full');
        return inner.encrypt(plain, context);
      },
    };
    const vault = await vaultWith(flaky);
    const record = await connect(vault);
    failEncrypt = true;
    await expect(vault.refresh(record.id, ACCESS_CANARY)).rejects.toMatchObject({ code: 'INTERNAL' });
    failEncrypt = false;
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
    expect(fake.issuedAccessTokens).toHaveLength(1);
  });

  it('invalid_grant: tokens wiped, needs-login, SESSION_EXPIRED; other connections and identity untouched', async () => {
    const vault = await vaultWith();
    const victim = await connect(vault);
    const other = await connect(vault, { orgId: '00D8d0000000002EAA', userId: '0058d0000000002AAA' }, '5Aep-other-org-token-00000000000');
    fake.liveRefreshTokens.delete(REFRESH_CANARY); // revoked at Salesforce, or idle TTL exceeded
    await expectSessionExpired(vault.refresh(victim.id, ACCESS_CANARY));
    const after = getConnection(db, victim.id)!;
    expect(after).toMatchObject({ status: 'needs-login', hasStoredTokens: false, username: 'dana@example.com', orgId: ORG_ID });
    await expectSessionExpired(vault.accessToken(victim.id));
    expect(fake.hits.refresh).toBe(1); // no retry loop
    expect(getConnection(db, other.id)!.status).toBe('connected');
    expect(await vault.accessToken(other.id)).toBe(ACCESS_CANARY);
  });

  it('a refresh answered for another org is refused and ends the session', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    fake.tamper = (body) => ({ ...body, id: `${fake.origin}/id/00D8d0000000009EAA/${USER_ID}`, access_token: '00D8d0000000009!AQ.x' });
    await expect(vault.refresh(record.id, ACCESS_CANARY)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    expect(getConnection(db, record.id)!.status).toBe('needs-login');
  });

  it('a refresh pointing at a foreign instance is refused before anything is stored', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    fake.tamper = (body) => ({ ...body, instance_url: 'https://evil.example' });
    await expect(vault.refresh(record.id, ACCESS_CANARY)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    expect(getConnection(db, record.id)!.instanceUrl).toBe(fake.origin);
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
  });
});

describe('token vault: disconnect', () => {
  it('revokes the refresh token at Salesforce, then deletes the connection', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    expect(await vault.revokeAndForget(record.id)).toEqual({ revoked: true });
    expect(fake.lastRevokedToken).toBe(REFRESH_CANARY);
    expect(fake.liveRefreshTokens.has(REFRESH_CANARY)).toBe(false);
    expect(getConnection(db, record.id)).toBeUndefined();
  });

  it('treats 400 invalid_token (already dead) as revoked', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    fake.liveRefreshTokens.clear();
    expect(await vault.revokeAndForget(record.id)).toEqual({ revoked: true });
    expect(getConnection(db, record.id)).toBeUndefined();
  });

  it('a server error or no network still wipes locally and reports revoked:false', async () => {
    const vault = await vaultWith();
    const a = await connect(vault);
    fake.revokeStatus = 503;
    expect(await vault.revokeAndForget(a.id)).toEqual({ revoked: false });
    expect(getConnection(db, a.id)).toBeUndefined();

    const b = await connect(vault);
    await fake.close();
    expect(await vault.revokeAndForget(b.id)).toEqual({ revoked: false });
    expect(getConnection(db, b.id)).toBeUndefined();
    fake = await startFakeOAuthServer(); // for afterEach
  });
});

describe('token vault: tokens stored by a version from before sealing (app-db migration 3)', () => {
  /** A blob as versions before sealing wrote it: format 1, one fixed associated data for every secret. */
  function unboundBlob(plain: string): Buffer {
    const key = readFileSync(join(dataDir, KEY_FILE_NAME));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from('atom-for-salesforce/token/v1'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
  }

  /** The database as the previous version left it (schema 2): one connection with both tokens stored. */
  async function databaseFromPreviousVersion(): Promise<string> {
    db.close();
    rmSync(join(dataDir, 'atom.sqlite'));
    await createFileKeyCipher(dataDir).availability(); // the key file the old version used
    const old = openDatabase(dataDir, MIGRATIONS.slice(0, 2));
    old
      .prepare(
        `INSERT INTO connections (id, environment, login_url, instance_url, client_id, org_id, user_id, username, display_name,
           access_token_enc, refresh_token_enc, status, active, created_at, updated_at)
         VALUES ('old-1', 'demo', ?, ?, 'client-id', ?, ?, 'dana@example.com', 'Dana', ?, ?, 'connected', 1, '2025-01-01', '2025-01-01')`,
      )
      .run(fake.origin, fake.origin, ORG_ID, USER_ID, unboundBlob(ACCESS_CANARY), unboundBlob(REFRESH_CANARY));
    old.close();
    fake.liveRefreshTokens.add(REFRESH_CANARY);
    db = openDatabase(dataDir);
    return 'old-1';
  }

  it('the migration clears the stored access token and flags the refresh token; the first use reads it once and seals it for its row', async () => {
    const id = await databaseFromPreviousVersion();
    expect(storedBlobs(id).accessTokenEnc).toBeNull();
    expect(db.prepare('SELECT refresh_token_unbound AS u FROM connections WHERE id = ?').get(id)).toEqual({ u: 1 });
    const vault = await vaultWith();
    expect(getConnection(db, id)!.status).toBe('connected');
    const token = await vault.accessToken(id);
    expect(token).not.toBe(ACCESS_CANARY); // the old access token is gone: the first call refreshed
    expect(fake.hits.refresh).toBe(1);
    expect(db.prepare('SELECT refresh_token_unbound AS u FROM connections WHERE id = ?').get(id)).toEqual({ u: 0 });
    const sealed = storedBlobs(id).refreshTokenEnc!;
    expect(sealed[0]).toBe(2);
    expect(await createFileKeyCipher(dataDir).decrypt(sealed, refreshTokenContext(id))).toBe(REFRESH_CANARY);
    // and a restart keeps working from the sealed token
    expect(await (await vaultWith()).accessToken(id)).not.toBe(token);
    expect(fake.hits.refresh).toBe(2);
  });

  it('an old-format blob is accepted once only: put back into a row already sealed, it is refused', async () => {
    const id = await databaseFromPreviousVersion();
    const vault = await vaultWith();
    await vault.accessToken(id);
    db.prepare('UPDATE connections SET refresh_token_enc = ? WHERE id = ?').run(unboundBlob(REFRESH_CANARY), id);
    await expectSessionExpired((await vaultWith()).accessToken(id));
    expect(getConnection(db, id)!.status).toBe('needs-login');
    expect(fake.hits.refresh).toBe(1);
  });
});
