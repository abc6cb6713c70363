/**
 * The console's autocomplete schema (`query:schema`): the org's queryable objects (which ones the
 * local cache keeps marked), or one object's fields, relationships and picklist values, from the
 * org's describe. Each answer is kept in the org's cache database (cache migration 0011) and
 * served from there for SCHEMA_TTL_MS, and whenever the org cannot be reached, so the editor
 * completes offline too. Before anything was ever read, an offline answer is what the cache
 * itself knows: the registry's objects and their synced fields (`source: 'cache'`). A cached
 * object's describe read here is also kept where forms and the offline engine read it
 * (describe_cache), so ORDER BY a picklist works offline once the console has completed it.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { QuerySchema, SchemaField, type SchemaObject } from '../../../shared/ipc/query.contract';
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { CacheDb } from '../cache/org-cache';
import { orgRegistryOf } from '../cache/org-registry';
import type { RawConnection } from '../salesforce/gateway';
import { isUnreachable, rememberDescribe } from '../describe/describe-cache';
import { CacheSchema } from './cache-query/cache-schema';

const SCHEMA_TTL_MS = 24 * 60 * 60 * 1000;

const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

const StoredObjects = z.object({ objects: z.array(z.object({ name: z.string(), label: z.string() })) });
const ChildRelationship = z.object({ relationshipName: z.string(), childSObject: z.string(), field: z.string() });
const StoredObject = z.object({ name: z.string(), label: z.string(), fields: z.array(SchemaField), childRelationships: z.array(ChildRelationship) });
type StoredObjects = z.infer<typeof StoredObjects>;
type StoredObject = z.infer<typeof StoredObject>;

type RawDescribe = Record<string, unknown>;
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The global describe's queryable objects. */
export function reduceGlobal(raw: unknown): StoredObjects {
  const sobjects = (raw as { sobjects?: unknown } | null)?.sobjects;
  if (!Array.isArray(sobjects)) throw new AppError('SALESFORCE', 'Salesforce sent an unreadable list of objects.');
  const objects = (sobjects as RawDescribe[])
    .filter((o) => o.queryable === true && typeof o.name === 'string')
    .map((o) => ({ name: o.name as string, label: str(o.label, o.name as string) }));
  return { objects };
}

/** An object's describe reduced to what the editor completes. */
export function reduceObject(raw: unknown): StoredObject {
  const d = raw as RawDescribe | null;
  if (!d || typeof d.name !== 'string' || !Array.isArray(d.fields)) throw new AppError('SALESFORCE', 'Salesforce sent an unreadable description.');
  const fields = (d.fields as RawDescribe[])
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({
      name: f.name as string,
      label: str(f.label, f.name as string),
      type: str(f.type, 'string'),
      relationshipName: typeof f.relationshipName === 'string' ? f.relationshipName : null,
      referenceTo: strings(f.referenceTo),
      picklistValues: (Array.isArray(f.picklistValues) ? (f.picklistValues as RawDescribe[]) : [])
        .filter((p) => p.active !== false && typeof p.value === 'string')
        .map((p) => ({ value: p.value as string, label: str(p.label, p.value as string) })),
      filterable: f.filterable !== false,
      sortable: f.sortable !== false,
      groupable: f.groupable === true,
      aggregatable: f.aggregatable === true,
    }));
  const childRelationships = (Array.isArray(d.childRelationships) ? (d.childRelationships as RawDescribe[]) : [])
    .filter((c) => typeof c.relationshipName === 'string' && typeof c.childSObject === 'string')
    .map((c) => ({ relationshipName: c.relationshipName as string, childSObject: c.childSObject as string, field: str(c.field) }));
  return { name: d.name, label: str(d.label, d.name), fields, childRelationships };
}

function readStored<T>(db: CacheDb, key: string, schema: z.ZodType<T>): { value: T; fetchedAt: number } | undefined {
  const row = db.prepare(`SELECT meta, fetched_at FROM query_schema WHERE object = ?`).get(key) as { meta: string; fetched_at: string } | undefined;
  if (!row) return undefined;
  const parsed = schema.safeParse(JSON.parse(row.meta));
  return parsed.success ? { value: parsed.data, fetchedAt: Date.parse(row.fetched_at) } : undefined;
}

function store(db: CacheDb, key: string, value: unknown, at: number): void {
  db.prepare(
    `INSERT INTO query_schema (object, meta, fetched_at) VALUES (?, ?, ?)
     ON CONFLICT (object) DO UPDATE SET meta = excluded.meta, fetched_at = excluded.fetched_at`,
  ).run(key, JSON.stringify(value), new Date(at).toISOString());
}

/** What the local cache alone knows of an object (offline, never described): its synced fields. */
function fromCache(db: CacheDb, registry: ObjectRegistry, name: string): StoredObject | undefined {
  const schema = new CacheSchema(db, registry);
  const def = schema.object(name);
  if (!def) return undefined;
  const fields = def.fields
    .filter((f) => !f.name.includes('.'))
    .map((f) => {
      const info = schema.field(def, f.name);
      return {
        name: f.name,
        label: f.name,
        type: info?.type ?? 'string',
        relationshipName: info?.reference?.relationship ?? null,
        referenceTo: info?.reference ? [...info.reference.targets] : [],
        picklistValues: [],
        filterable: true,
        sortable: true,
        groupable: true,
        aggregatable: true,
      };
    });
  return { name: def.name, label: def.label.one, fields, childRelationships: [] };
}

export interface QuerySchemaDeps {
  registry: ObjectRegistry;
  now?: () => number;
  ttlMs?: number;
}

export interface SchemaSource {
  db: CacheDb;
  /** A raw connection whose calls are metered as 'describe'. */
  connection: () => Promise<RawConnection>;
}

export function createQuerySchema(deps: QuerySchemaDeps) {
  const now = deps.now ?? Date.now;
  const ttl = deps.ttlMs ?? SCHEMA_TTL_MS;

  /** Stored and fresh → stored; else fetched (and stored); unreachable → stored whatever its age, else the fallback. */
  async function read<T>(src: SchemaSource, key: string, schema: z.ZodType<T>, fetch: (raw: RawConnection) => Promise<T>, fallback: () => T | undefined) {
    const stored = readStored(src.db, key, schema);
    if (stored && now() - stored.fetchedAt < ttl) return { value: stored.value, source: 'cache' as const };
    try {
      const value = await fetch(await src.connection());
      store(src.db, key, value, now());
      return { value, source: 'org' as const };
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      const offline = stored?.value ?? fallback();
      if (offline === undefined) throw err;
      return { value: offline, source: 'cache' as const };
    }
  }

  return {
    async schema(src: SchemaSource, objectName?: string): Promise<QuerySchema> {
      const registry = orgRegistryOf(src.db, deps.registry);
      const cachedNames = new Set(registry.names.map((n) => n.toLowerCase()));
      const global = await read(
        src,
        '',
        StoredObjects,
        async (raw) => reduceGlobal(await raw.requestJson('GET', `/services/data/v${raw.version}/sobjects`)),
        () => ({ objects: registry.names.map((name) => ({ name, label: registry.get(name).label.one })) }),
      );
      const objects: Array<z.infer<typeof SchemaObject>> = global.value.objects.map((o) => ({ ...o, cached: cachedNames.has(o.name.toLowerCase()) }));
      if (!objectName) return { objects, object: null, source: global.source };
      if (!OBJECT_NAME.test(objectName)) throw new AppError('INVALID_INPUT', `"${objectName}" is not an object name.`);
      const known = global.value.objects.find((o) => o.name.toLowerCase() === objectName.toLowerCase());
      const name = known?.name ?? objectName;
      const described = await read(
        src,
        name,
        StoredObject,
        async (raw) => {
          const describe = await raw.requestJson('GET', `/services/data/v${raw.version}/sobjects/${name}/describe`);
          const reduced = reduceObject(describe);
          // A cached object's describe also serves its forms and the offline engine (picklist order).
          if (registry.has(reduced.name)) rememberDescribe(src.db, reduced.name, describe, new Date(now()));
          return reduced;
        },
        () => fromCache(src.db, deps.registry, name),
      );
      const def = registry.has(described.value.name) ? registry.get(described.value.name) : undefined;
      // The object's answer says where its fields came from (what the editor completes from).
      return QuerySchema.parse({
        objects,
        object: { ...described.value, cachedFields: def ? def.fields.map((f) => f.name) : [] },
        source: described.source,
      });
    },
  };
}

export type QuerySchemaReader = ReturnType<typeof createQuerySchema>;
