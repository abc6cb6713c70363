/**
 * What the cache knows of the org's schema, for SOQL: the registry's objects and fields (names
 * matched without case, as Salesforce does), each field's SOQL type and where its value lives in
 * the `records` table (a typed column, else the record's JSON), the lookups and child
 * relationships among cached objects, the picklists' order, and the org's settings.
 *
 * Types come from the org's describe when the cache holds it (describe_cache, written when a form
 * or the query console read it), else from Salesforce's standard schema (./standard-fields.ts).
 */
import { EXTRACTED } from '../../records/list-sql';
import type { ObjectDef, ObjectRegistry } from '../../../../shared/objects/registry';
import type { CacheDb } from '../../cache/org-cache';
import { orgRegistryOf } from '../../cache/org-registry';
import { readLeadStatuses, readOrgSettings, readStages, readTaskStatuses, type OrgSettings } from '../../cache/reference.repo';
import { CHILD_RELATIONSHIPS, soqlTypeOf, standardReference, standardType, type ChildRelationship, type Reference, type SoqlType } from './standard-fields';

export interface FieldInfo {
  /** The registry's spelling (dotted for a flattened relationship field: `Account.Name`). */
  name: string;
  type: SoqlType;
  /** The SQL of the value over a `records` alias. */
  sql: (alias: string) => string;
  /** For a lookup: its relationship and targets. */
  reference?: Reference;
}

/**
 * The registry's extracted columns (ExtractedColumns) and the `records` column each fills: the
 * lists' (records/list-sql.ts), and the flags, 1/0 like the JSON's booleans read through json_extract.
 */
const EXTRACTED_COLUMNS: ReadonlyArray<[string, string]> = [...EXTRACTED, ['flagA', 'flag_a'], ['flagB', 'flag_b']];

/** Columns every object has (cache migrations 0001 and 0006). */
const COMMON_COLUMNS: Readonly<Record<string, string>> = {
  Id: 'id',
  OwnerId: 'owner_id',
  'Owner.Name': 'owner_name',
  LastModifiedDate: 'last_modified',
  CreatedDate: 'created_date',
};

interface DescribedField {
  name: string;
  type: string;
  picklistValues?: Array<{ value: string }>;
  referenceTo?: string[];
}

function columnOf(def: ObjectDef, field: string): string | undefined {
  if (COMMON_COLUMNS[field]) return COMMON_COLUMNS[field];
  const columns = def.columns as unknown as Record<string, string | undefined>;
  return EXTRACTED_COLUMNS.find(([key]) => columns[key] === field)?.[1];
}

function valueSql(def: ObjectDef, field: string): (alias: string) => string {
  const column = columnOf(def, field);
  if (column) return (alias) => `${alias}.${column}`;
  // Registry field names are checked API-name shapes (registry.ts FIELD_NAME): safe to inline.
  const path = field.includes('.') ? `$."${field}"` : `$.${field}`;
  return (alias) => `json_extract(${alias}.fields, '${path}')`;
}

export class CacheSchema {
  readonly settings: OrgSettings | null;
  /** The org's registry: without the optional fields it lacks (CurrencyIsoCode outside multi-currency orgs). */
  readonly registry: ObjectRegistry;
  private readonly describes = new Map<string, Map<string, DescribedField> | null>();
  private readonly fieldMaps = new Map<string, Map<string, FieldInfo>>();

  constructor(
    private readonly db: CacheDb,
    registry: ObjectRegistry,
  ) {
    this.settings = readOrgSettings(db);
    this.registry = orgRegistryOf(db, registry);
  }

  /** A cached object by name, any case. */
  object(name: string): ObjectDef | undefined {
    const lower = name.toLowerCase();
    const found = this.registry.names.find((n) => n.toLowerCase() === lower);
    return found ? this.registry.get(found) : undefined;
  }

  /** A cached field (or flattened relationship field, `account.name`) by name, any case. */
  field(def: ObjectDef, name: string): FieldInfo | undefined {
    return this.fieldsOf(def).get(name.toLowerCase());
  }

  /** The lookup field whose relationship is `name` (`Account` → AccountId), any case. */
  relationship(def: ObjectDef, name: string): FieldInfo | undefined {
    const lower = name.toLowerCase();
    return [...this.fieldsOf(def).values()].find((f) => f.reference?.relationship.toLowerCase() === lower);
  }

  childRelationship(def: ObjectDef, name: string): (ChildRelationship & { childDef: ObjectDef }) | undefined {
    const lower = name.toLowerCase();
    const found = CHILD_RELATIONSHIPS.find((c) => c.parent === def.name && c.name.toLowerCase() === lower);
    const childDef = found && this.object(found.child);
    return found && childDef && this.field(childDef, found.field) ? { ...found, childDef } : undefined;
  }

  /**
   * A picklist's values in the org's order (how SOQL sorts a picklist: "Picklist sorting is defined
   * by the picklist sort determined during setup"), or undefined when the cache does not know it.
   * Stage, lead and task statuses come from the org's tables the sync reads, others from the describe.
   */
  picklistOrder(def: ObjectDef, field: string): readonly string[] | undefined {
    const key = `${def.name}.${field}`;
    const fromTable =
      key === 'Opportunity.StageName'
        ? readStages(this.db)
        : key === 'Lead.Status'
          ? readLeadStatuses(this.db)
          : key === 'Task.Status'
            ? readTaskStatuses(this.db)
            : undefined;
    if (fromTable && 'stages' in fromTable && fromTable.fromOrg) return fromTable.stages.map((s) => s.name);
    if (fromTable && 'statuses' in fromTable && fromTable.fromOrg) return fromTable.statuses.map((s) => s.name);
    const values = this.describeOf(def)?.get(field.toLowerCase())?.picklistValues;
    return values?.length ? values.map((v) => v.value) : undefined;
  }

  private fieldsOf(def: ObjectDef): Map<string, FieldInfo> {
    let map = this.fieldMaps.get(def.name);
    if (map) return map;
    map = new Map();
    const described = this.describeOf(def);
    for (const f of def.fields) {
      const fromOrg = described?.get(f.name.toLowerCase());
      const type = fromOrg && !f.name.includes('.') ? soqlTypeOf(fromOrg.type) : standardType(def.name, f.name, f.kind);
      const standard = standardReference(f.name);
      const reference =
        type === 'reference' && standard
          ? { relationship: standard.relationship, targets: fromOrg?.referenceTo?.length ? fromOrg.referenceTo : standard.targets }
          : undefined;
      map.set(f.name.toLowerCase(), { name: f.name, type, sql: valueSql(def, f.name), reference });
    }
    this.fieldMaps.set(def.name, map);
    return map;
  }

  private describeOf(def: ObjectDef): Map<string, DescribedField> | undefined {
    if (!this.describes.has(def.name)) this.describes.set(def.name, this.readDescribe(def.name));
    return this.describes.get(def.name) ?? undefined;
  }

  private readDescribe(object: string): Map<string, DescribedField> | null {
    const row = this.db.prepare(`SELECT meta FROM describe_cache WHERE object = ?`).get(object) as { meta: string } | undefined;
    if (!row) return null;
    try {
      const meta = JSON.parse(row.meta) as { fields?: DescribedField[] };
      return new Map((meta.fields ?? []).filter((f) => typeof f.name === 'string').map((f) => [f.name.toLowerCase(), f]));
    } catch {
      return null;
    }
  }
}
