/**
 * The SOQL console: run a SELECT on the org (through the metered path) or offline on the active
 * org's local cache, see what it will cost first, keep a history and saved queries (per org, in the
 * app's database), export results, and read the query plan.
 *
 * Only SELECT is accepted: the core parses every query (@jetstreamapp/soql-parser-js) and refuses
 * anything else with a clear message before a call is made. On the org a query costs one API call
 * per page of QUERY_PAGE_SIZE rows; `query:estimate` says how many before it runs (a COUNT() call
 * for queries that may be large) and `query:run` refuses an org run above CONFIRM_ABOVE_CALLS
 * unless `confirmed`. The cache answers the SOQL it can (cached objects and fields, WHERE, ORDER
 * BY, LIMIT, OFFSET, parent fields, aggregates with GROUP BY) and names what it cannot.
 *
 * Exports are written by the core to a file as rows arrive (never held whole in memory): from the
 * cache, through REST pages, or above BULK_EXPORT_ABOVE_ROWS as a Bulk API 2.0 query job, with
 * `query-export` progress events and a cancel. The host then saves it (a save dialog in Electron,
 * a download in browser mode).
 */
import { z } from 'zod';
import { NoInput, type ChannelSpec } from './common';

/** Salesforce returns query results in pages of up to 2,000 rows; each further page is one call. */
export const QUERY_PAGE_SIZE = 2_000;
/** An org run expected to cost more calls than this asks for confirmation first. */
export const CONFIRM_ABOVE_CALLS = 5;
/** A run shows at most this many rows (export the rest). */
export const MAX_RESULT_ROWS = 50_000;
/** An org export expected above this many rows runs as a Bulk API 2.0 query job. */
export const BULK_EXPORT_ABOVE_ROWS = 50_000;

export const Soql = z.string().trim().min(1, 'Write a query first').max(100_000, 'A query is at most 100,000 characters');
export const QueryTarget = z.enum(['org', 'cache']);
export type QueryTarget = z.infer<typeof QueryTarget>;

const RunInput = z
  .object({
    soql: Soql,
    target: QueryTarget,
    /** Include deleted and archived rows (`queryAll`; org only). */
    queryAll: z.boolean().default(false),
    /** The user accepted the estimated cost (needed above CONFIRM_ABOVE_CALLS). */
    confirmed: z.boolean().default(false),
  })
  .strict();

/** Where the parser stopped, for the inline error (1-based line and column). */
export const SoqlProblem = z.object({ message: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable() });
export type SoqlProblem = z.infer<typeof SoqlProblem>;

export const QueryEstimate = z.object({
  /** Rows the query will return, when known (from LIMIT or a COUNT() call). */
  rows: z.number().int().nullable(),
  /** API calls the run will cost (pages). */
  calls: z.number().int().min(1),
  /** How the figure was reached. */
  basis: z.enum(['limit', 'count', 'aggregate']),
  /** API calls spent on the estimate itself (the COUNT()). */
  estimateCalls: z.number().int().min(0),
  needsConfirmation: z.boolean(),
  /** Whether an export would run as a Bulk API 2.0 job. */
  bulkExport: z.boolean(),
});
export type QueryEstimate = z.infer<typeof QueryEstimate>;

/** A result column: its path in the rows (`Account.Owner.Name`), or a child subquery's relationship. */
export const QueryColumn = z.object({
  path: z.string(),
  kind: z.enum(['field', 'aggregate', 'subquery']),
});
export type QueryColumn = z.infer<typeof QueryColumn>;

/**
 * A result row: field values by column path (relationship fields flattened to `Account.Name`);
 * a child subquery's rows under its relationship name, each row flattened the same way.
 */
export type QueryRow = Record<string, unknown>;

export const QueryResult = z.object({
  target: QueryTarget,
  /** The object queried (FROM). */
  object: z.string(),
  columns: z.array(QueryColumn),
  rows: z.array(z.record(z.string(), z.unknown())),
  /** Salesforce's totalSize (or the cache's row count). */
  totalSize: z.number().int(),
  /** Rows were cut at MAX_RESULT_ROWS: export for the rest. */
  truncated: z.boolean(),
  durationMs: z.number(),
  apiCalls: z.number().int().min(0),
  historyId: z.string(),
});
export type QueryResult = z.infer<typeof QueryResult>;

const QueryPlanNote = z.object({ description: z.string(), fields: z.array(z.string()), tableEnumOrId: z.string() });
const QueryPlan = z.object({
  cardinality: z.number(),
  fields: z.array(z.string()),
  leadingOperationType: z.string(),
  notes: z.array(QueryPlanNote),
  relativeCost: z.number(),
  sobjectCardinality: z.number(),
  sobjectType: z.string(),
});
export const QueryPlans = z.object({ plans: z.array(QueryPlan), sourceQuery: z.string().nullable() });
export type QueryPlans = z.infer<typeof QueryPlans>;

export const SchemaField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  /** For a lookup: the relationship name (`Account`) and the objects it may point at. */
  relationshipName: z.string().nullable(),
  referenceTo: z.array(z.string()),
  picklistValues: z.array(z.object({ value: z.string(), label: z.string() })),
  filterable: z.boolean(),
  sortable: z.boolean(),
  groupable: z.boolean(),
  aggregatable: z.boolean(),
});
export type SchemaField = z.infer<typeof SchemaField>;

export const SchemaObject = z.object({
  name: z.string(),
  label: z.string(),
  /** Whether the local cache has this object (the cache can answer queries on it). */
  cached: z.boolean(),
});
export const QuerySchema = z.object({
  objects: z.array(SchemaObject),
  /** Present when an object was asked for. */
  object: z
    .object({
      name: z.string(),
      label: z.string(),
      fields: z.array(SchemaField),
      childRelationships: z.array(z.object({ relationshipName: z.string(), childSObject: z.string(), field: z.string() })),
      /** Fields the local cache keeps for it (empty when not cached). */
      cachedFields: z.array(z.string()),
    })
    .nullable(),
  /** 'org' when just read; 'cache' when served from the describe kept per org (offline too). */
  source: z.enum(['org', 'cache']),
});
export type QuerySchema = z.infer<typeof QuerySchema>;

export const HistoryEntry = z.object({
  id: z.string(),
  soql: z.string(),
  target: QueryTarget,
  queryAll: z.boolean(),
  /** null when it failed. */
  rows: z.number().int().nullable(),
  durationMs: z.number(),
  apiCalls: z.number().int(),
  error: z.string().nullable(),
  ranAt: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A saved query's limits (the import of a saved queries file checks the same). */
export const SAVED_NAME_MAX = 120;
export const SAVED_FOLDER_MAX = 80;
export const SAVED_DESCRIPTION_MAX = 2_000;

const Name = z.string().trim().min(1, 'Give it a name').max(SAVED_NAME_MAX, `At most ${SAVED_NAME_MAX} characters`);
const Folder = z.string().trim().max(SAVED_FOLDER_MAX, `At most ${SAVED_FOLDER_MAX} characters`);
export const SavedQuery = z.object({
  id: z.string(),
  name: z.string(),
  /** '' = not in a folder. */
  folder: z.string(),
  description: z.string(),
  soql: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedQuery = z.infer<typeof SavedQuery>;
export const SavedQueries = z.object({ queries: z.array(SavedQuery), folders: z.array(z.string()) });
export type SavedQueries = z.infer<typeof SavedQueries>;

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);

export const ExportProgressEvent = z.object({
  exportId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** How the rows are read: from the cache, REST pages, or a Bulk API 2.0 query job. */
  method: z.enum(['cache', 'rest', 'bulk']),
  rows: z.number().int(),
  /** Expected rows when known (for the progress bar). */
  totalRows: z.number().int().nullable(),
  bytes: z.number().int(),
  fileName: z.string(),
  error: z.string().nullable(),
});
export type ExportProgressEvent = z.infer<typeof ExportProgressEvent>;

const ExportId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'Not an export id');

export const queryContract = {
  /** Objects for FROM, or one object's fields, relationships and picklist values (autocomplete). */
  'query:schema': { method: 'querySchema', input: z.object({ object: z.string().max(100).optional() }).strict(), output: QuerySchema },
  /** Parses without running: the inline error, and whether the cache can answer it (and if not, why). */
  'query:check': {
    method: 'checkQuery',
    input: z.object({ soql: Soql }).strict(),
    output: z.object({ problem: SoqlProblem.nullable(), object: z.string().nullable(), cacheProblem: z.string().nullable(), formatted: z.string().nullable() }),
  },
  /** What an org run will cost (may spend one COUNT() call). */
  'query:estimate': { method: 'estimateQuery', input: z.object({ soql: Soql, queryAll: z.boolean().default(false) }).strict(), output: QueryEstimate },
  'query:run': { method: 'runQuery', input: RunInput, output: QueryResult },
  /** The org's query plan (REST `explain`): one call. */
  'query:explain': { method: 'explainQuery', input: z.object({ soql: Soql }).strict(), output: QueryPlans },
  'query:history': {
    method: 'queryHistory',
    input: z.object({ search: z.string().trim().max(200).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ entries: z.array(HistoryEntry) }),
  },
  'query:history-clear': { method: 'clearQueryHistory', input: NoInput, output: z.object({ cleared: z.number().int() }) },
  'query:saved-list': { method: 'savedQueries', input: z.object({ search: z.string().trim().max(200).optional() }).strict(), output: SavedQueries },
  /** Saves a new query (no `id`) or renames, moves, redescribes or rewrites one. */
  'query:saved-save': {
    method: 'saveQuery',
    input: z
      .object({
        id: z.string().max(64).optional(),
        name: Name,
        folder: Folder.default(''),
        description: z.string().trim().max(SAVED_DESCRIPTION_MAX).default(''),
        soql: Soql,
      })
      .strict(),
    output: SavedQuery,
  },
  'query:saved-delete': { method: 'deleteSavedQuery', input: z.object({ id: z.string().max(64) }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** The active org's saved queries as a JSON document (the renderer downloads it). */
  'query:saved-export': { method: 'exportSavedQueries', input: NoInput, output: z.object({ fileName: z.string(), json: z.string(), count: z.number().int() }) },
  /** Imports a document made by `query:saved-export`; a query with the same folder and name is updated. */
  'query:saved-import': {
    method: 'importSavedQueries',
    input: z.object({ json: z.string().max(5_000_000) }).strict(),
    output: z.object({ added: z.number().int(), updated: z.number().int() }),
  },
  /** Starts writing the query's full result to a file; progress arrives as `query-export` events. */
  'query:export-start': {
    method: 'startExport',
    input: z
      .object({ soql: Soql, target: QueryTarget, queryAll: z.boolean().default(false), format: ExportFormat, confirmed: z.boolean().default(false) })
      .strict(),
    output: ExportProgressEvent,
  },
  'query:export-cancel': { method: 'cancelExport', input: z.object({ exportId: ExportId }).strict(), output: ExportProgressEvent },
  /**
   * Hands a finished export to the user: Electron asks where to save it (`saved`, `path`); browser
   * mode answers a one-time `downloadUrl` on the bridge.
   */
  'query:export-save': {
    method: 'saveExport',
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), downloadUrl: z.string().nullable() }),
  },
} as const satisfies Record<string, ChannelSpec>;
