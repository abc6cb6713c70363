/**
 * Server-side query cursors behind `nextRecordsUrl`. A locator is `<cursorId>-<offset>`; the
 * cursor keeps the full result and is released when its last page is read, after 15 minutes
 * idle (Salesforce's rule), or when its user opens an 11th cursor (Salesforce keeps 10 per user).
 */
import { makeId } from '../../org/ids';
import { SalesforceError } from '../../errors';
import type { WireRecord } from '../../soql/types';

export const CURSOR_IDLE_TTL_MS = 15 * 60_000;
export const MAX_CURSORS_PER_USER = 10;
export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;

interface Cursor {
  id: string;
  /** Version the records' attribute URLs were built for. */
  apiVersion: string;
  userId: string;
  records: WireRecord[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: WireRecord[];
}

export const invalidLocator = (): SalesforceError =>
  new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();
  private counter = 0;

  constructor(private readonly clock: () => number) {}

  /** The first page of a result; opens a cursor only when more pages remain. */
  firstPage(userId: string, records: WireRecord[], totalSize: number, batchSize: number, apiVersion: string): QueryPage {
    this.expireIdle();
    if (records.length <= batchSize) return { totalSize, done: true, records };
    const id = makeId('01g', ++this.counter);
    this.releaseOldestBeyondLimit(userId);
    this.cursors.set(id, { id, apiVersion, userId, records, totalSize, batchSize, lastUsed: this.clock() });
    return {
      totalSize,
      done: false,
      nextRecordsUrl: `/services/data/v${apiVersion}/query/${id}-${batchSize}`,
      records: records.slice(0, batchSize),
    };
  }

  /** The page at a locator, for the user who opened it, in the caller's API version. */
  nextPage(userId: string, locator: string, apiVersion: string): QueryPage {
    this.expireIdle();
    const match = /^([a-zA-Z0-9]{18})-(\d{1,9})$/.exec(locator);
    if (!match) throw invalidLocator();
    const cursor = this.cursors.get(match[1]);
    const offset = Number(match[2]);
    if (!cursor || cursor.userId !== userId || offset <= 0 || offset >= cursor.records.length) {
      throw invalidLocator();
    }
    cursor.lastUsed = this.clock();
    const end = offset + cursor.batchSize;
    let records = cursor.records.slice(offset, end);
    if (apiVersion !== cursor.apiVersion) records = records.map((r) => withVersion(r, apiVersion) as WireRecord);
    if (end >= cursor.records.length) {
      this.cursors.delete(cursor.id);
      return { totalSize: cursor.totalSize, done: true, records };
    }
    return {
      totalSize: cursor.totalSize,
      done: false,
      nextRecordsUrl: `/services/data/v${apiVersion}/query/${cursor.id}-${end}`,
      records,
    };
  }

  get openCount(): number {
    return this.cursors.size;
  }

  private expireIdle(): void {
    const cutoff = this.clock() - CURSOR_IDLE_TTL_MS;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed <= cutoff) this.cursors.delete(id);
  }

  private releaseOldestBeyondLimit(userId: string): void {
    const mine = [...this.cursors.values()].filter((c) => c.userId === userId);
    mine.sort((a, b) => a.lastUsed - b.lastUsed);
    while (mine.length >= MAX_CURSORS_PER_USER) {
      const oldest = mine.shift();
      if (oldest) this.cursors.delete(oldest.id);
    }
  }
}

/** A copy of a wire record whose attribute URLs (nested ones included) name another version. */
function withVersion(value: unknown, apiVersion: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withVersion(v, apiVersion));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'url' || key === 'nextRecordsUrl') && typeof child === 'string') {
      out[key] = child.replace(/^\/services\/data\/v\d{2}\.0\//, `/services/data/v${apiVersion}/`);
    } else {
      out[key] = withVersion(child, apiVersion);
    }
  }
  return out;
}

/**
 * `Sforce-Query-Options: batchSize=N`: 200–2000, default 2000. Salesforce treats the size as a
 * hint, so values outside the range are clamped rather than refused.
 */
export function batchSizeFrom(header: string | undefined): number {
  if (!header) return DEFAULT_BATCH_SIZE;
  const match = /(?:^|[;,\s])batchSize\s*=\s*(\d+)/i.exec(header);
  if (!match) return DEFAULT_BATCH_SIZE;
  const n = Number(match[1]);
  return Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, n));
}
