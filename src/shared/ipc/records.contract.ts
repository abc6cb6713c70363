/**
 * The read side of the CRM workspace: lists and details of the cached objects (the registry's), served from the
 * active org's local cache (instant, offline), and describe-driven form metadata.
 *
 * Lists never fall back to live Salesforce calls: an object the cache has never synced answers
 * `state: 'never-synced'` (no rows) so the UI can start `sync:start` and show progress.
 * Rows and records are keyed by Salesforce field API names exactly as the cache stores them;
 * relationship names are flattened with a dot (`Account.Name`, `Owner.Name`).
 *
 * Writes are the outbox's `records:create|update|delete` (outbox.contract.ts); validate form values
 * first with `validateRecordValues` (src/shared/forms/record-validation.ts) against `describe:form`.
 */
import { z } from 'zod';
import {
  columnChoicesOf,
  fieldKindOf,
  listRowFieldsOf,
  objectDef,
  sortFieldsOf,
  type ColumnKind,
  type FieldKind,
  type ListColumn,
  type ListRowValues,
} from '../objects/registry';
import { checkRecordId } from '../record-id';
import { SortDirection, type ChannelSpec } from './common';
import { RecordRef } from './outbox.contract';
import { SYNC_OBJECTS } from './sync.contract';

export const CRM_OBJECTS = SYNC_OBJECTS;
export const CrmObject = z.enum(CRM_OBJECTS);
export type CrmObject = z.infer<typeof CrmObject>;
export type { ColumnKind, ListColumn };

/** What every list row carries besides its fields. */
type RowBase = {
  Id: string;
  /** 'synced' = as the server sent it; otherwise a pending offline change of this row. */
  localState: 'synced' | 'created' | 'modified';
  /**
   * Where the row's unsent change stands in the outbox (rows with a local change only): 'refused' —
   * Salesforce turned it down and it needs the user (needs-attention); 'conflict' — changed in the
   * org meanwhile; 'pending' — waiting or being sent.
   */
  outboxState?: OutboxRowState;
};
export const OUTBOX_ROW_STATES = ['pending', 'conflict', 'refused'] as const;
export type OutboxRowState = (typeof OUTBOX_ROW_STATES)[number];
/** A row of any object's list (the renderer's tables treat rows alike). */
export type ListRow = RowBase & Record<string, string | number | boolean | null>;
/** A row of one object's list: its list fields (registry), typed. */
export type ListRowOf<O extends CrmObject> = RowBase & ListRowValues<O>;

const valueOf: Record<FieldKind, z.ZodType<string | number | boolean | null>> = {
  text: z.string().nullable(),
  date: z.string().nullable(),
  datetime: z.string().nullable(),
  number: z.number().nullable(),
  boolean: z.boolean().nullable(),
};

/**
 * The row shape of an object's list, from the registry: its columns and listRowFields, typed by
 * the kind the cache keeps each field as. Rows are keyed by field API name, relationship names
 * dotted (`Account.Name`).
 */
function listRowSchema<O extends CrmObject>(object: O): z.ZodType<ListRowOf<O>> {
  const def = objectDef(object);
  const shape: Record<string, z.ZodType> = {};
  for (const field of listRowFieldsOf(def)) shape[field] = valueOf[fieldKindOf(def, field)];
  return z.object({
    ...shape,
    Id: z.string(),
    localState: z.enum(['synced', 'created', 'modified']),
    outboxState: z.enum(OUTBOX_ROW_STATES).optional(),
  }) as unknown as z.ZodType<ListRowOf<O>>;
}

const byObject = <T>(make: (object: CrmObject) => T): Record<CrmObject, T> =>
  Object.fromEntries(CRM_OBJECTS.map((object) => [object, make(object)])) as Record<CrmObject, T>;

export const LIST_ROW_SCHEMAS = byObject(listRowSchema) as { [O in CrmObject]: z.ZodType<ListRowOf<O>> };
export const AccountListRow = LIST_ROW_SCHEMAS.Account;
export const ContactListRow = LIST_ROW_SCHEMAS.Contact;
export const OpportunityListRow = LIST_ROW_SCHEMAS.Opportunity;
export const LeadListRow = LIST_ROW_SCHEMAS.Lead;
export const CaseListRow = LIST_ROW_SCHEMAS.Case;
export const CampaignListRow = LIST_ROW_SCHEMAS.Campaign;
export type AccountListRow = ListRowOf<'Account'>;
export type ContactListRow = ListRowOf<'Contact'>;
export type OpportunityListRow = ListRowOf<'Opportunity'>;
export type LeadListRow = ListRowOf<'Lead'>;
export type CaseListRow = ListRowOf<'Case'>;
export type CampaignListRow = ListRowOf<'Campaign'>;

/** The default columns of each list, in display order (the registry's listColumns). */
export const LIST_COLUMNS: Record<CrmObject, readonly ListColumn[]> = byObject((object) => objectDef(object).listColumns);

/** Every column each list can show: the defaults, then the ones a rep can add (the Columns dialog). */
export const COLUMN_CHOICES: Record<CrmObject, readonly ListColumn[]> = byObject((object) => columnChoicesOf(objectDef(object)));

/** Sort columns per object (the sortable LIST_COLUMNS); the first is the default. */
export const SORT_FIELDS: Record<CrmObject, readonly [string, ...string[]]> = byObject((object) => sortFieldsOf(objectDef(object)));

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31');
const Values = z.array(z.string().trim().min(1).max(255)).min(1).max(50);
/** The longest "modified within" window a list offers (ten years). */
export const MODIFIED_WITHIN_MAX_DAYS = 3650;
/**
 * Every object: `ownedByMe` keeps the records whose owner is the logged-in user;
 * `modifiedWithinDays` keeps those whose LastModifiedDate (as last synced) is at most that many days
 * before now. A change not yet sent has no new LastModifiedDate: it counts once Salesforce has it.
 */
const common = {
  ownedByMe: z.boolean().optional(),
  modifiedWithinDays: z.number().int().min(1).max(MODIFIED_WITHIN_MAX_DAYS).optional(),
};

/** Filters every list has (an object without filters of its own in LIST_FILTERS has these). */
export const COMMON_LIST_FILTERS = z.object(common).strict();

/** The whitelisted filters of each list; all given filters must hold (AND). */
export const LIST_FILTERS = {
  Account: z.object({ ...common, type: Values.optional(), industry: Values.optional() }).strict(),
  Contact: z.object({ ...common, accountId: RecordRef.optional() }).strict(),
  Opportunity: z
    .object({
      ...common,
      stage: Values.optional(),
      /** open: not closed; won/lost: closed won/lost; closed: either. */
      status: z.enum(['open', 'closed', 'won', 'lost']).optional(),
      closeDateFrom: IsoDate.optional(),
      closeDateTo: IsoDate.optional(),
      accountId: RecordRef.optional(),
    })
    .strict(),
  Lead: z.object({ ...common, status: Values.optional(), converted: z.boolean().optional() }).strict(),
  Case: z
    .object({
      ...common,
      status: Values.optional(),
      priority: Values.optional(),
      /** true: open cases only; false: closed ones only. */
      open: z.boolean().optional(),
      accountId: RecordRef.optional(),
      contactId: RecordRef.optional(),
    })
    .strict(),
  Campaign: z.object({ ...common, status: Values.optional(), active: z.boolean().optional() }).strict(),
} as const satisfies Partial<Record<CrmObject, z.ZodObject>>;

/** The filters of an object's list: its own, or the common ones. */
export function listFiltersOf(object: CrmObject): z.ZodObject {
  return (LIST_FILTERS as Partial<Record<CrmObject, z.ZodObject>>)[object] ?? COMMON_LIST_FILTERS;
}

export const LIST_PAGE_MAX = 500;
const listWindow = {
  search: z.string().trim().max(100).optional(),
  sortDir: SortDirection.default('asc'),
  /** Window into the sorted, filtered list: the UI's virtualizer asks for the rows it shows. */
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(LIST_PAGE_MAX).default(100),
};
const listQuery = (object: CrmObject) => {
  const sortFields = SORT_FIELDS[object];
  return z
    .object({
      object: z.literal(object),
      sortBy: z.enum(sortFields).default(sortFields[0]),
      filters: listFiltersOf(object).optional(),
      ...listWindow,
    })
    .strict();
};

type FiltersOf<O extends CrmObject, IO extends 'in' | 'out'> = O extends keyof typeof LIST_FILTERS
  ? IO extends 'in'
    ? z.input<(typeof LIST_FILTERS)[O]>
    : z.output<(typeof LIST_FILTERS)[O]>
  : z.output<typeof COMMON_LIST_FILTERS>;
/** A `records:list` payload after parsing (defaults filled in), per object. */
export type ParsedRecordListQuery = {
  [O in CrmObject]: { object: O; sortBy: string; sortDir: 'asc' | 'desc'; filters?: FiltersOf<O, 'out'>; search?: string; offset: number; limit: number };
}[CrmObject];
/** A `records:list` payload as the renderer sends it, per object. */
export type RecordListQuery = {
  [O in CrmObject]: { object: O; sortBy?: string; sortDir?: 'asc' | 'desc'; filters?: FiltersOf<O, 'in'>; search?: string; offset?: number; limit?: number };
}[CrmObject];
/** One strict schema per object (its sort fields and filters), told apart by `object`. */
export const RecordListQuery = z.discriminatedUnion(
  'object',
  CRM_OBJECTS.map(listQuery) as unknown as [ReturnType<typeof listQuery>, ...ReturnType<typeof listQuery>[]],
) as unknown as z.ZodType<ParsedRecordListQuery, RecordListQuery>;

/** How fresh the cache of one object is. */
export const CacheFreshness = z.object({
  /**
   * 'never-synced': no full sync of this object has finished and the cache holds none of its rows —
   * start `sync:start`. While a first sync is filling the cache the state is 'ready' (rows so far)
   * with cachedAt null.
   */
  state: z.enum(['ready', 'never-synced']),
  /** When this object last finished a full or incremental sync (ISO), null if never. */
  cachedAt: z.string().nullable(),
  /** True when cachedAt is older than CACHE_STALE_AFTER_MS, or the object's last sync failed. */
  stale: z.boolean(),
  /** The object's last sync error, if its last attempt failed. */
  lastError: z.string().nullable(),
});
export type CacheFreshness = z.infer<typeof CacheFreshness>;
export const CACHE_STALE_AFTER_MS = 60 * 60 * 1000;

const listPage = (object: CrmObject) =>
  z.object({
    object: z.literal(object),
    rows: z.array(LIST_ROW_SCHEMAS[object]),
    /** Rows matching search + filters (the virtualizer's total height). */
    totalCount: z.number().int(),
    offset: z.number().int(),
    freshness: CacheFreshness,
  });
export type RecordListPage = {
  [O in CrmObject]: { object: O; rows: Array<ListRowOf<O>>; totalCount: number; offset: number; freshness: CacheFreshness };
}[CrmObject];
export const RecordListPage = z.discriminatedUnion(
  'object',
  CRM_OBJECTS.map(listPage) as unknown as [ReturnType<typeof listPage>, ...ReturnType<typeof listPage>[]],
) as unknown as z.ZodType<RecordListPage>;

/** A related list on a detail page: the first rows (RELATED_LIST_LIMIT) and how many there are. */
const related = <R extends z.ZodTypeAny>(row: R) => z.object({ rows: z.array(row), totalCount: z.number().int() });
export const RELATED_LIST_LIMIT = 50;

export const CampaignMemberCounts = z.discriminatedUnion('state', [
  /** Counted live in the org (CampaignMember is not cached). */
  z.object({
    state: z.literal('live'),
    total: z.number().int(),
    byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
  }),
  z.object({ state: z.literal('unavailable-offline'), message: z.string() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type CampaignMemberCounts = z.infer<typeof CampaignMemberCounts>;

export const RecordDetail = z.object({
  object: CrmObject,
  id: z.string(),
  /** Every cached field of the record (API names, relationship names dotted). */
  record: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  localState: z.enum(['synced', 'created', 'modified', 'deleted']),
  /** Outbox changes of this record not yet accepted by Salesforce (pending, conflict or needs-attention). */
  pendingChanges: z.object({
    count: z.number().int(),
    states: z.array(z.enum(['pending', 'sending', 'conflict', 'needs-attention'])),
  }),
  /**
   * Account: contacts, opportunities, cases (by AccountId). Contact: cases (by ContactId) and
   * opportunities of the contact's account (OpportunityContactRole is not cached). Campaign:
   * opportunities (by CampaignId) and member counts. Others: none.
   */
  related: z.object({
    contacts: related(ContactListRow).optional(),
    opportunities: related(OpportunityListRow).optional(),
    cases: related(CaseListRow).optional(),
    campaignMembers: CampaignMemberCounts.optional(),
  }),
  freshness: CacheFreshness,
});
export type RecordDetail = z.infer<typeof RecordDetail>;

/** The fields each create/edit form shows, in order: the synced, writable fields of the object (registry). */
export const FORM_FIELDS: Record<CrmObject, readonly string[]> = byObject((object) => objectDef(object).formFields);

export const PicklistValue = z.object({ value: z.string(), label: z.string(), default: z.boolean() });

/** One form field, from the org's describe. `type` is Salesforce's field type (string, picklist, email, currency, reference...). */
export const FormField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  /** Must be given on create: !nillable && createable && !defaultedOnCreate (booleans never are). */
  required: z.boolean(),
  createable: z.boolean(),
  updateable: z.boolean(),
  nillable: z.boolean(),
  /** Maximum characters of text fields (0 when not text). */
  length: z.number().int(),
  /** Number fields: total digits and digits after the point. */
  precision: z.number().int(),
  scale: z.number().int(),
  /** int fields: maximum digits. */
  digits: z.number().int(),
  /** Active values only. */
  picklistValues: z.array(PicklistValue),
  /** Restricted picklists refuse values not in the list. */
  restrictedPicklist: z.boolean(),
  /** Reference fields: the objects the Id may point at. */
  referenceTo: z.array(z.string()),
  inlineHelpText: z.string().nullable(),
});
export type FormField = z.infer<typeof FormField>;

export const FormMeta = z.object({
  object: CrmObject,
  label: z.string(),
  /** FORM_FIELDS of the object that the org's describe has, in FORM_FIELDS order. */
  fields: z.array(FormField),
  /** When the describe was fetched or last revalidated (ISO). */
  fetchedAt: z.string(),
  /** 'org': fetched or revalidated now (a 304 counts); 'cache': within its TTL; 'cache-offline': org unreachable, older copy. */
  source: z.enum(['org', 'cache', 'cache-offline']),
});
export type FormMeta = z.infer<typeof FormMeta>;

/**
 * A Salesforce record Id (15 or 18 characters, its case-safe suffix checked), returned in its
 * 18-character form. Not a local Id: a record made offline is in the cache or nowhere.
 */
export const SalesforceRecordId = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const check = checkRecordId(value);
    if (check.ok) return check.id;
    ctx.addIssue({ code: 'custom', message: check.reason });
    return z.NEVER;
  });

/** A list column's width in pixels, as the user dragged or keyed it. */
export const LIST_COLUMN_WIDTH = { min: 56, max: 900 } as const;
const ColumnField = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,80}$/);

/**
 * How a salesperson shaped one object's list, kept per org (app database): the columns shown, in
 * order (null: the object's defaults), and column widths in pixels by field (absent: sized to fit).
 */
export const ListPrefs = z.object({
  object: CrmObject,
  columns: z.array(ColumnField).min(1).max(40).nullable(),
  widths: z.record(ColumnField, z.number().int().min(LIST_COLUMN_WIDTH.min).max(LIST_COLUMN_WIDTH.max)),
});
export type ListPrefs = z.infer<typeof ListPrefs>;

/** Columns must be ones the object's list can show, each at most once. */
function checkColumns(value: { object: CrmObject; columns?: string[] | null; widths?: Record<string, number> }, ctx: z.RefinementCtx): void {
  const known = new Set(COLUMN_CHOICES[value.object].map((c) => c.field));
  const named = [...(value.columns ?? []), ...Object.keys(value.widths ?? {})];
  for (const field of named) {
    if (!known.has(field)) ctx.addIssue({ code: 'custom', message: `${value.object} lists have no column ${field}`, path: ['columns'] });
  }
  if (value.columns && new Set(value.columns).size !== value.columns.length)
    ctx.addIssue({ code: 'custom', message: 'A column is listed twice', path: ['columns'] });
}

/** A change of one list's shape: columns replaced when given (null: back to the defaults), widths merged (null: back to fit). */
export const ListPrefsUpdate = z
  .object({
    object: CrmObject,
    columns: z.array(ColumnField).min(1).max(40).nullable().optional(),
    widths: z.record(ColumnField, z.number().int().min(LIST_COLUMN_WIDTH.min).max(LIST_COLUMN_WIDTH.max)).nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => checkColumns({ ...value, widths: value.widths ?? undefined }, ctx));
export type ListPrefsUpdate = z.infer<typeof ListPrefsUpdate>;

export const recordsContract = {
  /** A window of an object's list from the local cache: sorted, filtered, searched. */
  'records:list': { method: 'listRecords', input: RecordListQuery, output: RecordListPage },
  /** One cached record with its related lists and pending outbox changes. NOT_FOUND when it is not cached. */
  'records:get': {
    method: 'getRecord',
    input: z.object({ object: CrmObject, id: RecordRef }).strict(),
    output: RecordDetail,
  },
  /**
   * One record read from the org into the cache (a record not in the local copy: opened from a link,
   * outside the sync scope, or not synced yet), then answered as `records:get` does. Online only,
   * through the metered path (feature 'records'): NETWORK when the org cannot be reached,
   * NOT_FOUND when Salesforce has no such record the user may see.
   */
  'records:fetch': {
    method: 'fetchRecord',
    input: z.object({ object: CrmObject, id: SalesforceRecordId }).strict(),
    output: RecordDetail,
  },
  /** Form metadata for create/edit (describe, cached per org: 24 h TTL, then If-Modified-Since). */
  'describe:form': { method: 'describeForm', input: z.object({ object: CrmObject }).strict(), output: FormMeta },
  /** The active org's shape of one object's list (columns, widths): defaults when never shaped. */
  'records:list-prefs': { method: 'listPrefs', input: z.object({ object: CrmObject }).strict(), output: ListPrefs },
  /** Changes the active org's shape of one list; returns it as stored. */
  'records:list-prefs-update': { method: 'updateListPrefs', input: ListPrefsUpdate, output: ListPrefs },
} as const satisfies Record<string, ChannelSpec>;
