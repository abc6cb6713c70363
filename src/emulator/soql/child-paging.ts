/**
 * Paging of child subquery results (`(SELECT … FROM Contacts)`) inside a REST query result.
 *
 * Salesforce returns a large child set in chunks: the nested QueryResult carries the first
 * chunk, `done: false` and its own `nextRecordsUrl`, which `GET /query/{locator}` resolves to the
 * next chunk (a QueryResult of child records). jsforce's autoFetch follows that URL as given.
 * The SOQL reference only says a subquery "might need queryMore()" when there are many children;
 * the split point commonly observed, and the one jsforce's own pagination test models
 * (`query-pagination.mock.test.ts`: 200 child rows, `done: false`, `totalSize` of the whole
 * set), is 200. The emulator splits past 200 and serves the later chunks 200 at a time
 * [choice: Salesforce does not document the later chunk size].
 */
import { RecordText } from './record-text';
import type { QueryRecordSource, WireRecord } from './types';

/** Child rows a nested result carries inline, and the size of each later chunk. */
export const CHILD_PAGE_SIZE = 200;

/** Locator text of a split child set's chunk at `offset` (the cursor layer owns its format). */
export type ChildLocator = (set: number, offset: number) => string;

const VERSIONED_URL = /^\/services\/data\/v[^/]+\//;

/**
 * Shapes nested child results while a query's records are serialized, counting the child rows
 * each record carries inline (they count toward the page) and keeping every split set for the
 * locators that point into it. Without a locator (no cursor to hang chunks on) nothing splits.
 */
export class ChildPaging {
  /** Child rows written inline since the last `startRecord()`. */
  private inline = 0;
  private readonly sets: RecordText[] = [];

  constructor(
    private readonly builtFor: string,
    private readonly locator?: ChildLocator,
  ) {}

  startRecord(): void {
    this.inline = 0;
  }

  /** Rows the record written since `startRecord()` puts on a page: itself plus inline children. */
  get recordWeight(): number {
    return 1 + this.inline;
  }

  get setCount(): number {
    return this.sets.length;
  }

  /** JSON text of a nested result over these serialized child records (at least one). */
  resultText(children: string[]): string {
    if (!this.locator || children.length <= CHILD_PAGE_SIZE) {
      this.inline += children.length;
      return `{"totalSize":${children.length},"done":true,"records":[${children.join(',')}]}`;
    }
    const url = this.split(children);
    this.inline += CHILD_PAGE_SIZE;
    const first = children.slice(0, CHILD_PAGE_SIZE).join(',');
    return `{"totalSize":${children.length},"done":false,"nextRecordsUrl":${JSON.stringify(url)},"records":[${first}]}`;
  }

  /** The same nested result as an object, for records built rather than serialized. */
  resultObject(children: WireRecord[]): WireRecord {
    if (!this.locator || children.length <= CHILD_PAGE_SIZE) {
      this.inline += children.length;
      return { totalSize: children.length, done: true, records: children };
    }
    const url = this.split(children.map((child) => JSON.stringify(child)));
    this.inline += CHILD_PAGE_SIZE;
    return { totalSize: children.length, done: false, nextRecordsUrl: url, records: children.slice(0, CHILD_PAGE_SIZE) };
  }

  /** Split set `n` (1-based, as in its locators) as a record source, or undefined. */
  set(n: number): QueryRecordSource | undefined {
    const text = Number.isInteger(n) && n >= 1 ? this.sets[n - 1] : undefined;
    return text ? textSource(text, this.builtFor) : undefined;
  }

  /** Keeps the whole set (locator offsets count from its first row) and returns the next URL. */
  private split(children: string[]): string {
    const text = new RecordText();
    for (const child of children) text.add(child);
    this.sets.push(text.finish());
    return `/services/data/v${this.builtFor}/query/${this.locator!(this.sets.length, CHILD_PAGE_SIZE)}`;
  }
}

/** Records kept as JSON text built for one API version, readable in any version. */
export function textSource(text: RecordText, builtFor: string): QueryRecordSource {
  return {
    totalSize: text.size,
    size: text.size,
    records: (start, end, apiVersion) => {
      const records = JSON.parse(text.arrayText(start, end)) as WireRecord[];
      if (apiVersion !== builtFor) for (const record of records) setRecordVersion(record, apiVersion);
      return records;
    },
    json: (start, end, apiVersion) => (apiVersion === builtFor ? text.pieces(start, end) : undefined),
  };
}

/**
 * Points a parsed wire record's URLs (attribute URLs of its parents and children, and a nested
 * result's nextRecordsUrl) at another version.
 */
export function setRecordVersion(record: WireRecord, apiVersion: string): void {
  const versioned = (url: string) => url.replace(VERSIONED_URL, `/services/data/v${apiVersion}/`);
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'object' || value === null) continue;
    const object = value as Record<string, unknown>;
    if (key === 'attributes') {
      if (typeof object.url === 'string') object.url = versioned(object.url);
    } else if (Array.isArray(object.records)) {
      if (typeof object.nextRecordsUrl === 'string') object.nextRecordsUrl = versioned(object.nextRecordsUrl);
      for (const child of object.records as WireRecord[]) setRecordVersion(child, apiVersion);
    } else {
      setRecordVersion(object, apiVersion);
    }
  }
}
