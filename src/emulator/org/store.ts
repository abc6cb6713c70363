/**
 * The org's records in SQLite (better-sqlite3), with Salesforce's save-time behaviour: field
 * validation and its exact error codes/messages, calculated fields, audit fields, recycle bin
 * with cascade delete and undelete, upsert by external Id, and replication (getUpdated/Deleted).
 *
 * Storage follows the convention in ./types: one table per sObject named by its API name, one
 * column per field. Text-like columns are declared COLLATE NOCASE so equality, ordering and
 * uniqueness are case-insensitive as they are in Salesforce (SOQL `=` on text, unique external
 * Ids); Id and reference columns stay binary because 15-character Ids are case-sensitive.
 */
import Database from 'better-sqlite3';
import { SalesforceError } from '../errors';
import { validateCurrencies, type OrgCurrencies } from './currencies';
import { DEFAULT_FISCAL_YEAR, isFiscalStartMonth, type FiscalYearSettings } from './fiscal';
import { idCounter, makeId, normalizeId } from './ids';
import { seedOrgMetadata } from './metadata';
import { checkValidationRules, deriveFields, objectRequiredFields, opportunityHistoryValues, type RecordValues } from './rules';
import { createOrgSchema, demoObjects } from './schema';
import type { ActingUser, DeletedRecord, FieldDef, ObjectDef, OrgSchema, OrgStore, PurgeResult, SObjectRow, WriteOptions } from './types';
import { formatDate, formatDatetime, parseDateInput, parseDatetimeInput } from './values';

export interface OpenOrgStoreOptions {
  /** SQLite file; in memory when omitted. A file is opened in WAL mode. */
  file?: string;
  /** The org clock (tests pin it). */
  now?: () => Date;
  /** Organization Id (15 or 18 chars, prefix 00D); defaults to the stored Organization row's. */
  orgId?: string;
  /** Another schema than the Demo org's (tests). */
  schema?: OrgSchema;
  /**
   * A multi-currency org's currencies, the corporate currency first (e.g. ['USD', 'EUR', 'GBP']);
   * single-currency when omitted. An org already in `file` keeps the currencies it was created
   * with: asking for others (or for any, of a single-currency org) is an error.
   */
  currencies?: readonly string[];
}

/** Organization Id used when neither the caller nor the database supplies one. */
export const DEFAULT_ORG_ID = makeId('00D', 1);

/** Upsert matched several records: the HTTP layer answers 300 with their URLs. */
export class MultipleChoicesError extends SalesforceError {
  constructor(
    readonly objectName: string,
    readonly ids: string[],
    fieldName: string,
    value: string,
  ) {
    super(300, 'MULTIPLE_CHOICES', `The value '${value}' for the field ${fieldName} matches more than one ${objectName} record: ${ids.join(', ')}`);
    this.name = 'MultipleChoicesError';
  }
}

/** Bookkeeping tables; a leading underscore keeps them apart from sObject names. */
export const DELETED_RECORDS_TABLE = '_deleted_records';
const CLEARED_LOOKUPS_TABLE = '_cleared_lookups';
/** Per object, the latest deletion date among rows physically purged from the recycle bin. */
const PURGE_LOG_TABLE = '_purge_log';
/** Salesforce keeps deleted rows in the recycle bin for 15 days. */
export const RECYCLE_BIN_RETENTION_DAYS = 15;

/**
 * Reference columns left unindexed: a handful of users own every audit value, so an index would
 * not narrow a search, and merged-record pointers are never filtered on.
 */
const LOW_VALUE_INDEXES = new Set(['CreatedById', 'LastModifiedById', 'MasterRecordId']);

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox', 'multipicklist']);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function columnType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
    case 'int':
      return 'INTEGER';
    case 'double':
    case 'currency':
    case 'percent':
      return 'REAL';
    default:
      return TEXT_TYPES.has(field.type) ? 'TEXT COLLATE NOCASE' : 'TEXT';
  }
}

/** CREATE TABLE / INDEX statements for the schema (idempotent). */
export function schemaDdl(schema: OrgSchema): string[] {
  const ddl: string[] = [];
  for (const object of schema.objects) {
    const table = quote(object.name);
    const columns = ['"Id" TEXT PRIMARY KEY NOT NULL', '"IsDeleted" INTEGER NOT NULL DEFAULT 0'];
    for (const f of object.fields) {
      if (f.name === 'Id' || f.name === 'IsDeleted') continue;
      columns.push(`${quote(f.name)} ${columnType(f)}`);
    }
    ddl.push(`CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`);
    const index = (suffix: string, cols: string[], unique = false) =>
      ddl.push(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quote(`ix_${object.name}_${suffix}`)} ` + `ON ${table} (${cols.map(quote).join(', ')})`);
    for (const f of object.fields) {
      if (f.name === 'Id') continue;
      if (f.unique) index(f.name, [f.name], true);
      else if (f.nameField || f.externalId || (f.type === 'reference' && !LOW_VALUE_INDEXES.has(f.name))) {
        index(f.name, [f.name]);
      }
    }
    const has = (name: string) => object.fields.some((f) => f.name === name);
    if (has('LastModifiedDate')) index('LastModifiedDate', ['LastModifiedDate']);
    if (has('SystemModstamp')) index('SystemModstamp', ['SystemModstamp']);
  }
  ddl.push(
    `CREATE TABLE IF NOT EXISTS ${DELETED_RECORDS_TABLE} (` +
      '"Id" TEXT PRIMARY KEY NOT NULL, "ObjectName" TEXT NOT NULL, "DeletedDate" TEXT NOT NULL, ' +
      '"DeletedById" TEXT, "RootId" TEXT NOT NULL, "Hard" INTEGER NOT NULL DEFAULT 0)',
    `CREATE INDEX IF NOT EXISTS ix_deleted_object_date ON ${DELETED_RECORDS_TABLE} ("ObjectName", "DeletedDate")`,
    `CREATE INDEX IF NOT EXISTS ix_deleted_root ON ${DELETED_RECORDS_TABLE} ("RootId")`,
    `CREATE TABLE IF NOT EXISTS ${CLEARED_LOOKUPS_TABLE} (` +
      '"RootId" TEXT NOT NULL, "ObjectName" TEXT NOT NULL, "RecordId" TEXT NOT NULL, ' +
      '"FieldName" TEXT NOT NULL, "Value" TEXT NOT NULL)',
    `CREATE INDEX IF NOT EXISTS ix_cleared_root ON ${CLEARED_LOOKUPS_TABLE} ("RootId")`,
    `CREATE TABLE IF NOT EXISTS ${PURGE_LOG_TABLE} ("ObjectName" TEXT PRIMARY KEY NOT NULL, "LastPurgedDeletedDate" TEXT NOT NULL)`,
  );
  return ddl;
}

/**
 * An org kept in a file by an older emulator lacks the columns of fields added since (the Demo
 * org is such a file): they are added, empty, so the org keeps working.
 */
function addMissingColumns(db: Database.Database, schema: OrgSchema): void {
  for (const object of schema.objects) {
    const columns = new Set((db.prepare(`PRAGMA table_info(${quote(object.name)})`).all() as Array<{ name: string }>).map((c) => c.name));
    for (const f of object.fields) {
      if (!columns.has(f.name)) db.exec(`ALTER TABLE ${quote(object.name)} ADD COLUMN ${quote(f.name)} ${columnType(f)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors with Salesforce's codes and messages

const notFound = () => new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
const entityIsDeleted = () => new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
/**
 * A converted lead is read-only, and no record may point at it: Salesforce answers both with
 * CANNOT_UPDATE_CONVERTED_LEAD "cannot reference converted lead" (the statusCode and message
 * integrations report for an update of a converted lead; Salesforce Help, "Error
 * 'CANNOT_UPDATE_CONVERTED_LEAD'": "Once a Lead is converted, Salesforce treats the Lead record
 * as read-only").
 */
export const convertedLead = (fields: string[] = []) => new SalesforceError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', fields);
const externalIdFieldNotFound = (field: string) =>
  new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
const methodNotAllowed = (method: string, allowed: string) =>
  new SalesforceError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);

function jsonToken(value: unknown): string {
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number') return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (value === true) return 'VALUE_TRUE';
  if (value === false) return 'VALUE_FALSE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function jsonTypeName(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

function deserializeError(field: FieldDef, value: unknown): SalesforceError {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return new SalesforceError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${jsonTypeName(field)} from ${jsonToken(value)} value ${shown} ` + 'or request may be missing a required field',
  );
}

// Salesforce's check is close to RFC 5322's dot-atom on both sides of '@'.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

// ---------------------------------------------------------------------------------------------
// Value conversion: JSON input -> JS value in storage form (booleans kept as booleans here)

/**
 * Converts one input value for a field, applying Salesforce's per-field checks (type, length,
 * email format, numeric range). Empty strings mean null, as they do in Salesforce.
 */
export function coerceFieldValue(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return field.type === 'boolean' ? false : null;
  if (value === '' && field.type !== 'boolean') return null;
  const invalid = () => deserializeError(field, value);
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw invalid();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) n = Number(value);
      else throw invalid();
      if (!Number.isFinite(n)) throw invalid();
      if (field.type === 'int' && !Number.isInteger(n)) throw invalid();
      const scale = field.scale ?? 0;
      const rounded = field.type === 'int' ? n : Number(n.toFixed(scale));
      const integerDigits = (field.precision ?? 18) - scale;
      if (Math.abs(rounded) >= 10 ** integerDigits) {
        throw new SalesforceError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${value}`, [field.name]);
      }
      return rounded;
    }
    case 'date': {
      if (typeof value !== 'string') throw invalid();
      const parsed = parseDateInput(value);
      if (!parsed) throw invalid();
      return parsed;
    }
    case 'datetime': {
      if (typeof value !== 'string') throw invalid();
      const parsed = parseDatetimeInput(value);
      if (!parsed) throw invalid();
      return formatDatetime(parsed);
    }
    case 'id':
    case 'reference': {
      if (typeof value !== 'string') throw invalid();
      return value.trim();
    }
    case 'multipicklist': {
      let items: string[];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) items = value;
      else if (typeof value === 'string') items = value.split(';');
      else throw invalid();
      const joined = [...new Set(items.map((v) => v.trim()).filter(Boolean))].join(';');
      return checkLength(field, joined) || null;
    }
    default: {
      let text: string;
      if (typeof value === 'string') text = value;
      else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
      else throw invalid();
      if (field.type === 'email') {
        text = text.trim();
        if (!EMAIL.test(text)) {
          throw new SalesforceError(400, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
        }
      }
      return checkLength(field, text);
    }
  }
}

function checkLength(field: FieldDef, text: string): string {
  if (field.length !== undefined && text.length > field.length) {
    throw new SalesforceError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text} (max length=${field.length})`, [field.name]);
  }
  return text;
}

/** JS value (as coerced) -> SQLite value. */
function toStorage(field: FieldDef, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'boolean') return value ? 1 : 0;
  return value;
}

/** SQLite value -> JSON value as the API returns it. */
function fromStorage(field: FieldDef, value: unknown): unknown {
  if (value === undefined || value === null) return field.type === 'boolean' ? false : null;
  if (field.type === 'boolean') return value === 1 || value === true;
  return value;
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** CurrencyIsoCode is a restricted picklist of the org's active currencies. */
function restrictedCurrency(field: FieldDef, value: unknown): unknown {
  if (value === null) return value;
  const match = field.picklistValues?.find((p) => p.value.toUpperCase() === String(value).toUpperCase());
  if (!match) {
    throw new SalesforceError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: invalid currency code: ${String(value)}`, [field.name]);
  }
  return match.value;
}

// ---------------------------------------------------------------------------------------------

class SqliteOrgStore implements OrgStore {
  readonly db: Database.Database;
  readonly orgId: string;
  private readonly clock: () => Date;
  private readonly schemaModified: Date;
  private readonly statements = new Map<string, Database.Statement>();
  /** Last counter handed out per key prefix, so ids are never reused within a session. */
  private readonly issued = new Map<string, number>();

  readonly schema: OrgSchema;

  constructor(opts: OpenOrgStoreOptions) {
    this.clock = opts.now ?? (() => new Date());
    this.db = new Database(opts.file ?? ':memory:');
    if (opts.file) {
      this.db.pragma('journal_mode = WAL');
      // WAL keeps the database consistent at NORMAL; FULL only adds durability of the last commit.
      this.db.pragma('synchronous = NORMAL');
    }
    // Sorts (index builds, ORDER BY without an index) stay in memory instead of temp files.
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('foreign_keys = OFF');
    let currencies: readonly string[] | undefined;
    try {
      currencies = opts.schema ? undefined : resolveCurrencies(this.db, opts.currencies);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.schema = opts.schema ?? createOrgSchema(demoObjects({ currencies }));
    this.db.transaction(() => {
      const ddl = schemaDdl(this.schema);
      for (const statement of ddl.filter((d) => d.startsWith('CREATE TABLE'))) this.db.exec(statement);
      addMissingColumns(this.db, this.schema);
      for (const statement of ddl.filter((d) => !d.startsWith('CREATE TABLE'))) this.db.exec(statement);
      seedOrgMetadata(this.db, this.schema, formatDatetime(this.clock()), currencies);
    })();
    this.orgId = this.resolveOrgId(opts.orgId);
    this.schemaModified = new Date(Math.floor(this.clock().getTime() / 1000) * 1000);
  }

  private resolveOrgId(requested?: string): string {
    if (requested !== undefined) {
      const id = normalizeId(requested);
      if (!id || !id.startsWith('00D')) throw new Error(`Not an Organization Id: ${requested}`);
      return id;
    }
    if (this.schema.getObject('Organization')) {
      const row = this.db.prepare('SELECT "Id" FROM "Organization" LIMIT 1').get() as { Id: string } | undefined;
      if (row) return row.Id;
    }
    return DEFAULT_ORG_ID;
  }

  now(): Date {
    return this.clock();
  }

  fiscalYear(): FiscalYearSettings {
    if (!this.schema.getField('Organization', 'FiscalYearStartMonth')) return DEFAULT_FISCAL_YEAR;
    const row = this.stmt('SELECT "FiscalYearStartMonth" AS m, "UsesStartDateAsFiscalYearName" AS u FROM "Organization" LIMIT 1').get() as
      { m: number | null; u: number | null } | undefined;
    if (!row || !isFiscalStartMonth(row.m)) return DEFAULT_FISCAL_YEAR;
    return { startMonth: row.m, usesStartDateAsFiscalYearName: row.u === 1 };
  }

  currencies(): OrgCurrencies | undefined {
    if (!this.schema.getObject('CurrencyType')) return undefined;
    const rows = this.stmt('SELECT "IsoCode", "ConversionRate", "DecimalPlaces", "IsCorporate" FROM "CurrencyType" WHERE "IsActive" = 1').all() as Array<{
      IsoCode: string;
      ConversionRate: number;
      DecimalPlaces: number;
      IsCorporate: number;
    }>;
    const corporate = rows.find((r) => r.IsCorporate === 1)?.IsoCode;
    if (!corporate) return undefined;
    return { corporate, rates: new Map(rows.map((r) => [r.IsoCode, { rate: r.ConversionRate, decimals: r.DecimalPlaces }])) };
  }

  schemaLastModified(): Date {
    return this.schemaModified;
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 turns a transaction started inside another into a SAVEPOINT.
    return this.db.transaction(fn)();
  }

  // -- helpers ---------------------------------------------------------------------------------

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private requireObject(name: string): ObjectDef {
    const object = this.schema.getObject(name);
    if (!object) throw notFound();
    return object;
  }

  /** Next Id for an object: after both the table's highest Id and any Id issued earlier. */
  private newId(object: ObjectDef): string {
    const table = quote(object.name);
    const top = this.stmt(`SELECT "Id" FROM ${table} ORDER BY "Id" DESC LIMIT 1`).get() as { Id: string } | undefined;
    const counter = Math.max(top ? idCounter(top.Id) : 0, this.issued.get(object.keyPrefix) ?? 0) + 1;
    this.issued.set(object.keyPrefix, counter);
    return makeId(object.keyPrefix, counter);
  }

  private readRow(object: ObjectDef, id: string): Record<string, unknown> | undefined {
    return this.stmt(`SELECT * FROM ${quote(object.name)} WHERE "Id" = ?`).get(id) as Record<string, unknown> | undefined;
  }

  /** Stored row -> record of API values for every schema field. */
  private decode(object: ObjectDef, row: Record<string, unknown>): RecordValues {
    const out: RecordValues = {};
    for (const f of object.fields) out[f.name] = fromStorage(f, row[f.name]);
    return out;
  }

  /** Validates the Id of the row being changed: 18 chars of this object's prefix. */
  private targetId(object: ObjectDef, id: string): string {
    const normalized = normalizeId(id);
    if (!normalized || normalized.slice(0, 3) !== object.keyPrefix) {
      throw new SalesforceError(400, 'MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${id}`, ['Id']);
    }
    return normalized;
  }

  /** The live row to change, or Salesforce's NOT_FOUND / ENTITY_IS_DELETED. */
  private liveRow(object: ObjectDef, id: string): Record<string, unknown> {
    const row = this.readRow(object, id);
    if (!row) throw notFound();
    if (row.IsDeleted) throw entityIsDeleted();
    return row;
  }

  /**
   * Maps the request's keys to fields and converts the values, in Salesforce's order:
   * unknown fields and JSON type errors first, then field-level write access, then per-field
   * format checks (length, email, range).
   */
  private parseInput(object: ObjectDef, values: SObjectRow, mode: 'create' | 'update', targetId?: string, platform = false) {
    const parsed = new Map<FieldDef, unknown>();
    const raw: Array<[FieldDef, unknown]> = [];
    for (const [key, value] of Object.entries(values ?? {})) {
      if (key === 'attributes') continue;
      const f = this.schema.getField(object.name, key);
      if (!f) {
        throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`);
      }
      // Type errors surface while the body is deserialised, before any access check.
      if (value !== null && value !== undefined && typeof value === 'object' && !(Array.isArray(value) && f.type === 'multipicklist')) {
        throw deserializeError(f, value);
      }
      raw.push([f, value]);
    }
    if (mode === 'create' && raw.some(([f, value]) => f.name === 'Id' && value !== null && value !== undefined)) {
      throw new SalesforceError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
    }
    const forbidden: string[] = [];
    for (const [f, value] of raw) {
      if (mode === 'create' && f.name === 'Id') continue;
      // The Id of the row being updated may be echoed back in the body (sObject Collections).
      if (mode === 'update' && f.name === 'Id' && typeof value === 'string' && normalizeId(value) === targetId) continue;
      if (!platform && !(mode === 'create' ? f.createable : f.updateable)) forbidden.push(f.name);
    }
    if (forbidden.length) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${forbidden.join(', ')}. Please check the security settings of this field ` +
          'and verify that it is read/write for your profile or permission set.',
        forbidden,
      );
    }
    for (const [f, value] of raw) {
      if (f.name === 'Id') continue;
      const coerced = coerceFieldValue(f, value);
      parsed.set(f, f.name === 'CurrencyIsoCode' ? restrictedCurrency(f, coerced) : coerced);
    }
    return parsed;
  }

  /** Reference values must be well-formed Ids of an allowed object, naming a live row. */
  private checkReferences(parsed: Map<FieldDef, unknown>, platform = false): void {
    for (const [f, value] of parsed) {
      if (f.type !== 'reference' || value === null) continue;
      const text = value as string;
      const id = normalizeId(text);
      if (!id) {
        throw new SalesforceError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${text}`, [f.name]);
      }
      const target = this.schema.objectForId(id);
      if (!target || !(f.referenceTo ?? []).some((name) => name.toLowerCase() === target.name.toLowerCase())) {
        throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${text}`, [f.name]);
      }
      const row = this.stmt(`SELECT "IsDeleted" FROM ${quote(target.name)} WHERE "Id" = ?`).get(id) as { IsDeleted: number } | undefined;
      if (!row) {
        throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
      }
      if (row.IsDeleted) throw entityIsDeleted();
      if (!platform && target.name === 'Lead' && this.isConvertedLead(id)) throw convertedLead([f.name]);
      parsed.set(f, id);
    }
  }

  private isConvertedLead(id: string): boolean {
    if (!this.schema.getField('Lead', 'IsConverted')) return false;
    const row = this.stmt('SELECT "IsConverted" FROM "Lead" WHERE "Id" = ?').get(id) as { IsConverted: number | null } | undefined;
    return row?.IsConverted === 1;
  }

  private accountIdOf = (id: string): string | undefined => {
    const object = this.schema.objectForId(id);
    if (!object || !this.schema.getField(object.name, 'AccountId')) return undefined;
    const row = this.stmt(`SELECT "AccountId" FROM ${quote(object.name)} WHERE "Id" = ?`).get(id) as { AccountId: string | null } | undefined;
    return row?.AccountId ?? undefined;
  };

  private checkRequired(object: ObjectDef, record: RecordValues, mode: 'create' | 'update', given: Set<string>) {
    const missing: string[] = [];
    for (const f of object.fields) {
      if (f.nillable || f.type === 'boolean' || f.name === 'Id') continue;
      const value = record[f.name];
      const isMissing = value === null || value === undefined;
      if (!isMissing) continue;
      // On create, the platform fills defaulted fields; a caller-supplied null still counts.
      if (mode === 'create' && f.createable && (!f.defaultedOnCreate || given.has(f.name))) missing.push(f.name);
      if (mode === 'update' && given.has(f.name)) missing.push(f.name);
    }
    for (const name of objectRequiredFields(object, record)) if (!missing.includes(name)) missing.push(name);
    if (missing.length) {
      throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    }
  }

  private checkUnique(object: ObjectDef, record: RecordValues, selfId: string, changed: Iterable<string>): void {
    for (const name of changed) {
      const f = this.schema.getField(object.name, name);
      if (!f?.unique || f.name === 'Id') continue;
      const value = record[f.name];
      if (value === null || value === undefined) continue;
      const clash = this.stmt(`SELECT "Id" FROM ${quote(object.name)} WHERE ${quote(f.name)} = ? AND "Id" <> ? LIMIT 1`).get(toStorage(f, value), selfId) as
        { Id: string } | undefined;
      if (clash) {
        throw new SalesforceError(400, 'DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${clash.Id}`, []);
      }
    }
  }

  /** A contact or lead joins a campaign once. */
  private checkCampaignMembership(record: RecordValues): void {
    for (const field of ['ContactId', 'LeadId']) {
      if (typeof record[field] !== 'string') continue;
      const existing = this.stmt(`SELECT "Id" FROM "CampaignMember" WHERE "CampaignId" = ? AND ${quote(field)} = ? AND "IsDeleted" = 0 LIMIT 1`).get(
        record.CampaignId,
        record[field],
      );
      if (existing) throw new SalesforceError(400, 'DUPLICATE_VALUE', 'Already a campaign member.', []);
    }
  }

  private nextCaseNumber(): string {
    const row = this.stmt('SELECT MAX("CaseNumber") AS n FROM "Case"').get() as { n: string | null };
    const last = row.n ? Number.parseInt(row.n, 10) : 1000;
    return String(Math.max(last, 1000) + 1).padStart(8, '0');
  }

  private writeInsert(object: ObjectDef, record: RecordValues): void {
    const fields = object.fields.filter((f) => record[f.name] !== undefined);
    const sql = `INSERT INTO ${quote(object.name)} (${fields.map((f) => quote(f.name)).join(', ')}) ` + `VALUES (${fields.map(() => '?').join(', ')})`;
    this.stmt(sql).run(...fields.map((f) => toStorage(f, record[f.name])));
  }

  private writeUpdate(object: ObjectDef, id: string, changes: RecordValues): void {
    const fields = Object.keys(changes)
      .map((name) => this.schema.getField(object.name, name))
      .filter((f): f is FieldDef => f !== undefined);
    if (!fields.length) return;
    const sql = `UPDATE ${quote(object.name)} SET ${fields.map((f) => `${quote(f.name)} = ?`).join(', ')} WHERE "Id" = ?`;
    this.stmt(sql).run(...fields.map((f) => toStorage(f, changes[f.name])), id);
  }

  private auditValues(object: ObjectDef, as: ActingUser, stamp: string, create: boolean): RecordValues {
    const out: RecordValues = {};
    const has = (n: string) => this.schema.getField(object.name, n) !== undefined;
    if (create) {
      if (has('CreatedDate')) out.CreatedDate = stamp;
      if (has('CreatedById')) out.CreatedById = as.userId;
    }
    if (has('LastModifiedDate')) out.LastModifiedDate = stamp;
    if (has('LastModifiedById')) out.LastModifiedById = as.userId;
    if (has('SystemModstamp')) out.SystemModstamp = stamp;
    return out;
  }

  /** Activity targets whose LastActivityDate depends on a Task/Event row. */
  private activityTargets(record: RecordValues | undefined): string[] {
    if (!record) return [];
    return [record.WhoId, record.WhatId, record.AccountId].filter((v): v is string => typeof v === 'string');
  }

  /**
   * Salesforce's LastActivityDate: the latest due date of a closed task or of an event that has
   * taken place, among the activities linked to the record (Who, What or Account).
   */
  private refreshLastActivity(ids: Iterable<string>): void {
    const today = formatDate(this.now());
    const hasTask = !!this.schema.getObject('Task');
    const hasEvent = !!this.schema.getObject('Event');
    for (const id of new Set(ids)) {
      const object = this.schema.objectForId(id);
      if (!object || !this.schema.getField(object.name, 'LastActivityDate')) continue;
      const parts: string[] = [];
      if (hasTask) {
        parts.push(
          'SELECT MAX("ActivityDate") AS d FROM "Task" WHERE "IsDeleted" = 0 AND "IsClosed" = 1 ' +
            'AND ("WhoId" = @id OR "WhatId" = @id OR "AccountId" = @id)',
        );
      }
      if (hasEvent) {
        parts.push(
          'SELECT MAX("ActivityDate") AS d FROM "Event" WHERE "IsDeleted" = 0 AND "ActivityDate" <= @today ' +
            'AND ("WhoId" = @id OR "WhatId" = @id OR "AccountId" = @id)',
        );
      }
      if (!parts.length) continue;
      const row = this.stmt(`SELECT MAX(d) AS d FROM (${parts.join(' UNION ALL ')})`).get({ id, today }) as {
        d: string | null;
      };
      this.stmt(`UPDATE ${quote(object.name)} SET "LastActivityDate" = ? WHERE "Id" = ?`).run(row.d, id);
    }
  }

  /** Only Opportunity's derived fields depend on the fiscal year; other writes skip the read. */
  private fiscalYearFor(object: ObjectDef): FiscalYearSettings {
    return object.name === 'Opportunity' ? this.fiscalYear() : DEFAULT_FISCAL_YEAR;
  }

  /** The platform's OpportunityHistory row for a save of an opportunity (rules.opportunityHistoryValues). */
  private writeOpportunityHistory(object: ObjectDef, record: RecordValues, previous: RecordValues | undefined, as: ActingUser, stamp: string): void {
    if (object.name !== 'Opportunity') return;
    const history = this.schema.getObject('OpportunityHistory');
    if (!history) return;
    const values = opportunityHistoryValues(record, previous);
    if (!values) return;
    this.writeInsert(history, { ...values, Id: this.newId(history), IsDeleted: false, CreatedById: as.userId, CreatedDate: stamp, SystemModstamp: stamp });
  }

  private isActivity(object: ObjectDef): boolean {
    return object.name === 'Task' || object.name === 'Event';
  }

  // -- OrgStore --------------------------------------------------------------------------------

  create(objectName: string, values: SObjectRow, as: ActingUser): string {
    const object = this.requireObject(objectName);
    if (!object.createable) throw methodNotAllowed('POST', 'GET,HEAD');
    return this.transaction(() => {
      const parsed = this.parseInput(object, values, 'create');
      this.checkReferences(parsed);
      const given = new Set([...parsed.keys()].map((f) => f.name));
      const record: RecordValues = {};
      for (const [f, value] of parsed) record[f.name] = value;
      // Defaults: picklist defaults, unchecked checkboxes, the acting user as owner.
      for (const f of object.fields) {
        if (record[f.name] !== undefined) continue;
        const defaultValue = f.picklistValues?.find((p) => p.defaultValue)?.value;
        if (defaultValue !== undefined && f.defaultedOnCreate) record[f.name] = defaultValue;
        else if (f.type === 'boolean') record[f.name] = false;
      }
      if (this.schema.getField(object.name, 'OwnerId') && record.OwnerId == null) record.OwnerId = as.userId;
      const now = this.now();
      const stamp = formatDatetime(now);
      deriveFields(object, record, {
        nowDatetime: stamp,
        today: formatDate(now),
        isCreate: true,
        given,
        fiscal: this.fiscalYearFor(object),
        accountIdOf: this.accountIdOf,
      });
      this.checkRequired(object, record, 'create', given);
      checkValidationRules(object, record);
      const id = this.newId(object);
      record.Id = id;
      if (object.name === 'Case') record.CaseNumber = this.nextCaseNumber();
      Object.assign(record, this.auditValues(object, as, stamp, true));
      this.checkUnique(object, record, id, Object.keys(record));
      if (object.name === 'CampaignMember') this.checkCampaignMembership(record);
      this.writeInsert(object, record);
      if (this.isActivity(object)) this.refreshLastActivity(this.activityTargets(record));
      this.writeOpportunityHistory(object, record, undefined, as, stamp);
      return id;
    });
  }

  update(objectName: string, id: string, values: SObjectRow, as: ActingUser, opts: WriteOptions = {}): void {
    const object = this.requireObject(objectName);
    if (!object.updateable) throw methodNotAllowed('PATCH', 'GET,HEAD');
    const target = this.targetId(object, id);
    const platform = opts.platform === true;
    this.transaction(() => {
      const existing = this.decode(object, this.liveRow(object, target));
      if (!platform && object.name === 'Lead' && existing.IsConverted === true) throw convertedLead();
      const parsed = this.parseInput(object, values, 'update', target, platform);
      this.checkReferences(parsed, platform);
      const given = new Set([...parsed.keys()].map((f) => f.name));
      const record: RecordValues = { ...existing };
      for (const [f, value] of parsed) record[f.name] = value;
      const now = this.now();
      const stamp = formatDatetime(now);
      deriveFields(object, record, {
        nowDatetime: stamp,
        today: formatDate(now),
        isCreate: false,
        previous: existing,
        given,
        fiscal: this.fiscalYearFor(object),
        accountIdOf: this.accountIdOf,
      });
      this.checkRequired(object, record, 'update', given);
      checkValidationRules(object, record);
      const changes: RecordValues = {};
      for (const f of object.fields) {
        if (!sameValue(record[f.name], existing[f.name])) changes[f.name] = record[f.name];
      }
      this.checkUnique(object, record, target, Object.keys(changes));
      // Salesforce stamps the audit fields on every successful update, even one that changes nothing.
      Object.assign(changes, this.auditValues(object, as, stamp, false));
      this.writeUpdate(object, target, changes);
      if (this.isActivity(object)) {
        this.refreshLastActivity([...this.activityTargets(existing), ...this.activityTargets(record)]);
      }
      this.writeOpportunityHistory(object, record, existing, as, stamp);
    });
  }

  delete(objectName: string, id: string, as: ActingUser): void {
    const object = this.requireObject(objectName);
    if (!object.deletable) throw methodNotAllowed('DELETE', object.updateable ? 'GET,HEAD,PATCH' : 'GET,HEAD');
    const target = this.targetId(object, id);
    this.transaction(() => {
      this.liveRow(object, target);
      const stamp = formatDatetime(this.now());
      const activityTargets: string[] = [];
      this.softDeleteTree(object, target, target, as, stamp, activityTargets);
      this.refreshLastActivity(activityTargets);
    });
  }

  /** Moves a row and its cascade children to the recycle bin; clears lookups pointing at them. */
  private softDeleteTree(object: ObjectDef, id: string, rootId: string, as: ActingUser, stamp: string, activityTargets: string[]): void {
    this.stmt(`UPDATE ${quote(object.name)} SET "IsDeleted" = 1 WHERE "Id" = ?`).run(id);
    this.writeUpdate(object, id, this.auditValues(object, as, stamp, false));
    this.stmt(
      `INSERT OR REPLACE INTO ${DELETED_RECORDS_TABLE} ("Id", "ObjectName", "DeletedDate", "DeletedById", "RootId", "Hard") ` + 'VALUES (?, ?, ?, ?, ?, 0)',
    ).run(id, object.name, stamp, as.userId, rootId);
    if (this.isActivity(object)) {
      activityTargets.push(...this.activityTargets(this.decode(object, this.readRow(object, id) ?? {})));
    }
    for (const rel of this.schema.childRelationships(object.name)) {
      const child = this.schema.getObject(rel.childSObject);
      if (!child) continue;
      const rows = this.stmt(`SELECT "Id" FROM ${quote(child.name)} WHERE ${quote(rel.field)} = ? AND "IsDeleted" = 0`).all(id) as Array<{ Id: string }>;
      for (const { Id: childId } of rows) {
        if (rel.cascadeDelete) {
          this.softDeleteTree(child, childId, rootId, as, stamp, activityTargets);
        } else {
          this.stmt(`INSERT INTO ${CLEARED_LOOKUPS_TABLE} ("RootId", "ObjectName", "RecordId", "FieldName", "Value") VALUES (?, ?, ?, ?, ?)`).run(
            rootId,
            child.name,
            childId,
            rel.field,
            id,
          );
          this.stmt(`UPDATE ${quote(child.name)} SET ${quote(rel.field)} = NULL, "SystemModstamp" = ? WHERE "Id" = ?`).run(stamp, childId);
        }
      }
    }
    // Lookups without a child relationship name (audit fields excluded: users are never deleted).
    this.clearUnnamedLookups(object, id, rootId);
  }

  private clearUnnamedLookups(object: ObjectDef, id: string, rootId: string): void {
    for (const other of this.schema.objects) {
      for (const f of other.fields) {
        if (f.type !== 'reference' || f.childRelationshipName || !f.referenceTo?.includes(object.name)) continue;
        if (f.name === 'MasterRecordId' || !f.nillable) continue;
        const rows = this.stmt(`SELECT "Id" FROM ${quote(other.name)} WHERE ${quote(f.name)} = ?`).all(id) as Array<{
          Id: string;
        }>;
        for (const { Id: childId } of rows) {
          this.stmt(`INSERT INTO ${CLEARED_LOOKUPS_TABLE} ("RootId", "ObjectName", "RecordId", "FieldName", "Value") VALUES (?, ?, ?, ?, ?)`).run(
            rootId,
            other.name,
            childId,
            f.name,
            id,
          );
          this.stmt(`UPDATE ${quote(other.name)} SET ${quote(f.name)} = NULL WHERE "Id" = ?`).run(childId);
        }
      }
    }
  }

  undelete(objectName: string, id: string, as: ActingUser): void {
    const object = this.requireObject(objectName);
    const target = this.targetId(object, id);
    this.transaction(() => {
      const row = this.readRow(object, target);
      if (!row) throw notFound();
      const entry = this.stmt(`SELECT "RootId", "Hard" FROM ${DELETED_RECORDS_TABLE} WHERE "Id" = ?`).get(target) as
        { RootId: string; Hard: number } | undefined;
      if (!row.IsDeleted || !entry) {
        throw new SalesforceError(400, 'UNDELETE_FAILED', 'Entity is not in the recycle bin', []);
      }
      if (entry.RootId !== target) {
        // A cascade-deleted child comes back only with its master.
        throw new SalesforceError(400, 'UNDELETE_FAILED', 'Cannot undelete: the parent record is in the recycle bin', []);
      }
      const stamp = formatDatetime(this.now());
      const members = this.stmt(`SELECT "Id", "ObjectName" FROM ${DELETED_RECORDS_TABLE} WHERE "RootId" = ?`).all(target) as Array<{
        Id: string;
        ObjectName: string;
      }>;
      const activityTargets: string[] = [];
      for (const member of members) {
        const memberObject = this.requireObject(member.ObjectName);
        this.stmt(`UPDATE ${quote(memberObject.name)} SET "IsDeleted" = 0 WHERE "Id" = ?`).run(member.Id);
        this.writeUpdate(memberObject, member.Id, this.auditValues(memberObject, as, stamp, false));
        if (this.isActivity(memberObject)) {
          activityTargets.push(...this.activityTargets(this.decode(memberObject, this.readRow(memberObject, member.Id) ?? {})));
        }
      }
      this.stmt(`DELETE FROM ${DELETED_RECORDS_TABLE} WHERE "RootId" = ?`).run(target);
      const cleared = this.stmt(`SELECT "ObjectName", "RecordId", "FieldName", "Value" FROM ${CLEARED_LOOKUPS_TABLE} WHERE "RootId" = ?`).all(target) as Array<{
        ObjectName: string;
        RecordId: string;
        FieldName: string;
        Value: string;
      }>;
      for (const c of cleared) {
        // Restore only lookups nobody has set to something else meanwhile.
        this.stmt(
          `UPDATE ${quote(c.ObjectName)} SET ${quote(c.FieldName)} = ?, "SystemModstamp" = ? ` + `WHERE "Id" = ? AND ${quote(c.FieldName)} IS NULL`,
        ).run(c.Value, stamp, c.RecordId);
      }
      this.stmt(`DELETE FROM ${CLEARED_LOOKUPS_TABLE} WHERE "RootId" = ?`).run(target);
      this.refreshLastActivity(activityTargets);
    });
  }

  hardDelete(objectName: string, id: string): void {
    const object = this.requireObject(objectName);
    if (!object.deletable) throw methodNotAllowed('DELETE', object.updateable ? 'GET,HEAD,PATCH' : 'GET,HEAD');
    const target = this.targetId(object, id);
    this.transaction(() => {
      if (!this.readRow(object, target)) throw notFound();
      const stamp = formatDatetime(this.now());
      const activityTargets: string[] = [];
      this.hardDeleteTree(object, target, stamp, activityTargets);
      this.refreshLastActivity(activityTargets);
    });
  }

  private hardDeleteTree(object: ObjectDef, id: string, stamp: string, activityTargets: string[]): void {
    for (const rel of this.schema.childRelationships(object.name)) {
      const child = this.schema.getObject(rel.childSObject);
      if (!child) continue;
      if (rel.cascadeDelete) {
        const rows = this.stmt(`SELECT "Id" FROM ${quote(child.name)} WHERE ${quote(rel.field)} = ?`).all(id) as Array<{
          Id: string;
        }>;
        for (const { Id: childId } of rows) this.hardDeleteTree(child, childId, stamp, activityTargets);
      } else {
        this.stmt(`UPDATE ${quote(child.name)} SET ${quote(rel.field)} = NULL, "SystemModstamp" = ? WHERE ${quote(rel.field)} = ?`).run(stamp, id);
      }
    }
    if (this.isActivity(object)) {
      activityTargets.push(...this.activityTargets(this.decode(object, this.readRow(object, id) ?? {})));
    }
    this.stmt(`DELETE FROM ${quote(object.name)} WHERE "Id" = ?`).run(id);
    this.clearUnnamedLookups(object, id, id);
    // Lookups cleared when this row (or a parent) went to the recycle bin can no longer be restored.
    this.stmt(`DELETE FROM ${CLEARED_LOOKUPS_TABLE} WHERE "RootId" = ? OR "Value" = ?`).run(id, id);
    const existing = this.stmt(`SELECT "DeletedDate" FROM ${DELETED_RECORDS_TABLE} WHERE "Id" = ?`).get(id) as { DeletedDate: string } | undefined;
    this.stmt(
      `INSERT OR REPLACE INTO ${DELETED_RECORDS_TABLE} ("Id", "ObjectName", "DeletedDate", "DeletedById", "RootId", "Hard") ` + 'VALUES (?, ?, ?, NULL, ?, 1)',
    ).run(id, object.name, existing?.DeletedDate ?? stamp, id);
  }

  purgeRecycleBin(opts: { ids?: readonly string[]; deletedBefore?: Date } = {}): PurgeResult {
    return this.transaction(() => {
      const entries = this.stmt(`SELECT "Id", "ObjectName", "DeletedDate", "RootId" FROM ${DELETED_RECORDS_TABLE} WHERE "Hard" = 0`).all() as Array<{
        Id: string;
        ObjectName: string;
        DeletedDate: string;
        RootId: string;
      }>;
      // A cascade-deleted child leaves the bin with its root, as it would come back with it.
      const roots = new Set<string>();
      const wanted = opts.ids ? new Set(opts.ids.map((id) => normalizeId(id) ?? id)) : undefined;
      const before = opts.deletedBefore ? formatDatetime(opts.deletedBefore) : undefined;
      for (const e of entries) {
        if (wanted && !wanted.has(e.Id)) continue;
        if (before !== undefined && e.DeletedDate >= before) continue;
        if (wanted && e.RootId !== e.Id) {
          // emptyRecycleBin refuses the ids of rows that go with a cascade-deleted parent.
          throw new SalesforceError(400, 'INVALID_ID_FIELD', `${e.Id} was deleted with its parent ${e.RootId}: purge the parent`, []);
        }
        roots.add(e.RootId);
      }
      const purged: PurgeResult['purged'] = [];
      const latestByObject = new Map<string, string>();
      for (const e of entries) {
        if (!roots.has(e.RootId)) continue;
        this.stmt(`DELETE FROM ${quote(e.ObjectName)} WHERE "Id" = ? AND "IsDeleted" = 1`).run(e.Id);
        this.stmt(`DELETE FROM ${DELETED_RECORDS_TABLE} WHERE "Id" = ?`).run(e.Id);
        purged.push({ object: e.ObjectName, id: e.Id });
        const latest = latestByObject.get(e.ObjectName);
        if (!latest || e.DeletedDate > latest) latestByObject.set(e.ObjectName, e.DeletedDate);
      }
      for (const root of roots) this.stmt(`DELETE FROM ${CLEARED_LOOKUPS_TABLE} WHERE "RootId" = ?`).run(root);
      for (const [objectName, deletedDate] of latestByObject) {
        this.stmt(
          `INSERT INTO ${PURGE_LOG_TABLE} ("ObjectName", "LastPurgedDeletedDate") VALUES (?, ?) ` +
            `ON CONFLICT ("ObjectName") DO UPDATE SET "LastPurgedDeletedDate" = max("LastPurgedDeletedDate", excluded."LastPurgedDeletedDate")`,
        ).run(objectName, deletedDate);
      }
      return { purged };
    });
  }

  lastPurgedDeletedDate(objectName: string): string | undefined {
    const object = this.requireObject(objectName);
    const row = this.stmt(`SELECT "LastPurgedDeletedDate" AS d FROM ${PURGE_LOG_TABLE} WHERE "ObjectName" = ?`).get(object.name) as { d: string } | undefined;
    return row?.d;
  }

  retrieve(objectName: string, id: string, opts: { fields?: string[]; includeDeleted?: boolean } = {}): SObjectRow | undefined {
    const object = this.requireObject(objectName);
    let fields = object.fields;
    if (opts.fields) {
      const seen = new Set<string>();
      fields = [];
      for (const name of opts.fields) {
        const f = this.schema.getField(object.name, name.trim());
        if (!f) {
          throw new SalesforceError(
            400,
            'INVALID_FIELD',
            `No such column '${name.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, ` +
              "be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe " +
              'call for the appropriate names.',
          );
        }
        if (!seen.has(f.name)) {
          seen.add(f.name);
          fields.push(f);
        }
      }
    }
    const normalized = normalizeId(id);
    if (!normalized || normalized.slice(0, 3) !== object.keyPrefix) return undefined;
    const row = this.readRow(object, normalized);
    if (!row || (row.IsDeleted && !opts.includeDeleted)) return undefined;
    const out: SObjectRow = {};
    for (const f of fields) out[f.name] = fromStorage(f, row[f.name]);
    return out;
  }

  findByExternalId(objectName: string, fieldName: string, value: string): string[] {
    const object = this.requireObject(objectName);
    const f = this.schema.getField(object.name, fieldName);
    if (!f || !(f.externalId || f.idLookup)) throw externalIdFieldNotFound(fieldName);
    let key: unknown = value;
    if (f.type === 'id' || f.type === 'reference') {
      key = normalizeId(value);
      if (!key) return [];
    } else if (f.type === 'int' || f.type === 'double') {
      key = Number(value);
      if (!Number.isFinite(key as number)) return [];
    }
    const rows = this.stmt(`SELECT "Id" FROM ${quote(object.name)} WHERE ${quote(f.name)} = ? AND "IsDeleted" = 0 ORDER BY "Id"`).all(key) as Array<{
      Id: string;
    }>;
    return rows.map((r) => r.Id);
  }

  upsert(objectName: string, externalIdField: string, externalIdValue: string, values: SObjectRow, as: ActingUser): { id: string; created: boolean } {
    const object = this.requireObject(objectName);
    const f = this.schema.getField(object.name, externalIdField);
    // Standard objects upsert on idLookup fields, custom fields on External ID fields.
    if (!f || !(f.externalId || f.idLookup)) throw externalIdFieldNotFound(externalIdField);
    const body: SObjectRow = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      if (key.toLowerCase() !== f.name.toLowerCase()) {
        body[key] = value;
        continue;
      }
      // The key may be repeated in the body only with the same value.
      if (value !== null && String(value).toLowerCase() !== externalIdValue.toLowerCase()) {
        throw new SalesforceError(
          400,
          'INVALID_FIELD',
          `The value of ${f.name} in the request body does not match the external ID in the URL: ${externalIdValue}`,
          [f.name],
        );
      }
    }
    return this.transaction(() => {
      if (f.name === 'Id') {
        if (externalIdValue === '') return { id: this.create(object.name, body, as), created: true };
        const id = this.targetId(object, externalIdValue);
        this.update(object.name, id, body, as);
        return { id, created: false };
      }
      const matches = this.findByExternalId(object.name, f.name, externalIdValue);
      if (matches.length > 1) throw new MultipleChoicesError(object.name, matches, f.name, externalIdValue);
      if (matches.length === 1) {
        this.update(object.name, matches[0], body, as);
        return { id: matches[0], created: false };
      }
      return { id: this.create(object.name, { ...body, [f.name]: externalIdValue }, as), created: true };
    });
  }

  getUpdated(objectName: string, start: Date, end: Date): string[] {
    const object = this.requireObject(objectName);
    const rows = this.stmt(
      `SELECT "Id" FROM ${quote(object.name)} WHERE "SystemModstamp" >= ? AND "SystemModstamp" <= ? AND "IsDeleted" = 0 ` + 'ORDER BY "SystemModstamp", "Id"',
    ).all(formatDatetime(start), formatDatetime(end)) as Array<{ Id: string }>;
    return rows.map((r) => r.Id);
  }

  getDeleted(objectName: string, start: Date, end: Date): DeletedRecord[] {
    const object = this.requireObject(objectName);
    const rows = this.stmt(
      `SELECT "Id", "DeletedDate" FROM ${DELETED_RECORDS_TABLE} WHERE "ObjectName" = ? AND "DeletedDate" >= ? ` +
        'AND "DeletedDate" <= ? ORDER BY "DeletedDate", "Id"',
    ).all(object.name, formatDatetime(start), formatDatetime(end)) as Array<{ Id: string; DeletedDate: string }>;
    return rows.map((r) => ({ id: r.Id, deletedDate: r.DeletedDate }));
  }
}

const tableExists = (db: Database.Database, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/**
 * The currencies of the org in `db`: those its CurrencyType table holds (corporate first) when it
 * has one, else the requested ones for a new org. Salesforce never turns a multi-currency org
 * back into a single-currency one, and the emulator fixes the list when the org is created, so a
 * request that contradicts an existing org is refused.
 */
function resolveCurrencies(db: Database.Database, requested: readonly string[] | undefined): readonly string[] | undefined {
  if (requested !== undefined) validateCurrencies(requested);
  if (tableExists(db, 'CurrencyType')) {
    const stored = (db.prepare('SELECT "IsoCode" FROM "CurrencyType" ORDER BY "IsCorporate" DESC, "Id"').all() as Array<{ IsoCode: string }>).map(
      (r) => r.IsoCode,
    );
    if (stored.length) {
      if (requested && (requested[0] !== stored[0] || requested.length !== stored.length || requested.some((c) => !stored.includes(c)))) {
        throw new Error(`the org in this database uses the currencies ${stored.join(', ')}, not ${requested.join(', ')}`);
      }
      return stored;
    }
  }
  const hasOrg = tableExists(db, 'Organization') && !!db.prepare('SELECT 1 FROM "Organization" LIMIT 1').get();
  if (hasOrg && requested) throw new Error('the org in this database is single-currency: multi-currency cannot be turned on for it');
  return requested;
}

/** Opens (and creates the tables of) an org store: in memory, or in `file` with WAL. */
export function openOrgStore(opts: OpenOrgStoreOptions = {}): OrgStore {
  return new SqliteOrgStore(opts);
}
