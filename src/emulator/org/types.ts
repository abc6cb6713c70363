/**
 * The emulator's data model contract. Every part of the emulator (the org store, the SOQL/SOSL
 * engine, the HTTP server) agrees on these shapes, so they live apart from any implementation.
 *
 * Storage convention (the SOQL engine relies on it): each sObject is one SQLite table named
 * exactly as its API name (quoted, e.g. "Account", "Competitor__c"), with one column per field,
 * named exactly as the field's API name. Values are stored as:
 *   id, reference, string, textarea, email, phone, url, picklist  -> TEXT
 *   multipicklist                                                   -> TEXT, values joined by ';'
 *   boolean                                                         -> INTEGER 0/1
 *   int                                                             -> INTEGER
 *   double, currency, percent                                       -> REAL
 *   date                                                            -> TEXT 'YYYY-MM-DD'
 *   datetime                                                        -> TEXT 'YYYY-MM-DDTHH:MM:SS.sss+0000' (UTC,
 *                                                                      so text order is time order)
 * Every table has Id (primary key) and IsDeleted (0/1; rows in the recycle bin keep 1).
 */
import type Database from 'better-sqlite3';
import type { OrgCurrencies } from './currencies';
import type { FiscalYearSettings } from './fiscal';

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  /** A text field with suggested values (Task and Event Subject): any text is accepted. */
  | 'combobox'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Max characters for text-like fields (Salesforce's `length`). */
  length?: number;
  /** Digits for numbers (Salesforce's `precision`/`scale`). */
  precision?: number;
  scale?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Filled by the platform when not given (Id, audit fields, OwnerId, IsDeleted, ...). */
  defaultedOnCreate: boolean;
  unique: boolean;
  externalId: boolean;
  idLookup: boolean;
  custom: boolean;
  /** Name field of the object (Name, or CaseNumber / Subject where Salesforce uses those). */
  nameField: boolean;
  /** Calculated by the store on write (Contact.Name, Opportunity.IsWon, ...); never writable. */
  calculated: boolean;
  picklistValues?: PicklistValue[];
  /** For reference fields: the object(s) it points to, and the relationship name used in SOQL. */
  referenceTo?: string[];
  relationshipName?: string;
  /** Child relationship name on the parent side (e.g. Contact.AccountId -> Account.Contacts). */
  childRelationshipName?: string;
  /** Cascade delete of children when the parent is deleted (master-detail). */
  cascadeDelete?: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  /** Three-character Id prefix: 001 Account, 003 Contact, ... */
  keyPrefix: string;
  custom: boolean;
  queryable: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  searchable: boolean;
  fields: FieldDef[];
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
  cascadeDelete: boolean;
}

/** Case-insensitive lookups over the schema, as SOQL and the REST paths need them. */
export interface OrgSchema {
  readonly objects: readonly ObjectDef[];
  getObject(name: string): ObjectDef | undefined;
  getField(objectName: string, fieldName: string): FieldDef | undefined;
  /** The field whose relationshipName matches (e.g. 'Account' on Contact -> AccountId). */
  getRelationshipField(objectName: string, relationshipName: string): FieldDef | undefined;
  childRelationships(objectName: string): ChildRelationship[];
  getChildRelationship(objectName: string, relationshipName: string): ChildRelationship | undefined;
  objectForId(id: string): ObjectDef | undefined;
}

/** A record as the store returns it: API field names to JSON values (booleans as true/false). */
export type SObjectRow = Record<string, unknown>;

export interface DeletedRecord {
  id: string;
  deletedDate: string;
}

/** What a recycle-bin purge removed for good. */
export interface PurgeResult {
  purged: Array<{ object: string; id: string }>;
}

/** Who is acting: audit fields (CreatedById, LastModifiedById) and default OwnerId come from it. */
export interface ActingUser {
  userId: string;
}

export interface WriteOptions {
  /**
   * A write the platform makes itself (lead conversion stamping the lead, moving its activities):
   * read-only fields may be set and a converted lead may be changed. Derived fields, validation,
   * audit fields and SystemModstamp follow as for any other write.
   */
  platform?: boolean;
}

export interface OrgStore {
  readonly db: Database.Database;
  readonly schema: OrgSchema;
  readonly orgId: string;
  /** The org's clock. Tests may pin it; date literals in SOQL use it. */
  now(): Date;
  /** The org's standard fiscal year (Organization.FiscalYearStartMonth, …; January by default). */
  fiscalYear(): FiscalYearSettings;
  /** A multi-currency org's currencies and rates (from CurrencyType); undefined in a single-currency org. */
  currencies(): OrgCurrencies | undefined;

  /** Inserts a row after Salesforce's validation; throws SalesforceError. Returns the new Id. */
  create(objectName: string, values: SObjectRow, as: ActingUser): string;
  /** Partial update; throws NOT_FOUND / ENTITY_IS_DELETED / validation errors. */
  update(objectName: string, id: string, values: SObjectRow, as: ActingUser, opts?: WriteOptions): void;
  /** Moves the row (and cascade children) to the recycle bin. */
  delete(objectName: string, id: string, as: ActingUser): void;
  /** Removes the row for good (Bulk hardDelete). */
  hardDelete(objectName: string, id: string): void;
  undelete(objectName: string, id: string, as: ActingUser): void;
  /**
   * Empties the recycle bin (emptyRecycleBin, or Salesforce aging rows out after 15 days): the
   * chosen rows (`ids`; those deleted before `deletedBefore`; all when neither is given), with
   * their cascade-deleted children, are removed for good. They leave queryAll and getDeleted's
   * delete log, can no longer be undeleted, and getDeleted's earliestDateAvailable moves past
   * their deletion dates.
   */
  purgeRecycleBin(opts?: { ids?: readonly string[]; deletedBefore?: Date }): PurgeResult;
  /** The latest deletion date among the object's purged rows (undefined when none was purged). */
  lastPurgedDeletedDate(objectName: string): string | undefined;
  /** All fields, or the listed ones; includes recycle-bin rows only when includeDeleted. */
  retrieve(objectName: string, id: string, opts?: { fields?: string[]; includeDeleted?: boolean }): SObjectRow | undefined;
  /** Live rows whose external-ID field equals the value (0, 1 or more). */
  findByExternalId(objectName: string, fieldName: string, value: string): string[];
  upsert(objectName: string, externalIdField: string, externalIdValue: string, values: SObjectRow, as: ActingUser): { id: string; created: boolean };
  getUpdated(objectName: string, start: Date, end: Date): string[];
  getDeleted(objectName: string, start: Date, end: Date): DeletedRecord[];
  /** Runs fn in one SQLite transaction (allOrNone, composite). Nested calls use savepoints. */
  transaction<T>(fn: () => T): T;
  /** Bumped whenever the schema changes; describe's Last-Modified / If-Modified-Since uses it. */
  schemaLastModified(): Date;
  close(): void;
}
