/**
 * OAuth tokens and authorization codes. Every secret is random (crypto) and kept only as its
 * SHA-256 hash: access tokens and codes in memory, refresh tokens in the org database so a
 * `--db` org keeps its sessions across restarts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface TokenGrant {
  userId: string;
  clientId: string;
  scopes: string[];
}

export interface AccessTokenRecord extends TokenGrant {
  expiresAt: number;
  /** The refresh token this access token came from, so revoking it revokes these too. */
  refreshHash?: string;
}

export interface AuthorizationCodeRecord extends TokenGrant {
  redirectUri: string;
  /** base64url(SHA-256(verifier)) from the authorize request, when PKCE was used. */
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
  /** What the first exchange issued: a replayed code revokes it (RFC 6749 §4.1.2). */
  issuedRefreshHash?: string;
  issuedAccessHashes: string[];
}

/** Salesforce: an authorization code is valid for 15 minutes and once only. */
export const AUTHORIZATION_CODE_TTL_MS = 15 * 60_000;
const MAX_CODES = 10_000;
const MAX_ACCESS_TOKENS = 200_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Random text from exactly 64 characters ([A-Za-z0-9._]), so every byte of entropy is kept and
 * the result matches the `[.\w]*` tail of Salesforce's access-token pattern.
 */
function randomTokenText(bytes: number): string {
  return randomBytes(bytes).toString('base64').replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '');
}

export class TokenStore {
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();

  constructor(
    private readonly db: Database.Database,
    private readonly orgId: string,
    private readonly options: { accessTokenTtlMs: number; clock: () => number },
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS "_emulator_refresh_token" (
      hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`);
  }

  /** `00D…!AQ…`: the org Id, '!', then opaque text, as the Salesforce CLI expects. */
  issueAccessToken(grant: TokenGrant, refreshHash?: string): { token: string; hash: string } {
    const token = `${this.orgId}!AQ${randomTokenText(72)}`;
    const hash = hashSecret(token);
    if (this.accessTokens.size >= MAX_ACCESS_TOKENS) this.pruneAccessTokens();
    this.accessTokens.set(hash, {
      ...grant,
      scopes: [...grant.scopes],
      expiresAt: this.options.clock() + this.options.accessTokenTtlMs,
      refreshHash,
    });
    return { token, hash };
  }

  issueRefreshToken(grant: TokenGrant): { token: string; hash: string } {
    const token = `5Aep861${randomTokenText(64)}`;
    const hash = hashSecret(token);
    this.db
      .prepare('INSERT INTO "_emulator_refresh_token" (hash, user_id, client_id, scopes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(hash, grant.userId, grant.clientId, grant.scopes.join(' '), this.options.clock());
    return { token, hash };
  }

  verifyAccessToken(token: string): AccessTokenRecord | undefined {
    const hash = hashSecret(token);
    const record = this.accessTokens.get(hash);
    if (!record) return undefined;
    if (record.expiresAt <= this.options.clock()) {
      this.accessTokens.delete(hash);
      return undefined;
    }
    return record;
  }

  findRefreshToken(token: string): (TokenGrant & { hash: string }) | undefined {
    const hash = hashSecret(token);
    const row = this.db.prepare('SELECT user_id, client_id, scopes FROM "_emulator_refresh_token" WHERE hash = ?').get(hash) as
      { user_id: string; client_id: string; scopes: string } | undefined;
    if (!row) return undefined;
    return {
      hash,
      userId: row.user_id,
      clientId: row.client_id,
      scopes: row.scopes.split(' ').filter(Boolean),
    };
  }

  revokeRefreshHash(hash: string): void {
    this.db.prepare('DELETE FROM "_emulator_refresh_token" WHERE hash = ?').run(hash);
    for (const [accessHash, record] of this.accessTokens) {
      if (record.refreshHash === hash) this.accessTokens.delete(accessHash);
    }
  }

  /**
   * Revokes an access token, or a refresh token together with the access tokens it issued.
   * False when the token is unknown.
   */
  revoke(token: string): boolean {
    const hash = hashSecret(token);
    if (this.accessTokens.delete(hash)) return true;
    if (this.findRefreshToken(token)) {
      this.revokeRefreshHash(hash);
      return true;
    }
    return false;
  }

  expireAllAccessTokens(): void {
    this.accessTokens.clear();
  }

  issueCode(record: Omit<AuthorizationCodeRecord, 'expiresAt' | 'used' | 'issuedAccessHashes'>): string {
    // Shaped like Salesforce's codes: base64 text that must be URL-encoded on the redirect.
    const code = `aPrx${randomBytes(48).toString('base64')}`;
    if (this.codes.size >= MAX_CODES) this.pruneCodes();
    this.codes.set(hashSecret(code), {
      ...record,
      expiresAt: this.options.clock() + AUTHORIZATION_CODE_TTL_MS,
      used: false,
      issuedAccessHashes: [],
    });
    return code;
  }

  /** The live, unused code record; a replayed code revokes what its first use issued. */
  takeCode(code: string): AuthorizationCodeRecord | undefined {
    const hash = hashSecret(code);
    const record = this.codes.get(hash);
    if (!record) return undefined;
    if (record.expiresAt <= this.options.clock()) {
      this.codes.delete(hash);
      return undefined;
    }
    if (record.used) {
      if (record.issuedRefreshHash) this.revokeRefreshHash(record.issuedRefreshHash);
      for (const accessHash of record.issuedAccessHashes) this.accessTokens.delete(accessHash);
      this.codes.delete(hash);
      return undefined;
    }
    record.used = true;
    return record;
  }

  private pruneAccessTokens(): void {
    const now = this.options.clock();
    for (const [hash, record] of this.accessTokens) {
      if (record.expiresAt <= now) this.accessTokens.delete(hash);
    }
    // Still full: drop the oldest (Map keeps insertion order).
    const excess = this.accessTokens.size - MAX_ACCESS_TOKENS + 1;
    if (excess > 0) {
      let n = 0;
      for (const hash of this.accessTokens.keys()) {
        if (n++ >= excess) break;
        this.accessTokens.delete(hash);
      }
    }
  }

  private pruneCodes(): void {
    const now = this.options.clock();
    for (const [hash, record] of this.codes) {
      if (record.expiresAt <= now) this.codes.delete(hash);
    }
    const excess = this.codes.size - MAX_CODES + 1;
    if (excess > 0) {
      let n = 0;
      for (const hash of this.codes.keys()) {
        if (n++ >= excess) break;
        this.codes.delete(hash);
      }
    }
  }
}
