/**
 * Bulk API 2.0 ingest and query jobs (`/jobs/ingest`, `/jobs/query`), as jsforce's `bulk2` drives
 * them. Jobs live in memory beside the org store they act on.
 *
 * State machine: Open → UploadComplete → JobComplete | Failed, Aborted from Open or
 * UploadComplete. To keep tests fast a closed job is processed the first time anyone reads it
 * (job info or results) rather than in the background, so it never shows InProgress; until that
 * first read it can still be aborted. Query jobs run (and are validated) at creation and likewise
 * show UploadComplete until first read.
 *
 * Errors are `[{errorCode, message}]`. Codes and messages Salesforce documents are used as
 * documented (JOB_NOT_COMPLETE 412, 409 on an API-version mismatch, the LineEnding message); the
 * remaining codes (INVALIDJOBSTATE, INVALIDJOB, INVALIDENTITY, ...) follow Bulk API naming.
 */
import { parseQuery, type FieldType as SoqlFieldType } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../../errors';
import { makeId, normalizeId, keyPrefixOf } from '../../org/ids';
import type { FieldDef, ObjectDef, OrgStore, SObjectRow } from '../../org/types';
import { formatDatetime } from '../../org/values';
import { runQuery } from '../../soql/engine';
import type { WireRecord } from '../../soql/types';
import type { RestRequest, RestResponse, RestRoute } from '../types';
import { COLUMN_DELIMITERS, CsvError, parseCsv, writeCsv, type ColumnDelimiterName, type LineEndingName } from './csv';

type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
type QueryOperation = 'query' | 'queryAll';
type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

const INGEST_OPERATIONS: readonly IngestOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];
const QUERY_OPERATIONS: readonly QueryOperation[] = ['query', 'queryAll'];
const LINE_ENDING_NAMES: readonly LineEndingName[] = ['LF', 'CRLF'];
/** How Bulk API 2.0 spells null in uploaded CSV. */
const CSV_NULL = '#N/A';
/** Bulk API 2.0 accepts at most 150 MB per upload (after base64); raw CSV of 100 MB is the advice. */
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

interface JobBase {
  id: string;
  createdById: string;
  createdDate: Date;
  systemModstamp: Date;
  /** '62.0' */
  apiVersion: string;
  columnDelimiter: ColumnDelimiterName;
  lineEnding: LineEndingName;
  state: JobState;
}

interface IngestJob extends JobBase {
  kind: 'ingest';
  object: string;
  operation: IngestOperation;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  /** The uploaded CSV, kept until the job is processed. */
  upload?: string;
  /** Closed but not yet processed (see the module comment). */
  pendingProcessing: boolean;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage?: string;
  totalProcessingTime: number;
}

interface QueryJob extends JobBase {
  kind: 'query';
  object: string;
  operation: QueryOperation;
  query: string;
  /** Shown as UploadComplete until first read, so that it can be aborted. */
  read: boolean;
  columns: string[];
  rows: Array<Array<string | null>>;
  totalProcessingTime: number;
}

class JobRegistry {
  private counter = 0;
  readonly ingest = new Map<string, IngestJob>();
  readonly query = new Map<string, QueryJob>();

  nextId(): string {
    this.counter += 1;
    return makeId('750', this.counter);
  }
}

// One registry per org store: several emulators may share a process (tests).
const registries = new WeakMap<OrgStore, JobRegistry>();

function registryFor(store: OrgStore): JobRegistry {
  let registry = registries.get(store);
  if (!registry) {
    registry = new JobRegistry();
    registries.set(store, registry);
  }
  return registry;
}

function bulkError(status: number, errorCode: string, message: string): SalesforceError {
  return new SalesforceError(status, errorCode, message);
}

const notFound = () => bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');

// ---------------------------------------------------------------------------------------------
// Request-body helpers
// ---------------------------------------------------------------------------------------------

function jsonObjectBody(req: RestRequest): Record<string, unknown> {
  const body = req.json<unknown>();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw bulkError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw bulkError(400, 'JSON_PARSER_ERROR', `${key} must be a string`);
  }
  return value;
}

function enumValue<T extends string>(body: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const value = optionalString(body, key);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw bulkError(400, 'JSON_PARSER_ERROR', `Invalid value '${value}' for ${key}; expected one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

function csvOptions(body: Record<string, unknown>) {
  const columnDelimiter = enumValue(body, 'columnDelimiter', Object.keys(COLUMN_DELIMITERS) as ColumnDelimiterName[], 'COMMA') as ColumnDelimiterName;
  const lineEnding = enumValue(body, 'lineEnding', LINE_ENDING_NAMES, 'LF') as LineEndingName;
  enumValue(body, 'contentType', ['CSV'], 'CSV');
  return { columnDelimiter, lineEnding };
}

function readState(body: Record<string, unknown>): JobState {
  const state = optionalString(body, 'state');
  if (state === undefined) throw bulkError(400, 'INVALIDJOBSTATE', 'The state field is required');
  const known: JobState[] = ['Open', 'UploadComplete', 'InProgress', 'JobComplete', 'Failed', 'Aborted'];
  if (!known.includes(state as JobState)) {
    throw bulkError(400, 'JSON_PARSER_ERROR', `Invalid value '${state}' for state`);
  }
  return state as JobState;
}

// ---------------------------------------------------------------------------------------------
// Job info shapes
// ---------------------------------------------------------------------------------------------

function versionNumber(apiVersion: string): number {
  return Number(apiVersion);
}

function ingestInfo(job: IngestJob, full: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: formatDatetime(job.createdDate),
    systemModstamp: formatDatetime(job.systemModstamp),
    state: job.state,
  };
  if (job.externalIdFieldName) info.externalIdFieldName = job.externalIdFieldName;
  if (job.assignmentRuleId) info.assignmentRuleId = job.assignmentRuleId;
  info.concurrencyMode = 'Parallel';
  info.contentType = 'CSV';
  info.apiVersion = versionNumber(job.apiVersion);
  if (full) info.jobType = 'V2Ingest';
  info.contentUrl = `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
  info.lineEnding = job.lineEnding;
  info.columnDelimiter = job.columnDelimiter;
  if (full) {
    info.retries = 0;
    info.numberRecordsProcessed = job.numberRecordsProcessed;
    info.numberRecordsFailed = job.numberRecordsFailed;
    info.totalProcessingTime = job.totalProcessingTime;
    info.apiActiveProcessingTime = job.totalProcessingTime;
    info.apexProcessingTime = 0;
    if (job.errorMessage) info.errorMessage = job.errorMessage;
  }
  return info;
}

function queryInfo(job: QueryJob, full: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: formatDatetime(job.createdDate),
    systemModstamp: formatDatetime(job.systemModstamp),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: versionNumber(job.apiVersion),
    jobType: 'V2Query',
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
  if (full) {
    info.numberRecordsProcessed = job.state === 'JobComplete' ? job.rows.length : 0;
    info.retries = 0;
    info.totalProcessingTime = job.totalProcessingTime;
  }
  info.isPkChunkingSupported = false;
  return info;
}

function json(status: number, body: unknown): RestResponse {
  return { status, body };
}

function csvResponse(data: string, headers?: Record<string, string>): RestResponse {
  return { status: 200, headers, text: { contentType: 'text/csv', data } };
}

// ---------------------------------------------------------------------------------------------
// Ingest jobs
// ---------------------------------------------------------------------------------------------

function createIngestJob(req: RestRequest, store: OrgStore): RestResponse {
  const body = jsonObjectBody(req);
  const objectName = optionalString(body, 'object');
  const operation = enumValue(body, 'operation', INGEST_OPERATIONS, undefined);
  if (!operation) throw bulkError(400, 'INVALIDJOB', 'InvalidJob : Operation is required');
  if (!objectName) throw bulkError(400, 'INVALIDJOB', 'InvalidJob : Object is required');
  const objectDef = store.schema.getObject(objectName);
  if (!objectDef) {
    throw bulkError(400, 'INVALIDENTITY', `sObject type '${objectName}' is not supported.`);
  }
  const { columnDelimiter, lineEnding } = csvOptions(body);
  let externalIdFieldName = optionalString(body, 'externalIdFieldName');
  if (operation === 'upsert') {
    if (!externalIdFieldName) {
      throw bulkError(400, 'INVALIDJOB', `InvalidJob : External ID was blank for ${objectDef.name}. An External ID must be specified for upsert.`);
    }
    const field = store.schema.getField(objectDef.name, externalIdFieldName);
    if (!field || !(field.externalId || field.idLookup)) {
      throw bulkError(
        400,
        'INVALIDJOB',
        `InvalidJob : Field name provided, ${externalIdFieldName} is not an External ID or indexed field for ${objectDef.name}`,
      );
    }
    externalIdFieldName = field.name;
  } else {
    externalIdFieldName = undefined;
  }
  const allowed =
    operation === 'insert'
      ? objectDef.createable
      : operation === 'update'
        ? objectDef.updateable
        : operation === 'upsert'
          ? objectDef.createable && objectDef.updateable
          : objectDef.deletable;
  if (!allowed) {
    throw bulkError(400, 'INVALIDJOB', `InvalidJob : The ${operation} operation is not allowed on ${objectDef.name}`);
  }

  const registry = registryFor(store);
  const now = store.now();
  const job: IngestJob = {
    kind: 'ingest',
    id: registry.nextId(),
    object: objectDef.name,
    operation,
    externalIdFieldName,
    assignmentRuleId: optionalString(body, 'assignmentRuleId'),
    createdById: req.user.userId,
    createdDate: now,
    systemModstamp: now,
    apiVersion: req.apiVersion,
    columnDelimiter,
    lineEnding,
    state: 'Open',
    pendingProcessing: false,
    header: [],
    successful: [],
    failed: [],
    unprocessed: [],
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
    totalProcessingTime: 0,
  };
  registry.ingest.set(job.id, job);
  return json(200, ingestInfo(job, false));
}

function getIngestJob(store: OrgStore, id: string): IngestJob {
  const job = registryFor(store).ingest.get(normalizeId(id) ?? '');
  if (!job) throw notFound();
  return job;
}

function uploadIngestData(req: RestRequest, store: OrgStore, id: string): RestResponse {
  const job = getIngestJob(store, id);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType && !contentType.startsWith('text/csv')) {
    throw bulkError(400, 'INVALIDCONTENTTYPE', `Unsupported content type ${contentType}; use text/csv`);
  }
  if (job.state !== 'Open') {
    throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}; data can only be uploaded to an Open job.`);
  }
  if (job.upload !== undefined) {
    // Salesforce takes exactly one upload per job.
    throw bulkError(
      400,
      'BULK_API_ERROR',
      `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  if (req.rawBody.length > MAX_UPLOAD_BYTES) {
    throw bulkError(400, 'INVALIDBATCH', 'InvalidBatch : The uploaded data exceeds the 100 MB limit');
  }
  let text = req.rawBody.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  job.upload = text;
  job.systemModstamp = store.now();
  return { status: 201 };
}

function patchIngestJob(req: RestRequest, store: OrgStore, id: string): RestResponse {
  const job = getIngestJob(store, id);
  const state = readState(jsonObjectBody(req));
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') {
      throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state} and cannot be closed.`);
    }
    job.state = 'UploadComplete';
    job.pendingProcessing = true;
  } else if (state === 'Aborted') {
    if (!(job.state === 'Open' || (job.state === 'UploadComplete' && job.pendingProcessing))) {
      throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state} and cannot be aborted.`);
    }
    job.state = 'Aborted';
    job.pendingProcessing = false;
    abortIngestData(job);
  } else {
    throw bulkError(400, 'INVALIDJOBSTATE', `A job cannot be moved to ${state}; use UploadComplete or Aborted.`);
  }
  job.systemModstamp = store.now();
  return json(200, ingestInfo(job, false));
}

/** An aborted job processes nothing: whatever was uploaded is reported as unprocessed. */
function abortIngestData(job: IngestJob): void {
  if (job.upload === undefined) return;
  try {
    const rows = parseCsv(job.upload, { delimiter: COLUMN_DELIMITERS[job.columnDelimiter] });
    job.header = rows[0] ?? [];
    job.unprocessed = rows.slice(1);
  } catch {
    job.unprocessed = [];
  }
  job.upload = undefined;
}

/** Runs a closed job the first time it is read. */
function advanceIngestJob(store: OrgStore, job: IngestJob): void {
  if (!job.pendingProcessing) return;
  job.pendingProcessing = false;
  const started = Date.now();
  try {
    processIngestJob(store, job);
  } catch (err) {
    // A fault in the emulator itself: end the job (so pollers stop) and let the router report it.
    job.state = 'Failed';
    job.errorMessage = 'InternalServerError : An unexpected error occurred while processing the job';
    job.upload = undefined;
    throw err;
  }
  job.upload = undefined;
  job.totalProcessingTime = Date.now() - started;
  job.systemModstamp = store.now();
}

function failJob(job: IngestJob, message: string, rows: string[][]): void {
  job.state = 'Failed';
  job.errorMessage = message;
  job.unprocessed = rows;
}

/** How one CSV column maps onto the object. */
type ColumnTarget =
  | { kind: 'field'; field: FieldDef }
  // `Account.External_Id__c` (or `Owner:User.Username`): set a lookup by the parent's external ID.
  | { kind: 'reference'; field: FieldDef; parentObject: string; parentField: FieldDef };

function resolveColumn(store: OrgStore, objectDef: ObjectDef, column: string): ColumnTarget | undefined {
  const schema = store.schema;
  const relation = /^([A-Za-z][A-Za-z0-9_]*)(?::([A-Za-z][A-Za-z0-9_]*))?\.([A-Za-z][A-Za-z0-9_]*)$/.exec(column);
  if (relation) {
    const [, relationshipName, explicitType, parentFieldName] = relation;
    const lookup = schema.getRelationshipField(objectDef.name, relationshipName);
    if (!lookup || !lookup.referenceTo?.length) return undefined;
    const parentObject = explicitType ? lookup.referenceTo.find((t) => t.toLowerCase() === explicitType.toLowerCase()) : lookup.referenceTo[0];
    if (!parentObject) return undefined;
    const parentField = schema.getField(parentObject, parentFieldName);
    if (!parentField || !(parentField.externalId || parentField.idLookup)) return undefined;
    return { kind: 'reference', field: lookup, parentObject, parentField };
  }
  const field = schema.getField(objectDef.name, column);
  return field ? { kind: 'field', field } : undefined;
}

/** A CSV cell as the JSON value the org store takes for the field. */
function cellValue(field: FieldDef, text: string): unknown {
  if (text === CSV_NULL) return null;
  switch (field.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      return text;
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    default:
      return text;
  }
}

function describeError(err: SalesforceError): string {
  return `${err.errorCode}:${err.message}:${(err.fields ?? []).join(',')} --`;
}

function processIngestJob(store: OrgStore, job: IngestJob): void {
  const upload = job.upload;
  if (upload === undefined || upload.trim() === '') {
    failJob(job, 'InvalidBatch : No data was uploaded for this job', []);
    return;
  }
  let rows: string[][];
  try {
    rows = parseCsv(upload, {
      delimiter: COLUMN_DELIMITERS[job.columnDelimiter],
      lineEnding: job.lineEnding,
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    job.header = [];
    if (/line ending/i.test(err.message)) {
      failJob(job, `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`, []);
    } else {
      failJob(job, `InvalidBatch : Failed to parse CSV at line ${err.line}: ${err.message}`, []);
    }
    return;
  }
  const header = rows[0] ?? [];
  const records = rows.slice(1);
  job.header = header;
  const objectDef = store.schema.getObject(job.object);
  if (!objectDef) {
    failJob(job, `InvalidEntity : sObject type '${job.object}' is no longer available`, records);
    return;
  }

  // Resolve the header once: a bad column fails the whole job, as Salesforce does.
  const targets: ColumnTarget[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    const target = resolveColumn(store, objectDef, column.trim());
    if (!target) {
      failJob(job, `InvalidBatch : Field name not found : ${column}`, records);
      return;
    }
    const key = target.kind === 'field' ? target.field.name : `${target.field.name}`;
    if (seen.has(key.toLowerCase())) {
      failJob(job, `InvalidBatch : Duplicate field name: ${column}`, records);
      return;
    }
    seen.add(key.toLowerCase());
    targets.push(target);
  }
  const idColumn = targets.findIndex((t) => t.kind === 'field' && t.field.name === 'Id');
  const externalColumn = job.operation === 'upsert' ? targets.findIndex((t) => t.kind === 'field' && t.field.name === job.externalIdFieldName) : -1;
  if (job.operation === 'upsert' && externalColumn < 0) {
    failJob(job, `InvalidBatch : The external ID field ${job.externalIdFieldName} is not in the header`, records);
    return;
  }
  if ((job.operation === 'delete' || job.operation === 'hardDelete') && idColumn < 0) {
    failJob(job, 'InvalidBatch : The Id field is required for delete', records);
    return;
  }

  const user = { userId: job.createdById };
  const successful: string[][] = [];
  const failed: string[][] = [];
  store.transaction(() => {
    for (const row of records) {
      // The id a failed update/delete row reports; empty for inserts.
      let reportedId = idColumn >= 0 ? (row[idColumn] ?? '') : '';
      try {
        const outcome = store.transaction(() => applyRow(store, job, objectDef, targets, row, idColumn, externalColumn, user));
        successful.push([outcome.id, outcome.created ? 'true' : 'false', ...row]);
      } catch (err) {
        if (!(err instanceof SalesforceError)) throw err;
        if (job.operation === 'insert') reportedId = '';
        failed.push([reportedId, describeError(err), ...row]);
      }
    }
  });
  job.successful = successful;
  job.failed = failed;
  job.unprocessed = [];
  job.numberRecordsProcessed = successful.length + failed.length;
  job.numberRecordsFailed = failed.length;
  job.state = 'JobComplete';
}

function applyRow(
  store: OrgStore,
  job: IngestJob,
  objectDef: ObjectDef,
  targets: ColumnTarget[],
  row: string[],
  idColumn: number,
  externalColumn: number,
  user: { userId: string },
): { id: string; created: boolean } {
  if (row.length !== targets.length) {
    throw new SalesforceError(400, 'INVALID_INPUT', `The row has ${row.length} columns but the header has ${targets.length}`);
  }
  const objectName = objectDef.name;
  const checkedId = (): string => {
    const raw = idColumn >= 0 ? row[idColumn].trim() : '';
    if (!raw || raw === CSV_NULL) {
      throw new SalesforceError(400, 'MISSING_ARGUMENT', `Id not specified in an ${job.operation} call`);
    }
    const id = normalizeId(raw);
    if (!id) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${raw}`, ['Id']);
    if (keyPrefixOf(id) !== objectDef.keyPrefix) {
      throw new SalesforceError(400, 'MALFORMED_ID', `${objectDef.label} ID: id value of incorrect type: ${raw}`, ['Id']);
    }
    return id;
  };

  if (job.operation === 'delete') {
    const id = checkedId();
    store.delete(objectName, id, user);
    return { id, created: false };
  }
  if (job.operation === 'hardDelete') {
    const id = checkedId();
    store.hardDelete(objectName, id);
    return { id, created: false };
  }

  const values: SObjectRow = {};
  for (let c = 0; c < targets.length; c += 1) {
    if (c === idColumn && job.operation !== 'insert') continue;
    if (c === externalColumn) continue;
    const text = row[c];
    // An empty cell leaves the field alone; '#N/A' clears it.
    if (text === '') continue;
    const target = targets[c];
    if (target.kind === 'field') {
      values[target.field.name] = cellValue(target.field, text);
    } else if (text === CSV_NULL) {
      values[target.field.name] = null;
    } else {
      values[target.field.name] = resolveParent(store, target, text);
    }
  }

  if (job.operation === 'insert') {
    return { id: store.create(objectName, values, user), created: true };
  }
  if (job.operation === 'update') {
    const id = checkedId();
    store.update(objectName, id, values, user);
    return { id, created: false };
  }
  // upsert
  const externalField = job.externalIdFieldName as string;
  const key = row[externalColumn];
  if (externalField === 'Id') {
    if (key === '' || key === CSV_NULL) {
      return { id: store.create(objectName, values, user), created: true };
    }
    const id = checkedId();
    store.update(objectName, id, values, user);
    return { id, created: false };
  }
  if (key === '' || key === CSV_NULL) {
    throw new SalesforceError(400, 'MISSING_ARGUMENT', `${externalField} not specified`, [externalField]);
  }
  return store.upsert(objectName, externalField, key, values, user);
}

function resolveParent(store: OrgStore, target: Extract<ColumnTarget, { kind: 'reference' }>, key: string): string {
  const fieldName = target.parentField.name;
  if (fieldName === 'Id') {
    const id = normalizeId(key);
    if (!id) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${key}`, [target.field.name]);
    return id;
  }
  const matches = store.findByExternalId(target.parentObject, fieldName, key);
  if (matches.length === 0) {
    throw new SalesforceError(400, 'INVALID_FIELD', `Foreign key external ID: ${key} not found for field ${fieldName} in entity ${target.parentObject}`, [
      target.field.name,
    ]);
  }
  if (matches.length > 1) {
    throw new SalesforceError(
      400,
      'INVALID_FIELD',
      `Foreign key external ID: ${key} matched more than one record for field ${fieldName} in entity ${target.parentObject}`,
      [target.field.name],
    );
  }
  return matches[0];
}

function ingestResults(store: OrgStore, id: string, which: 'successful' | 'failed' | 'unprocessed'): RestResponse {
  const job = getIngestJob(store, id);
  advanceIngestJob(store, job);
  if (job.state === 'Open' || job.state === 'UploadComplete' || job.state === 'InProgress') {
    throw bulkError(412, 'JOB_NOT_COMPLETE', `Results are only available once the job is complete. Current state: ${job.state}`);
  }
  const options = { delimiter: COLUMN_DELIMITERS[job.columnDelimiter], lineEnding: job.lineEnding };
  if (which === 'successful') {
    return csvResponse(writeCsv(['sf__Id', 'sf__Created', ...job.header], job.successful, options));
  }
  if (which === 'failed') {
    return csvResponse(writeCsv(['sf__Id', 'sf__Error', ...job.header], job.failed, options));
  }
  return csvResponse(writeCsv(job.header, job.unprocessed, options));
}

function deleteIngestJob(store: OrgStore, id: string): RestResponse {
  const job = getIngestJob(store, id);
  if (job.state === 'Open') {
    throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is Open; close or abort it before deleting it.`);
  }
  registryFor(store).ingest.delete(job.id);
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------
// Query jobs
// ---------------------------------------------------------------------------------------------

interface ColumnPath {
  name: string;
  /** Keys to follow through the wire record (canonical names, matched case-insensitively). */
  path: string[];
  /** Datetime values are written with a 'Z' zone in Bulk CSV. */
  datetime: boolean;
}

function canonicalColumns(store: OrgStore, objectName: string, fields: SoqlFieldType[]): ColumnPath[] | undefined {
  const columns: ColumnPath[] = [];
  for (const field of fields) {
    let segments: string[];
    if (field.type === 'Field') segments = [field.field];
    else if (field.type === 'FieldRelationship') segments = [...field.relationships, field.field];
    else return undefined;
    let current = objectName;
    const path: string[] = [];
    let leaf: FieldDef | undefined;
    for (let s = 0; s < segments.length; s += 1) {
      if (s < segments.length - 1) {
        const relation = store.schema.getRelationshipField(current, segments[s]);
        if (!relation?.relationshipName || !relation.referenceTo?.length) return undefined;
        path.push(relation.relationshipName);
        current = relation.referenceTo[0];
      } else {
        leaf = store.schema.getField(current, segments[s]);
        if (!leaf) return undefined;
        path.push(leaf.name);
      }
    }
    columns.push({ name: path.join('.'), path, datetime: leaf?.type === 'datetime' });
  }
  return columns;
}

/** Column paths taken from the records themselves, for selections the schema walk cannot name. */
function columnsFromRecords(records: WireRecord[]): ColumnPath[] {
  const columns = new Map<string, ColumnPath>();
  const visit = (record: Record<string, unknown>, prefix: string[]) => {
    for (const [key, value] of Object.entries(record)) {
      if (key === 'attributes') continue;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        visit(value as Record<string, unknown>, [...prefix, key]);
      } else {
        const path = [...prefix, key];
        const name = path.join('.');
        if (!columns.has(name)) columns.set(name, { name, path, datetime: false });
      }
    }
  };
  for (const record of records) visit(record, []);
  return [...columns.values()];
}

function lookupKey(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(record)) if (k.toLowerCase() === lower) return record[k];
  return undefined;
}

const WIRE_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\+0000$/;

function csvCell(record: WireRecord, column: ColumnPath): string | null {
  let value: unknown = record;
  for (const key of column.path) {
    if (value === null || value === undefined || typeof value !== 'object') return null;
    value = lookupKey(value as Record<string, unknown>, key);
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (column.datetime) {
      const m = WIRE_DATETIME.exec(value);
      if (m) return `${m[1]}Z`;
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function createQueryJob(req: RestRequest, store: OrgStore): RestResponse {
  const body = jsonObjectBody(req);
  const operation = enumValue(body, 'operation', QUERY_OPERATIONS, undefined);
  const soql = optionalString(body, 'query');
  if (!operation) throw bulkError(400, 'INVALIDJOB', 'InvalidJob : Operation is required');
  if (!soql || soql.trim() === '') throw bulkError(400, 'INVALIDJOB', 'InvalidJob : Query is required');
  const { columnDelimiter, lineEnding } = csvOptions(body);

  const started = Date.now();
  // The engine validates (and rejects what Bulk API 2.0 rejects) before anything else.
  const result = runQuery(store, soql, {
    includeDeleted: operation === 'queryAll',
    apiVersion: req.apiVersion,
    bulk: true,
  });
  let objectName = '';
  let columns: ColumnPath[] | undefined;
  try {
    const parsed = parseQuery(soql);
    objectName = store.schema.getObject(parsed.sObject ?? '')?.name ?? parsed.sObject ?? '';
    columns = canonicalColumns(store, objectName, parsed.fields ?? []);
  } catch {
    // The engine accepted it; fall back to what the records show.
  }
  const columnPaths = columns ?? columnsFromRecords(result.records);
  if (!objectName) {
    const first = result.records[0]?.attributes as { type?: string } | undefined;
    objectName = first?.type ?? '';
  }
  const rows = result.records.map((record: WireRecord) => columnPaths.map((column) => csvCell(record, column)));

  const registry = registryFor(store);
  const now = store.now();
  const job: QueryJob = {
    kind: 'query',
    id: registry.nextId(),
    object: objectName,
    operation,
    query: soql,
    createdById: req.user.userId,
    createdDate: now,
    systemModstamp: now,
    apiVersion: req.apiVersion,
    columnDelimiter,
    lineEnding,
    state: 'UploadComplete',
    read: false,
    columns: columnPaths.map((c) => c.name),
    rows,
    totalProcessingTime: Date.now() - started,
  };
  registry.query.set(job.id, job);
  return json(200, queryInfo(job, false));
}

function getQueryJob(store: OrgStore, id: string): QueryJob {
  const job = registryFor(store).query.get(normalizeId(id) ?? '');
  if (!job) throw notFound();
  return job;
}

function advanceQueryJob(store: OrgStore, job: QueryJob): void {
  if (job.read) return;
  job.read = true;
  if (job.state === 'UploadComplete') {
    job.state = 'JobComplete';
    job.systemModstamp = store.now();
  }
}

function patchQueryJob(req: RestRequest, store: OrgStore, id: string): RestResponse {
  const job = getQueryJob(store, id);
  const state = readState(jsonObjectBody(req));
  if (state !== 'Aborted') {
    throw bulkError(400, 'INVALIDJOBSTATE', `A query job can only be moved to Aborted, not ${state}.`);
  }
  if (job.state !== 'UploadComplete' && job.state !== 'InProgress') {
    throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state} and cannot be aborted.`);
  }
  job.state = 'Aborted';
  job.read = true;
  job.rows = [];
  job.systemModstamp = store.now();
  return json(200, queryInfo(job, false));
}

/** Locators are base64 of the row offset without padding ('MTAwMDA' is 10000), like Salesforce's. */
function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

function decodeLocator(locator: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+$/.test(locator)) return undefined;
  const text = Buffer.from(locator, 'base64').toString('utf8');
  if (!/^\d{1,12}$/.test(text)) return undefined;
  return Number(text);
}

function queryResults(req: RestRequest, store: OrgStore, id: string): RestResponse {
  const job = getQueryJob(store, id);
  advanceQueryJob(store, job);
  if (req.apiVersion !== job.apiVersion) {
    throw bulkError(409, 'INVALIDVERSION', `Query results must be retrieved with the API version the job was created with (${job.apiVersion}).`);
  }
  if (job.state !== 'JobComplete') {
    throw bulkError(
      412,
      'JOB_NOT_COMPLETE',
      `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${job.state}`,
    );
  }
  let offset = 0;
  const locator = req.query.get('locator');
  if (locator !== null && locator !== '' && locator !== 'null') {
    const decoded = decodeLocator(locator);
    if (decoded === undefined || decoded > job.rows.length) {
      throw bulkError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
    }
    offset = decoded;
  }
  let pageSize = job.rows.length - offset;
  const maxRecordsParam = req.query.get('maxRecords');
  if (maxRecordsParam !== null) {
    if (!/^\d{1,9}$/.test(maxRecordsParam) || Number(maxRecordsParam) < 1) {
      throw bulkError(400, 'INVALIDPARAMETER', `maxRecords must be a positive integer, not '${maxRecordsParam}'`);
    }
    pageSize = Math.min(pageSize, Number(maxRecordsParam));
  }
  const end = offset + pageSize;
  const page = job.rows.slice(offset, end);
  const data = writeCsv(job.columns, page, {
    delimiter: COLUMN_DELIMITERS[job.columnDelimiter],
    lineEnding: job.lineEnding,
  });
  return csvResponse(data, {
    'Sforce-NumberOfRecords': String(page.length),
    'Sforce-Locator': end < job.rows.length ? encodeLocator(end) : 'null',
  });
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

function listJobs<T>(jobs: Iterable<T>, info: (job: T) => Record<string, unknown>): RestResponse {
  return json(200, { done: true, records: [...jobs].map(info), nextRecordsUrl: null });
}

export const bulkRoutes: RestRoute[] = [
  {
    method: 'POST',
    pattern: /^\/jobs\/ingest\/?$/,
    handle: (req, _params, ctx) => createIngestJob(req, ctx.store),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/ingest\/?$/,
    handle: (_req, _params, ctx) => listJobs(registryFor(ctx.store).ingest.values(), (job) => ingestInfo(job, true)),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/?$/,
    handle: (_req, params, ctx) => {
      const job = getIngestJob(ctx.store, params.id);
      advanceIngestJob(ctx.store, job);
      return json(200, ingestInfo(job, true));
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/?$/,
    handle: (req, params, ctx) => patchIngestJob(req, ctx.store, params.id),
  },
  {
    method: 'DELETE',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/?$/,
    handle: (_req, params, ctx) => deleteIngestJob(ctx.store, params.id),
  },
  {
    method: 'PUT',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/batches\/?$/,
    handle: (req, params, ctx) => uploadIngestData(req, ctx.store, params.id),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/successfulResults\/?$/,
    handle: (_req, params, ctx) => ingestResults(ctx.store, params.id, 'successful'),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/failedResults\/?$/,
    handle: (_req, params, ctx) => ingestResults(ctx.store, params.id, 'failed'),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/ingest\/(?<id>[^/]+)\/unprocessedrecords\/?$/,
    handle: (_req, params, ctx) => ingestResults(ctx.store, params.id, 'unprocessed'),
  },
  {
    method: 'POST',
    pattern: /^\/jobs\/query\/?$/,
    handle: (req, _params, ctx) => createQueryJob(req, ctx.store),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/?$/,
    handle: (_req, _params, ctx) => listJobs(registryFor(ctx.store).query.values(), (job) => queryInfo(job, true)),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/(?<id>[^/]+)\/?$/,
    handle: (_req, params, ctx) => {
      const job = getQueryJob(ctx.store, params.id);
      advanceQueryJob(ctx.store, job);
      return json(200, queryInfo(job, true));
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/jobs\/query\/(?<id>[^/]+)\/?$/,
    handle: (req, params, ctx) => patchQueryJob(req, ctx.store, params.id),
  },
  {
    method: 'DELETE',
    pattern: /^\/jobs\/query\/(?<id>[^/]+)\/?$/,
    handle: (_req, params, ctx) => {
      const job = getQueryJob(ctx.store, params.id);
      registryFor(ctx.store).query.delete(job.id);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/(?<id>[^/]+)\/results\/?$/,
    handle: (req, params, ctx) => queryResults(req, ctx.store, params.id),
  },
];
