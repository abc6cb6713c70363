/**
 * Owns the tokens of every connection: stores them encrypted (or only in memory when the OS has
 * no safe key store), hands out access tokens, refreshes them one at a time, and revokes them.
 *
 * Refresh rules (RFC 9700 §4.14, security checklist O9/O10):
 * - single-flight: one refresh per connection at a time, shared by every caller;
 * - a caller holding an already-replaced access token gets the current one, no new request;
 * - a rotated refresh token is persisted (with its access token) before either is handed out;
 * - `invalid_grant` means the login is over: tokens wiped, status needs-login, nothing else lost.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logger';
import {
  type ConnectionIdentity,
  type ConnectionRecord,
  type EncryptedTokens,
  deleteConnection,
  findConnectionByOrgUser,
  getConnection,
  insertConnection,
  listConnections,
  markNeedsLogin,
  readEncryptedTokens,
  replaceEncryptedToken,
  saveRefreshedTokens,
  updateConnectionLogin,
} from '../storage/connections.repo';
import { OAuthEndpointError, type TokenSet } from './oauth-flow';
import type { TokenCipher } from './token-cipher';

export const SESSION_EXPIRED_MESSAGE = 'Your Salesforce session has ended. Log in again to continue.';

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

  /** Memory mode: the only copy of the tokens. Encrypted mode: decrypted access tokens, as a cache. */
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

  const encrypt = async (plain: string | undefined): Promise<Buffer | null> => {
    if (plain === undefined || !persist) return null;
    try {
      return await cipher.encrypt(plain);
    } catch (err) {
      log.error('Could not encrypt a token', err);
      throw new AppError('INTERNAL', 'Your login could not be stored securely on this computer. Try again, or restart the app.');
    }
  };

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

  /** Decrypts one stored token; a blob that cannot be read ends the session, never the app. */
  const decryptStored = async (id: string, which: keyof EncryptedTokens): Promise<string | undefined> => {
    const blob = readEncryptedTokens(db, id)?.[which];
    if (!blob) return undefined;
    try {
      if (!cipher.decryptWithRefresh) return await cipher.decrypt(blob);
      const { plain, reEncrypted } = await cipher.decryptWithRefresh(blob);
      if (reEncrypted) replaceEncryptedToken(db, id, which, reEncrypted);
      return plain;
    } catch (err) {
      log.warn(`Stored token of connection ${id} could not be decrypted (key changed or data damaged)`, err);
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

  const readAccessToken = async (id: string): Promise<string | undefined> => {
    const cached = live.get(id)?.accessToken;
    if (cached || !persist) return cached;
    const token = await decryptStored(id, 'accessTokenEnc');
    if (token) live.set(id, { ...live.get(id), accessToken: token });
    return token;
  };

  const readRefreshToken = async (id: string): Promise<string | undefined> => (persist ? decryptStored(id, 'refreshTokenEnc') : live.get(id)?.refreshToken);

  const doRefresh = async (id: string, staleAccessToken?: string): Promise<string> => {
    const record = requireConnected(id);
    if (staleAccessToken !== undefined) {
      const current = await readAccessToken(id);
      if (current && current !== staleAccessToken) return current;
    }
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
    const accessTokenEnc = await encrypt(fresh.accessToken);
    const refreshTokenEnc = rotated ? await encrypt(fresh.refreshToken) : undefined;
    if (!getConnection(db, id)) throw new AppError('NOT_FOUND', 'That connection was removed.');
    saveRefreshedTokens(db, id, {
      accessTokenEnc,
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

  return {
    storage: persist ? 'encrypted' : 'memory',
    storageReason: persist ? undefined : (availability.reason ?? 'This computer has no safe place to store secrets.'),

    async saveLogin(identity, tokens) {
      const accessTokenEnc = await encrypt(tokens.accessToken);
      const refreshTokenEnc = await encrypt(tokens.refreshToken);
      const encrypted = { accessTokenEnc, refreshTokenEnc };
      const id = db.transaction(() => {
        const existing = findConnectionByOrgUser(db, identity.orgId, identity.userId);
        if (existing) {
          updateConnectionLogin(db, existing.id, identity, encrypted);
          return existing.id;
        }
        const newId = randomUUID();
        insertConnection(db, newId, identity, encrypted);
        return newId;
      })();
      live.set(id, persist ? { accessToken: tokens.accessToken } : { ...tokens });
      return getConnection(db, id) as ConnectionRecord;
    },

    async accessToken(id) {
      requireConnected(id);
      const token = await readAccessToken(id);
      if (token) return token;
      return refresh(id);
    },

    refresh,

    async revokeAndForget(id) {
      const record = getConnection(db, id);
      if (!record) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      let token: string | undefined;
      try {
        token = (await readRefreshToken(id)) ?? (await readAccessToken(id));
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
