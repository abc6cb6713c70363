/**
 * The read side of the CRM workspace: lists and details of the six cached objects, served from the
 * active org's local cache (instant, offline), and describe-driven form metadata.
 *
 * Lists never fall back to live Salesforce calls: an object the cache has never synced answers
 * `state: 'never-synced'` (no rows) so the UI can start `sync:start` and show progress.
 * Rows and records are keyed by Salesforce field API names exactly as the cache stores them;
 * relationship names are flattened with a dot (`Account.Name`, `Owner.Name`).
 *
 * Writes are engineer K's `records:create|update|delete` (outbox.contract.ts); validate form values
 * first with `validateRecordValues` (src/shared/forms/record-validation.ts) against `describe:form`.
 */
import { z } from 'zod';
import { SortDirection, type ChannelSpec } from './common';
import { RecordRef } from './outbox.contract';
import { SYNC_OBJECTS } from './sync.contract';

export const CRM_OBJECTS = SYNC_OBJECTS;
export const CrmObject = z.enum(CRM_OBJECTS);
export type CrmObject = z.infer<typeof CrmObject>;

const text = z.string().nullable();
const num = z.number().nullable();
const bool = z.boolean().nullable();
/** Every row says whether it carries a local change the outbox has not sent yet. */
const rowBase = {
  Id: z.string(),
  'Owner.Name': text,
  LastModifiedDate: text,
  /** 'synced' = as the server sent it; otherwise a pending offline change of this row. */
  localState: z.enum(['synced', 'created', 'modified']),
};

export const AccountListRow = z.object({
  ...rowBase,
  Name: text,
  Type: text,
  Industry: text,
  Phone: text,
  BillingCity: text,
  BillingCountry: text,
  AnnualRevenue: num,
});
export const ContactListRow = z.object({
  ...rowBase,
  Name: text,
  Title: text,
  Email: text,
  Phone: text,
  AccountId: text,
  'Account.Name': text,
});
export const OpportunityListRow = z.object({
  ...rowBase,
  Name: text,
  AccountId: text,
  'Account.Name': text,
  StageName: text,
  Amount: num,
  Probability: num,
  CloseDate: text,
  IsClosed: bool,
  IsWon: bool,
});
export const LeadListRow = z.object({
  ...rowBase,
  Name: text,
  Company: text,
  Title: text,
  Email: text,
  Phone: text,
  Status: text,
  LeadSource: text,
  IsConverted: bool,
});
export const CaseListRow = z.object({
  ...rowBase,
  CaseNumber: text,
  Subject: text,
  Status: text,
  Priority: text,
  Origin: text,
  AccountId: text,
  'Account.Name': text,
  ContactId: text,
  'Contact.Name': text,
  IsClosed: bool,
  CreatedDate: text,
});
export const CampaignListRow = z.object({
  ...rowBase,
  Name: text,
  Type: text,
  Status: text,
  StartDate: text,
  EndDate: text,
  IsActive: bool,
  BudgetedCost: num,
  ExpectedRevenue: num,
});
export type AccountListRow = z.infer<typeof AccountListRow>;
export type ContactListRow = z.infer<typeof ContactListRow>;
export type OpportunityListRow = z.infer<typeof OpportunityListRow>;
export type LeadListRow = z.infer<typeof LeadListRow>;
export type CaseListRow = z.infer<typeof CaseListRow>;
export type CampaignListRow = z.infer<typeof CampaignListRow>;

export const LIST_ROW_SCHEMAS = {
  Account: AccountListRow,
  Contact: ContactListRow,
  Opportunity: OpportunityListRow,
  Lead: LeadListRow,
  Case: CaseListRow,
  Campaign: CampaignListRow,
} as const;
export type ListRowOf<O extends CrmObject> = z.infer<(typeof LIST_ROW_SCHEMAS)[O]>;

export type ColumnKind = 'text' | 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'boolean';
export interface ListColumn {
  field: string;
  label: string;
  kind: ColumnKind;
  /** Offered as a sort column by `records:list` (and indexed in the cache). */
  sortable: boolean;
}

const col = (field: string, label: string, kind: ColumnKind = 'text', sortable = false): ListColumn => ({ field, label, kind, sortable });

/** The default columns of each list, in display order (every field is in the object's row shape). */
export const LIST_COLUMNS: Record<CrmObject, readonly ListColumn[]> = {
  Account: [
    col('Name', 'Account Name', 'text', true),
    col('Type', 'Type', 'text', true),
    col('Industry', 'Industry', 'text', true),
    col('Phone', 'Phone'),
    col('BillingCity', 'Billing City', 'text', true),
    col('BillingCountry', 'Billing Country'),
    col('AnnualRevenue', 'Annual Revenue', 'currency', true),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
  Contact: [
    col('Name', 'Name', 'text', true),
    col('Title', 'Title', 'text', true),
    col('Account.Name', 'Account', 'text', true),
    col('Email', 'Email', 'text', true),
    col('Phone', 'Phone'),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
  Opportunity: [
    col('Name', 'Opportunity Name', 'text', true),
    col('Account.Name', 'Account', 'text', true),
    col('StageName', 'Stage', 'text', true),
    col('Amount', 'Amount', 'currency', true),
    col('Probability', 'Probability', 'percent'),
    col('CloseDate', 'Close Date', 'date', true),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
  Lead: [
    col('Name', 'Name', 'text', true),
    col('Company', 'Company', 'text', true),
    col('Title', 'Title'),
    col('Email', 'Email', 'text', true),
    col('Phone', 'Phone'),
    col('Status', 'Status', 'text', true),
    col('LeadSource', 'Lead Source'),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
  Case: [
    col('CaseNumber', 'Case Number', 'text', true),
    col('Subject', 'Subject', 'text', true),
    col('Status', 'Status', 'text', true),
    col('Priority', 'Priority', 'text', true),
    col('Account.Name', 'Account', 'text', true),
    col('Contact.Name', 'Contact'),
    col('CreatedDate', 'Opened', 'datetime', true),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
  Campaign: [
    col('Name', 'Campaign Name', 'text', true),
    col('Type', 'Type', 'text', true),
    col('Status', 'Status', 'text', true),
    col('StartDate', 'Start Date', 'date', true),
    col('EndDate', 'End Date', 'date', true),
    col('IsActive', 'Active', 'boolean'),
    col('BudgetedCost', 'Budgeted Cost', 'currency'),
    col('ExpectedRevenue', 'Expected Revenue', 'currency', true),
    col('Owner.Name', 'Owner'),
    col('LastModifiedDate', 'Last Modified', 'datetime', true),
  ],
};

/** Sort columns per object (the sortable LIST_COLUMNS); the first is the default. */
export const SORT_FIELDS = {
  Account: ['Name', 'Type', 'Industry', 'BillingCity', 'AnnualRevenue', 'LastModifiedDate'],
  Contact: ['Name', 'Title', 'Account.Name', 'Email', 'LastModifiedDate'],
  Opportunity: ['CloseDate', 'Name', 'Account.Name', 'StageName', 'Amount', 'LastModifiedDate'],
  Lead: ['Name', 'Company', 'Email', 'Status', 'LastModifiedDate'],
  Case: ['CreatedDate', 'CaseNumber', 'Subject', 'Status', 'Priority', 'Account.Name', 'LastModifiedDate'],
  Campaign: ['Name', 'Type', 'Status', 'StartDate', 'EndDate', 'ExpectedRevenue', 'LastModifiedDate'],
} as const satisfies Record<CrmObject, readonly [string, ...string[]]>;

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
} as const;

export const LIST_PAGE_MAX = 500;
const listWindow = {
  search: z.string().trim().max(100).optional(),
  sortDir: SortDirection.default('asc'),
  /** Window into the sorted, filtered list: the UI's virtualizer asks for the rows it shows. */
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(LIST_PAGE_MAX).default(100),
};
const listQuery = <O extends CrmObject, S extends readonly [string, ...string[]], F extends z.ZodTypeAny>(object: O, sortFields: S, filters: F) =>
  z
    .object({
      object: z.literal(object),
      sortBy: z.enum(sortFields as unknown as { [K in S[number]]: K }).default(sortFields[0] as never),
      filters: filters.optional(),
      ...listWindow,
    })
    .strict();

export const RecordListQuery = z.discriminatedUnion('object', [
  listQuery('Account', SORT_FIELDS.Account, LIST_FILTERS.Account),
  listQuery('Contact', SORT_FIELDS.Contact, LIST_FILTERS.Contact),
  listQuery('Opportunity', SORT_FIELDS.Opportunity, LIST_FILTERS.Opportunity),
  listQuery('Lead', SORT_FIELDS.Lead, LIST_FILTERS.Lead),
  listQuery('Case', SORT_FIELDS.Case, LIST_FILTERS.Case),
  listQuery('Campaign', SORT_FIELDS.Campaign, LIST_FILTERS.Campaign),
]);
export type RecordListQuery = z.input<typeof RecordListQuery>;

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

const listPage = <O extends CrmObject, R extends z.ZodTypeAny>(object: O, row: R) =>
  z.object({
    object: z.literal(object),
    rows: z.array(row),
    /** Rows matching search + filters (the virtualizer's total height). */
    totalCount: z.number().int(),
    offset: z.number().int(),
    freshness: CacheFreshness,
  });
export const RecordListPage = z.discriminatedUnion('object', [
  listPage('Account', AccountListRow),
  listPage('Contact', ContactListRow),
  listPage('Opportunity', OpportunityListRow),
  listPage('Lead', LeadListRow),
  listPage('Case', CaseListRow),
  listPage('Campaign', CampaignListRow),
]);
export type RecordListPage = z.infer<typeof RecordListPage>;

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

/** The fields each create/edit form shows, in order: the synced, writable fields of the object. */
export const FORM_FIELDS: Record<CrmObject, readonly string[]> = {
  Account: ['Name', 'Type', 'Industry', 'Rating', 'Phone', 'Website', 'BillingCity', 'BillingState', 'BillingCountry', 'AnnualRevenue', 'NumberOfEmployees', 'Description'],
  Contact: ['FirstName', 'LastName', 'Title', 'AccountId', 'Email', 'Phone', 'MobilePhone', 'Department', 'LeadSource', 'MailingCity', 'MailingCountry'],
  Opportunity: ['Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'Probability', 'NextStep', 'Type', 'LeadSource', 'CampaignId', 'Description'],
  Lead: ['FirstName', 'LastName', 'Company', 'Title', 'Email', 'Phone', 'MobilePhone', 'Status', 'LeadSource', 'Industry', 'Rating', 'Description'],
  Case: ['Subject', 'Status', 'Priority', 'Origin', 'Type', 'AccountId', 'ContactId', 'SuppliedEmail', 'SuppliedPhone', 'Description'],
  Campaign: ['Name', 'Type', 'Status', 'StartDate', 'EndDate', 'IsActive', 'BudgetedCost', 'ExpectedRevenue'],
};

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

export const recordsContract = {
  /** A window of an object's list from the local cache: sorted, filtered, searched. */
  'records:list': { method: 'listRecords', input: RecordListQuery, output: RecordListPage },
  /** One cached record with its related lists and pending outbox changes. NOT_FOUND when it is not cached. */
  'records:get': {
    method: 'getRecord',
    input: z.object({ object: CrmObject, id: RecordRef }).strict(),
    output: RecordDetail,
  },
  /** Form metadata for create/edit (describe, cached per org: 24 h TTL, then If-Modified-Since). */
  'describe:form': { method: 'describeForm', input: z.object({ object: CrmObject }).strict(), output: FormMeta },
} as const satisfies Record<string, ChannelSpec>;
