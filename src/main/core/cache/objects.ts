/**
 * What the cache does with the registry's objects (src/shared/objects/registry.ts declares them):
 * turn a record as Salesforce sent it into the flat, typed field map the cache stores, and name the
 * field set an object's rows were written with.
 *
 * Field names are Salesforce API names. Relationship fields (`Account.Name`, `Owner.Name`) are
 * stored flattened under their dotted name in the record JSON, whichever API delivered them
 * (REST nests them as objects, Bulk API 2.0 CSV names the column `Account.Name`).
 */
import {
  OBJECT_NAMES,
  OBJECT_REGISTRY,
  objectDef,
  type CachedObject,
  type FieldKind,
  type ObjectDef,
  type ObjectField,
  type ObjectRegistry,
} from '../../../shared/objects/registry';

export { OBJECT_REGISTRY };
export type { CachedObject, FieldKind, ObjectDef, ObjectRegistry };
/** The registry's field and object shapes under the names the cache used before the registry. */
export type CachedField = ObjectField;
export type ObjectSpec = ObjectDef;

/**
 * The shared registry's objects and definitions, for code that has no registry of its own to ask.
 * Core services take an ObjectRegistry dependency instead (so an extended one reaches them).
 */
export const CACHED_OBJECTS: readonly CachedObject[] = OBJECT_NAMES;
export const OBJECT_SPECS = Object.fromEntries(OBJECT_NAMES.map((name) => [name, objectDef(name)])) as Record<CachedObject, ObjectDef>;

/**
 * The object's cached field set as text (`Name:kind,...`). sync_state keeps the field set every
 * synced row of the object was written with; when this differs (a release added a field, such as
 * Description), the sync engine reads the object again in place so old rows gain the new fields.
 */
export function fieldSetOf(object: ObjectDef | CachedObject): string {
  const def = typeof object === 'string' ? objectDef(object) : object;
  return def.fields.map((f) => `${f.name}:${f.kind}`).join(',');
}

/** A record as the cache stores it: flat field map (dotted relationship names), typed values. */
export type FlatRecord = Record<string, string | number | boolean | null>;

/**
 * Flattens a REST record (`{Account: {Name}}`) or a Bulk CSV row (`{'Account.Name': '...'}`, all
 * strings, '' for null) into the object's typed field map. Unknown fields are dropped.
 */
export function normalizeRecord(spec: ObjectDef, raw: Record<string, unknown>): FlatRecord {
  const out: FlatRecord = {};
  for (const field of spec.fields) {
    let value: unknown;
    if (field.name in raw) value = raw[field.name];
    else if (field.name.includes('.')) {
      const [parent, child] = field.name.split('.', 2);
      const rel = raw[parent];
      value = rel && typeof rel === 'object' ? (rel as Record<string, unknown>)[child] : null;
    }
    out[field.name] = coerce(field.kind, value);
  }
  return out;
}

function coerce(kind: FieldKind, value: unknown): string | number | boolean | null {
  if (value === undefined || value === null || value === '') return null;
  switch (kind) {
    case 'number': {
      const num = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(num) ? num : null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
    case 'datetime':
      return canonicalDatetime(String(value));
    default:
      return String(value);
  }
}

const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|\+0000|\+00:00)$/;

/**
 * One text form for datetimes (`YYYY-MM-DDTHH:MM:SS.sssZ`) whatever the API wrote (REST: `+0000`,
 * Bulk: `Z`): the cache compares and sorts watermarks as text.
 */
export function canonicalDatetime(text: string): string {
  // The forms Salesforce writes nearly always (UTC, milliseconds): only the zone changes. Three
  // datetimes a row, 100,000 rows a first sync: the general path below parses and formats each.
  if (UTC_MS.test(text)) return text.endsWith('Z') ? text : `${text.slice(0, 23)}Z`;
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
