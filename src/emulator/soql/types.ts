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

export interface SearchResultSet {
  searchRecords: WireRecord[];
}
