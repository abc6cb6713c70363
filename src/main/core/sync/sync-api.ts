/**
 * The Salesforce calls the sync engine makes, over one connection's jsforce Connection: REST
 * query/queryAll with cursor paging, one Composite request, and Bulk API 2.0 query jobs read
 * page by page (each results page carries the locator of the next, which the engine commits).
 * Every HTTP request counts one in `calls` (the figure the bench and tests compare with the floor).
 */
// Not re-exported by the package root; the file is part of jsforce's published lib.
// eslint-disable-next-line local/code-import-patterns -- predates the rule; belongs in core/salesforce with the rest of jsforce
import { HttpApi } from 'jsforce/lib/http-api.js';
import { AppError } from '../../../shared/errors';
import type { RawConnection } from '../salesforce/gateway';
import { assertInstanceOrigin } from '../salesforce/gateway';

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Array<Record<string, unknown>>;
}

export interface CompositeGet {
  referenceId: string;
  /** Path under /services/data/vXX.X, e.g. `/queryAll?q=...`. */
  path: string;
}

export interface CompositeAnswer {
  status: number;
  body: unknown;
}

export interface BulkPage {
  records: Array<Record<string, string>>;
  /** Locator of the next page; null after the last one. */
  locator: string | null;
}

export interface SyncApi {
  readonly calls: number;
  query(soql: string, options?: { includeDeleted?: boolean }): Promise<QueryPage>;
  queryMore(nextRecordsUrl: string): Promise<QueryPage>;
  composite(requests: CompositeGet[]): Promise<Map<string, CompositeAnswer>>;
  bulkQueryStart(soql: string): Promise<string>;
  /** Resolves when the job is JobComplete; throws when it failed or was aborted, or on `signal`. */
  bulkQueryWait(jobId: string, signal?: AbortSignal): Promise<void>;
  bulkQueryPage(jobId: string, locator: string | null, maxRecords: number): Promise<BulkPage>;
}

const BULK_POLL_MS = 250;
const BULK_TIMEOUT_MS = 30 * 60_000;

export function createSyncApi(raw: RawConnection, options: { timeoutMs?: number } = {}): SyncApi {
  const { conn, instanceUrl, version } = raw;
  const timeout = options.timeoutMs ?? 120_000;
  const base = `${instanceUrl}/services/data/v${version}`;
  let calls = 0;

  const request = async <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
    const target = assertInstanceOrigin(instanceUrl, url);
    calls++;
    try {
      const result = await conn.request<T>(
        { method, url: target, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) },
        // Query reads are idempotent: jsforce may retry them on a dropped connection.
        { retry: { maxRetries: 2, minTimeout: 400 }, timeout },
      );
      raw.touch();
      return result;
    } catch (err) {
      throw raw.translate(err);
    }
  };

  return {
    get calls() {
      return calls;
    },
    query: (soql, opts) => request<QueryPage>('GET', `${base}/${opts?.includeDeleted ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`),
    queryMore(nextRecordsUrl) {
      if (!nextRecordsUrl.startsWith('/services/data/')) throw new AppError('SALESFORCE', 'Salesforce sent an unexpected query locator.');
      return request<QueryPage>('GET', `${instanceUrl}${nextRecordsUrl}`);
    },
    async composite(requests) {
      const body = {
        allOrNone: false,
        compositeRequest: requests.map((r) => ({ method: 'GET', url: `/services/data/v${version}${r.path}`, referenceId: r.referenceId })),
      };
      const result = await request<{ compositeResponse?: Array<{ referenceId: string; httpStatusCode: number; body: unknown }> }>(
        'POST',
        `${base}/composite`,
        body,
      );
      const answers = new Map<string, CompositeAnswer>();
      for (const item of result.compositeResponse ?? []) answers.set(item.referenceId, { status: item.httpStatusCode, body: item.body });
      return answers;
    },
    async bulkQueryStart(soql) {
      const job = await request<{ id?: string }>('POST', `${base}/jobs/query`, { operation: 'query', query: soql });
      if (typeof job.id !== 'string' || !/^[A-Za-z0-9]{15,18}$/.test(job.id)) throw new AppError('SALESFORCE', 'Salesforce did not start the bulk query.');
      return job.id;
    },
    async bulkQueryWait(jobId, signal) {
      const deadline = Date.now() + BULK_TIMEOUT_MS;
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const info = await request<{ state?: string; errorMessage?: string }>('GET', `${base}/jobs/query/${jobId}`);
        if (info.state === 'JobComplete') return;
        if (info.state === 'Failed' || info.state === 'Aborted') {
          throw new AppError('SALESFORCE', `The bulk query ${info.state === 'Failed' ? 'failed' : 'was aborted'}${info.errorMessage ? `: ${info.errorMessage}` : ''}.`);
        }
        if (Date.now() > deadline) throw new AppError('NETWORK', 'The bulk query took too long.');
        await new Promise((resolve) => setTimeout(resolve, BULK_POLL_MS));
      }
    },
    async bulkQueryPage(jobId, locator, maxRecords) {
      const params = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) params.set('locator', locator);
      const url = assertInstanceOrigin(instanceUrl, `${base}/jobs/query/${jobId}/results?${params}`);
      const api = new HttpApi(conn, { responseType: 'text/csv' });
      let next: string | null = null;
      api.on('response', (response: { headers?: Record<string, string> }) => {
        const header = response.headers?.['sforce-locator'];
        next = header && header !== 'null' ? header : null;
      });
      calls++;
      try {
        const records = (await api.request({ method: 'GET', url, headers: { Accept: 'text/csv' } })) as unknown;
        raw.touch();
        return { records: Array.isArray(records) ? (records as Array<Record<string, string>>) : [], locator: next };
      } catch (err) {
        throw raw.translate(err);
      }
    },
  };
}
