/**
 * Contract between the SOQL/SOSL engine and the HTTP layer.
 * The engine parses with @jetstreamapp/soql-parser-js, validates names against the OrgSchema,
 * runs SQL on the store's tables and returns fully shaped records; the HTTP layer only pages them.
 */
export interface QueryOptions {
  /** queryAll: include recycle-bin rows (IsDeleted = true). */
  includeDeleted: boolean;
  /** API version of the request, e.g. '62.0', used in attributes.url. */
  apiVersion: string;
}

/** A record exactly as it goes on the wire: { attributes: {type, url}, ...fields }. */
export type WireRecord = Record<string, unknown>;

export interface QueryResultSet {
  /** totalSize as Salesforce reports it (for COUNT(): the count, with records empty). */
  totalSize: number;
  /** Every top-level row (the HTTP layer slices pages out of it). */
  records: WireRecord[];
}

/**
 * A query result whose records are shaped only when a page is read: the rows themselves are read
 * (a snapshot) when the query runs, but their wire records (attributes, URLs, child results)
 * are built per page, so a cursor over many rows holds plain row values, not records.
 */
export interface QueryRecordSource {
  /** totalSize as Salesforce reports it (for COUNT(): the count, with no records). */
  totalSize: number;
  /** Number of top-level records the source can produce. */
  size: number;
  /** Records [start, end) with attribute URLs for `apiVersion`. */
  records(start: number, end: number, apiVersion: string): WireRecord[];
}

export interface SearchResultSet {
  searchRecords: WireRecord[];
}
