/**
 * The object registry: every Salesforce object the app caches, declared once.
 *
 * Everything else reads it: the contract's zod enums (sync, search, records, outbox), the cache
 * (extracted columns, indexes), the sync engine (fields, scope, how changes are checked), the
 * outbox (which fields are the server's), search (which columns it matches, subtitles) and the
 * renderer (URL path, labels, title field, key prefix, list columns). Adding an object is one
 * entry here; the cache tables take any object name, so no migration is needed unless the object
 * wants something the `records` table does not have yet.
 *
 * The core takes an `ObjectRegistry` as a dependency (defaulting to OBJECT_REGISTRY) so a test, or
 * later the org's custom objects, can extend it without touching module-level constants.
 *
 * Field names are Salesforce API names. Relationship fields (`Account.Name`, `Owner.Name`) are
 * stored flattened under their dotted name (REST nests them, Bulk API 2.0 CSV names the column
 * `Account.Name`).
 */

export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface ObjectField {
  name: string;
  kind: FieldKind;
  /**
   * The field exists only in some orgs (CurrencyIsoCode: multi-currency orgs only). The sync reads
   * it where the org has it; `withoutFields` makes the org's registry without it elsewhere.
   */
  optional?: boolean;
}

/** How a list column is shown (a field's kind, refined: money and percentages). */
export type ColumnKind = 'text' | 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'boolean';

export interface ListColumn {
  field: string;
  label: string;
  kind: ColumnKind;
  /** Offered as a sort column by `records:list` (and indexed in the cache, see `indexes`). */
  sortable: boolean;
}

/**
 * Which field fills each extracted column of the cache's `records` table (dotted names allowed).
 * Lists sort and filter on these without parsing JSON; name, email, phone, company and
 * accountName are also what search matches (records_fts).
 *
 * accountId, contactId and campaignId serve related lists (lookups by parent). textA, textB and
 * numberA are spare typed columns an object maps its other indexed list fields to (Account's
 * Industry, Case's CaseNumber): an index over a typed column costs a fraction of one over
 * `json_extract(fields, ...)`, which parses the row's JSON on every write (cache migration 0006).
 * CreatedDate, LastModifiedDate, OwnerId and Owner.Name have columns of their own on every object.
 * dateA, dateB, flagA and flagB carry the fields the cockpit's analytics filter and group on
 * (Opportunity's IsClosed, IsWon, LastActivityDate; Lead's IsConverted, ConvertedDate), so no chart
 * parses JSON row by row (migration 0007).
 */
export interface ExtractedColumns {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
  accountName?: string;
  status?: string;
  amount?: string;
  closeDate?: string;
  accountId?: string;
  contactId?: string;
  campaignId?: string;
  textA?: string;
  textB?: string;
  numberA?: string;
  /** Spare date, date-time and checkbox columns the cockpit's SQL reads (cache migration 0007). */
  dateA?: string;
  dateB?: string;
  flagA?: string;
  flagB?: string;
  /**
   * The record's identifying number when it is not its name (Case's CaseNumber): what a rep reads
   * off a list or an email and types into search. Kept in the `code` column, which the FTS index
   * matches (cache migration 0012).
   */
  code?: string;
}

/** The extracted columns full-text search matches, in the FTS index's column order. */
export const SEARCH_COLUMNS = ['name', 'email', 'phone', 'company', 'accountName', 'code'] as const satisfies ReadonlyArray<keyof ExtractedColumns>;

/**
 * A partial index on `records` for this object: `(object, <on>) WHERE object = '<name>'`. The
 * cache creates missing ones when it opens (IF NOT EXISTS); the six first objects' indexes were
 * created by cache migration 0003 under the same names.
 */
export interface ObjectIndex {
  name: string;
  /** The indexed expressions after `object`, written exactly as records/list-sql.ts queries them. */
  on: string;
}

export interface ObjectDef {
  /** Salesforce API name; also the value of `records.object` and `sync_state.object`. */
  name: string;
  label: { one: string; many: string };
  /** URL segment of the object's screens: #/opportunities/… */
  path: string;
  /** A record Id of this object starts with it. */
  keyPrefix: string;
  /** The field shown as a record's title. */
  titleField: string;
  /** The fields the sync engine reads and the cache keeps. Must include Id and SystemModstamp. */
  fields: readonly ObjectField[];
  /** Whether the "records I own" sync scope filters this object by OwnerId. */
  ownerScoped: boolean;
  /**
   * Activities (Task, Event): in scope "mine" a row is also kept when one of these reference fields
   * points at a record of `parents` that the user owns (a colleague's call on my account). The
   * sync reads those rows with one semi-join query per parent (Salesforce refuses a semi-join
   * joined by OR, and allows two per WHERE), and its incremental check keeps a changed row whose
   * reference points at a cached record of those parents.
   */
  relatedScope?: ReadonlyArray<{ field: string; parents: readonly string[] }>;
  /**
   * How the incremental sync checks for changes: 'query', a queryAll in the one Composite call
   * (at most five per Composite); 'replication', getUpdated/getDeleted subrequests (objects that
   * change least, so the queries stay within one Composite).
   */
  changeCheck: 'query' | 'replication';
  columns: ExtractedColumns;
  /** Whether a search hit's subtitle shows the status column (Account's is its Type: not useful there). */
  searchShowsStatus: boolean;
  /** The list's default columns, in display order. */
  listColumns: readonly ListColumn[];
  /**
   * More synced fields a rep can add to the list in its Columns dialog (hidden until chosen; not
   * sort columns: no index serves them). Every list row carries them, so adding one costs no call.
   */
  moreColumns: readonly ListColumn[];
  /** Fields each list row carries besides its columns (links and filters need them). */
  listRowFields: readonly string[];
  /** The default sort field of the list (a sortable column). */
  defaultSort: string;
  /** The create/edit form's fields, in order. */
  formFields: readonly string[];
  /**
   * What a salesperson needs first on a record's page, in order, shown at its top: field names of
   * `fields`; a reference (`AccountId`, `WhoId`, `OwnerId`) is shown as the name it points at
   * (`Account.Name`, linked where the app has that record's page). Absent: the first form fields.
   */
  keyFields?: readonly string[];
  /** Whether records:create|update|delete accept the object (history objects are read-only). */
  writable: boolean;
  indexes: readonly ObjectIndex[];
}

// Generic in the name so the registry's types know each object's fields and kinds (typed list rows).
const field =
  <K extends FieldKind>(kind: K) =>
  <N extends string>(name: N) => ({ name, kind });
const t = field('text');
const n = field('number');
const b = field('boolean');
const d = field('date');
const dt = field('datetime');
/** CurrencyIsoCode: present in multi-currency orgs only (see ObjectField.optional). */
const CURRENCY = { name: 'CurrencyIsoCode', kind: 'text', optional: true } as const;
const col = <F extends string>(field: F, label: string, kind: ColumnKind = 'text', sortable = false) => ({ field, label, kind, sortable });

/** Identity, ownership and the sync keyset, which the six first objects all carry. */
export const COMMON_FIELDS = [t('Id'), t('OwnerId'), t('Owner.Name'), dt('CreatedDate'), dt('LastModifiedDate'), dt('SystemModstamp')] as const;
/**
 * Who last changed a record, on the objects change notifications watch (notifications/): a change
 * made by the connected user is never announced to them, and the name says who made it. It
 * arrives with the row in the same query, so it costs no call.
 */
const CHANGED_BY = [t('LastModifiedById'), t('LastModifiedBy.Name')] as const;
const OWNER = col('Owner.Name', 'Owner');
const MODIFIED = col('LastModifiedDate', 'Last Modified', 'datetime', true);
const CREATED = col('CreatedDate', 'Created Date', 'datetime');

/**
 * What the cockpit reads of an Opportunity besides the range it scans (see its indexes): the metrics'
 * columns, then what a card or a list row shows, so the board reads its cards from the index alone.
 */
const OPP_COCKPIT_COLUMNS =
  'local_state, status, text_a, text_b, flag_b, amount, number_a, date_b, date_a, created_date, id, name, account_id, account_name, owner_name';
/**
 * Which records' activities a rep keeps besides their own (ObjectDef.relatedScope): AccountId is
 * Salesforce's roll-up of an activity's What or Who to its account.
 */
const ACTIVITY_SCOPE = [
  { field: 'AccountId', parents: ['Account'] },
  { field: 'WhatId', parents: ['Opportunity', 'Case'] },
  { field: 'WhoId', parents: ['Contact', 'Lead'] },
] as const;
/** ...and of a Lead. */
const LEAD_COCKPIT_COLUMNS = 'local_state, status, flag_a, text_a, text_b, date_a, date_b, id';

const DEFINITIONS = {
  Account: {
    name: 'Account',
    label: { one: 'Account', many: 'Accounts' },
    path: 'accounts',
    keyPrefix: '001',
    titleField: 'Name',
    ownerScoped: true,
    changeCheck: 'query',
    fields: [
      ...COMMON_FIELDS,
      t('Name'),
      t('Type'),
      t('Industry'),
      t('Phone'),
      t('Website'),
      t('BillingCity'),
      t('BillingState'),
      t('BillingCountry'),
      n('AnnualRevenue'),
      n('NumberOfEmployees'),
      t('Rating'),
      t('Description'),
    ],
    columns: { name: 'Name', phone: 'Phone', company: 'Name', status: 'Type', textA: 'Industry', textB: 'BillingCity', numberA: 'AnnualRevenue' },
    searchShowsStatus: false,
    listColumns: [
      col('Name', 'Account Name', 'text', true),
      col('Type', 'Type', 'text', true),
      col('Industry', 'Industry', 'text', true),
      col('Phone', 'Phone'),
      col('BillingCity', 'Billing City', 'text', true),
      col('BillingCountry', 'Billing Country'),
      col('AnnualRevenue', 'Annual Revenue', 'currency', true),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [
      col('Website', 'Website'),
      col('BillingState', 'Billing State/Province'),
      col('NumberOfEmployees', 'Employees', 'number'),
      col('Rating', 'Account Rating'),
      CREATED,
    ],
    listRowFields: [],
    defaultSort: 'Name',
    formFields: [
      'Name',
      'Type',
      'Industry',
      'Rating',
      'Phone',
      'Website',
      'BillingCity',
      'BillingState',
      'BillingCountry',
      'AnnualRevenue',
      'NumberOfEmployees',
      'Description',
    ],
    keyFields: ['OwnerId', 'Type', 'Industry', 'Phone', 'Website', 'BillingCity'],
    writable: true,
    indexes: [
      { name: 'records_account_type', on: 'status COLLATE NOCASE, id' },
      { name: 'records_account_industry', on: 'text_a COLLATE NOCASE, id' },
      { name: 'records_account_city', on: 'text_b COLLATE NOCASE, id' },
      { name: 'records_account_revenue', on: 'number_a, id' },
    ],
  },
  Contact: {
    name: 'Contact',
    label: { one: 'Contact', many: 'Contacts' },
    path: 'contacts',
    keyPrefix: '003',
    titleField: 'Name',
    ownerScoped: true,
    changeCheck: 'query',
    fields: [
      ...COMMON_FIELDS,
      t('Name'),
      t('FirstName'),
      t('LastName'),
      t('Title'),
      t('Email'),
      t('Phone'),
      t('MobilePhone'),
      t('AccountId'),
      t('Account.Name'),
      t('Department'),
      t('LeadSource'),
      t('MailingCity'),
      t('MailingCountry'),
    ],
    columns: { name: 'Name', email: 'Email', phone: 'Phone', accountName: 'Account.Name', status: 'Title', accountId: 'AccountId' },
    searchShowsStatus: true,
    listColumns: [
      col('Name', 'Name', 'text', true),
      col('Title', 'Title', 'text', true),
      col('Account.Name', 'Account', 'text', true),
      col('Email', 'Email', 'text', true),
      col('Phone', 'Phone'),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [
      col('MobilePhone', 'Mobile'),
      col('Department', 'Department'),
      col('LeadSource', 'Lead Source'),
      col('MailingCity', 'Mailing City'),
      col('MailingCountry', 'Mailing Country'),
      CREATED,
    ],
    listRowFields: ['AccountId'],
    defaultSort: 'Name',
    formFields: ['FirstName', 'LastName', 'Title', 'AccountId', 'Email', 'Phone', 'MobilePhone', 'Department', 'LeadSource', 'MailingCity', 'MailingCountry'],
    keyFields: ['AccountId', 'OwnerId', 'Title', 'Email', 'Phone', 'MobilePhone'],
    writable: true,
    indexes: [
      { name: 'records_contact_title', on: 'status COLLATE NOCASE, id' },
      { name: 'records_contact_account', on: 'account_name COLLATE NOCASE, id' },
      { name: 'records_contact_email', on: 'email COLLATE NOCASE, id' },
      { name: 'records_contact_by_account', on: 'account_id' },
    ],
  },
  Opportunity: {
    name: 'Opportunity',
    label: { one: 'Opportunity', many: 'Opportunities' },
    path: 'opportunities',
    keyPrefix: '006',
    titleField: 'Name',
    ownerScoped: true,
    changeCheck: 'query',
    fields: [
      ...COMMON_FIELDS,
      t('Name'),
      t('AccountId'),
      t('Account.Name'),
      t('StageName'),
      n('Amount'),
      t('NextStep'),
      n('Probability'),
      d('CloseDate'),
      t('Type'),
      t('LeadSource'),
      b('IsClosed'),
      b('IsWon'),
      t('ForecastCategoryName'),
      t('CampaignId'),
      t('Description'),
      d('LastActivityDate'),
      dt('LastStageChangeDate'),
      ...CHANGED_BY,
      CURRENCY,
    ],
    columns: {
      name: 'Name',
      accountName: 'Account.Name',
      status: 'StageName',
      amount: 'Amount',
      closeDate: 'CloseDate',
      accountId: 'AccountId',
      campaignId: 'CampaignId',
      textA: 'ForecastCategoryName',
      textB: 'CurrencyIsoCode',
      numberA: 'Probability',
      flagA: 'IsClosed',
      flagB: 'IsWon',
      dateA: 'LastActivityDate',
      dateB: 'LastStageChangeDate',
    },
    searchShowsStatus: true,
    listColumns: [
      col('Name', 'Opportunity Name', 'text', true),
      col('Account.Name', 'Account', 'text', true),
      col('StageName', 'Stage', 'text', true),
      col('Amount', 'Amount', 'currency', true),
      col('Probability', 'Probability', 'percent'),
      col('CloseDate', 'Close Date', 'date', true),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [
      col('Type', 'Type'),
      col('LeadSource', 'Lead Source'),
      col('NextStep', 'Next Step'),
      col('ForecastCategoryName', 'Forecast Category'),
      col('LastActivityDate', 'Last Activity', 'date'),
      CREATED,
    ],
    listRowFields: ['AccountId', 'IsClosed', 'IsWon'],
    defaultSort: 'CloseDate',
    formFields: ['Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'Probability', 'NextStep', 'Type', 'LeadSource', 'CampaignId', 'Description'],
    keyFields: ['AccountId', 'OwnerId', 'StageName', 'Amount', 'CloseDate', 'Probability', 'NextStep'],
    writable: true,
    indexes: [
      { name: 'records_opp_close', on: 'close_date, id' },
      { name: 'records_opp_account', on: 'account_name COLLATE NOCASE, id' },
      { name: 'records_opp_stage', on: 'status COLLATE NOCASE, id' },
      { name: 'records_opp_amount', on: 'amount, id' },
      { name: 'records_opp_by_account', on: 'account_id' },
      { name: 'records_opp_by_campaign', on: 'campaign_id' },
      // The cockpit (src/main/core/analytics): open or closed deals of a period, everyone's or one
      // owner's. The columns after the range make them covering: a metric over 10,000 deals reads
      // no table row (each row holds its JSON; measured in bench/analytics.bench.ts).
      { name: 'records_opp_cockpit', on: `flag_a, close_date, owner_id, ${OPP_COCKPIT_COLUMNS}` },
      { name: 'records_opp_owner_cockpit', on: `owner_id, flag_a, close_date, ${OPP_COCKPIT_COLUMNS}` },
      // ...and one deal by Id: the daily snapshot compares every deal with its state, the waterfall
      // and the slipped deals look deals up by Id.
      {
        name: 'records_opp_cockpit_by_id',
        on: 'id, local_state, owner_id, status, amount, number_a, close_date, text_a, text_b, flag_a, flag_b, created_date',
      },
    ],
  },
  Lead: {
    name: 'Lead',
    label: { one: 'Lead', many: 'Leads' },
    path: 'leads',
    keyPrefix: '00Q',
    titleField: 'Name',
    ownerScoped: true,
    changeCheck: 'query',
    fields: [
      ...COMMON_FIELDS,
      t('Name'),
      t('FirstName'),
      t('LastName'),
      t('Title'),
      t('Company'),
      t('Email'),
      t('Phone'),
      t('MobilePhone'),
      t('Status'),
      t('LeadSource'),
      t('Industry'),
      t('Rating'),
      b('IsConverted'),
      t('Description'),
      d('ConvertedDate'),
      t('ConvertedAccountId'),
      t('ConvertedContactId'),
      t('ConvertedOpportunityId'),
      d('LastActivityDate'),
      ...CHANGED_BY,
    ],
    columns: {
      name: 'Name',
      email: 'Email',
      phone: 'Phone',
      company: 'Company',
      status: 'Status',
      textA: 'LeadSource',
      textB: 'ConvertedOpportunityId',
      flagA: 'IsConverted',
      dateA: 'ConvertedDate',
      dateB: 'LastActivityDate',
    },
    searchShowsStatus: true,
    listColumns: [
      col('Name', 'Name', 'text', true),
      col('Company', 'Company', 'text', true),
      col('Title', 'Title'),
      col('Email', 'Email', 'text', true),
      col('Phone', 'Phone'),
      col('Status', 'Status', 'text', true),
      col('LeadSource', 'Lead Source'),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [
      col('MobilePhone', 'Mobile'),
      col('Industry', 'Industry'),
      col('Rating', 'Rating'),
      col('LastActivityDate', 'Last Activity', 'date'),
      CREATED,
    ],
    listRowFields: ['IsConverted'],
    defaultSort: 'Name',
    formFields: ['FirstName', 'LastName', 'Company', 'Title', 'Email', 'Phone', 'MobilePhone', 'Status', 'LeadSource', 'Industry', 'Rating', 'Description'],
    keyFields: ['Status', 'Company', 'Email', 'Phone', 'OwnerId', 'Rating'],
    writable: true,
    indexes: [
      { name: 'records_lead_company', on: 'company COLLATE NOCASE, id' },
      { name: 'records_lead_email', on: 'email COLLATE NOCASE, id' },
      { name: 'records_lead_status', on: 'status COLLATE NOCASE, id' },
      // Lead analytics: creation cohorts and open leads, everyone's or one owner's; covering, as above.
      { name: 'records_lead_cockpit', on: `created_date, owner_id, ${LEAD_COCKPIT_COLUMNS}` },
      { name: 'records_lead_owner_cockpit', on: `owner_id, created_date, ${LEAD_COCKPIT_COLUMNS}` },
    ],
  },
  Case: {
    name: 'Case',
    label: { one: 'Case', many: 'Cases' },
    path: 'cases',
    keyPrefix: '500',
    titleField: 'Subject',
    ownerScoped: true,
    changeCheck: 'query',
    fields: [
      ...COMMON_FIELDS,
      t('CaseNumber'),
      t('Subject'),
      t('Status'),
      t('Priority'),
      t('Origin'),
      t('Type'),
      t('AccountId'),
      t('Account.Name'),
      t('ContactId'),
      t('Contact.Name'),
      t('SuppliedEmail'),
      t('SuppliedPhone'),
      b('IsClosed'),
      dt('ClosedDate'),
      t('Description'),
      ...CHANGED_BY,
      // A new high-priority case is announced only when someone else opened it.
      t('CreatedById'),
    ],
    columns: {
      name: 'Subject',
      email: 'SuppliedEmail',
      phone: 'SuppliedPhone',
      accountName: 'Account.Name',
      status: 'Status',
      accountId: 'AccountId',
      contactId: 'ContactId',
      textA: 'CaseNumber',
      textB: 'Priority',
      code: 'CaseNumber',
    },
    searchShowsStatus: true,
    listColumns: [
      col('CaseNumber', 'Case Number', 'text', true),
      col('Subject', 'Subject', 'text', true),
      col('Status', 'Status', 'text', true),
      col('Priority', 'Priority', 'text', true),
      col('Account.Name', 'Account', 'text', true),
      col('Contact.Name', 'Contact'),
      col('CreatedDate', 'Opened', 'datetime', true),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [col('Type', 'Type'), col('Origin', 'Case Origin'), col('SuppliedEmail', 'Web Email'), col('ClosedDate', 'Closed', 'datetime')],
    listRowFields: ['Origin', 'AccountId', 'ContactId', 'IsClosed'],
    defaultSort: 'CreatedDate',
    formFields: ['Subject', 'Status', 'Priority', 'Origin', 'Type', 'AccountId', 'ContactId', 'SuppliedEmail', 'SuppliedPhone', 'Description'],
    keyFields: ['Status', 'Priority', 'ContactId', 'AccountId', 'OwnerId', 'Origin'],
    writable: true,
    indexes: [
      { name: 'records_case_created', on: 'created_date, id' },
      { name: 'records_case_number', on: 'text_a COLLATE NOCASE, id' },
      { name: 'records_case_status', on: 'status COLLATE NOCASE, id' },
      { name: 'records_case_priority', on: 'text_b COLLATE NOCASE, id' },
      { name: 'records_case_account', on: 'account_name COLLATE NOCASE, id' },
      { name: 'records_case_by_account', on: 'account_id' },
      { name: 'records_case_by_contact', on: 'contact_id' },
    ],
  },
  // Campaigns belong to marketing, not to the salesperson, yet their leads, contacts and
  // opportunities point at them: a rep needs every campaign they can see, so "records I own"
  // does not filter them (there are few, so they need no sort index either). They change least,
  // so their changes are checked by replication and the five Composite queries go to the others.
  // Activities. Tasks and Events change often but each change is small; their changes are checked
  // by replication (getUpdated/getDeleted), so the one Composite check keeps its five queries for
  // the objects above and a quiet incremental sync stays one call. A rep's activities are their
  // own and those on the accounts, opportunities, cases, contacts and leads they own (relatedScope).
  // WhoId and WhatId are polymorphic: the object of each is read from the Id's key prefix.
  Task: {
    name: 'Task',
    label: { one: 'Task', many: 'Tasks' },
    path: 'tasks',
    keyPrefix: '00T',
    titleField: 'Subject',
    ownerScoped: true,
    relatedScope: ACTIVITY_SCOPE,
    changeCheck: 'replication',
    fields: [
      ...COMMON_FIELDS,
      t('Subject'),
      t('Status'),
      t('Priority'),
      d('ActivityDate'),
      t('TaskSubtype'),
      t('WhoId'),
      t('Who.Name'),
      t('WhatId'),
      t('What.Name'),
      t('AccountId'),
      b('IsClosed'),
      b('IsHighPriority'),
      dt('CompletedDateTime'),
      t('CallType'),
      n('CallDurationInSeconds'),
      t('Description'),
      ...CHANGED_BY,
    ],
    columns: {
      name: 'Subject',
      status: 'Status',
      closeDate: 'ActivityDate',
      accountId: 'AccountId',
      textA: 'WhoId',
      textB: 'WhatId',
      flagA: 'IsClosed',
      dateA: 'CompletedDateTime',
    },
    searchShowsStatus: true,
    listColumns: [
      col('Subject', 'Subject', 'text', true),
      col('Who.Name', 'Name'),
      col('What.Name', 'Related To'),
      col('ActivityDate', 'Due Date', 'date', true),
      col('Status', 'Status', 'text', true),
      col('Priority', 'Priority'),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [],
    listRowFields: ['WhoId', 'WhatId', 'IsClosed', 'TaskSubtype'],
    defaultSort: 'ActivityDate',
    formFields: ['Subject', 'ActivityDate', 'Status', 'Priority', 'WhoId', 'WhatId', 'Description'],
    keyFields: ['Status', 'ActivityDate', 'Priority', 'WhoId', 'WhatId', 'OwnerId'],
    writable: true,
    indexes: [
      // The timeline of a contact or lead (WhoId), of any other record (WhatId), of an account
      // (AccountId rolls up its contacts' and opportunities' activities); My tasks by owner.
      { name: 'records_task_who', on: 'text_a, close_date' },
      { name: 'records_task_what', on: 'text_b, close_date' },
      { name: 'records_task_account', on: 'account_id, close_date' },
      { name: 'records_task_mine', on: 'owner_id, flag_a, close_date' },
      { name: 'records_task_due', on: 'close_date, id' },
      { name: 'records_task_status', on: 'status COLLATE NOCASE, id' },
    ],
  },
  Event: {
    name: 'Event',
    label: { one: 'Event', many: 'Events' },
    path: 'events',
    keyPrefix: '00U',
    titleField: 'Subject',
    ownerScoped: true,
    relatedScope: ACTIVITY_SCOPE,
    changeCheck: 'replication',
    fields: [
      ...COMMON_FIELDS,
      t('Subject'),
      dt('StartDateTime'),
      dt('EndDateTime'),
      d('ActivityDate'),
      b('IsAllDayEvent'),
      t('Location'),
      t('EventSubtype'),
      t('WhoId'),
      t('Who.Name'),
      t('WhatId'),
      t('What.Name'),
      t('AccountId'),
      t('ShowAs'),
      t('Description'),
    ],
    columns: {
      name: 'Subject',
      closeDate: 'ActivityDate',
      accountId: 'AccountId',
      textA: 'WhoId',
      textB: 'WhatId',
      dateA: 'StartDateTime',
      dateB: 'EndDateTime',
      flagA: 'IsAllDayEvent',
    },
    searchShowsStatus: false,
    listColumns: [
      col('Subject', 'Subject', 'text', true),
      col('Who.Name', 'Name'),
      col('What.Name', 'Related To'),
      col('StartDateTime', 'Start', 'datetime', true),
      col('EndDateTime', 'End', 'datetime'),
      col('Location', 'Location'),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [],
    listRowFields: ['WhoId', 'WhatId', 'IsAllDayEvent'],
    defaultSort: 'StartDateTime',
    formFields: ['Subject', 'StartDateTime', 'EndDateTime', 'IsAllDayEvent', 'Location', 'WhoId', 'WhatId', 'Description'],
    keyFields: ['StartDateTime', 'EndDateTime', 'Location', 'WhoId', 'WhatId', 'OwnerId'],
    writable: true,
    indexes: [
      { name: 'records_event_who', on: 'text_a, date_a' },
      { name: 'records_event_what', on: 'text_b, date_a' },
      { name: 'records_event_account', on: 'account_id, date_a' },
      { name: 'records_event_owner', on: 'owner_id, date_a' },
      { name: 'records_event_start', on: 'date_a, id' },
    ],
  },
  Campaign: {
    name: 'Campaign',
    label: { one: 'Campaign', many: 'Campaigns' },
    path: 'campaigns',
    keyPrefix: '701',
    titleField: 'Name',
    ownerScoped: false,
    changeCheck: 'replication',
    fields: [...COMMON_FIELDS, t('Name'), t('Type'), t('Status'), d('StartDate'), d('EndDate'), b('IsActive'), n('BudgetedCost'), n('ExpectedRevenue')],
    columns: { name: 'Name', status: 'Status', amount: 'ExpectedRevenue', closeDate: 'EndDate' },
    searchShowsStatus: true,
    listColumns: [
      col('Name', 'Campaign Name', 'text', true),
      col('Type', 'Type', 'text', true),
      col('Status', 'Status', 'text', true),
      col('StartDate', 'Start Date', 'date', true),
      col('EndDate', 'End Date', 'date', true),
      col('IsActive', 'Active', 'boolean'),
      col('BudgetedCost', 'Budgeted Cost', 'currency'),
      col('ExpectedRevenue', 'Expected Revenue', 'currency', true),
      OWNER,
      MODIFIED,
    ],
    moreColumns: [CREATED],
    listRowFields: [],
    defaultSort: 'Name',
    formFields: ['Name', 'Type', 'Status', 'StartDate', 'EndDate', 'IsActive', 'BudgetedCost', 'ExpectedRevenue'],
    keyFields: ['Status', 'Type', 'StartDate', 'EndDate', 'IsActive', 'OwnerId'],
    writable: true,
    indexes: [],
  },
} as const satisfies Record<string, ObjectDef>;

/** The name of an object the app caches. */
export type CachedObject = keyof typeof DEFINITIONS;

/** Every cached object's name, in the registry's order (a non-empty tuple, for z.enum). */
export const OBJECT_NAMES = Object.keys(DEFINITIONS) as [CachedObject, ...CachedObject[]];

type Defs = typeof DEFINITIONS;
type ValueOfKind<K> = K extends 'number' ? number | null : K extends 'boolean' ? boolean | null : string | null;
type KindOf<O extends CachedObject, F> = Extract<Defs[O]['fields'][number], { name: F }>['kind'];
type ListRowFieldName<O extends CachedObject> =
  'Owner.Name' | 'LastModifiedDate' | Defs[O]['listColumns'][number]['field'] | Defs[O]['moreColumns'][number]['field'] | Defs[O]['listRowFields'][number];
/** The values of a list row of a registered object, typed by the kind the cache keeps each field as. */
export type ListRowValues<O extends CachedObject> = { [F in ListRowFieldName<O>]: ValueOfKind<KindOf<O, F>> };

// ---------------------------------------------------------------------------------------------
// The registry as a value the core takes as a dependency

export interface ObjectRegistry {
  /**
   * The objects, in order. An extended registry's extra names are typed CachedObject by
   * assertion: the core treats object names as opaque strings it got from the registry.
   */
  readonly names: readonly CachedObject[];
  /** The definition of a registered object; throws on an unknown name. */
  get(name: string): ObjectDef;
  has(name: string): name is CachedObject;
  /** The object a record Id belongs to, by key prefix. */
  ofId(id: string): ObjectDef | undefined;
  byPath(path: string): ObjectDef | undefined;
}

/**
 * Object names are inlined into SQL (`object = 'Account'`, partial indexes) and SOQL (`FROM
 * Account`), so the registry accepts only API-name shapes; field names likewise.
 */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?$/;
const INDEX_NAME = /^records_[a-z0-9_]+$/;

/** The fields a record's page shows first (see ObjectDef.keyFields): declared, else the first six of the form. */
export function keyFieldsOf(def: ObjectDef): readonly string[] {
  return def.keyFields ?? def.formFields.slice(0, 6);
}

function checkDefinition(def: ObjectDef): void {
  const fail = (what: string) => {
    throw new Error(`Object registry: ${def.name}: ${what}`);
  };
  if (!API_NAME.test(def.name)) fail('not an API name');
  if (!/^[a-z0-9-]+$/.test(def.path)) fail(`bad path "${def.path}"`);
  if (!/^[A-Za-z0-9]{3}$/.test(def.keyPrefix)) fail(`bad key prefix "${def.keyPrefix}"`);
  const fields = new Set(def.fields.map((f) => f.name));
  for (const f of fields) if (!FIELD_NAME.test(f)) fail(`bad field name "${f}"`);
  for (const required of ['Id', 'SystemModstamp']) if (!fields.has(required)) fail(`must sync ${required}`);
  const used = [
    def.titleField,
    def.defaultSort,
    ...Object.values(def.columns),
    ...def.listColumns.map((c) => c.field),
    ...def.moreColumns.map((c) => c.field),
    ...def.listRowFields,
    ...(def.keyFields ?? []),
  ].filter((f): f is string => typeof f === 'string');
  for (const f of used) if (!fields.has(f)) fail(`uses "${f}", which is not one of its synced fields`);
  if (!def.listColumns.some((c) => c.sortable && c.field === def.defaultSort)) fail('the default sort must be a sortable column');
  for (const c of def.moreColumns) {
    if (def.listColumns.some((l) => l.field === c.field)) fail(`offers "${c.field}" as a column to add, but the list shows it already`);
    if (c.sortable) fail(`"${c.field}" is a column to add; those are not sort columns`);
  }
  for (const index of def.indexes) if (!INDEX_NAME.test(index.name)) fail(`bad index name "${index.name}"`);
  for (const rule of def.relatedScope ?? []) if (!fields.has(rule.field)) fail(`scopes by "${rule.field}", which is not one of its synced fields`);
}

export function createObjectRegistry(defs: readonly ObjectDef[]): ObjectRegistry {
  const byName = new Map<string, ObjectDef>();
  for (const def of defs) {
    checkDefinition(def);
    if (byName.has(def.name)) throw new Error(`Object registry: ${def.name} is declared twice`);
    const clash = [...byName.values()].find((o) => o.path === def.path || o.keyPrefix === def.keyPrefix);
    if (clash) throw new Error(`Object registry: ${def.name} shares its path or key prefix with ${clash.name}`);
    byName.set(def.name, def);
  }
  const names = [...byName.keys()] as CachedObject[];
  return {
    names,
    get(name) {
      const def = byName.get(name);
      if (!def) throw new Error(`${name} is not kept in the local cache`);
      return def;
    },
    has: (name): name is CachedObject => byName.has(name),
    ofId: (id) => [...byName.values()].find((o) => id.startsWith(o.keyPrefix)),
    byPath: (path) => [...byName.values()].find((o) => o.path === path),
  };
}

/** A registry with more objects after the base's (tests now; an org's custom objects later). */
export function extendRegistry(base: ObjectRegistry, ...defs: readonly ObjectDef[]): ObjectRegistry {
  return createObjectRegistry([...base.names.map((name) => base.get(name)), ...defs]);
}

/**
 * The registry of one org: the same objects without the optional fields that org lacks
 * (`absent`: object name → field names), so queries never name a field the org does not have.
 */
export function withoutFields(base: ObjectRegistry, absent: Readonly<Record<string, readonly string[]>>): ObjectRegistry {
  if (!Object.values(absent).some((fields) => fields.length)) return base;
  const defs = base.names.map((name) => {
    const def = base.get(name);
    const drop = new Set(absent[name] ?? []);
    if (!drop.size) return def;
    const columns = Object.fromEntries(Object.entries(def.columns).filter(([, f]) => !drop.has(f as string))) as ExtractedColumns;
    return { ...def, fields: def.fields.filter((f) => !(f.optional && drop.has(f.name))), columns };
  });
  return createObjectRegistry(defs);
}

/** The optional fields of each object (ObjectField.optional). */
export function optionalFieldsOf(registry: ObjectRegistry): Record<string, string[]> {
  return Object.fromEntries(
    registry.names.map((name) => [
      name,
      registry
        .get(name)
        .fields.filter((f) => f.optional)
        .map((f) => f.name),
    ]),
  );
}

/** The objects this version of the app caches. */
export const OBJECT_REGISTRY: ObjectRegistry = createObjectRegistry(Object.values(DEFINITIONS));

/** A registered object's definition, typed (for the shared registry's own names). */
export function objectDef(name: CachedObject): ObjectDef {
  return DEFINITIONS[name];
}

// ---------------------------------------------------------------------------------------------
// Derived views (declared nowhere else)

/** The fields search matches for an object (its extracted search columns' sources). */
export function searchFieldsOf(def: ObjectDef): string[] {
  return SEARCH_COLUMNS.map((c) => def.columns[c]).filter((f): f is string => typeof f === 'string');
}

/** Sort fields of the list: the default first, then the other sortable columns in order. */
export function sortFieldsOf(def: ObjectDef): [string, ...string[]] {
  return [def.defaultSort, ...def.listColumns.filter((c) => c.sortable && c.field !== def.defaultSort).map((c) => c.field)];
}

/** Fields of a list row besides Id and localState: Owner.Name, LastModifiedDate, the columns (shown and to add), listRowFields. */
export function listRowFieldsOf(def: ObjectDef): string[] {
  return [...new Set(['Owner.Name', 'LastModifiedDate', ...columnChoicesOf(def).map((c) => c.field), ...def.listRowFields])];
}

/** Every column a list can show: its defaults, then the ones a rep can add. */
export function columnChoicesOf(def: ObjectDef): readonly ListColumn[] {
  return [...def.listColumns, ...def.moreColumns];
}

/** The kind the cache keeps a field as ('text' for fields the object does not sync). */
export function fieldKindOf(def: ObjectDef, field: string): FieldKind {
  return def.fields.find((f) => f.name === field)?.kind ?? 'text';
}
