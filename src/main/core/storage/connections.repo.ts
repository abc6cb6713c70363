/**
 * Repository functions for the `connections` table. They take the database handle, use prepared
 * statements only, and never decrypt: the refresh token goes in and out as an opaque blob. Access
 * tokens are never stored (memory only; migration 0003 makes the database refuse them).
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

/** What a login stores: the refresh token sealed for this row, or null (memory mode, or none issued). */
export interface StoredTokens {
  refreshTokenEnc: Buffer | null;
}

/** A stored refresh token blob; `unbound` when it was written before blobs were sealed for their row (migration 0003). */
export interface StoredRefreshToken {
  blob: Buffer;
  unbound: boolean;
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
  (refresh_token_enc IS NOT NULL) AS has_tokens`;

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

export function insertConnection(db: Database.Database, id: string, identity: ConnectionIdentity, tokens: StoredTokens): void {
  const now = nowIso();
  db.prepare(
    `INSERT INTO connections (id, environment, login_url, instance_url, client_id, org_id, user_id, profile_id, username,
       display_name, scope, issued_at, refresh_token_enc, status, active, created_at, updated_at, last_used_at)
     VALUES (@id, @environment, @loginUrl, @instanceUrl, @clientId, @orgId, @userId, @profileId, @username,
       @displayName, @scope, @issuedAt, @refreshTokenEnc, 'connected', 0, @now, @now, @now)`,
  ).run({ id, ...identity, refreshTokenEnc: tokens.refreshTokenEnc, now });
}

/** A fresh login of an existing org + user: new identity details and refresh token, status connected. */
export function updateConnectionLogin(db: Database.Database, id: string, identity: ConnectionIdentity, tokens: StoredTokens): void {
  db.prepare(
    `UPDATE connections SET environment = @environment, login_url = @loginUrl, instance_url = @instanceUrl,
       client_id = @clientId, profile_id = @profileId, username = @username, display_name = @displayName,
       scope = @scope, issued_at = @issuedAt, refresh_token_enc = @refreshTokenEnc, refresh_token_unbound = 0,
       status = 'connected', updated_at = @now, last_used_at = @now
     WHERE id = @id`,
  ).run({ id, ...identity, refreshTokenEnc: tokens.refreshTokenEnc, now: nowIso() });
}

export function readStoredRefreshToken(db: Database.Database, id: string): StoredRefreshToken | undefined {
  const row = db.prepare('SELECT refresh_token_enc AS blob, refresh_token_unbound AS unbound FROM connections WHERE id = ?').get(id) as
    { blob: Buffer | null; unbound: number } | undefined;
  return row?.blob ? { blob: row.blob, unbound: row.unbound === 1 } : undefined;
}

/**
 * Swaps the stored refresh token blob for a new encryption of the same token (a rotated OS key, or
 * an unbound blob now sealed for its row), only if the row still holds `previous`: a rotation that
 * landed meanwhile is never overwritten with the older token.
 */
export function replaceRefreshTokenBlob(db: Database.Database, id: string, previous: Buffer, blob: Buffer): boolean {
  const result = db
    .prepare('UPDATE connections SET refresh_token_enc = ?, refresh_token_unbound = 0, updated_at = ? WHERE id = ? AND refresh_token_enc = ?')
    .run(blob, nowIso(), id, previous);
  return result.changes === 1;
}

/**
 * Stores what a refresh answered, in one statement: the rotated refresh token (when Salesforce
 * rotated it) with the instance details, before the new access token is used. The access token
 * itself is never stored.
 */
export function saveRefreshedTokens(
  db: Database.Database,
  id: string,
  update: { refreshTokenEnc?: Buffer | null; instanceUrl: string; issuedAt: number; scope?: string },
): void {
  const setRefresh = update.refreshTokenEnc !== undefined;
  db.prepare(
    `UPDATE connections SET
       ${setRefresh ? 'refresh_token_enc = @refreshTokenEnc, refresh_token_unbound = 0,' : ''}
       instance_url = @instanceUrl, issued_at = @issuedAt, scope = COALESCE(@scope, scope), updated_at = @now
     WHERE id = @id`,
  ).run({
    id,
    ...(setRefresh ? { refreshTokenEnc: update.refreshTokenEnc } : {}),
    instanceUrl: update.instanceUrl,
    issuedAt: update.issuedAt,
    scope: update.scope ?? null,
    now: nowIso(),
  });
}

/** Drops the stored token and marks the connection as needing a new login; identity stays. */
export function markNeedsLogin(db: Database.Database, id: string): void {
  db.prepare(`UPDATE connections SET refresh_token_enc = NULL, refresh_token_unbound = 0, status = 'needs-login', updated_at = ? WHERE id = ?`).run(
    nowIso(),
    id,
  );
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
