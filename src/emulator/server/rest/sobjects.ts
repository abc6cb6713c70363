/**
 * sObject resources: describeGlobal, basic info, describe, rows (create, retrieve, update,
 * delete, HEAD), rows by external ID (retrieve, upsert, delete), getUpdated and getDeleted.
 */
import { SalesforceError } from '../../errors';
import { describeGlobal, describeSObject, sobjectBasicInfo } from '../../org/describe';
import { normalizeId } from '../../org/ids';
import { MultipleChoicesError } from '../../org/store';
import type { FieldDef, ObjectDef, SObjectRow } from '../../org/types';
import { formatDatetime, parseDatetimeInput } from '../../org/values';
import { noSuchColumn } from '../../soql/messages';
import { httpDate, notFound, parseHttpDate } from '../http-util';
import type { EmulatorState } from '../state';
import type { RestRequest, RestResponse, RestRoute } from '../types';
import { checkRead, checkWrite, checkWriteHeadersWellFormed, etagFor, lastModifiedHeader } from './conditional';

/** `/sobjects/{T}/{id}`, but not the named sub-resources that share the shape. */
const ROW_PATTERN = /^\/sobjects\/(?<type>[^/]+)\/(?<id>(?!(?:describe|updated|deleted)$)[^/]+)$/;

/** Upsert answers 200 `{created:false}` for an update from v46; 204 before. */
const UPSERT_UPDATE_BODY_SINCE = 46;
/** getUpdated / getDeleted look back at most 30 days. */
const REPLICATION_WINDOW_MS = 30 * 24 * 60 * 60_000;

function objectOr404(state: EmulatorState, name: string): ObjectDef {
  const object = state.store.schema.getObject(name);
  if (!object) throw notFound();
  return object;
}

function recordUrl(apiVersion: string, type: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${id}`;
}

function wireRecord(apiVersion: string, object: ObjectDef, row: SObjectRow): Record<string, unknown> {
  return { attributes: { type: object.name, url: recordUrl(apiVersion, object.name, String(row.Id)) }, ...row };
}

/** A JSON object body with `attributes` removed (jsforce strips it too, other clients may not). */
function recordBody(req: RestRequest, typeName: string): SObjectRow {
  const body = req.json<unknown>();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${typeName} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE'} value`,
    );
  }
  const values: SObjectRow = { ...(body as SObjectRow) };
  delete values.attributes;
  return values;
}

/** Canonical field names from `?fields=A,B`; 400 INVALID_FIELD for names the object lacks. */
function requestedFields(req: RestRequest, object: ObjectDef): string[] | undefined {
  const raw = req.query.get('fields');
  if (raw === null || raw.trim() === '') return undefined;
  const names: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (!name) continue;
    const field = findField(object, name);
    if (!field) throw new SalesforceError(400, 'INVALID_FIELD', noSuchColumn(name, object.name));
    if (!names.includes(field.name)) names.push(field.name);
  }
  return names;
}

function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

/** The row for a path Id; NOT_FOUND / ENTITY_IS_DELETED as Salesforce words them. */
function liveRow(state: EmulatorState, object: ObjectDef, id: string): SObjectRow {
  const row = state.store.retrieve(object.name, id, { includeDeleted: true });
  if (!row) throw notFound();
  if (row.IsDeleted === true) throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
  return row;
}

/**
 * A path segment after the type: an Id of this object, or (not Id-shaped) an external-ID field
 * name Salesforce would look for and not find.
 */
function pathId(object: ObjectDef, segment: string): string {
  const id = normalizeId(segment);
  if (!id) {
    throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${segment}`);
  }
  if (id.slice(0, 3) !== object.keyPrefix) throw notFound();
  return id;
}

/** Fields usable as the key of an upsert or an external-ID lookup. */
function externalIdField(object: ObjectDef, name: string): FieldDef {
  const field = findField(object, name);
  if (!field || !(field.externalId || field.idLookup)) {
    throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return field;
}

function multipleChoices(apiVersion: string, object: ObjectDef, ids: string[]): RestResponse {
  return { status: 300, body: ids.map((id) => recordUrl(apiVersion, object.name, id)) };
}

function retrieveResponse(state: EmulatorState, req: RestRequest, object: ObjectDef, id: string): RestResponse {
  const fields = requestedFields(req, object);
  const full = liveRow(state, object, id);
  const outcome = checkRead(req, full);
  const headers: Record<string, string> = { ETag: etagFor(full) };
  const modified = lastModifiedHeader(full);
  if (modified) headers['Last-Modified'] = modified;
  if (outcome.kind === 'not-modified') return { status: 304, headers };
  state.recent.touch(req.user.userId, object.name, id);
  let row: SObjectRow = full;
  if (fields) {
    // Salesforce returns the asked-for fields, then Id.
    row = {};
    for (const name of fields) row[name] = full[name] ?? null;
    row.Id = full.Id;
  }
  return { status: 200, headers, body: wireRecord(req.apiVersion, object, row) };
}

function updateRow(state: EmulatorState, req: RestRequest, object: ObjectDef, id: string): RestResponse {
  const values = recordBody(req, object.name);
  const before = liveRow(state, object, id);
  checkWrite(req, before);
  state.store.update(object.name, id, values, { userId: req.user.userId });
  state.recent.touch(req.user.userId, object.name, id);
  const after = state.store.retrieve(object.name, id);
  return { status: 204, headers: after ? { ETag: etagFor(after) } : {} };
}

function deleteRow(state: EmulatorState, req: RestRequest, object: ObjectDef, id: string): RestResponse {
  state.store.delete(object.name, id, { userId: req.user.userId });
  return { status: 204 };
}

function parseReplicationDate(req: RestRequest, name: 'start' | 'end'): Date {
  const value = req.query.get(name);
  if (value === null || value.trim() === '') {
    throw new SalesforceError(400, 'MISSING_ARGUMENT', `Missing required parameter: ${name}`);
  }
  const date = parseDatetimeInput(value);
  if (!date) {
    throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', `Cannot parse ${name} date/time: ${value}`);
  }
  return date;
}

/** Replication calls work in whole minutes: seconds are dropped from both ends. */
function floorToMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/**
 * Salesforce's replication window rules: start before end (by at least a minute once truncated),
 * start no earlier than 30 days ago; the window ends at the earlier of `end` and now.
 */
function replicationWindow(state: EmulatorState, req: RestRequest) {
  const now = state.store.now();
  const start = floorToMinute(parseReplicationDate(req, 'start'));
  const end = floorToMinute(parseReplicationDate(req, 'end'));
  if (start.getTime() >= end.getTime()) {
    throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  }
  const earliest = floorToMinute(new Date(now.getTime() - REPLICATION_WINDOW_MS));
  if (start.getTime() < earliest.getTime()) {
    throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  }
  const latest = floorToMinute(new Date(Math.min(end.getTime(), now.getTime())));
  return { start, latest, earliest };
}

/**
 * getDeleted's earliestDateAvailable: the delete log is complete only after the deletion date of
 * the object's last physically purged row (recycle bin emptied or aged out). Rounded up to the
 * next whole minute, as replication windows are whole minutes: a client whose window starts
 * before it may have missed deletions and must resync (compare the window start with it).
 */
function earliestDateAvailable(lastPurgedDeletedDate: string | undefined, windowStart: Date): Date {
  if (!lastPurgedDeletedDate) return windowStart;
  const purged = Date.parse(lastPurgedDeletedDate.replace(/\+0000$/, 'Z'));
  if (Number.isNaN(purged)) return windowStart;
  const ceiled = new Date(Math.floor(purged / 60_000) * 60_000 + 60_000);
  return ceiled.getTime() > windowStart.getTime() ? ceiled : windowStart;
}

/** describe/describeGlobal honour If-Modified-Since against the schema's last change. */
function describeResponse(req: RestRequest, lastModified: Date, body: () => unknown): RestResponse {
  const headers = { 'Last-Modified': httpDate(lastModified) };
  const since = parseHttpDate(req.headers['if-modified-since']);
  if (since && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since.getTime() / 1000)) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body: body() };
}

export function sobjectRoutes(state: EmulatorState): RestRoute[] {
  const store = state.store;
  return [
    {
      method: 'GET',
      pattern: /^\/sobjects$/,
      handle: (req) => describeResponse(req, store.schemaLastModified(), () => describeGlobal(store.schema, req.apiVersion)),
    },
    {
      method: 'GET',
      pattern: /^\/sobjects\/(?<type>[^/]+)$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const recentItems = state.recent.list(store, req.user.userId, req.apiVersion, { type: object.name, limit: 10 });
        return { status: 200, body: sobjectBasicInfo(store.schema, object.name, req.apiVersion, recentItems) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/sobjects\/(?<type>[^/]+)$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const values = recordBody(req, object.name);
        checkWriteHeadersWellFormed(req);
        const id = store.create(object.name, values, { userId: req.user.userId });
        state.recent.touch(req.user.userId, object.name, id);
        return { status: 201, body: { id, success: true, errors: [] } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/describe$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        return describeResponse(req, store.schemaLastModified(), () => describeSObject(store.schema, object.name, req.apiVersion));
      },
    },
    {
      method: 'GET',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/updated$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const { start, latest } = replicationWindow(state, req);
        const ids = store.getUpdated(object.name, start, latest);
        return { status: 200, body: { ids, latestDateCovered: formatDatetime(latest) } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/deleted$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const { start, latest, earliest } = replicationWindow(state, req);
        const deletedRecords = store.getDeleted(object.name, start, latest);
        return {
          status: 200,
          body: {
            deletedRecords,
            earliestDateAvailable: formatDatetime(earliestDateAvailable(store.lastPurgedDeletedDate(object.name), earliest)),
            latestDateCovered: formatDatetime(latest),
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: ROW_PATTERN,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        return retrieveResponse(state, req, object, pathId(object, params.id));
      },
    },
    {
      method: 'PATCH',
      pattern: ROW_PATTERN,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        return updateRow(state, req, object, pathId(object, params.id));
      },
    },
    {
      method: 'DELETE',
      pattern: ROW_PATTERN,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        return deleteRow(state, req, object, pathId(object, params.id));
      },
    },
    // Rows by external ID: /sobjects/{T}/{field}/{value}
    {
      method: 'GET',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/(?<field>[^/]+)\/(?<value>[^/]+)$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const field = externalIdField(object, params.field);
        if (field.name === 'Id') return retrieveResponse(state, req, object, pathId(object, params.value));
        const ids = store.findByExternalId(object.name, field.name, params.value);
        if (ids.length === 0) throw notFound();
        if (ids.length > 1) return multipleChoices(req.apiVersion, object, ids);
        return retrieveResponse(state, req, object, ids[0]);
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/(?<field>[^/]+)\/(?<value>[^/]+)$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const field = externalIdField(object, params.field);
        if (field.name === 'Id') return updateRow(state, req, object, pathId(object, params.value));
        const values = recordBody(req, object.name);
        const ids = store.findByExternalId(object.name, field.name, params.value);
        if (ids.length > 1) return multipleChoices(req.apiVersion, object, ids);
        if (ids.length === 0 && req.query.get('updateOnly') === 'true') throw notFound();
        if (ids.length === 1) checkWrite(req, liveRow(state, object, ids[0]));
        else checkWriteHeadersWellFormed(req);
        let result: { id: string; created: boolean };
        try {
          result = store.upsert(object.name, field.name, params.value, values, { userId: req.user.userId });
        } catch (err) {
          // Another write may have added a second match since the check above.
          if (err instanceof MultipleChoicesError) return multipleChoices(req.apiVersion, object, err.ids);
          throw err;
        }
        state.recent.touch(req.user.userId, object.name, result.id);
        if (result.created) {
          return { status: 201, body: { id: result.id, success: true, errors: [], created: true } };
        }
        if (Number.parseInt(req.apiVersion, 10) < UPSERT_UPDATE_BODY_SINCE) return { status: 204 };
        return { status: 200, body: { id: result.id, success: true, errors: [], created: false } };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/sobjects\/(?<type>[^/]+)\/(?<field>[^/]+)\/(?<value>[^/]+)$/,
      handle(req, params) {
        const object = objectOr404(state, params.type);
        const field = externalIdField(object, params.field);
        if (field.name === 'Id') return deleteRow(state, req, object, pathId(object, params.value));
        const ids = store.findByExternalId(object.name, field.name, params.value);
        if (ids.length === 0) throw notFound();
        if (ids.length > 1) return multipleChoices(req.apiVersion, object, ids);
        return deleteRow(state, req, object, ids[0]);
      },
    },
  ];
}
