/**
 * Server-side query cursors behind `nextRecordsUrl`. A locator is `<cursorId>-<offset>`; the
 * cursor keeps the query's rows (a snapshot taken when the query ran) and shapes each page's
 * records when that page is read, in the reading request's API version. It is released when its
 * last page is read, after 15 minutes idle (Salesforce's rule), or when its user opens an 11th
 * cursor (Salesforce keeps 10 per user).
 *
 * Child subquery rows count toward a page (records are weighted by the child rows they carry
 * inline), and a child set split past its first chunk gets a nested locator
 * `<cursorId>-<set>-<offset>` into the same cursor [choice: Salesforce's nested locator text is
 * opaque; jsforce follows the URL as given]. A cursor with split child sets lives until it has
 * been idle 15 minutes (or is evicted), since any of its pages' nested URLs may still be followed.
 */
import { makeId } from '../../org/ids';
import { SalesforceError } from '../../errors';
import { CHILD_PAGE_SIZE, type ChildLocator } from '../../soql/child-paging';
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

export const invalidLocator = (): SalesforceError => new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');

/**
 * A cursor id handed out before the query runs, so nested child locators can name the cursor
 * the first page then opens. The id is only allocated if a locator is asked for.
 */
export interface CursorReservation {
  readonly id: string | undefined;
  readonly childLocator: ChildLocator;
}

const childLocatorText = (id: string, set: number, offset: number) => `${id}-${set}-${offset}`;

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();
  private counter = 0;

  constructor(private readonly clock: () => number) {}

  /** A lazily allocated cursor id for the query about to run (see CursorReservation). */
  reserve(): CursorReservation {
    let id: string | undefined;
    return {
      get id() {
        return id;
      },
      childLocator: (set, offset) => childLocatorText((id ??= this.newId()), set, offset),
    };
  }

  /**
   * The first page of a result; opens a cursor only when more pages remain or a child set was
   * split (its nested locators name the cursor).
   */
  firstPage(userId: string, source: QueryRecordSource, batchSize: number, apiVersion: string, reservation?: CursorReservation): QueryPage {
    this.expireIdle();
    const end = pageEnd(source, 0, batchSize);
    const hasChildSets = (source.childSetCount ?? 0) > 0;
    if (end >= source.size && !hasChildSets) return queryPage(source, 0, source.size, apiVersion);
    const id = reservation?.id ?? this.newId();
    this.releaseOldestBeyondLimit(userId);
    this.cursors.set(id, { id, userId, source, batchSize, lastUsed: this.clock() });
    const next = end < source.size ? `/services/data/v${apiVersion}/query/${id}-${end}` : undefined;
    return queryPage(source, 0, end, apiVersion, next);
  }

  /** The page at a locator (a parent page or a nested child chunk), for the user who opened it. */
  nextPage(userId: string, locator: string, apiVersion: string): QueryPage {
    this.expireIdle();
    const match = /^([a-zA-Z0-9]{18})-(\d{1,9})(?:-(\d{1,9}))?$/.exec(locator);
    if (!match) throw invalidLocator();
    const cursor = this.cursors.get(match[1]);
    if (!cursor || cursor.userId !== userId) throw invalidLocator();
    if (match[3] !== undefined) return this.childChunk(cursor, Number(match[2]), Number(match[3]), apiVersion);
    const offset = Number(match[2]);
    if (offset <= 0 || offset >= cursor.source.size) throw invalidLocator();
    cursor.lastUsed = this.clock();
    const end = pageEnd(cursor.source, offset, cursor.batchSize);
    if (end >= cursor.source.size) {
      if (!cursor.source.childSetCount) this.cursors.delete(cursor.id);
      return queryPage(cursor.source, offset, end, apiVersion);
    }
    return queryPage(cursor.source, offset, end, apiVersion, `/services/data/v${apiVersion}/query/${cursor.id}-${end}`);
  }

  /** The chunk of split child set `set` from `offset`: a QueryResult of child records. */
  private childChunk(cursor: Cursor, set: number, offset: number, apiVersion: string): QueryPage {
    const children = cursor.source.childSet?.(set);
    if (!children || offset <= 0 || offset >= children.size) throw invalidLocator();
    cursor.lastUsed = this.clock();
    const end = offset + CHILD_PAGE_SIZE;
    const next = end < children.size ? `/services/data/v${apiVersion}/query/${childLocatorText(cursor.id, set, end)}` : undefined;
    return queryPage(children, offset, end, apiVersion, next);
  }

  private newId(): string {
    return makeId('01g', ++this.counter);
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
 * Where the page starting at `start` ends: `batchSize` rows, counting each record's inline child
 * rows, and always at least one record (a record is never split across pages).
 */
function pageEnd(source: QueryRecordSource, start: number, batchSize: number): number {
  const { weights, size } = source;
  if (!weights) return Math.min(size, start + batchSize);
  let end = start;
  let rows = 0;
  while (end < size && (end === start || rows + weights[end] <= batchSize)) rows += weights[end++];
  return end;
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
