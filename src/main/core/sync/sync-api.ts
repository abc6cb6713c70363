/**
 * The Salesforce calls the sync engine makes, over one connection's raw gateway connection: REST
 * query/queryAll with cursor paging, one Composite request, and Bulk API 2.0 query jobs read
 * page by page (each results page carries the locator of the next, which the engine commits).
 * Every request counts one in `calls` (the figure the bench and tests compare with the floor);
 * the API meter sees each HTTP request, retries included. URLs are pinned to the instance by the
 * gateway.
 */
import { AppError } from '../../../shared/errors';
import type { RawConnection } from '../salesforce/gateway';

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

/**
 * A query job that ended without its results (Failed or Aborted) as the error to show, in
 * Salesforce's words when it gave some; null for any other state. The console's exports read
 * their jobs the same way.
 */
export function bulkJobError(state: string | undefined, errorMessage?: string | null): AppError | null {
  if (state !== 'Failed' && state !== 'Aborted') return null;
  return new AppError('SALESFORCE', `The bulk query ${state === 'Failed' ? 'failed' : 'was aborted'}${errorMessage ? `: ${errorMessage}` : ''}.`);
}

const BULK_POLL_MS = 250;
const BULK_TIMEOUT_MS = 30 * 60_000;

export function createSyncApi(raw: RawConnection, options: { timeoutMs?: number } = {}): SyncApi {
  const { instanceUrl, version } = raw;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const base = `${instanceUrl}/services/data/v${version}`;
  // Query reads are idempotent: they may be retried on a dropped connection.
  const retry = { maxRetries: 2, minTimeout: 400 };
  let calls = 0;

  const request = <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
    calls++;
    return raw.requestJson<T>(method, url, { body, retry, timeoutMs });
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
          throw new AppError(
            'SALESFORCE',
            `The bulk query ${info.state === 'Failed' ? 'failed' : 'was aborted'}${info.errorMessage ? `: ${info.errorMessage}` : ''}.`,
          );
        }
        if (Date.now() > deadline) throw new AppError('NETWORK', 'The bulk query took too long.');
        await new Promise((resolve) => setTimeout(resolve, BULK_POLL_MS));
      }
    },
    async bulkQueryPage(jobId, locator, maxRecords) {
      const params = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) params.set('locator', locator);
      calls++;
      const page = await raw.getCsv(`${base}/jobs/query/${jobId}/results?${params}`, { retry, timeoutMs });
      return { records: page.rows, locator: page.locator };
    },
  };
}
