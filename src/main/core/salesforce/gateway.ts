/**
 * The one place jsforce lives (with the metered transport it sends through). Each connection gets
 * one jsforce Connection whose session refresh goes through the vault's single-flight refresh.
 * Callers get domain-sized operations (query a built SOQL string, count, create, describe) — the
 * renderer never supplies SOQL or URLs — and every request URL is pinned to the connection's own
 * instance origin before a token is attached.
 *
 * Every request goes through the MeteredTransport installed on each Connection: metered on the
 * API meter, throttled per org, redirects kept on the instance. Whoever opens a session or a raw
 * connection says what it is for (`CallUse`: feature, background), and every request of it is
 * attributed to that.
 */
import { Connection, type ConnectionConfig } from 'jsforce';
// Not re-exported by the package root; the files are part of jsforce's published lib.
import { HttpApi } from 'jsforce/lib/http-api.js';
import { SOAP } from 'jsforce/lib/soap.js';
import { ApiSchemas } from 'jsforce/lib/api/soap/schema.js';
import { AppError } from '../../../shared/errors';
import type { ApiFeature } from '../../../shared/ipc/api-usage';
import { sessionExpired, type TokenVault } from '../auth/token-vault';
import type { Logger } from '../logger';
import type { ConnectionRecord } from '../storage/connections.repo';
import type { ApiMeter, CallUse } from './api-meter';
import { mapSalesforceError } from './errors';
import { MeteredTransport, type MeteredRequestOptions } from './metered-transport';

export type { CallUse } from './api-meter';

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
  /** Whether SOQL may filter on it (long text areas may not). */
  filterable?: boolean;
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
  send<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: SendOptions): Promise<T>;
  /**
   * Up to five SOQL queries in one Composite call (Salesforce's limit of query subrequests), each
   * answered on its own: its first page of rows, or null when Salesforce refused that one.
   */
  compositeQuery(queries: ReadonlyArray<{ referenceId: string; soql: string }>): Promise<Map<string, Array<Record<string, unknown>> | null>>;
  /**
   * Converts one lead through the SOAP API's convertLead() (Salesforce converts leads nowhere
   * else). Sent once, never retried: a conversion is not idempotent. A refusal of the lead comes
   * back as the outcome's errors; a fault or a network failure is thrown, mapped like any call.
   */
  convertLead(request: LeadConvertRequest): Promise<LeadConvertOutcome>;
}

/** One lead to convert (SOAP API convertLead(), its LeadConvert argument); absent Ids mean "new". */
export interface LeadConvertRequest {
  leadId: string;
  convertedStatus: string;
  accountId?: string;
  contactId?: string;
  doNotCreateOpportunity: boolean;
  opportunityName?: string;
  ownerId?: string;
}

/** LeadConvertResult: the Ids on success, Salesforce's errors otherwise. */
export interface LeadConvertOutcome {
  success: boolean;
  leadId: string | null;
  accountId: string | null;
  contactId: string | null;
  opportunityId: string | null;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

export interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** This one call is for another feature than the session's (e.g. a describe through a records session). */
  feature?: ApiFeature;
  /** This one call is background work (e.g. the outbox's probe). */
  background?: boolean;
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
  /** A session whose calls are attributed to `use` (a describe through it is always `describe`). */
  session(connection: ConnectionRecord, use: CallUse): Promise<SalesforceSession>;
  /** Drops the cached jsforce Connection and describes (after a new login or a disconnect). */
  forget(connectionId: string): void;
  /**
   * Internal to the core (the sync engine): requests by URL on the connection's instance, its API
   * version, every call attributed to `use`. Never exposed to the renderer.
   */
  connection(record: ConnectionRecord, use: CallUse): Promise<RawConnection>;
}

/** Requests by URL for the sync engine and the SOQL console (REST paging, Composite, Bulk API 2.0 and its abort). */
export interface RawConnection {
  instanceUrl: string;
  version: string;
  /**
   * A JSON request to a URL on the instance (absolute, or a path from the root such as a
   * `nextRecordsUrl`). Errors come out translated (AppError where one fits); the connection is
   * marked used on success.
   */
  requestJson<T>(method: 'GET' | 'POST' | 'PATCH', url: string, options?: { body?: unknown; retry?: RetryPolicy; timeoutMs?: number }): Promise<T>;
  /**
   * A `text/csv` GET (Bulk API 2.0 results): the parsed rows and the `Sforce-Locator` of the next
   * page (null after the last one). Errors as for requestJson.
   */
  getCsv(url: string, options?: { retry?: RetryPolicy; timeoutMs?: number }): Promise<CsvPage>;
}

export interface CsvPage {
  rows: Array<Record<string, string>>;
  locator: string | null;
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
  /** Every request is metered and throttled here (one meter per app core). */
  meter: ApiMeter;
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
  record: ConnectionRecord;
  conn: Connection;
  instanceUrl: string;
  version: string;
  describes: Map<string, Promise<DescribeResult>>;
  lastRefreshError?: unknown;
  recentRefreshes: number[];
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export function createSalesforceGateway(deps: GatewayDeps): SalesforceGateway {
  const { vault, log, meter } = deps;
  const retry = deps.retry ?? { maxRetries: 2, minTimeout: 400 };
  const timeout = deps.requestTimeoutMs ?? 60_000;
  const entries = new Map<string, Entry>();

  const makeEntry = (record: ConnectionRecord, accessToken: string, version: string): Entry => {
    const entry: Entry = {
      record,
      conn: undefined as unknown as Connection,
      instanceUrl: record.instanceUrl,
      version,
      describes: new Map(),
      recentRefreshes: [],
    };
    entry.conn = newConnection(meter, record.id, {
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

  /** One jsforce request on the entry's Connection, pinned to its instance, attributed to `options.use`; errors as jsforce throws them. */
  const request = async <T>(
    entry: Entry,
    req: { method: Method; url: string; body?: unknown; headers?: Record<string, string> },
    options: MeteredRequestOptions,
  ): Promise<T> => {
    const url = assertInstanceOrigin(entry.instanceUrl, req.url);
    const headers = { ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers };
    const result = await entry.conn.request<T>(
      {
        method: req.method,
        url,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        ...(Object.keys(headers).length ? { headers } : {}),
      },
      { timeout, ...options },
    );
    deps.onUse?.(entry.record.id);
    return result;
  };

  const makeSession = (record: ConnectionRecord, entry: Entry, use: CallUse): SalesforceSession => {
    const call = async <T>(method: Method, path: string, options: SendOptions & { retry: RetryPolicy; raw: boolean }): Promise<T> => {
      const callUse: CallUse = { feature: options.feature ?? use.feature, background: options.background ?? use.background };
      const url = `${entry.instanceUrl}/services/data/v${entry.version}${path}`;
      try {
        return await request<T>(entry, { method, url, body: options.body, headers: options.headers }, { retry: options.retry, use: callUse });
      } catch (err) {
        const translated = translate(entry, err);
        // Raw callers keep jsforce's error (exact errorCode) unless it is the session failing.
        throw options.raw && !(translated instanceof AppError && translated.code === 'SESSION_EXPIRED') ? err : translated;
      }
    };
    const get = <T>(path: string, feature?: ApiFeature): Promise<T> => call<T>('GET', path, { retry, raw: false, feature });

    return {
      connectionId: record.id,
      query: <T>(soql: string) => get<QueryResult<T>>(`/query?q=${encodeURIComponent(soql)}`),
      async count(soql) {
        const result = await get<QueryResult<unknown>>(`/query?q=${encodeURIComponent(soql)}`);
        return result.totalSize;
      },
      async create(sobject, values) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(sobject)) throw new AppError('INTERNAL', 'Bad object name');
        const result = await call<{ id?: string; success?: boolean }>('POST', `/sobjects/${sobject}`, { body: values, retry, raw: false });
        if (!result || typeof result.id !== 'string') throw new AppError('SALESFORCE', 'Salesforce did not confirm the new record.');
        return result.id;
      },
      describe(sobject) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(sobject)) return Promise.reject(new AppError('INTERNAL', 'Bad object name'));
        let pending = entry.describes.get(sobject);
        if (!pending) {
          pending = get<DescribeResult>(`/sobjects/${sobject}/describe`, 'describe');
          entry.describes.set(sobject, pending);
          // Failures are not cached: the next form open tries again.
          pending.catch(() => entry.describes.delete(sobject));
        }
        return pending;
      },
      send: <T>(method: Method, path: string, options: SendOptions = {}) =>
        call<T>(method, path, { ...options, retry: { maxRetries: 0, minTimeout: retry.minTimeout }, raw: true }),
      async compositeQuery(queries) {
        if (queries.length > 5) throw new AppError('INTERNAL', 'At most five queries fit one Composite call.');
        const body = {
          allOrNone: false,
          compositeRequest: queries.map((q) => ({
            method: 'GET',
            url: `/services/data/v${entry.version}/query?q=${encodeURIComponent(q.soql)}`,
            referenceId: q.referenceId,
          })),
        };
        type Answer = { compositeResponse?: Array<{ referenceId: string; httpStatusCode: number; body: { records?: Array<Record<string, unknown>> } }> };
        const answer = await call<Answer>('POST', '/composite', { body, retry, raw: false });
        const out = new Map<string, Array<Record<string, unknown>> | null>(queries.map((q) => [q.referenceId, null]));
        for (const item of answer.compositeResponse ?? []) {
          if (item.httpStatusCode === 200) out.set(item.referenceId, item.body?.records ?? []);
        }
        return out;
      },
      convertLead: (request) => convertLead(entry, use, request),
    };
  };

  const convertLead = async (entry: Entry, use: CallUse, request: LeadConvertRequest): Promise<LeadConvertOutcome> => {
    // jsforce's conn.soap.convertLead builds this same endpoint, but without the request options
    // the metered transport needs (who the call is for, no retry): the SOAP class is used directly.
    const options: MeteredRequestOptions = { use, retry: { maxRetries: 0 }, timeout };
    const soap = new SOAP(entry.conn, {
      xmlns: 'urn:partner.soap.sforce.com',
      endpointUrl: assertInstanceOrigin(entry.instanceUrl, `${entry.instanceUrl}/services/Soap/u/${entry.version}`),
      ...options,
    } as ConstructorParameters<typeof SOAP>[1]);
    try {
      const result = (await soap.invoke(
        'convertLead',
        { leadConverts: [leadConvertMessage(request)] },
        { result: [ApiSchemas.LeadConvertResult] },
        ApiSchemas,
      )) as {
        result: LeadConvertOutcome[];
      };
      deps.onUse?.(entry.record.id);
      const first = result.result[0];
      if (!first) throw new AppError('SALESFORCE', 'Salesforce did not answer the conversion.');
      return {
        success: first.success === true,
        leadId: first.leadId ?? null,
        accountId: first.accountId ?? null,
        contactId: first.contactId ?? null,
        opportunityId: first.opportunityId ?? null,
        errors: (first.errors ?? []).map((e) => ({
          statusCode: String(e.statusCode),
          message: String(e.message ?? ''),
          fields: [e.fields ?? []].flat().map(String),
        })),
      };
    } catch (err) {
      throw translate(entry, soapFault(err));
    }
  };

  const makeRawConnection = (entry: Entry, use: CallUse): RawConnection => {
    const absolute = (url: string) => (url.startsWith('/') ? `${entry.instanceUrl}${url}` : url);
    const options = (o: { retry?: RetryPolicy; timeoutMs?: number }): MeteredRequestOptions => ({
      retry: o.retry ?? retry,
      use,
      ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}),
    });
    return {
      instanceUrl: entry.instanceUrl,
      version: entry.version,
      async requestJson<T>(method: 'GET' | 'POST' | 'PATCH', url: string, o: { body?: unknown; retry?: RetryPolicy; timeoutMs?: number } = {}) {
        try {
          return await request<T>(entry, { method, url: absolute(url), body: o.body }, options(o));
        } catch (err) {
          throw translate(entry, err);
        }
      },
      async getCsv(url, o = {}) {
        const target = assertInstanceOrigin(entry.instanceUrl, absolute(url));
        // HttpApi rather than Connection.request: the locator of the next page is a response header.
        const api = new HttpApi(entry.conn, { responseType: 'text/csv', timeout, ...options(o) });
        let locator: string | null = null;
        api.on('response', (response: { headers?: Record<string, string> }) => {
          const header = response.headers?.['sforce-locator'];
          locator = header && header !== 'null' ? header : null;
        });
        try {
          const rows = (await api.request({ method: 'GET', url: target, headers: { Accept: 'text/csv' } })) as unknown;
          deps.onUse?.(entry.record.id);
          return { rows: Array.isArray(rows) ? (rows as Array<Record<string, string>>) : [], locator };
        } catch (err) {
          throw translate(entry, err);
        }
      },
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
    async session(record, use) {
      return makeSession(record, await entryFor(record), use);
    },

    async connection(record, use) {
      return makeRawConnection(await entryFor(record), use);
    },

    forget(connectionId) {
      entries.delete(connectionId);
    },

    async fetchLoginIdentity({ instanceUrl, accessToken, userId }) {
      if (!/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(userId)) throw new AppError('LOGIN_FAILED', 'Salesforce sent an unexpected user id.');
      const version = await deps.apiVersion();
      // No connection exists yet: the calls are metered without one (connectionId null).
      const conn = newConnection(meter, null, { instanceUrl, accessToken, version });
      const soql = `SELECT Id, Username, Name, ProfileId FROM User WHERE Id = '${userId}'`;
      const url = assertInstanceOrigin(instanceUrl, `${instanceUrl}/services/data/v${version}/query?q=${encodeURIComponent(soql)}`);
      let result: QueryResult<Record<string, unknown>>;
      try {
        const options: MeteredRequestOptions = { retry, timeout, use: { feature: 'auth' } };
        result = await conn.request<QueryResult<Record<string, unknown>>>({ method: 'GET', url }, options);
      } catch (err) {
        throw mapSalesforceError(err) ?? err;
      }
      return identityOf(result.records?.[0]);
    },
  };
}

/**
 * The LeadConvert element, its children in the WSDL's order (the partner WSDL declares them
 * alphabetically, and a strict server refuses another order); absent optional ones left out.
 */
function leadConvertMessage(request: LeadConvertRequest): Record<string, unknown> {
  return {
    ...(request.accountId ? { accountId: request.accountId } : {}),
    ...(request.contactId ? { contactId: request.contactId } : {}),
    convertedStatus: request.convertedStatus,
    doNotCreateOpportunity: request.doNotCreateOpportunity,
    leadId: request.leadId,
    ...(request.opportunityName ? { opportunityName: request.opportunityName } : {}),
    overwriteLeadSource: false,
    ...(request.ownerId ? { ownerId: request.ownerId } : {}),
    sendNotificationEmail: false,
  };
}

/** A SOAP fault's code comes prefixed (`sf:INVALID_FIELD`): the error mapping knows the bare code. */
function soapFault(err: unknown): unknown {
  const code = (err as { errorCode?: unknown } | null)?.errorCode;
  if (err instanceof Error && typeof code === 'string' && code.includes(':')) {
    return Object.assign(err, { errorCode: code.slice(code.lastIndexOf(':') + 1) });
  }
  return err;
}

function identityOf(row: Record<string, unknown> | undefined): LoginIdentity {
  if (!row || typeof row.Username !== 'string') {
    throw new AppError('LOGIN_FAILED', 'Salesforce did not return your user details. Try logging in again.');
  }
  return {
    username: row.Username,
    displayName: typeof row.Name === 'string' && row.Name ? row.Name : row.Username,
    profileId: typeof row.ProfileId === 'string' ? row.ProfileId : null,
  };
}

/**
 * A jsforce Connection whose every request goes through the metered transport (which also keeps
 * loopback instances off HTTP(S)_PROXY while real orgs keep it). jsforce's own OAuth2 client is
 * never used: session refresh goes through `refreshFn` (the vault and the metered fetch).
 */
function newConnection(meter: ApiMeter, connectionId: string | null, config: ConnectionConfig & { instanceUrl: string }): Connection {
  const conn = new Connection(config);
  conn._transport = new MeteredTransport(meter, { connectionId, instanceUrl: config.instanceUrl });
  return conn;
}
