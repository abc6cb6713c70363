/**
 * The one place jsforce lives. Each connection gets one jsforce Connection whose session refresh
 * goes through the vault's single-flight refresh. Callers get domain-sized operations (query a
 * built SOQL string, count, create, describe) — the renderer never supplies SOQL or URLs — and
 * every request URL is pinned to the connection's own instance origin before a token is attached.
 */
import { Connection, type ConnectionConfig } from 'jsforce';
// Not re-exported by the package root; the file is part of jsforce's published lib.
import { HttpProxyTransport } from 'jsforce/lib/transport.js';
import { AppError } from '../../../shared/errors';
import { sessionExpired, type TokenVault } from '../auth/token-vault';
import type { Logger } from '../logger';
import type { ConnectionRecord } from '../storage/connections.repo';
import { mapSalesforceError } from './errors';

export interface QueryResult<T> {
  totalSize: number;
  done: boolean;
  records: T[];
}

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
}

export interface DescribeField {
  name: string;
  label: string;
  type: string;
  picklistValues?: PicklistEntry[];
  externalId?: boolean;
  unique?: boolean;
}

export interface DescribeResult {
  name: string;
  fields: DescribeField[];
}

export interface SalesforceSession {
  readonly connectionId: string;
  query<T>(soql: string): Promise<QueryResult<T>>;
  /** Runs `SELECT COUNT() FROM ...` and returns the count. */
  count(soql: string): Promise<number>;
  create(sobject: string, values: Record<string, unknown>): Promise<string>;
  /** Cached per connection for the life of the process (forms only need picklists). */
  describe(sobject: string): Promise<DescribeResult>;
  /**
   * One REST call under `/services/data/vXX.X` for the offline outbox: any method, extra headers
   * (If-Unmodified-Since), no automatic retries (the outbox owns retry and backoff). Errors are
   * jsforce's own (errorCode, data) so the caller sees the exact Salesforce code; a session that
   * cannot be refreshed is an AppError SESSION_EXPIRED.
   */
  send<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<T>;
}

export interface LoginIdentity {
  username: string;
  displayName: string;
  profileId: string | null;
}

export interface SalesforceGateway {
  /**
   * Reads the logged-in user's User row (username, name, profile) with a just-issued access token,
   * before the connection is stored. Needs only the `api` scope.
   */
  fetchLoginIdentity(params: { instanceUrl: string; accessToken: string; userId: string }): Promise<LoginIdentity>;
  session(connection: ConnectionRecord): Promise<SalesforceSession>;
  /** Drops the cached jsforce Connection and describes (after a new login or a disconnect). */
  forget(connectionId: string): void;
  /**
   * Internal to the core (the sync engine): the connection's jsforce Connection, its instance and
   * API version, and the error translation the session uses. Never exposed to the renderer.
   */
  connection(record: ConnectionRecord): Promise<RawConnection>;
}

export interface RawConnection {
  conn: Connection;
  instanceUrl: string;
  version: string;
  /** Maps a jsforce/Salesforce error to an AppError (refresh failures included). */
  translate(err: unknown): unknown;
  /** Marks the connection as used (ordering of the org list). */
  touch(): void;
}

export interface RetryPolicy {
  maxRetries: number;
  minTimeout: number;
}

export interface GatewayDeps {
  vault: TokenVault;
  apiVersion: () => Promise<string>;
  log: Logger;
  /** jsforce retries idempotent requests on 5xx/network errors; bounded so the UI hears back quickly. */
  retry?: RetryPolicy;
  requestTimeoutMs?: number;
  onUse?: (connectionId: string) => void;
}

const REFRESH_FAILURE_PREFIX = 'Unable to refresh session due to:';
/** More refreshes than this within the window means Salesforce rejects every new token: stop looping. */
const MAX_REFRESHES_PER_WINDOW = 4;
const REFRESH_WINDOW_MS = 10_000;

/** Throws unless `url` is on exactly the instance's origin. */
export function assertInstanceOrigin(instanceUrl: string, url: string): string {
  const target = new URL(url);
  if (target.origin !== new URL(instanceUrl).origin) {
    throw new AppError('INTERNAL', 'Refused to send a request outside the connected org.');
  }
  return target.toString();
}

interface Entry {
  conn: Connection;
  instanceUrl: string;
  version: string;
  describes: Map<string, Promise<DescribeResult>>;
  lastRefreshError?: unknown;
  recentRefreshes: number[];
}

export function createSalesforceGateway(deps: GatewayDeps): SalesforceGateway {
  const { vault, log } = deps;
  const retry = deps.retry ?? { maxRetries: 2, minTimeout: 400 };
  const timeout = deps.requestTimeoutMs ?? 60_000;
  const entries = new Map<string, Entry>();

  const makeEntry = (record: ConnectionRecord, accessToken: string, version: string): Entry => {
    const entry: Entry = {
      conn: undefined as unknown as Connection,
      instanceUrl: record.instanceUrl,
      version,
      describes: new Map(),
      recentRefreshes: [],
    };
    entry.conn = newConnection({
      instanceUrl: record.instanceUrl,
      accessToken,
      version,
      // jsforce calls this on a 401; the vault makes it one refresh per connection for all callers.
      refreshFn: (conn, callback) => {
        const now = Date.now();
        entry.recentRefreshes = entry.recentRefreshes.filter((t) => now - t < REFRESH_WINDOW_MS);
        if (entry.recentRefreshes.length >= MAX_REFRESHES_PER_WINDOW) {
          const err = new AppError('SALESFORCE', 'Salesforce keeps rejecting new sessions for this org. Try again in a minute, or log in again.');
          entry.lastRefreshError = err;
          callback(err);
          return;
        }
        entry.recentRefreshes.push(now);
        vault.refresh(record.id, conn.accessToken ?? undefined).then(
          (token) => callback(null, token),
          (err: unknown) => {
            entry.lastRefreshError = err;
            callback(err instanceof Error ? err : new Error(String(err)));
          },
        );
      },
    });
    return entry;
  };

  const translate = (entry: Entry, err: unknown): unknown => {
    // jsforce wraps refresh failures in a plain Error; the vault's AppError is the real answer.
    if (err instanceof Error && err.message.startsWith(REFRESH_FAILURE_PREFIX) && entry.lastRefreshError) {
      const cause = entry.lastRefreshError;
      entry.lastRefreshError = undefined;
      return mapSalesforceError(cause) ?? cause;
    }
    return mapSalesforceError(err) ?? err;
  };

  const makeSession = (record: ConnectionRecord, entry: Entry): SalesforceSession => {
    const call = async <T>(
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      path: string,
      options: { body?: unknown; headers?: Record<string, string>; retry: RetryPolicy; raw: boolean },
    ): Promise<T> => {
      const url = assertInstanceOrigin(entry.instanceUrl, `${entry.instanceUrl}/services/data/v${entry.version}${path}`);
      const headers = { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
      try {
        const result = await entry.conn.request<T>(
          {
            method,
            url,
            ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
            ...(Object.keys(headers).length ? { headers } : {}),
          },
          { retry: options.retry, timeout },
        );
        deps.onUse?.(record.id);
        return result;
      } catch (err) {
        const translated = translate(entry, err);
        // Raw callers keep jsforce's error (exact errorCode) unless it is the session failing.
        throw options.raw && !(translated instanceof AppError && translated.code === 'SESSION_EXPIRED') ? err : translated;
      }
    };
    const request = <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => call<T>(method, path, { body, retry, raw: false });

    return {
      connectionId: record.id,
      query: <T>(soql: string) => request<QueryResult<T>>('GET', `/query?q=${encodeURIComponent(soql)}`),
      async count(soql) {
        const result = await request<QueryResult<unknown>>('GET', `/query?q=${encodeURIComponent(soql)}`);
        return result.totalSize;
      },
      async create(sobject, values) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(sobject)) throw new AppError('INTERNAL', 'Bad object name');
        const result = await request<{ id?: string; success?: boolean }>('POST', `/sobjects/${sobject}`, values);
        if (!result || typeof result.id !== 'string') throw new AppError('SALESFORCE', 'Salesforce did not confirm the new record.');
        return result.id;
      },
      describe(sobject) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(sobject)) return Promise.reject(new AppError('INTERNAL', 'Bad object name'));
        let pending = entry.describes.get(sobject);
        if (!pending) {
          pending = request<DescribeResult>('GET', `/sobjects/${sobject}/describe`);
          entry.describes.set(sobject, pending);
          // Failures are not cached: the next form open tries again.
          pending.catch(() => entry.describes.delete(sobject));
        }
        return pending;
      },
      send: <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
        call<T>(method, path, { ...options, retry: { maxRetries: 0, minTimeout: retry.minTimeout }, raw: true }),
    };
  };

  const entryFor = async (record: ConnectionRecord): Promise<Entry> => {
    if (record.status !== 'connected') throw sessionExpired();
    const version = await deps.apiVersion();
    let entry = entries.get(record.id);
    if (!entry || entry.instanceUrl !== record.instanceUrl || entry.version !== version) {
      const accessToken = await vault.accessToken(record.id);
      entry = makeEntry(record, accessToken, version);
      entries.set(record.id, entry);
      log.debug(`Opened a Salesforce session for connection ${record.id}`);
    }
    return entry;
  };

  return {
    async session(record) {
      return makeSession(record, await entryFor(record));
    },

    async connection(record) {
      const entry = await entryFor(record);
      return {
        conn: entry.conn,
        instanceUrl: entry.instanceUrl,
        version: entry.version,
        translate: (err) => translate(entry, err),
        touch: () => deps.onUse?.(record.id),
      };
    },

    forget(connectionId) {
      entries.delete(connectionId);
    },

    async fetchLoginIdentity({ instanceUrl, accessToken, userId }) {
      if (!/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(userId)) throw new AppError('LOGIN_FAILED', 'Salesforce sent an unexpected user id.');
      const version = await deps.apiVersion();
      const conn = newConnection({ instanceUrl, accessToken, version });
      const soql = `SELECT Id, Username, Name, ProfileId FROM User WHERE Id = '${userId}'`;
      const url = assertInstanceOrigin(instanceUrl, `${instanceUrl}/services/data/v${version}/query?q=${encodeURIComponent(soql)}`);
      let result: QueryResult<Record<string, unknown>>;
      try {
        result = await conn.request<QueryResult<Record<string, unknown>>>({ method: 'GET', url }, { retry, timeout });
      } catch (err) {
        throw mapSalesforceError(err) ?? err;
      }
      const row = result.records?.[0];
      if (!row || typeof row.Username !== 'string') {
        throw new AppError('LOGIN_FAILED', 'Salesforce did not return your user details. Try logging in again.');
      }
      return {
        username: row.Username,
        displayName: typeof row.Name === 'string' && row.Name ? row.Name : row.Username,
        profileId: typeof row.ProfileId === 'string' ? row.ProfileId : null,
      };
    },
  };
}

/**
 * jsforce sends every request through HTTP(S)_PROXY when one is set, and has no NO_PROXY. Real orgs
 * keep that behaviour (corporate proxies), but the embedded Demo org lives on 127.0.0.1 and a proxy
 * could never reach it, so loopback instances get a transport that bypasses the proxy.
 */
function newConnection(config: ConnectionConfig & { instanceUrl: string }): Connection {
  const conn = new Connection(config);
  if (isLoopbackUrl(config.instanceUrl)) {
    // An explicit `httpProxy: undefined` overrides the environment default inside jsforce's request.
    conn._transport = new HttpProxyTransport(undefined as unknown as string);
  }
  return conn;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}
