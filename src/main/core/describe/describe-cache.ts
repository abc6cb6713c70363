/**
 * Form metadata from the org's describe, cached per org in its cache database (table
 * describe_cache, migration 0003) so forms open instantly and offline.
 *
 * Freshness: within DESCRIBE_TTL_MS of the last confirmation the cached copy is used without a
 * call. After that the describe is requested with `If-Modified-Since: <when we fetched it>`;
 * Salesforce answers 304 when the object's metadata has not changed (the copy is confirmed for
 * another TTL) or 200 with the new describe. When the org cannot be reached (or the session is
 * gone) an existing copy is served as 'cache-offline'; without one the error goes to the caller.
 *
 * The whole describe is reduced to FormField entries for every field (not just the form's set), so
 * the core can validate any written field; `describe:form` returns the FORM_FIELDS subset.
 */
import { AppError } from '../../../shared/errors';
import type { FormField, FormMeta } from '../../../shared/ipc/records.contract';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../../../shared/objects/registry';
import type { CacheDb } from '../cache/org-cache';
import type { CrmObject } from '../records/types';

export const DESCRIBE_TTL_MS = 24 * 60 * 60 * 1000;

/** What the cache keeps of one object's describe. */
export interface StoredDescribe {
  object: CrmObject;
  label: string;
  fields: FormField[];
}

export type DescribeFetchResult = { status: 'not-modified' } | { status: 'modified'; describe: unknown };

/** One describe request; `ifModifiedSince` is an HTTP date. Rejects when the org cannot answer. */
export type DescribeFetcher = (object: CrmObject, ifModifiedSince: string | null) => Promise<DescribeFetchResult>;

interface RawPicklistValue {
  value?: unknown;
  label?: unknown;
  active?: unknown;
  defaultValue?: unknown;
}
interface RawField {
  name?: unknown;
  label?: unknown;
  type?: unknown;
  nillable?: unknown;
  createable?: unknown;
  updateable?: unknown;
  defaultedOnCreate?: unknown;
  length?: unknown;
  precision?: unknown;
  scale?: unknown;
  digits?: unknown;
  picklistValues?: unknown;
  restrictedPicklist?: unknown;
  referenceTo?: unknown;
  inlineHelpText?: unknown;
}

const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : 0);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/** Salesforce describe field → form field. `required` is what a create must supply. */
export function toFormField(raw: RawField): FormField | undefined {
  if (typeof raw.name !== 'string' || !raw.name) return undefined;
  const type = str(raw.type, 'string');
  const createable = raw.createable === true;
  const nillable = raw.nillable === true;
  const picklist = Array.isArray(raw.picklistValues) ? (raw.picklistValues as RawPicklistValue[]) : [];
  return {
    name: raw.name,
    label: str(raw.label, raw.name),
    type,
    // Checkboxes are never nillable yet always have a value (false), so they are never required.
    required: type !== 'boolean' && !nillable && createable && raw.defaultedOnCreate !== true,
    createable,
    updateable: raw.updateable === true,
    nillable,
    length: int(raw.length),
    precision: int(raw.precision),
    scale: int(raw.scale),
    digits: int(raw.digits),
    picklistValues: picklist
      .filter((p) => p.active !== false && typeof p.value === 'string')
      .map((p) => ({ value: p.value as string, label: str(p.label, p.value as string), default: p.defaultValue === true })),
    restrictedPicklist: raw.restrictedPicklist === true,
    referenceTo: Array.isArray(raw.referenceTo) ? raw.referenceTo.filter((r): r is string => typeof r === 'string') : [],
    inlineHelpText: typeof raw.inlineHelpText === 'string' ? raw.inlineHelpText : null,
  };
}

export function reduceDescribe(object: CrmObject, describe: unknown): StoredDescribe {
  const d = describe as { name?: unknown; label?: unknown; fields?: unknown } | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.fields)) {
    throw new AppError('SALESFORCE', `Salesforce sent an unreadable description of ${object}.`);
  }
  if (d.name !== undefined && d.name !== object) throw new AppError('SALESFORCE', `Salesforce described ${String(d.name)} instead of ${object}.`);
  const fields = (d.fields as RawField[]).map(toFormField).filter((f): f is FormField => f !== undefined);
  return { object, label: str(d.label, object), fields };
}

/** The form's fields, in the registry's formFields order (FORM_FIELDS), that this org's describe has. */
export function formFieldsOf(stored: StoredDescribe, registry: ObjectRegistry = OBJECT_REGISTRY): FormField[] {
  const byName = new Map(stored.fields.map((f) => [f.name, f]));
  return registry
    .get(stored.object)
    .formFields.map((name) => byName.get(name))
    .filter((f): f is FormField => f !== undefined);
}

/**
 * Keeps a describe read elsewhere (the SOQL console's schema) as if a form had read it: the
 * console's offline engine sorts picklists in the org's order from it, and a form opening next
 * finds it fresh.
 */
export function rememberDescribe(db: CacheDb, object: CrmObject, describe: unknown, at: Date): void {
  storeDescribe(db, reduceDescribe(object, describe), at.toISOString());
}

/** Keeps a describe just read, fetched and confirmed at `at` (an ISO time). */
function storeDescribe(db: CacheDb, stored: StoredDescribe, at: string): void {
  db.prepare(
    `INSERT INTO describe_cache (object, meta, fetched_at, validated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (object) DO UPDATE SET meta = excluded.meta, fetched_at = excluded.fetched_at, validated_at = excluded.validated_at`,
  ).run(stored.object, JSON.stringify(stored), at, at);
}

/** Errors that mean "the org cannot answer now" rather than "this request is wrong". */
const UNREACHABLE = new Set(['NETWORK', 'SESSION_EXPIRED', 'NOT_CONNECTED', 'API_LIMIT']);

/**
 * Whether a failed request means the org cannot answer now (so a kept copy may be served) rather
 * than that the request is wrong. An error that is no AppError (a dropped socket) counts as unreachable.
 */
export function isUnreachable(err: unknown): boolean {
  return !(err instanceof AppError) || UNREACHABLE.has(err.code);
}

export interface DescribeCacheDeps {
  now?: () => number;
  ttlMs?: number;
  /** Which fields each object's form shows (default: the shared registry). */
  registry?: ObjectRegistry;
}

export interface DescribeCache {
  /** Metadata of every field of the object (for validation), with freshness. */
  describe(db: CacheDb, object: CrmObject, fetch: DescribeFetcher): Promise<{ stored: StoredDescribe; fetchedAt: string; source: FormMeta['source'] }>;
  /** The stored copy whatever its age, without a call (undefined when never fetched). */
  cached(db: CacheDb, object: CrmObject): StoredDescribe | undefined;
  /** The `describe:form` answer. */
  form(db: CacheDb, object: CrmObject, fetch: DescribeFetcher): Promise<FormMeta>;
}

export function createDescribeCache(deps: DescribeCacheDeps = {}): DescribeCache {
  const now = deps.now ?? Date.now;
  const ttl = deps.ttlMs ?? DESCRIBE_TTL_MS;
  // One request per (database, object) at a time: a form and a save opening together share it.
  const inflight = new WeakMap<CacheDb, Map<CrmObject, Promise<Awaited<ReturnType<DescribeCache['describe']>>>>>();

  const load = async (db: CacheDb, object: CrmObject, fetch: DescribeFetcher) => {
    const row = db.prepare(`SELECT meta, fetched_at, validated_at FROM describe_cache WHERE object = ?`).get(object) as
      { meta: string; fetched_at: string; validated_at: string } | undefined;
    const cached = row ? (JSON.parse(row.meta) as StoredDescribe) : undefined;
    if (row && cached && now() - Date.parse(row.validated_at) < ttl) {
      return { stored: cached, fetchedAt: row.validated_at, source: 'cache' as const };
    }
    let result: DescribeFetchResult;
    try {
      result = await fetch(object, row ? new Date(Date.parse(row.fetched_at)).toUTCString() : null);
    } catch (err) {
      if (cached && row && isUnreachable(err)) {
        return { stored: cached, fetchedAt: row.validated_at, source: 'cache-offline' as const };
      }
      throw err;
    }
    const at = new Date(now()).toISOString();
    if (result.status === 'not-modified') {
      if (!cached) throw new AppError('SALESFORCE', `Salesforce said the description of ${object} had not changed, but none is cached.`);
      db.prepare(`UPDATE describe_cache SET validated_at = ? WHERE object = ?`).run(at, object);
      return { stored: cached, fetchedAt: at, source: 'org' as const };
    }
    const stored = reduceDescribe(object, result.describe);
    storeDescribe(db, stored, at);
    return { stored, fetchedAt: at, source: 'org' as const };
  };

  const describe: DescribeCache['describe'] = (db, object, fetch) => {
    let map = inflight.get(db);
    if (!map) inflight.set(db, (map = new Map()));
    const pending = map.get(object);
    if (pending) return pending;
    const started = load(db, object, fetch).finally(() => map.delete(object));
    map.set(object, started);
    return started;
  };

  return {
    describe,
    cached(db, object) {
      const row = db.prepare(`SELECT meta FROM describe_cache WHERE object = ?`).get(object) as { meta: string } | undefined;
      return row ? (JSON.parse(row.meta) as StoredDescribe) : undefined;
    },
    async form(db, object, fetch) {
      const { stored, fetchedAt, source } = await describe(db, object, fetch);
      return { object, label: stored.label, fields: formFieldsOf(stored, deps.registry), fetchedAt, source };
    },
  };
}
