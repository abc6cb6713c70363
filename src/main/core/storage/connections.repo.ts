/**
 * Repository functions for the `connections` table. They take the database handle, use prepared
 * statements only, and never decrypt: token columns go in and out as opaque blobs.
 */
import type Database from 'better-sqlite3';
import type { OrgEnvironment } from '../../../shared/ipc';

export type ConnectionStatus = 'connected' | 'needs-login';

/** Who and where a login connected: what the OAuth flow learns, stored as given. */
export interface ConnectionIdentity {
  environment: OrgEnvironment;
  loginUrl: string;
  instanceUrl: string;
  clientId: string;
  orgId: string;
  userId: string;
  profileId: string | null;
  username: string;
  displayName: string;
  scope: string | null;
  issuedAt: number | null;
}

export interface ConnectionRecord extends ConnectionIdentity {
  id: string;
  expiresAt: number | null;
  status: ConnectionStatus;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  hasStoredTokens: boolean;
}

export interface EncryptedTokens {
  accessTokenEnc: Buffer | null;
  refreshTokenEnc: Buffer | null;
}

interface Row {
  id: string;
  environment: OrgEnvironment;
  login_url: string;
  instance_url: string;
  client_id: string;
  org_id: string;
  user_id: string;
  profile_id: string | null;
  username: string;
  display_name: string;
  scope: string | null;
  issued_at: number | null;
  expires_at: number | null;
  status: ConnectionStatus;
  active: number;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  has_tokens: number;
}

const COLUMNS = `id, environment, login_url, instance_url, client_id, org_id, user_id, profile_id, username,
  display_name, scope, issued_at, expires_at, status, active, created_at, updated_at, last_used_at,
  (access_token_enc IS NOT NULL OR refresh_token_enc IS NOT NULL) AS has_tokens`;

function toRecord(row: Row): ConnectionRecord {
  return {
    id: row.id,
    environment: row.environment,
    loginUrl: row.login_url,
    instanceUrl: row.instance_url,
    clientId: row.client_id,
    orgId: row.org_id,
    userId: row.user_id,
    profileId: row.profile_id,
    username: row.username,
    displayName: row.display_name,
    scope: row.scope,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    status: row.status,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
    hasStoredTokens: row.has_tokens === 1,
  };
}

const nowIso = () => new Date().toISOString();

/** Active first, then most recently used, then newest. */
export function listConnections(db: Database.Database): ConnectionRecord[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM connections ORDER BY active DESC, COALESCE(last_used_at, created_at) DESC, created_at DESC, id`)
    .all() as Row[];
  return rows.map(toRecord);
}

export function getConnection(db: Database.Database, id: string): ConnectionRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM connections WHERE id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

/** What every channel that needs an active org says when there is none. */
export const NOT_CONNECTED_MESSAGE = 'Connect a Salesforce org first.';

export function getActiveConnection(db: Database.Database): ConnectionRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM connections WHERE active = 1`).get() as Row | undefined;
  return row && toRecord(row);
}

export function findConnectionByOrgUser(db: Database.Database, orgId: string, userId: string): ConnectionRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM connections WHERE org_id = ? AND user_id = ?`).get(orgId, userId) as Row | undefined;
  return row && toRecord(row);
}

export function insertConnection(db: Database.Database, id: string, identity: ConnectionIdentity, tokens: EncryptedTokens): void {
  const now = nowIso();
  db.prepare(
    `INSERT INTO connections (id, environment, login_url, instance_url, client_id, org_id, user_id, profile_id, username,
       display_name, scope, issued_at, access_token_enc, refresh_token_enc, status, active, created_at, updated_at, last_used_at)
     VALUES (@id, @environment, @loginUrl, @instanceUrl, @clientId, @orgId, @userId, @profileId, @username,
       @displayName, @scope, @issuedAt, @accessTokenEnc, @refreshTokenEnc, 'connected', 0, @now, @now, @now)`,
  ).run({ id, ...identity, ...tokens, now });
}

/** A fresh login of an existing org + user: new identity details and tokens, status connected. */
export function updateConnectionLogin(db: Database.Database, id: string, identity: ConnectionIdentity, tokens: EncryptedTokens): void {
  db.prepare(
    `UPDATE connections SET environment = @environment, login_url = @loginUrl, instance_url = @instanceUrl,
       client_id = @clientId, profile_id = @profileId, username = @username, display_name = @displayName,
       scope = @scope, issued_at = @issuedAt, access_token_enc = @accessTokenEnc, refresh_token_enc = @refreshTokenEnc,
       status = 'connected', updated_at = @now, last_used_at = @now
     WHERE id = @id`,
  ).run({ id, ...identity, ...tokens, now: nowIso() });
}

export function readEncryptedTokens(db: Database.Database, id: string): EncryptedTokens | undefined {
  const row = db.prepare('SELECT access_token_enc, refresh_token_enc FROM connections WHERE id = ?').get(id) as
    { access_token_enc: Buffer | null; refresh_token_enc: Buffer | null } | undefined;
  return row && { accessTokenEnc: row.access_token_enc, refreshTokenEnc: row.refresh_token_enc };
}

/** Swaps one stored blob for a re-encrypted copy of the same token (key rotation). */
export function replaceEncryptedToken(db: Database.Database, id: string, which: keyof EncryptedTokens, blob: Buffer): void {
  const column = which === 'accessTokenEnc' ? 'access_token_enc' : 'refresh_token_enc';
  db.prepare(`UPDATE connections SET ${column} = ?, updated_at = ? WHERE id = ?`).run(blob, nowIso(), id);
}

/**
 * Stores refreshed tokens in one statement: a rotated refresh token is never saved without the
 * access token it came with, and neither is used before this returns.
 */
export function saveRefreshedTokens(
  db: Database.Database,
  id: string,
  update: { accessTokenEnc: Buffer | null; refreshTokenEnc?: Buffer | null; instanceUrl: string; issuedAt: number; scope?: string },
): void {
  const setRefresh = update.refreshTokenEnc !== undefined;
  db.prepare(
    `UPDATE connections SET access_token_enc = @accessTokenEnc,
       ${setRefresh ? 'refresh_token_enc = @refreshTokenEnc,' : ''}
       instance_url = @instanceUrl, issued_at = @issuedAt, scope = COALESCE(@scope, scope), updated_at = @now
     WHERE id = @id`,
  ).run({
    id,
    accessTokenEnc: update.accessTokenEnc,
    ...(setRefresh ? { refreshTokenEnc: update.refreshTokenEnc } : {}),
    instanceUrl: update.instanceUrl,
    issuedAt: update.issuedAt,
    scope: update.scope ?? null,
    now: nowIso(),
  });
}

/** Drops the tokens and marks the connection as needing a new login; identity stays. */
export function markNeedsLogin(db: Database.Database, id: string): void {
  db.prepare(`UPDATE connections SET access_token_enc = NULL, refresh_token_enc = NULL, status = 'needs-login', updated_at = ? WHERE id = ?`).run(nowIso(), id);
}

export function setActiveConnection(db: Database.Database, id: string): boolean {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM connections WHERE id = ?').get(id)) return false;
    db.prepare('UPDATE connections SET active = 0 WHERE active = 1 AND id <> ?').run(id);
    db.prepare('UPDATE connections SET active = 1, last_used_at = ? WHERE id = ?').run(nowIso(), id);
    return true;
  })();
}

export function touchLastUsed(db: Database.Database, id: string): void {
  db.prepare('UPDATE connections SET last_used_at = ? WHERE id = ?').run(nowIso(), id);
}

/** The Demo org moved (new emulator port): follow it. */
export function updateEndpoints(db: Database.Database, id: string, loginUrl: string, instanceUrl: string): void {
  db.prepare('UPDATE connections SET login_url = ?, instance_url = ?, updated_at = ? WHERE id = ?').run(loginUrl, instanceUrl, nowIso(), id);
}

export function deleteConnection(db: Database.Database, id: string): void {
  db.prepare('DELETE FROM connections WHERE id = ?').run(id);
}
