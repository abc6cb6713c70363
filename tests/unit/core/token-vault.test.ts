import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { refreshGrant, revokeToken } from '../../../src/main/core/auth/oauth-flow';
import { hostPolicyFor } from '../../../src/main/core/auth/salesforce-hosts';
import { createFileKeyCipher, KEY_FILE_NAME, type TokenCipher } from '../../../src/main/core/auth/token-cipher';
import { createTokenVault, type TokenClient, type TokenVault } from '../../../src/main/core/auth/token-vault';
import { MIGRATIONS } from '../../../src/main/core/storage/migrations';
import { silentLogger } from '../../../src/main/core/logger';
import { getConnection, readEncryptedTokens, type ConnectionIdentity } from '../../../src/main/core/storage/connections.repo';
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

async function vaultWith(cipher: TokenCipher = createFileKeyCipher(dataDir)): Promise<TokenVault> {
  return createTokenVault({ db, cipher, tokenClient, log: silentLogger });
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
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('stores tokens only as encrypted blobs; no plaintext canary anywhere in the database files', async () => {
    const vault = await vaultWith();
    const record = await connect(vault);
    const blobs = readEncryptedTokens(db, record.id)!;
    expect(blobs.accessTokenEnc).toBeInstanceOf(Buffer);
    expect(await createFileKeyCipher(dataDir).decrypt(blobs.refreshTokenEnc!)).toBe(REFRESH_CANARY);
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
    db.pragma('wal_checkpoint(FULL)');
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('atom.sqlite'))) {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.includes(Buffer.from('CANARY_ACCESS'))).toBe(false);
      expect(bytes.includes(Buffer.from('CANARY-REFRESH'))).toBe(false);
    }
    expect(vault.storage).toBe('encrypted');
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
    const blob = readEncryptedTokens(db, first.id)!.accessTokenEnc!;
    blob[blob.length - 1] ^= 0xff;
    db.prepare('UPDATE connections SET access_token_enc = ? WHERE id = ?').run(blob, first.id);
    const restarted = await vaultWith(); // a fresh process has no decrypted cache
    await expectSessionExpired(restarted.accessToken(first.id));
    const after = getConnection(db, first.id)!;
    expect(after.status).toBe('needs-login');
    expect(after.hasStoredTokens).toBe(false);
    expect(after.username).toBe('dana@example.com');
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
      decryptWithRefresh: async (blob) => {
        const plain = await inner.decrypt(blob);
        rotations += 1;
        return rotations === 1 ? { plain, reEncrypted: await inner.encrypt(plain) } : { plain };
      },
    };
    const record = await connect(await vaultWith(rotating));
    const before = readEncryptedTokens(db, record.id)!.accessTokenEnc!;
    const reopened = await vaultWith(rotating); // a fresh vault has no decrypted cache
    expect(await reopened.accessToken(record.id)).toBe(ACCESS_CANARY);
    const after = readEncryptedTokens(db, record.id)!.accessTokenEnc!;
    expect(after.equals(before)).toBe(false);
    expect(await inner.decrypt(after)).toBe(ACCESS_CANARY);
  });

  it('memory mode: persists no secret, still works in-process, and a restart asks for a login', async () => {
    const inner = createFileKeyCipher(dataDir);
    const memoryOnly: TokenCipher = { ...inner, availability: async () => ({ persist: false, reason: 'basic_text backend' }) };
    const vault = await vaultWith(memoryOnly);
    expect(vault.storage).toBe('memory');
    expect(vault.storageReason).toBe('basic_text backend');
    const record = await connect(vault);
    expect(readEncryptedTokens(db, record.id)).toEqual({ accessTokenEnc: null, refreshTokenEnc: null });
    expect(await vault.accessToken(record.id)).toBe(ACCESS_CANARY);
    // refresh works from the in-memory refresh token
    const refreshed = await vault.refresh(record.id, ACCESS_CANARY);
    expect(refreshed).not.toBe(ACCESS_CANARY);
    expect(readEncryptedTokens(db, record.id)).toEqual({ accessTokenEnc: null, refreshTokenEnc: null });
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
    const stored = readEncryptedTokens(db, record.id)!;
    const storedRefresh = await cipher.decrypt(stored.refreshTokenEnc!);
    expect(storedRefresh).not.toBe(REFRESH_CANARY);
    expect(fake.liveRefreshTokens.has(storedRefresh)).toBe(true);
    expect(await cipher.decrypt(stored.accessTokenEnc!)).toBe(fresh);
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
      encrypt: async (plain) => {
        if (failEncrypt) throw new Error('disk full');
        return inner.encrypt(plain);
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
