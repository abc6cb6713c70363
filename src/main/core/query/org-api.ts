/**
 * The console's Salesforce calls, over a raw connection of the gateway taken with the feature
 * 'query-console' (metered, throttled, pinned to the instance): REST query/queryAll and their
 * next pages, the query plan (`/query?explain=`), and Bulk API 2.0 query jobs read a page at a
 * time and aborted on cancel. Every request counts one in `calls` (what a run reports as API
 * calls used).
 *
 * Bulk results are read page by page with `maxRecords` and the `Sforce-Locator` header rather
 * than through jsforce's `bulk2.query()`, which fetches every page of a job before it hands back
 * its record stream (the whole result in memory) and sends without the request options the
 * metered transport attributes a call by.
 */
import { AppError } from '../../../shared/errors';
import type { RawConnection } from '../salesforce/gateway';
import type { QueryPage } from '../sync/sync-api';

// A REST query page is the same answer the sync reads.
export type { QueryPage };

export interface BulkJobInfo {
  state: string;
  numberRecordsProcessed: number | null;
  errorMessage: string | null;
}

export interface OrgQueryApi {
  readonly calls: number;
  query(soql: string, queryAll: boolean): Promise<QueryPage>;
  /** The next page (a `nextRecordsUrl` of the main result or of a child subquery). */
  more(nextRecordsUrl: string): Promise<QueryPage>;
  explain(soql: string): Promise<unknown>;
  bulkStart(soql: string, queryAll: boolean): Promise<string>;
  bulkInfo(jobId: string): Promise<BulkJobInfo>;
  bulkPage(jobId: string, locator: string | null, maxRecords: number): Promise<{ records: Array<Record<string, string>>; locator: string | null }>;
  bulkAbort(jobId: string): Promise<void>;
}

const JOB_ID = /^[A-Za-z0-9]{15,18}$/;

export function createOrgQueryApi(raw: RawConnection, options: { timeoutMs?: number } = {}): OrgQueryApi {
  const base = `${raw.instanceUrl}/services/data/v${raw.version}`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  // Reads are idempotent and may be retried on a dropped connection; each retry is metered.
  const retry = { maxRetries: 2, minTimeout: 400 };
  let calls = 0;
  const request = <T>(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<T> => {
    calls++;
    return raw.requestJson<T>(method, url, { body, retry: method === 'GET' ? retry : { maxRetries: 0, minTimeout: 0 }, timeoutMs });
  };
  const checkJob = (jobId: string) => {
    if (!JOB_ID.test(jobId)) throw new AppError('INTERNAL', 'Not a Bulk API job id');
    return jobId;
  };

  return {
    get calls() {
      return calls;
    },
    query: (soql, queryAll) => request<QueryPage>('GET', `${base}/${queryAll ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`),
    more(nextRecordsUrl) {
      if (!/^\/services\/data\/v[\d.]+\/query(?:All)?\/[A-Za-z0-9-]+$/.test(nextRecordsUrl)) {
        throw new AppError('SALESFORCE', 'Salesforce sent an unexpected query locator.');
      }
      return request<QueryPage>('GET', `${raw.instanceUrl}${nextRecordsUrl}`);
    },
    explain: (soql) => request<unknown>('GET', `${base}/query?explain=${encodeURIComponent(soql)}`),
    async bulkStart(soql, queryAll) {
      const body = { operation: queryAll ? 'queryAll' : 'query', query: soql };
      const create = () => request<{ id?: string }>('POST', `${base}/jobs/query`, body);
      // A POST is never retried by the transport. A dropped connection (a kept-alive socket the
      // server had just closed) is tried once more: at worst that leaves a second read-only job,
      // which Salesforce removes after a week.
      const job = await create().catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'NETWORK') return create();
        throw err;
      });
      if (typeof job.id !== 'string' || !JOB_ID.test(job.id)) throw new AppError('SALESFORCE', 'Salesforce did not start the bulk query.');
      return job.id;
    },
    async bulkInfo(jobId) {
      const info = await request<{ state?: string; numberRecordsProcessed?: number; errorMessage?: string }>('GET', `${base}/jobs/query/${checkJob(jobId)}`);
      return {
        state: String(info.state ?? ''),
        numberRecordsProcessed: typeof info.numberRecordsProcessed === 'number' ? info.numberRecordsProcessed : null,
        errorMessage: info.errorMessage ?? null,
      };
    },
    async bulkPage(jobId, locator, maxRecords) {
      const params = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) params.set('locator', locator);
      calls++;
      const page = await raw.getCsv(`${base}/jobs/query/${checkJob(jobId)}/results?${params}`, { retry, timeoutMs });
      return { records: page.rows, locator: page.locator };
    },
    async bulkAbort(jobId) {
      await request<unknown>('PATCH', `${base}/jobs/query/${checkJob(jobId)}`, { state: 'Aborted' });
    },
  };
}
