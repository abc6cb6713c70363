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
 * A query result read for paging: the rows are a snapshot taken when the query ran; records are
 * handed out a range at a time, as objects or (for the HTTP layer) as ready JSON text.
 */
export interface QueryRecordSource {
  /** totalSize as Salesforce reports it (for COUNT(): the count, with no records). */
  totalSize: number;
  /** Number of top-level records the source can produce. */
  size: number;
  /** Records [start, end) with attribute URLs for `apiVersion`. */
  records(start: number, end: number, apiVersion: string): WireRecord[];
  /**
   * The same records as UTF-8 JSON text, when the source holds them serialized for this API
   * version: pieces that, joined with commas, are the records array's elements. Undefined when
   * the caller has to serialize `records(...)` itself.
   */
  json?(start: number, end: number, apiVersion: string): Buffer[] | undefined;
  /**
   * Rows each record puts on a page: itself plus the child subquery rows it carries inline
   * (Salesforce counts them toward the batch). Absent when the query has no child subqueries.
   */
  weights?: ArrayLike<number>;
  /** Number of child sets split past their first chunk (each needs its cursor kept). */
  childSetCount?: number;
  /** Split child set `n` (1-based, the number in its locators), its rows from the first. */
  childSet?(n: number): QueryRecordSource | undefined;
}

export interface SearchResultSet {
  searchRecords: WireRecord[];
}
