/**
 * Composite resources: `/composite` (dependent subrequests with `@{ref.path}` references and
 * allOrNone), `/composite/batch`, `/composite/tree/{T}` and sObject Collections
 * (`/composite/sobjects...`).
 *
 * sObject Collections answer 200 with one result per record, in request order; errors inside
 * those results use `statusCode` (not `errorCode`) and always carry `fields`. Shapes and messages
 * follow the REST API Developer Guide (Composite, Batch, sObject Tree, sObject Collections).
 *
 * Transactions: collections and trees run synchronously inside `store.transaction`. A composite
 * request awaits `ctx.dispatch` between subrequests, so its allOrNone rollback uses a SQLite
 * savepoint held across those awaits. Subrequest handlers run synchronously, so no other HTTP
 * request is served while the savepoint is open.
 */
import { SalesforceError } from '../../errors';
import { keyPrefixOf, normalizeId } from '../../org/ids';
import type { ObjectDef, OrgStore, SObjectRow } from '../../org/types';
import type { AuthenticatedUser, EmulatorContext, RestRequest, RestResponse, RestRoute } from '../types';

/** An error inside an sObject Collections / sObject Tree result. */
interface ItemError {
  statusCode: string;
  message: string;
  fields: string[];
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors: ItemError[];
  created?: boolean;
}

const MAX_COLLECTION_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;
const MAX_SUBREQUESTS = 25;
/** Of the composite subrequests, at most this many may be sObject Collections or queries. */
const MAX_COLLECTION_OR_QUERY_SUBREQUESTS = 5;
const MAX_TREE_RECORDS = 200;
const MAX_TREE_TYPES = 5;
const MAX_TREE_DEPTH = 5;

const ROLLED_BACK: ItemError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function badRequest(errorCode: string, message: string): SalesforceError {
  return new SalesforceError(400, errorCode, message);
}

const resourceNotFound = () => new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

function majorVersion(apiVersion: string): number {
  return Number.parseInt(apiVersion, 10);
}

function requireVersion(req: RestRequest, minimum: number): void {
  if (!(majorVersion(req.apiVersion) >= minimum)) throw resourceNotFound();
}

function toItemError(err: unknown): ItemError {
  if (err instanceof SalesforceError) {
    return { statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] };
  }
  throw err;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectBody(req: RestRequest): Record<string, unknown> {
  const body = req.json<unknown>();
  if (!isPlainObject(body)) throw badRequest('JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return body;
}

function readAllOrNone(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw badRequest('JSON_PARSER_ERROR', 'allOrNone must be a boolean');
  return value;
}

/** Thrown inside store.transaction to undo everything once an allOrNone item has failed. */
class RollbackSignal extends Error {}

// ---------------------------------------------------------------------------------------------
// sObject Collections
// ---------------------------------------------------------------------------------------------

function readRecords(body: Record<string, unknown>): Record<string, unknown>[] {
  const records = body.records;
  if (!Array.isArray(records)) throw badRequest('JSON_PARSER_ERROR', 'The records array is required');
  if (records.length > MAX_COLLECTION_RECORDS) {
    throw badRequest('EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  }
  for (const record of records) {
    if (!isPlainObject(record)) throw badRequest('JSON_PARSER_ERROR', 'Each record must be a JSON object');
  }
  return records as Record<string, unknown>[];
}

/** The record's `attributes.type`, resolved against the schema; throws the per-item error. */
function recordObject(store: OrgStore, record: Record<string, unknown>): ObjectDef {
  const attributes = record.attributes;
  const type = isPlainObject(attributes) ? attributes.type : undefined;
  if (typeof type !== 'string' || type === '') {
    throw new SalesforceError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  }
  const objectDef = store.schema.getObject(type);
  if (!objectDef) {
    throw new SalesforceError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  }
  return objectDef;
}

/** Field values of a record, without `attributes` and without the listed keys. */
function recordValues(record: Record<string, unknown>, omit: readonly string[] = []): SObjectRow {
  const values: SObjectRow = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes' || omit.includes(key)) continue;
    values[key] = value;
  }
  return values;
}

/** An Id that must belong to `objectDef`, as update and delete check it. */
function checkRecordId(objectDef: ObjectDef, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') {
    throw new SalesforceError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
  }
  const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
  if (!id || keyPrefixOf(id) !== objectDef.keyPrefix) {
    throw new SalesforceError(400, 'MALFORMED_ID', `${objectDef.label} ID: id value of incorrect type: ${String(raw)}`, ['Id']);
  }
  return id;
}

/**
 * Runs one operation per item. Without allOrNone each item commits on its own (a savepoint, so a
 * half-applied failure leaves nothing behind); with allOrNone all commit together or not at all,
 * and the items that did not fail report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runItems<T>(
  store: OrgStore,
  items: readonly T[],
  allOrNone: boolean,
  apply: (item: T) => { id: string; created?: boolean },
  idOf: (item: T) => string | undefined,
): SaveResult[] {
  const results: SaveResult[] = [];
  const runAll = () => {
    for (const item of items) {
      try {
        const outcome = store.transaction(() => apply(item));
        const result: SaveResult = { id: outcome.id, success: true, errors: [] };
        if (outcome.created !== undefined) result.created = outcome.created;
        results.push(result);
      } catch (err) {
        results.push({ success: false, errors: [toItemError(err)] });
      }
    }
  };
  if (!allOrNone) {
    runAll();
    return results;
  }
  try {
    store.transaction(() => {
      runAll();
      if (results.some((r) => !r.success)) throw new RollbackSignal();
    });
    return results;
  } catch (err) {
    if (!(err instanceof RollbackSignal)) throw err;
  }
  return results.map((result, index) => {
    if (!result.success) return result;
    // Records that had an Id before the call keep it in the rolled-back result.
    const knownId = idOf(items[index]);
    const rolledBack: SaveResult = { success: false, errors: [{ ...ROLLED_BACK, fields: [] }] };
    return knownId ? { id: knownId, ...rolledBack } : rolledBack;
  });
}

function collectionCreate(req: RestRequest, ctx: EmulatorContext): RestResponse {
  requireVersion(req, 42);
  const body = objectBody(req);
  const allOrNone = readAllOrNone(body.allOrNone);
  const records = readRecords(body);
  const store = ctx.store;
  const results = runItems(
    store,
    records,
    allOrNone,
    (record) => {
      const objectDef = recordObject(store, record);
      if (record.Id !== undefined || record.id !== undefined) {
        throw new SalesforceError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      }
      return { id: store.create(objectDef.name, recordValues(record), req.user) };
    },
    () => undefined,
  );
  return { status: 200, body: results };
}

function collectionUpdate(req: RestRequest, ctx: EmulatorContext): RestResponse {
  requireVersion(req, 42);
  const body = objectBody(req);
  const allOrNone = readAllOrNone(body.allOrNone);
  const records = readRecords(body);
  const store = ctx.store;
  const rawId = (record: Record<string, unknown>) => (record.id !== undefined ? record.id : record.Id);
  const results = runItems(
    store,
    records,
    allOrNone,
    (record) => {
      const objectDef = recordObject(store, record);
      const id = checkRecordId(objectDef, rawId(record));
      store.update(objectDef.name, id, recordValues(record, ['id', 'Id']), req.user);
      return { id };
    },
    (record) => {
      const raw = rawId(record);
      return typeof raw === 'string' ? (normalizeId(raw) ?? raw) : undefined;
    },
  );
  return { status: 200, body: results };
}

function collectionUpsert(req: RestRequest, ctx: EmulatorContext, params: Record<string, string>): RestResponse {
  requireVersion(req, 46);
  const store = ctx.store;
  const objectDef = store.schema.getObject(params.type);
  if (!objectDef) throw resourceNotFound();
  const field = store.schema.getField(objectDef.name, params.field);
  if (!field || !(field.externalId || field.idLookup)) {
    throw badRequest('INVALID_FIELD', `Field name provided, ${params.field} is not an External ID or indexed field for ${objectDef.name}`);
  }
  const body = objectBody(req);
  const allOrNone = readAllOrNone(body.allOrNone);
  const records = readRecords(body);
  const keyOf = (record: Record<string, unknown>): unknown => {
    if (field.name in record) return record[field.name];
    const match = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
    return match ? record[match] : undefined;
  };
  const results = runItems(
    store,
    records,
    allOrNone,
    (record) => {
      const recordDef = recordObject(store, record);
      if (recordDef.name !== objectDef.name) {
        throw new SalesforceError(400, 'INVALID_TYPE', `Record type ${recordDef.name} does not match the request URI type ${objectDef.name}`);
      }
      const key = keyOf(record);
      if (key === undefined || key === null || key === '') {
        throw new SalesforceError(400, 'MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
      }
      if (typeof key !== 'string' && typeof key !== 'number') {
        throw new SalesforceError(400, 'INVALID_FIELD', `Invalid value for ${field.name}`, [field.name]);
      }
      const omit = Object.keys(record).filter((k) => k.toLowerCase() === field.name.toLowerCase());
      const values = recordValues(record, omit);
      if (field.name === 'Id') {
        const id = checkRecordId(objectDef, key);
        store.update(objectDef.name, id, values, req.user);
        return { id, created: false };
      }
      return store.upsert(objectDef.name, field.name, String(key), values, req.user);
    },
    // A rolled-back upsert item keeps the id of the record that existed before the call.
    (record) => {
      const key = keyOf(record);
      if (typeof key !== 'string' && typeof key !== 'number') return undefined;
      if (field.name === 'Id') return typeof key === 'string' ? normalizeId(key) : undefined;
      const matches = store.findByExternalId(objectDef.name, field.name, String(key));
      return matches.length === 1 ? matches[0] : undefined;
    },
  );
  return { status: 200, body: results };
}

function collectionDelete(req: RestRequest, ctx: EmulatorContext): RestResponse {
  requireVersion(req, 42);
  const idsParam = req.query.get('ids');
  if (idsParam === null || idsParam.trim() === '') {
    throw badRequest('MISSING_ARGUMENT', 'The ids parameter is required');
  }
  const ids = idsParam.split(',').map((s) => s.trim());
  if (ids.length > MAX_COLLECTION_RECORDS) {
    throw badRequest('EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  }
  const allOrNone = (req.query.get('allOrNone') ?? '').toLowerCase() === 'true';
  const store = ctx.store;
  const results = runItems(
    store,
    ids,
    allOrNone,
    (raw) => {
      const id = normalizeId(raw);
      const objectDef = id ? store.schema.objectForId(id) : undefined;
      if (!id || !objectDef) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${raw}`);
      store.delete(objectDef.name, id, req.user);
      return { id };
    },
    (raw) => normalizeId(raw),
  );
  return { status: 200, body: results };
}

function retrieveRecords(req: RestRequest, ctx: EmulatorContext, typeName: string, ids: unknown, fields: unknown): RestResponse {
  requireVersion(req, 42);
  const store = ctx.store;
  const objectDef = store.schema.getObject(typeName);
  if (!objectDef) throw resourceNotFound();
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw badRequest('JSON_PARSER_ERROR', 'ids must be an array of record Ids');
  }
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string')) {
    throw badRequest('JSON_PARSER_ERROR', 'fields must be a non-empty array of field names');
  }
  if (ids.length > MAX_RETRIEVE_IDS) {
    throw badRequest('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`);
  }
  const fieldNames: string[] = [];
  for (const name of fields as string[]) {
    const field = store.schema.getField(objectDef.name, name.trim());
    if (!field) {
      throw badRequest(
        'INVALID_FIELD',
        `No such column '${name}' on entity '${objectDef.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    if (!fieldNames.includes(field.name)) fieldNames.push(field.name);
  }
  const records = (ids as string[]).map((raw) => {
    const id = normalizeId(raw);
    if (!id || keyPrefixOf(id) !== objectDef.keyPrefix) return null;
    const row = store.retrieve(objectDef.name, id, { fields: fieldNames });
    if (!row) return null;
    const record: Record<string, unknown> = {
      attributes: { type: objectDef.name, url: `/services/data/v${req.apiVersion}/sobjects/${objectDef.name}/${id}` },
    };
    for (const name of fieldNames) record[name] = row[name] ?? null;
    if (!('Id' in record)) record.Id = id;
    return record;
  });
  return { status: 200, body: records };
}

// ---------------------------------------------------------------------------------------------
// sObject Tree
// ---------------------------------------------------------------------------------------------

interface TreeNode {
  referenceId: string;
  objectDef: ObjectDef;
  values: SObjectRow;
  /** Set from the parent's new Id once it exists. */
  parentField?: string;
  parent?: TreeNode;
  depth: number;
  id?: string;
}

interface TreeFailure {
  referenceId: string | null;
  errors: ItemError[];
}

function compositeTree(req: RestRequest, ctx: EmulatorContext, params: Record<string, string>): RestResponse {
  requireVersion(req, 42);
  const store = ctx.store;
  const rootDef = store.schema.getObject(params.type);
  if (!rootDef) throw resourceNotFound();
  const body = objectBody(req);
  if (!Array.isArray(body.records)) throw badRequest('JSON_PARSER_ERROR', 'The records array is required');

  const nodes: TreeNode[] = [];
  const failures: TreeFailure[] = [];
  const referenceIds = new Set<string>();
  const fail = (referenceId: string | null, statusCode: string, message: string, fields: string[] = []) => {
    failures.push({ referenceId, errors: [{ statusCode, message, fields }] });
  };

  const collect = (records: unknown, expected: ObjectDef, depth: number, parent?: TreeNode, parentField?: string) => {
    // Malformed structure is a deserialization error for the whole request; record-level
    // problems (reference ids, types, field values) are reported per record.
    if (!Array.isArray(records)) throw badRequest('JSON_PARSER_ERROR', 'Records must be given as {"records": [...]}');
    for (const raw of records) {
      if (!isPlainObject(raw)) throw badRequest('JSON_PARSER_ERROR', 'Each record must be a JSON object');
      const attributes = isPlainObject(raw.attributes) ? raw.attributes : {};
      const referenceId = typeof attributes.referenceId === 'string' ? attributes.referenceId : '';
      if (!/^[A-Za-z0-9][A-Za-z0-9_]*$/.test(referenceId)) {
        fail(
          referenceId || null,
          'INVALID_INPUT',
          'Include a reference ID for each record; it must start with a letter or a number and contain only letters, numbers and underscores.',
        );
        continue;
      }
      if (referenceIds.has(referenceId)) {
        fail(referenceId, 'INVALID_INPUT', `Duplicate ReferenceId provided in the request: ${referenceId}`);
        continue;
      }
      referenceIds.add(referenceId);
      const type = typeof attributes.type === 'string' ? attributes.type : '';
      const objectDef = store.schema.getObject(type);
      if (!objectDef || objectDef.name !== expected.name) {
        fail(referenceId, 'INVALID_TYPE', `Expected a record of type ${expected.name}, got '${type}'`);
        continue;
      }
      if (depth > MAX_TREE_DEPTH) {
        fail(referenceId, 'INVALID_INPUT', `sObject trees can be at most ${MAX_TREE_DEPTH} levels deep`);
        continue;
      }
      const node: TreeNode = { referenceId, objectDef, values: {}, depth, parent, parentField };
      nodes.push(node);
      for (const [key, value] of Object.entries(raw)) {
        if (key === 'attributes') continue;
        const child = store.schema.getChildRelationship(objectDef.name, key);
        if (child && isPlainObject(value)) {
          const childDef = store.schema.getObject(child.childSObject);
          if (childDef) collect(value.records, childDef, depth + 1, node, child.field);
          continue;
        }
        node.values[key] = value;
      }
    }
  };
  collect(body.records, rootDef, 1);

  if (failures.length === 0) {
    if (nodes.length > MAX_TREE_RECORDS) {
      throw badRequest('EXCEEDED_ID_LIMIT', `sObject trees can hold at most ${MAX_TREE_RECORDS} records in total`);
    }
    if (new Set(nodes.map((n) => n.objectDef.name)).size > MAX_TREE_TYPES) {
      throw badRequest('INVALID_INPUT', `sObject trees can hold records of at most ${MAX_TREE_TYPES} types`);
    }
    // Level by level: every root first, then every second-level record, and so on.
    const ordered = [...nodes].sort((a, b) => a.depth - b.depth);
    try {
      store.transaction(() => {
        for (const node of ordered) {
          const values = { ...node.values };
          if (node.parent && node.parentField) values[node.parentField] = node.parent.id;
          try {
            node.id = store.create(node.objectDef.name, values, req.user);
          } catch (err) {
            failures.push({ referenceId: node.referenceId, errors: [toItemError(err)] });
            throw new RollbackSignal();
          }
        }
      });
      return {
        status: 201,
        body: { hasErrors: false, results: ordered.map((n) => ({ referenceId: n.referenceId, id: n.id })) },
      };
    } catch (err) {
      if (!(err instanceof RollbackSignal)) throw err;
    }
  }
  return { status: 400, body: { hasErrors: true, results: failures } };
}

// ---------------------------------------------------------------------------------------------
// Composite
// ---------------------------------------------------------------------------------------------

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const SUBREQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;
const FORBIDDEN_SUBREQUEST_HEADERS = ['accept', 'authorization', 'content-type'];
const SERVICES_DATA_URL = /^\/services\/data\/v(\d{2,3}\.\d)(\/[^?#]*)?(\?.*)?$/;
/** Response headers worth passing back inside a subrequest result. */
const KEPT_RESPONSE_HEADERS = ['location', 'etag', 'last-modified'];

function processingHalted(message: string): unknown {
  return [{ errorCode: 'PROCESSING_HALTED', message }];
}

const ROLLED_BACK_MESSAGE = 'The transaction was rolled back since another operation in the same transaction failed.';

function readSubrequests(body: Record<string, unknown>): Subrequest[] {
  const list = body.compositeRequest;
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest('JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array of subrequests');
  }
  if (list.length > MAX_SUBREQUESTS) {
    throw badRequest('INVALID_API_INPUT', `A composite request can contain at most ${MAX_SUBREQUESTS} subrequests`);
  }
  const seen = new Set<string>();
  let collectionsOrQueries = 0;
  return list.map((item): Subrequest => {
    if (!isPlainObject(item)) throw badRequest('JSON_PARSER_ERROR', 'Each subrequest must be a JSON object');
    const { method, url, referenceId, httpHeaders } = item;
    if (typeof referenceId !== 'string' || !REFERENCE_ID.test(referenceId)) {
      throw badRequest(
        'JSON_PARSER_ERROR',
        `Provided referenceId ('${String(referenceId ?? '')}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`,
      );
    }
    if (seen.has(referenceId)) {
      throw badRequest('JSON_PARSER_ERROR', `Duplicate referenceId provided in the request: ${referenceId}`);
    }
    seen.add(referenceId);
    if (typeof method !== 'string' || !SUBREQUEST_METHODS.includes(method)) {
      throw badRequest('JSON_PARSER_ERROR', `Invalid method '${String(method)}' for subrequest ${referenceId}; use GET, POST, PUT, PATCH or DELETE`);
    }
    if (typeof url !== 'string' || !SERVICES_DATA_URL.test(url.replace(/@\{[^}]*\}/g, 'x'))) {
      throw badRequest('JSON_PARSER_ERROR', `The url of subrequest ${referenceId} must start with /services/data/vXX.X/`);
    }
    if (/\/services\/data\/v[\d.]+\/composite(\/?$|\/?\?|\/(batch|tree|graph)\b)/.test(url)) {
      throw badRequest('INVALID_API_INPUT', `Subrequest ${referenceId} cannot be another composite, batch, tree or graph request`);
    }
    if (/\/services\/data\/v[\d.]+\/(query|queryAll|composite\/sobjects)\b/.test(url)) {
      collectionsOrQueries += 1;
      if (collectionsOrQueries > MAX_COLLECTION_OR_QUERY_SUBREQUESTS) {
        throw badRequest(
          'INVALID_API_INPUT',
          `A composite request can contain at most ${MAX_COLLECTION_OR_QUERY_SUBREQUESTS} sObject Collections or query subrequests`,
        );
      }
    }
    let headers: Record<string, string> | undefined;
    if (httpHeaders !== undefined && httpHeaders !== null) {
      if (!isPlainObject(httpHeaders) || Object.values(httpHeaders).some((v) => typeof v !== 'string')) {
        throw badRequest('JSON_PARSER_ERROR', `httpHeaders of subrequest ${referenceId} must map header names to strings`);
      }
      const forbidden = Object.keys(httpHeaders).find((h) => FORBIDDEN_SUBREQUEST_HEADERS.includes(h.toLowerCase()));
      if (forbidden) {
        throw badRequest('INVALID_API_INPUT', `Subrequest ${referenceId} cannot set the ${forbidden} header; it is inherited from the composite request`);
      }
      headers = httpHeaders as Record<string, string>;
    }
    return { method, url, referenceId, body: item.body, httpHeaders: headers };
  });
}

/** Outcome of one reference lookup: found (value may be null) or missing. */
type Lookup = { found: true; value: unknown } | { found: false };

function followPath(root: unknown, path: string): Lookup {
  let value = root;
  const tokens = path.match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  if (tokens.join('') !== path) return { found: false };
  for (const token of tokens) {
    if (token.startsWith('[')) {
      const index = Number(token.slice(1, -1));
      if (!Array.isArray(value) || index >= value.length) return { found: false };
      value = value[index];
    } else {
      const key = token.slice(1);
      if (!isPlainObject(value) || !(key in value)) return { found: false };
      value = value[key];
    }
  }
  return { found: true, value };
}

/** Thrown while substituting references: the subrequest then fails with PROCESSING_HALTED. */
class UnresolvedReference extends Error {}

/**
 * Replaces `@{ref.path}` in a string. A string that is exactly one reference becomes the
 * referenced value itself (number, boolean, null...); otherwise values are spliced in as text.
 */
function resolveString(text: string, lookup: (expression: string) => unknown): unknown {
  const whole = /^@\{([^}]+)\}$/.exec(text);
  if (whole) return lookup(whole[1]);
  return text.replace(/@\{([^}]+)\}/g, (_m, expression: string) => {
    const value = lookup(expression);
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function resolveDeep(value: unknown, lookup: (expression: string) => unknown): unknown {
  if (typeof value === 'string') return value.includes('@{') ? resolveString(value, lookup) : value;
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, lookup));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v, lookup);
    return out;
  }
  return value;
}

function keptHeaders(response: RestResponse, sub: Subrequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (KEPT_RESPONSE_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  }
  // A created row points at itself, as Salesforce's create responses do.
  const body = response.body as { id?: unknown } | undefined;
  if (response.status === 201 && !('Location' in headers) && isPlainObject(body) && typeof body.id === 'string') {
    const match = /^\/services\/data\/v([\d.]+)\/sobjects\/([^/?]+)/.exec(sub.url);
    if (match) headers.Location = `/services/data/v${match[1]}/sobjects/${match[2]}/${body.id}`;
  }
  return headers;
}

function responseBody(response: RestResponse): unknown {
  if (response.body !== undefined) return response.body;
  if (response.text) return response.text.data;
  return null;
}

/** A subrequest failed: an error status, or a collections DML result with a failed item. */
function subrequestFailed(sub: Subrequest, response: RestResponse): boolean {
  if (response.status >= 400) return true;
  return (
    /\/composite\/sobjects/.test(sub.url) &&
    sub.method !== 'GET' &&
    Array.isArray(response.body) &&
    response.body.some((item) => isPlainObject(item) && item.success === false)
  );
}

async function dispatchSafely(
  ctx: EmulatorContext,
  method: string,
  url: string,
  body: unknown,
  user: AuthenticatedUser,
  headers?: Record<string, string>,
): Promise<RestResponse> {
  try {
    return await ctx.dispatch(method, url, body, user, headers);
  } catch (err) {
    if (err instanceof SalesforceError) return { status: err.status, body: err.toBody() };
    throw err;
  }
}

async function composite(req: RestRequest, ctx: EmulatorContext): Promise<RestResponse> {
  requireVersion(req, 34);
  const body = objectBody(req);
  const allOrNone = readAllOrNone(body.allOrNone);
  if (body.collateSubrequests !== undefined && typeof body.collateSubrequests !== 'boolean') {
    throw badRequest('JSON_PARSER_ERROR', 'collateSubrequests must be a boolean');
  }
  const subrequests = readSubrequests(body);
  // v52+: a reference to a null value resolves to null instead of failing.
  const nullReferencesResolve = majorVersion(req.apiVersion) >= 52;
  const done = new Map<string, { response: RestResponse; failed: boolean }>();
  const results: SubrequestResult[] = [];

  const run = async (): Promise<number> => {
    for (let index = 0; index < subrequests.length; index += 1) {
      const sub = subrequests[index];
      let missing: string | undefined;
      const lookup = (expression: string): unknown => {
        const name = /^[A-Za-z0-9_]+/.exec(expression)?.[0] ?? '';
        const earlier = done.get(name);
        const found: Lookup =
          earlier && earlier.response.status < 400 ? followPath(responseBody(earlier.response), expression.slice(name.length)) : { found: false };
        if (!found.found || (found.value === null && !nullReferencesResolve)) {
          missing ??= `Invalid reference specified. No value for ${expression} found in ${name}.`;
          throw new UnresolvedReference();
        }
        return found.value;
      };
      let url: string;
      let subBody: unknown;
      try {
        url = String(resolveString(sub.url, lookup));
        subBody = resolveDeep(sub.body, lookup);
      } catch (err) {
        if (!(err instanceof UnresolvedReference)) throw err;
        const response: RestResponse = { status: 400, body: processingHalted(missing as string) };
        done.set(sub.referenceId, { response, failed: true });
        results.push({ body: response.body, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId });
        if (allOrNone) return index;
        continue;
      }
      // The composite's allOrNone overrides that of sObject Collections subrequests.
      if (allOrNone && /\/composite\/sobjects\/?(\?|$)/.test(url) && isPlainObject(subBody)) {
        subBody = { ...subBody, allOrNone: true };
      }
      if (allOrNone && /\/composite\/sobjects\/?\?/.test(url) && sub.method === 'DELETE') {
        url = url.replace(/([?&])allOrNone=[^&]*/i, '$1').replace(/[?&]$/, '');
        url += `${url.includes('?') ? '&' : '?'}allOrNone=true`;
      }
      const response = await dispatchSafely(ctx, sub.method, url, subBody, req.user, sub.httpHeaders);
      const failed = subrequestFailed(sub, response);
      done.set(sub.referenceId, { response, failed });
      results.push({
        body: responseBody(response),
        httpHeaders: keptHeaders(response, sub),
        httpStatusCode: response.status,
        referenceId: sub.referenceId,
      });
      if (failed && allOrNone) return index;
    }
    return -1;
  };

  if (!allOrNone) {
    await run();
    return { status: 200, body: { compositeResponse: results } };
  }

  const failedIndex = await withSavepoint(ctx.store, async () => {
    const index = await run();
    return { commit: index < 0, value: index };
  });
  if (failedIndex < 0) return { status: 200, body: { compositeResponse: results } };
  // Everything is undone: the failing subrequest keeps its own result, every other one reports
  // PROCESSING_HALTED (those never reached included).
  const halted = subrequests.map((sub, index): SubrequestResult => {
    if (index === failedIndex) return results[index];
    return {
      body: processingHalted(ROLLED_BACK_MESSAGE),
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId: sub.referenceId,
    };
  });
  return { status: 200, body: { compositeResponse: halted } };
}

let savepointCounter = 0;

/** Runs fn inside a SQLite savepoint that it may ask to roll back; rethrows after rolling back. */
async function withSavepoint<T>(store: OrgStore, fn: () => Promise<{ commit: boolean; value: T }>): Promise<T> {
  savepointCounter += 1;
  const name = `composite_all_or_none_${savepointCounter}`;
  store.db.exec(`SAVEPOINT ${name}`);
  let outcome: { commit: boolean; value: T };
  try {
    outcome = await fn();
  } catch (err) {
    store.db.exec(`ROLLBACK TO ${name}`);
    store.db.exec(`RELEASE ${name}`);
    throw err;
  }
  if (!outcome.commit) store.db.exec(`ROLLBACK TO ${name}`);
  store.db.exec(`RELEASE ${name}`);
  return outcome.value;
}

// ---------------------------------------------------------------------------------------------
// Batch
// ---------------------------------------------------------------------------------------------

async function batch(req: RestRequest, ctx: EmulatorContext): Promise<RestResponse> {
  requireVersion(req, 34);
  const body = objectBody(req);
  const list = body.batchRequests;
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest('JSON_PARSER_ERROR', 'batchRequests must be a non-empty array of subrequests');
  }
  if (list.length > MAX_SUBREQUESTS) {
    throw badRequest('INVALID_API_INPUT', `A batch request can contain at most ${MAX_SUBREQUESTS} subrequests`);
  }
  if (body.haltOnError !== undefined && typeof body.haltOnError !== 'boolean') {
    throw badRequest('JSON_PARSER_ERROR', 'haltOnError must be a boolean');
  }
  const haltOnError = body.haltOnError === true;
  const batchVersion = Number(req.apiVersion);
  // The whole batch is checked before anything runs, as Salesforce does.
  const subrequests = list.map((item, index) => {
    if (!isPlainObject(item)) throw badRequest('JSON_PARSER_ERROR', 'Each batch subrequest must be a JSON object');
    const { method, url } = item;
    if (typeof method !== 'string' || !SUBREQUEST_METHODS.includes(method.toUpperCase())) {
      throw badRequest('JSON_PARSER_ERROR', `Invalid method '${String(method)}' in batch subrequest ${index}`);
    }
    if (typeof url !== 'string') throw badRequest('JSON_PARSER_ERROR', `Missing url in batch subrequest ${index}`);
    const full = url.startsWith('/services/data/') ? url : `/services/data/${url.replace(/^\//, '')}`;
    const match = SERVICES_DATA_URL.exec(full);
    const version = match ? Number(match[1]) : NaN;
    if (!match || !(version >= 34 && version <= batchVersion)) {
      throw badRequest(
        'INVALID_API_INPUT',
        `Batch subrequest ${index} must address a resource of version 34.0 through ${req.apiVersion}, like 'v${req.apiVersion}/sobjects/Account'`,
      );
    }
    if (/^\/composite(\/?$|\/?\?|\/(batch|tree|graph)\b)/.test(match[2] ?? '') || (match[2] ?? '') === '/composite') {
      throw badRequest('INVALID_API_INPUT', `Batch subrequest ${index} cannot be a composite request`);
    }
    return { method: method.toUpperCase(), url: full, body: item.richInput };
  });

  const results: Array<{ statusCode: number; result: unknown }> = [];
  let halted = false;
  for (const sub of subrequests) {
    if (halted) {
      results.push({
        statusCode: 412,
        result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }],
      });
      continue;
    }
    const response = await dispatchSafely(ctx, sub.method, sub.url, sub.body, req.user);
    const result = response.status === 204 ? null : responseBody(response);
    results.push({ statusCode: response.status, result });
    if (response.status >= 400 && haltOnError) halted = true;
  }
  return { status: 200, body: { hasErrors: results.some((r) => r.statusCode >= 400), results } };
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

export const compositeRoutes: RestRoute[] = [
  {
    method: 'GET',
    pattern: /^\/composite\/?$/,
    handle: (req) => {
      requireVersion(req, 34);
      const base = `/services/data/v${req.apiVersion}/composite`;
      return { status: 200, body: { tree: `${base}/tree`, batch: `${base}/batch`, sobjects: `${base}/sobjects` } };
    },
  },
  { method: 'POST', pattern: /^\/composite\/?$/, handle: (req, _params, ctx) => composite(req, ctx) },
  { method: 'POST', pattern: /^\/composite\/batch\/?$/, handle: (req, _params, ctx) => batch(req, ctx) },
  {
    method: 'POST',
    pattern: /^\/composite\/tree\/(?<type>[A-Za-z0-9_]+)\/?$/,
    handle: (req, params, ctx) => compositeTree(req, ctx, params),
  },
  { method: 'POST', pattern: /^\/composite\/sobjects\/?$/, handle: (req, _params, ctx) => collectionCreate(req, ctx) },
  { method: 'PATCH', pattern: /^\/composite\/sobjects\/?$/, handle: (req, _params, ctx) => collectionUpdate(req, ctx) },
  { method: 'DELETE', pattern: /^\/composite\/sobjects\/?$/, handle: (req, _params, ctx) => collectionDelete(req, ctx) },
  {
    method: 'POST',
    pattern: /^\/composite\/sobjects\/(?<type>[A-Za-z0-9_]+)\/?$/,
    handle: (req, params, ctx) => {
      const body = objectBody(req);
      return retrieveRecords(req, ctx, params.type, body.ids, body.fields);
    },
  },
  {
    method: 'GET',
    pattern: /^\/composite\/sobjects\/(?<type>[A-Za-z0-9_]+)\/?$/,
    handle: (req, params, ctx) => {
      const split = (name: string) => {
        const value = req.query.get(name);
        return value === null || value === '' ? undefined : value.split(',').map((s) => s.trim());
      };
      const ids = split('ids');
      const fields = split('fields');
      if (!ids) throw badRequest('MISSING_ARGUMENT', 'The ids parameter is required');
      if (!fields) throw badRequest('MISSING_ARGUMENT', 'The fields parameter is required');
      return retrieveRecords(req, ctx, params.type, ids, fields);
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/composite\/sobjects\/(?<type>[A-Za-z0-9_]+)\/(?<field>[A-Za-z0-9_]+)\/?$/,
    handle: (req, params, ctx) => collectionUpsert(req, ctx, params),
  },
];
