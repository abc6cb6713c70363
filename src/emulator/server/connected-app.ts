/**
 * The Demo org's connected app (who may ask for tokens, and where codes may be sent) and the
 * org's users as the login page sees them.
 */
import { timingSafeEqual } from 'node:crypto';
import { DEEP_LINK_REDIRECT_URI } from '../../shared/app-identity';
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_PASSWORD } from '../demo-app';
import type { OrgStore, SObjectRow } from '../org/types';

export interface ConnectedApp {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  /** Scopes the app may be granted; requests for others are ignored. */
  scopes: string[];
}

export const DEMO_CONNECTED_APP: ConnectedApp = {
  name: 'Atom for Salesforce',
  consumerKey: DEMO_CONSUMER_KEY,
  consumerSecret: DEMO_CONSUMER_SECRET,
  scopes: ['api', 'web', 'refresh_token', 'offline_access', 'id', 'openid', 'profile', 'email', 'address', 'phone', 'full'],
};

/** Granted when the request names no scope: what the app asks for by default. */
export const DEFAULT_SCOPES = ['refresh_token', 'api', 'web'];

export function findClient(clientId: string | null | undefined): ConnectedApp | undefined {
  return clientId && safeEqual(clientId, DEMO_CONNECTED_APP.consumerKey) ? DEMO_CONNECTED_APP : undefined;
}

/**
 * Registered callbacks: the app's deep link exactly, or any plain-http loopback URL (the app's
 * loopback listener and browser mode pick their own ports). Anything else is a mismatch.
 */
export function isRegisteredRedirectUri(redirectUri: string): boolean {
  if (redirectUri === DEEP_LINK_REDIRECT_URI) return true;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.username || url.password || url.hash) return false;
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost';
}

/** Resolves the requested scopes to what the app may grant (Salesforce drops unknown ones). */
export function grantScopes(app: ConnectedApp, requested: string | null | undefined): string[] {
  const asked = (requested ?? '').split(/[\s+]+/).filter(Boolean);
  if (asked.length === 0) return [...DEFAULT_SCOPES];
  const granted = [...new Set(asked.filter((s) => app.scopes.includes(s)))];
  return granted.length > 0 ? granted : [...DEFAULT_SCOPES];
}

/** Salesforce issues a refresh token only when the grant includes refresh_token (or offline_access). */
export function allowsRefreshToken(scopes: string[]): boolean {
  return scopes.includes('refresh_token') || scopes.includes('offline_access');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface OrgUser {
  id: string;
  username: string;
  row: SObjectRow;
}

/** A live, active user by username (case-insensitive, as Salesforce logins are). */
export function findActiveUserByUsername(store: OrgStore, username: string): OrgUser | undefined {
  const found = store.db.prepare('SELECT "Id" AS id FROM "User" WHERE lower("Username") = lower(?) AND "IsDeleted" = 0').get(username.trim()) as
    { id: string } | undefined;
  if (!found) return undefined;
  const user = getUser(store, found.id);
  if (!user || user.row.IsActive === false) return undefined;
  return user;
}

export function getUser(store: OrgStore, userId: string): OrgUser | undefined {
  const row = store.retrieve('User', userId);
  if (!row) return undefined;
  return { id: String(row.Id), username: String(row.Username ?? ''), row };
}

/** Every generated user shares the demo password: the org is local and generated. */
export function checkPassword(password: string): boolean {
  return safeEqual(password, DEMO_PASSWORD);
}
