/**
 * Owns the tokens of every connection: hands out access tokens, refreshes them one at a time, and
 * revokes them.
 *
 * What is kept where:
 * - Access tokens live in this process's memory only, never on disk: after a restart the first
 *   call for a connection refreshes (single-flight, below).
 * - Refresh tokens are stored encrypted, sealed for their row and field (`connection:<id>:
 *   refresh_token`, see secretContext): a blob copied to another connection fails to decrypt,
 *   which ends that session (needs-login) like a damaged blob. When the OS has no safe key store
 *   (or browser mode was not asked to remember logins) they too stay in memory only.
 * - A refresh token stored by a version from before sealing (flagged by app-db migration 3) is
 *   read once, sealed for its row and stored again.
 *
 * Refresh rules (RFC 9700 §4.14, security checklist O9/O10):
 * - single-flight: one refresh per connection at a time, shared by every caller;
 * - a caller holding an already-replaced access token gets the current one, no new request;
 * - a rotated refresh token is persisted before the access token that came with it is handed out;
 * - `invalid_grant` means the login is over: tokens wiped, status needs-login, nothing else lost.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logger';
import {
  type ConnectionIdentity,
  type ConnectionRecord,
  deleteConnection,
  findConnectionByOrgUser,
  getConnection,
  insertConnection,
  listConnections,
  markNeedsLogin,
  readStoredRefreshToken,
  replaceRefreshTokenBlob,
  saveRefreshedTokens,
  updateConnectionLogin,
} from '../storage/connections.repo';
import { OAuthEndpointError, type TokenSet } from './oauth-flow';
import { secretContext, type TokenCipher } from './token-cipher';

export const SESSION_EXPIRED_MESSAGE = 'Your Salesforce session has ended. Log in again to continue.';

/** The context a connection's stored refresh token is sealed for. */
export function refreshTokenContext(connectionId: string): string {
  return secretContext(`connection:${connectionId}`, 'refresh_token');
}

export function sessionExpired(): AppError {
  return new AppError('SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE);
}

/** Talks to the org's token and revoke endpoints for a stored connection. */
export interface TokenClient {
  refresh(connection: ConnectionRecord, refreshToken: string): Promise<TokenSet>;
  /** True when Salesforce no longer honours the token; throws on network failure. */
  revoke(connection: ConnectionRecord, token: string): Promise<boolean>;
}

export interface LoginTokens {
  accessToken: string;
  refreshToken?: string;
}

/** How the renewals of a connection's session went during this app session (memory only, for Health). */
export interface SessionRenewals {
  /** Epoch ms of the last refresh Salesforce answered with a new access token. */
  lastRefreshAt: number | null;
  /** Refreshes that failed since the last one that worked. */
  failures: number;
  lastFailure: { at: number; message: string } | null;
}

export interface TokenVault {
  readonly storage: 'encrypted' | 'memory';
  /** Why tokens are kept in memory only (shown to the user). */
  readonly storageReason?: string;
  /** Saves a completed login; the same org + user updates its existing connection. */
  saveLogin(identity: ConnectionIdentity, tokens: LoginTokens): Promise<ConnectionRecord>;
  /** The current access token; SESSION_EXPIRED when the connection needs a new login. */
  accessToken(connectionId: string): Promise<string>;
  /**
   * A new access token. `staleAccessToken` is the token the caller saw rejected: if it has already
   * been replaced, the replacement is returned without another request.
   */
  refresh(connectionId: string, staleAccessToken?: string): Promise<string>;
  /** Revokes the refresh token at Salesforce (best effort), then deletes the connection row. */
  revokeAndForget(connectionId: string): Promise<{ revoked: boolean }>;
  /** Wipes the tokens, keeps the connection (status needs-login). */
  expire(connectionId: string): void;
  /** Read-only: how this session's refreshes went (Health). Optional so test doubles need not track it. */
  renewals?(connectionId: string): SessionRenewals;
}

/** Why a refresh failed, in words (never Salesforce's raw text: it is shown and exported). */
function renewalFailureText(err: unknown): string {
  if (err instanceof OAuthEndpointError) {
    return err.error === 'invalid_grant'
      ? 'Salesforce ended the login (it was revoked, expired or the password changed).'
      : 'Salesforce refused to renew the session.';
  }
  if (err instanceof AppError) return err.message;
  return 'Salesforce could not be reached to renew the session.';
}

export interface TokenVaultDeps {
  db: Database.Database;
  cipher: TokenCipher;
  tokenClient: TokenClient;
  log: Logger;
  /** A connection's session ended for good (status needs-login): the push channel tells the renderer. */
  onNeedsLogin?: (connectionId: string) => void;
}

/**
 * The stored side of refresh tokens: sealing a token for its row, reading it back (re-encrypting
 * when the key store asks, or sealing a token stored before sealing existed), nothing else.
 * Errors propagate; the vault turns them into a needs-login.
 */
function storedRefreshTokens(db: Database.Database, cipher: TokenCipher, log: Logger) {
  const seal = async (id: string, plain: string): Promise<Buffer> => {
    try {
      return await cipher.encrypt(plain, refreshTokenContext(id));
    } catch (err) {
      log.error('Could not encrypt a token', err);
      throw new AppError('INTERNAL', 'Your login could not be stored securely on this computer. Try again, or restart the app.');
    }
  };

  /** A token stored before sealing: accepted this once, then stored sealed for its row. */
  const adoptUnbound = async (id: string, blob: Buffer): Promise<string> => {
    if (!cipher.decryptUnbound) throw new Error('This key store cannot read tokens stored by an earlier version');
    const plain = await cipher.decryptUnbound(blob);
    if (replaceRefreshTokenBlob(db, id, blob, await seal(id, plain))) {
      log.info(`Connection ${id}: its stored refresh token is now sealed for the connection`);
    }
    return plain;
  };

  const read = async (id: string): Promise<string | undefined> => {
    const stored = readStoredRefreshToken(db, id);
    if (!stored) return undefined;
    if (stored.unbound) return adoptUnbound(id, stored.blob);
    const context = refreshTokenContext(id);
    if (!cipher.decryptWithRefresh) return cipher.decrypt(stored.blob, context);
    const { plain, reEncrypted } = await cipher.decryptWithRefresh(stored.blob, context);
    if (reEncrypted) replaceRefreshTokenBlob(db, id, stored.blob, reEncrypted);
    return plain;
  };

  return { seal, read };
}

export async function createTokenVault(deps: TokenVaultDeps): Promise<TokenVault> {
  const { db, cipher, tokenClient, log } = deps;
  let availability: { persist: boolean; reason?: string };
  try {
    availability = await cipher.availability();
  } catch (err) {
    log.warn('Token encryption is unavailable; keeping tokens in memory only', err);
    availability = { persist: false, reason: 'The encryption key store could not be opened.' };
  }
  const persist = availability.persist;
  const stored = storedRefreshTokens(db, cipher, log);

  /** Access tokens (always memory only) and, in memory mode, refresh tokens too. */
  const live = new Map<string, { accessToken?: string; refreshToken?: string }>();
  const inflight = new Map<string, Promise<string>>();
  const renewalLog = new Map<string, SessionRenewals>();
  const noteRenewal = (id: string, failure: unknown | null) => {
    const entry = renewalLog.get(id) ?? { lastRefreshAt: null, failures: 0, lastFailure: null };
    if (failure === null) renewalLog.set(id, { lastRefreshAt: Date.now(), failures: 0, lastFailure: entry.lastFailure });
    else renewalLog.set(id, { ...entry, failures: entry.failures + 1, lastFailure: { at: Date.now(), message: renewalFailureText(failure) } });
  };

  // Rows that cannot have usable tokens in this mode are shown as needing a login, honestly.
  for (const record of listConnections(db)) {
    if (record.status !== 'connected') continue;
    if (!persist || !record.hasStoredTokens) {
      markNeedsLogin(db, record.id);
    }
  }

  const sealRefreshToken = async (id: string, plain: string | undefined): Promise<Buffer | null> =>
    plain === undefined || !persist ? null : stored.seal(id, plain);

  const wipe = (id: string, why: string) => {
    log.info(`Connection ${id} needs a new login: ${why}`);
    live.delete(id);
    markNeedsLogin(db, id);
    try {
      deps.onNeedsLogin?.(id);
    } catch (err) {
      log.warn('Could not report a connection that needs a new login', err instanceof Error ? err.message : String(err));
    }
  };

  /** The refresh token, from memory or decrypted from its row; one that cannot be read ends the session, never the app. */
  const readRefreshToken = async (id: string): Promise<string | undefined> => {
    if (!persist) return live.get(id)?.refreshToken;
    try {
      return await stored.read(id);
    } catch (err) {
      if (err instanceof AppError) throw err;
      log.warn(`Stored token of connection ${id} could not be decrypted (key changed, data damaged, or sealed for another connection)`, err);
      wipe(id, 'stored token unreadable');
      throw sessionExpired();
    }
  };

  const requireConnected = (id: string): ConnectionRecord => {
    const record = getConnection(db, id);
    if (!record) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
    if (record.status !== 'connected') throw sessionExpired();
    return record;
  };

  const doRefresh = async (id: string, staleAccessToken?: string): Promise<string> => {
    const record = requireConnected(id);
    const current = live.get(id)?.accessToken;
    if (staleAccessToken !== undefined && current && current !== staleAccessToken) return current;
    const refreshToken = await readRefreshToken(id);
    if (!refreshToken) {
      wipe(id, 'no refresh token');
      throw sessionExpired();
    }
    let fresh: TokenSet;
    try {
      fresh = await tokenClient.refresh(record, refreshToken);
    } catch (err) {
      noteRenewal(id, err);
      if (err instanceof OAuthEndpointError && err.error === 'invalid_grant') {
        wipe(id, 'refresh token rejected (invalid_grant)');
        throw sessionExpired();
      }
      throw err;
    }
    if (fresh.orgId !== record.orgId || fresh.userId !== record.userId) {
      wipe(id, 'refresh answered for another user');
      throw new AppError('LOGIN_FAILED', 'Salesforce answered for a different user than this connection. Log in again.');
    }
    const rotated = fresh.refreshToken !== undefined && fresh.refreshToken !== refreshToken;
    // Persist first: if the app dies after this line, the stored refresh token is the live one.
    const refreshTokenEnc = rotated ? await sealRefreshToken(id, fresh.refreshToken) : undefined;
    if (!getConnection(db, id)) throw new AppError('NOT_FOUND', 'That connection was removed.');
    saveRefreshedTokens(db, id, {
      ...(rotated ? { refreshTokenEnc } : {}),
      instanceUrl: fresh.instanceUrl,
      issuedAt: fresh.issuedAt,
      scope: fresh.scope,
    });
    live.set(id, {
      accessToken: fresh.accessToken,
      ...(persist ? {} : { refreshToken: rotated ? fresh.refreshToken : refreshToken }),
    });
    noteRenewal(id, null);
    return fresh.accessToken;
  };

  const refresh = (id: string, staleAccessToken?: string): Promise<string> => {
    const running = inflight.get(id);
    if (running) return running;
    const attempt = doRefresh(id, staleAccessToken).finally(() => inflight.delete(id));
    inflight.set(id, attempt);
    return attempt;
  };

  /**
   * Stores a login under the connection id its refresh token is sealed for. The id is chosen
   * before encrypting (an await), so a login of the same org and user that lands meanwhile makes
   * this one seal again for the row that now exists.
   */
  const storeLogin = async (identity: ConnectionIdentity, refreshToken: string | undefined): Promise<string> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = findConnectionByOrgUser(db, identity.orgId, identity.userId)?.id;
      const id = before ?? randomUUID();
      const refreshTokenEnc = await sealRefreshToken(id, refreshToken);
      const saved = db.transaction(() => {
        const existing = findConnectionByOrgUser(db, identity.orgId, identity.userId)?.id;
        if (existing !== before) return false;
        if (existing) updateConnectionLogin(db, id, identity, { refreshTokenEnc });
        else insertConnection(db, id, identity, { refreshTokenEnc });
        return true;
      })();
      if (saved) return id;
    }
    throw new AppError('INTERNAL', 'Your login could not be saved. Try again.');
  };

  return {
    storage: persist ? 'encrypted' : 'memory',
    storageReason: persist ? undefined : (availability.reason ?? 'This computer has no safe place to store secrets.'),

    async saveLogin(identity, tokens) {
      const id = await storeLogin(identity, tokens.refreshToken);
      live.set(id, persist ? { accessToken: tokens.accessToken } : { ...tokens });
      return getConnection(db, id) as ConnectionRecord;
    },

    async accessToken(id) {
      requireConnected(id);
      // After a restart there is none in memory: the first call refreshes (shared by concurrent callers).
      return live.get(id)?.accessToken ?? refresh(id);
    },

    refresh,

    async revokeAndForget(id) {
      const record = getConnection(db, id);
      if (!record) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      let token: string | undefined;
      try {
        token = (await readRefreshToken(id)) ?? live.get(id)?.accessToken;
      } catch {
        token = undefined; // unreadable: nothing we hold can be revoked
      }
      let revoked = true;
      if (token) {
        try {
          revoked = await tokenClient.revoke(record, token);
        } catch (err) {
          log.warn(`Could not reach Salesforce to revoke the token of connection ${id}; removing it locally anyway`, err);
          revoked = false;
        }
      }
      live.delete(id);
      deleteConnection(db, id);
      return { revoked };
    },

    expire(id) {
      wipe(id, 'expired by the app');
    },

    renewals(id) {
      const entry = renewalLog.get(id);
      return entry ? { ...entry } : { lastRefreshAt: null, failures: 0, lastFailure: null };
    },
  };
}
