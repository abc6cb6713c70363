/**
 * Server-side query cursors behind `nextRecordsUrl`. A locator is `<cursorId>-<offset>`; the
 * cursor keeps the query's rows (a snapshot taken when the query ran) and shapes each page's
 * records when that page is read, in the reading request's API version. It is released when its
 * last page is read, after 15 minutes idle (Salesforce's rule), or when its user opens an 11th
 * cursor (Salesforce keeps 10 per user).
 */
import { makeId } from '../../org/ids';
import { SalesforceError } from '../../errors';
import type { QueryRecordSource, WireRecord } from '../../soql/types';
import { JSON_TEXT, type JsonText } from '../http-util';

export const CURSOR_IDLE_TTL_MS = 15 * 60_000;
export const MAX_CURSORS_PER_USER = 10;
export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;

interface Cursor {
  id: string;
  userId: string;
  source: QueryRecordSource;
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
  firstPage(userId: string, source: QueryRecordSource, batchSize: number, apiVersion: string): QueryPage {
    this.expireIdle();
    const { size } = source;
    if (size <= batchSize) return queryPage(source, 0, size, apiVersion);
    const id = makeId('01g', ++this.counter);
    this.releaseOldestBeyondLimit(userId);
    this.cursors.set(id, { id, userId, source, batchSize, lastUsed: this.clock() });
    return queryPage(source, 0, batchSize, apiVersion, `/services/data/v${apiVersion}/query/${id}-${batchSize}`);
  }

  /** The page at a locator, for the user who opened it, in the caller's API version. */
  nextPage(userId: string, locator: string, apiVersion: string): QueryPage {
    this.expireIdle();
    const match = /^([a-zA-Z0-9]{18})-(\d{1,9})$/.exec(locator);
    if (!match) throw invalidLocator();
    const cursor = this.cursors.get(match[1]);
    const offset = Number(match[2]);
    if (!cursor || cursor.userId !== userId || offset <= 0 || offset >= cursor.source.size) {
      throw invalidLocator();
    }
    cursor.lastUsed = this.clock();
    const end = offset + cursor.batchSize;
    if (end >= cursor.source.size) {
      this.cursors.delete(cursor.id);
      return queryPage(cursor.source, offset, end, apiVersion);
    }
    return queryPage(cursor.source, offset, end, apiVersion, `/services/data/v${apiVersion}/query/${cursor.id}-${end}`);
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

/**
 * The page of records [start, end): `{ totalSize, done, nextRecordsUrl?, records }`. When the
 * source holds the records as JSON text, the page carries that text for the HTTP layer
 * (JSON_TEXT) and builds its `records` objects only if something reads them (a composite
 * subrequest's reference, say).
 */
function queryPage(source: QueryRecordSource, start: number, end: number, apiVersion: string, nextRecordsUrl?: string): QueryPage {
  const head: Omit<QueryPage, 'records'> = { totalSize: source.totalSize, done: nextRecordsUrl === undefined };
  if (nextRecordsUrl !== undefined) head.nextRecordsUrl = nextRecordsUrl;
  const pieces = source.json?.(start, end, apiVersion);
  if (!pieces) return { ...head, records: source.records(start, end, apiVersion) };
  let records: WireRecord[] | undefined;
  const page = { ...head } as QueryPage;
  Object.defineProperty(page, 'records', {
    enumerable: true,
    get: () => (records ??= source.records(start, end, apiVersion)),
  });
  Object.defineProperty(page, JSON_TEXT, { value: () => pageText(head, pieces) });
  return page;
}

function pageText(head: Omit<QueryPage, 'records'>, pieces: Buffer[]): JsonText {
  const open = `${JSON.stringify(head).slice(0, -1)},"records":[`;
  const chunks: Array<string | Buffer> = [open];
  let bytes = Buffer.byteLength(open, 'utf8') + 2;
  pieces.forEach((piece, i) => {
    if (i > 0) {
      chunks.push(',');
      bytes += 1;
    }
    chunks.push(piece);
    bytes += piece.length;
  });
  chunks.push(']}');
  return { chunks, bytes };
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
