/**
 * The Demo org's sObjects, with Salesforce's real API names, labels, types, lengths and standard
 * picklist values, and an OrgSchema over them (case-insensitive lookups, child relationships
 * derived from the reference fields).
 */
import type { ChildRelationship, FieldDef, FieldType, ObjectDef, OrgSchema, PicklistValue } from './types';

// ---------------------------------------------------------------------------------------------
// Field builders

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

function field(name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return {
    name,
    label,
    type,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    unique: false,
    externalId: false,
    idLookup: false,
    custom: name.endsWith('__c'),
    nameField: false,
    calculated: false,
    ...options,
  };
}

const REQUIRED: FieldOptions = { nillable: false };
const READ_ONLY: FieldOptions = { createable: false, updateable: false };
/** Maintained by the store on every write (Contact.Name, Opportunity.IsWon, ...). */
const DERIVED: FieldOptions = { createable: false, updateable: false, calculated: true };

const text = (name: string, label: string, length: number, o: FieldOptions = {}) => field(name, label, 'string', { length, ...o });
const textArea = (name: string, label: string, length: number, o: FieldOptions = {}) => field(name, label, 'textarea', { length, ...o });
const email = (name: string, label: string, length = 80, o: FieldOptions = {}) => field(name, label, 'email', { length, ...o });
const phone = (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'phone', { length: 40, ...o });
const url = (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'url', { length: 255, ...o });
const checkbox = (name: string, label: string, o: FieldOptions = {}) =>
  // Checkboxes are never null: Salesforce reports them not nillable and defaulted (false).
  field(name, label, 'boolean', { nillable: false, defaultedOnCreate: true, ...o });
const integer = (name: string, label: string, precision: number, o: FieldOptions = {}) => field(name, label, 'int', { precision, scale: 0, ...o });
const double = (name: string, label: string, precision: number, scale: number, o: FieldOptions = {}) =>
  field(name, label, 'double', { precision, scale, ...o });
const currency = (name: string, label: string, precision = 18, scale = 2, o: FieldOptions = {}) => field(name, label, 'currency', { precision, scale, ...o });
const percent = (name: string, label: string, precision = 3, scale = 0, o: FieldOptions = {}) => field(name, label, 'percent', { precision, scale, ...o });
const date = (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'date', o);
const datetime = (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'datetime', o);

function picklistValues(values: readonly string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}
const picklist = (name: string, label: string, values: readonly string[], o: FieldOptions & { default?: string } = {}) => {
  const { default: defaultValue, ...rest } = o;
  return field(name, label, 'picklist', {
    length: 255,
    picklistValues: picklistValues(values, defaultValue),
    // A picklist with a default value is filled in on create.
    defaultedOnCreate: defaultValue !== undefined,
    ...rest,
  });
};
/** Salesforce's combobox (Task and Event Subject): described with suggested values, any text accepted. */
const combobox = (name: string, label: string, values: readonly string[], o: FieldOptions = {}) =>
  field(name, label, 'combobox', { length: 255, picklistValues: picklistValues(values), ...o });
const multiPicklist = (name: string, label: string, values: readonly string[], o: FieldOptions = {}) =>
  field(name, label, 'multipicklist', { length: 4099, picklistValues: picklistValues(values), ...o });

interface ReferenceOptions extends FieldOptions {
  childRelationshipName?: string;
  cascadeDelete?: boolean;
}
const reference = (name: string, label: string, referenceTo: string[], relationshipName: string, o: ReferenceOptions = {}) =>
  field(name, label, 'reference', { length: 18, referenceTo, relationshipName, ...o });

const idField = (objectLabel: string) =>
  field('Id', `${objectLabel} ID`, 'id', {
    length: 18,
    nillable: false,
    createable: false,
    updateable: false,
    defaultedOnCreate: true,
    idLookup: true,
  });
const isDeletedField = () => checkbox('IsDeleted', 'Deleted', READ_ONLY);
const ownerField = (label = 'Owner ID') => reference('OwnerId', label, ['User'], 'Owner', { nillable: false, defaultedOnCreate: true });
const lastActivityField = () => date('LastActivityDate', 'Last Activity', READ_ONLY);
/** External Id custom field present on the main data objects (upsert and data loads). */
const externalIdField = () => text('External_Id__c', 'External ID', 50, { unique: true, externalId: true, idLookup: true });

function auditFields(): FieldDef[] {
  const audit: FieldOptions = { ...READ_ONLY, nillable: false, defaultedOnCreate: true };
  return [
    datetime('CreatedDate', 'Created Date', audit),
    reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', audit),
    datetime('LastModifiedDate', 'Last Modified Date', audit),
    reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', audit),
    datetime('SystemModstamp', 'System Modstamp', audit),
  ];
}

interface ObjectOptions {
  custom?: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  searchable?: boolean;
}

function sobject(name: string, label: string, labelPlural: string, keyPrefix: string, fields: FieldDef[], o: ObjectOptions = {}): ObjectDef {
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    custom: o.custom ?? name.endsWith('__c'),
    queryable: true,
    createable: o.createable ?? true,
    updateable: o.updateable ?? true,
    deletable: o.deletable ?? true,
    searchable: o.searchable ?? true,
    fields,
  };
}

// ---------------------------------------------------------------------------------------------
// Standard picklist values

export const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
] as const;
export const ACCOUNT_TYPES = [
  'Prospect',
  'Customer - Direct',
  'Customer - Channel',
  'Channel Partner / Reseller',
  'Installation Partner',
  'Technology Partner',
  'Other',
] as const;
export const RATINGS = ['Hot', 'Warm', 'Cold'] as const;
export const OWNERSHIP = ['Public', 'Private', 'Subsidiary', 'Other'] as const;
export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] as const;
export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'] as const;
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;
export const OPPORTUNITY_TYPES = ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer'] as const;
export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'] as const;
export const CASE_PRIORITIES = ['High', 'Medium', 'Low'] as const;
export const CASE_ORIGINS = ['Phone', 'Email', 'Web'] as const;
export const CASE_TYPES = ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'] as const;
export const CASE_REASONS = ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Equipment Design', 'Feedback', 'Other'] as const;
export const CAMPAIGN_TYPES = [
  'Conference',
  'Webinar',
  'Trade Show',
  'Public Relations',
  'Partners',
  'Referral Program',
  'Advertisement',
  'Banner Ads',
  'Direct Mail',
  'Email',
  'Telemarketing',
  'Other',
] as const;
export const CAMPAIGN_STATUSES = ['Planned', 'In Progress', 'Completed', 'Aborted'] as const;
export const CAMPAIGN_MEMBER_STATUSES = ['Sent', 'Responded'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] as const;
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const TASK_SUBJECTS = ['Call', 'Send Letter', 'Send Quote', 'Other'] as const;
export const TASK_SUBTYPES = ['Task', 'Email', 'List Email', 'Cadence', 'Call', 'LinkedIn'] as const;
export const CALL_TYPES = ['Internal', 'Inbound', 'Outbound'] as const;
export const EVENT_SUBJECTS = ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'] as const;
export const EVENT_TYPES = ['Call', 'Email', 'Meeting', 'Other'] as const;
export const EVENT_SUBTYPES = ['Event'] as const;
export const SHOW_AS = ['Busy', 'OutOfOffice', 'Free'] as const;
export const ORGANIZATION_TYPES = [
  'Team Edition',
  'Professional Edition',
  'Enterprise Edition',
  'Developer Edition',
  'Personal Edition',
  'Unlimited Edition',
  'Contact Manager Edition',
  'Base Edition',
] as const;
export const TIME_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'GMT',
] as const;
export const LOCALES = ['en_US', 'en_GB', 'en_AU', 'fr_FR', 'de_DE', 'es_ES', 'ja_JP', 'pt_BR'] as const;
export const LANGUAGES = ['en_US', 'en_GB', 'fr', 'de', 'es', 'ja', 'pt_BR'] as const;
export const EMAIL_ENCODINGS = ['UTF-8', 'ISO-8859-1', 'Shift_JIS', 'ISO-2022-JP', 'EUC-JP', 'ks_c_5601-1987', 'Big5', 'GB2312'] as const;
export const USER_TYPES = ['Standard', 'PowerPartner', 'PowerCustomerSuccess', 'CustomerSuccess', 'Guest', 'CspLitePortal', 'CsnOnly', 'SelfService'] as const;
export const FORECAST_CATEGORY_NAMES = ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'] as const;
/** ForecastCategory (API value) for each ForecastCategoryName. */
export const FORECAST_CATEGORY_BY_NAME: Record<string, string> = {
  Omitted: 'Omitted',
  Pipeline: 'Pipeline',
  'Best Case': 'BestCase',
  Commit: 'Forecast',
  Closed: 'Closed',
};
export const FORECAST_CATEGORIES = ['Omitted', 'Pipeline', 'BestCase', 'MostLikely', 'Forecast', 'Closed'] as const;

export interface OpportunityStage {
  value: string;
  probability: number;
  forecastCategoryName: string;
  closed: boolean;
  won: boolean;
}
/** Salesforce's standard sales process, with each stage's default probability and forecast category. */
export const OPPORTUNITY_STAGES: readonly OpportunityStage[] = [
  { value: 'Prospecting', probability: 10, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Qualification', probability: 10, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Needs Analysis', probability: 20, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Value Proposition', probability: 50, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Id. Decision Makers', probability: 60, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Perception Analysis', probability: 70, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Proposal/Price Quote', probability: 75, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Negotiation/Review', probability: 90, forecastCategoryName: 'Pipeline', closed: false, won: false },
  { value: 'Closed Won', probability: 100, forecastCategoryName: 'Closed', closed: true, won: true },
  { value: 'Closed Lost', probability: 0, forecastCategoryName: 'Omitted', closed: true, won: false },
];
export function opportunityStage(value: unknown): OpportunityStage | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return OPPORTUNITY_STAGES.find((s) => s.value.toLowerCase() === lower);
}

/** Statuses that close a record (Case.IsClosed, Task.IsClosed, CampaignMember.HasResponded). */
export const CLOSED_CASE_STATUSES = ['Closed'];
export const CLOSED_TASK_STATUSES = ['Completed'];
/** The Task Status picklist's default (TaskStatus.IsDefault). */
export const DEFAULT_TASK_STATUS = 'Not Started';
export const RESPONDED_MEMBER_STATUSES = ['Responded'];
export const CONVERTED_LEAD_STATUS = 'Closed - Converted';

// ---------------------------------------------------------------------------------------------
// Address blocks

function address(prefix: string, labelPrefix: string): FieldDef[] {
  const l = labelPrefix ? `${labelPrefix} ` : '';
  return [
    textArea(`${prefix}Street`, `${l}Street`, 255),
    text(`${prefix}City`, `${l}City`, 40),
    text(`${prefix}State`, `${l}State/Province`, 80),
    text(`${prefix}PostalCode`, `${l}Zip/Postal Code`, 20),
    text(`${prefix}Country`, `${l}Country`, 80),
    double(`${prefix}Latitude`, `${l}Latitude`, 18, 15),
    double(`${prefix}Longitude`, `${l}Longitude`, 18, 15),
  ];
}

// ---------------------------------------------------------------------------------------------
// Objects

const WHO_OBJECTS = ['Contact', 'Lead'];
const WHAT_OBJECTS = ['Account', 'Opportunity', 'Case', 'Campaign'];

function activityFields(childRelationshipName: 'Tasks' | 'Events'): FieldDef[] {
  return [
    reference('WhoId', 'Name ID', WHO_OBJECTS, 'Who', { childRelationshipName, cascadeDelete: true }),
    reference('WhatId', 'Related To ID', WHAT_OBJECTS, 'What', { childRelationshipName, cascadeDelete: true }),
  ];
}

const organization = sobject(
  'Organization',
  'Organization',
  'Organizations',
  '00D',
  [
    idField('Organization'),
    text('Name', 'Name', 80, { nillable: false, nameField: true }),
    text('Division', 'Division', 80),
    ...address('', ''),
    phone('Phone', 'Phone'),
    text('PrimaryContact', 'Primary Contact', 80),
    picklist('DefaultLocaleSidKey', 'Locale', LOCALES, { nillable: false }),
    picklist('TimeZoneSidKey', 'Default Time Zone', TIME_ZONES, { nillable: false }),
    picklist('LanguageLocaleKey', 'Language', LANGUAGES, { nillable: false }),
    text('InstanceName', 'Instance Name', 5, READ_ONLY),
    checkbox('IsSandbox', 'Is Sandbox', READ_ONLY),
    datetime('TrialExpirationDate', 'Trial Expiration Date', READ_ONLY),
    text('NamespacePrefix', 'Namespace Prefix', 15, READ_ONLY),
    picklist('OrganizationType', 'Edition', ORGANIZATION_TYPES, READ_ONLY),
    // The standard fiscal year (see ./fiscal.ts), set up in Setup, never through the API.
    integer('FiscalYearStartMonth', 'Fiscal Year Starts In', 9, READ_ONLY),
    checkbox('UsesStartDateAsFiscalYearName', 'Fiscal Year Name by Start', READ_ONLY),
    ...auditFields(),
  ],
  { createable: false, deletable: false, searchable: false },
);

const profile = sobject(
  'Profile',
  'Profile',
  'Profiles',
  '00e',
  [
    idField('Profile'),
    text('Name', 'Name', 255, { nillable: false, nameField: true }),
    text('Description', 'Description', 255),
    picklist('UserType', 'User Type', USER_TYPES, READ_ONLY),
    checkbox('PermissionsApiEnabled', 'API Enabled'),
    checkbox('PermissionsModifyAllData', 'Modify All Data'),
    checkbox('PermissionsViewAllData', 'View All Data'),
    ...auditFields(),
  ],
  { createable: false, deletable: false, searchable: false },
);

const user = sobject(
  'User',
  'User',
  'Users',
  '005',
  [
    idField('User'),
    text('Username', 'Username', 80, { ...REQUIRED, unique: true, idLookup: true }),
    text('LastName', 'Last Name', 80, REQUIRED),
    text('FirstName', 'First Name', 40),
    text('Name', 'Full Name', 121, { ...DERIVED, nillable: false, nameField: true, idLookup: true }),
    text('CompanyName', 'Company Name', 80),
    text('Division', 'Division', 80),
    text('Department', 'Department', 80),
    text('Title', 'Title', 80),
    ...address('', ''),
    email('Email', 'Email', 128, { ...REQUIRED, idLookup: true }),
    phone('Phone', 'Phone'),
    phone('MobilePhone', 'Mobile'),
    text('Alias', 'Alias', 8, REQUIRED),
    text('CommunityNickname', 'Nickname', 40, { nillable: false, defaultedOnCreate: true, unique: true, idLookup: true }),
    checkbox('IsActive', 'Active'),
    picklist('TimeZoneSidKey', 'Time Zone', TIME_ZONES, REQUIRED),
    picklist('LocaleSidKey', 'Locale', LOCALES, REQUIRED),
    picklist('EmailEncodingKey', 'Email Encoding', EMAIL_ENCODINGS, REQUIRED),
    reference('ProfileId', 'Profile ID', ['Profile'], 'Profile', { ...REQUIRED, childRelationshipName: 'Users' }),
    picklist('UserType', 'User Type', USER_TYPES, { ...READ_ONLY, defaultedOnCreate: true }),
    picklist('LanguageLocaleKey', 'Language', LANGUAGES, REQUIRED),
    reference('ManagerId', 'Manager ID', ['User'], 'Manager', { childRelationshipName: 'ManagedUsers' }),
    datetime('LastLoginDate', 'Last Login', READ_ONLY),
    ...auditFields(),
  ],
  { deletable: false },
);

const account = sobject('Account', 'Account', 'Accounts', '001', [
  idField('Account'),
  isDeletedField(),
  reference('MasterRecordId', 'Master Record ID', ['Account'], 'MasterRecord', READ_ONLY),
  text('Name', 'Account Name', 255, { ...REQUIRED, nameField: true, idLookup: true }),
  picklist('Type', 'Account Type', ACCOUNT_TYPES),
  reference('ParentId', 'Parent Account ID', ['Account'], 'Parent', { childRelationshipName: 'ChildAccounts' }),
  ...address('Billing', 'Billing'),
  ...address('Shipping', 'Shipping'),
  phone('Phone', 'Account Phone'),
  phone('Fax', 'Account Fax'),
  text('AccountNumber', 'Account Number', 40),
  url('Website', 'Website'),
  text('Sic', 'SIC Code', 20),
  picklist('Industry', 'Industry', INDUSTRIES),
  currency('AnnualRevenue', 'Annual Revenue', 18, 0),
  integer('NumberOfEmployees', 'Employees', 8),
  picklist('Ownership', 'Ownership', OWNERSHIP),
  text('TickerSymbol', 'Ticker Symbol', 20),
  textArea('Description', 'Account Description', 32000),
  picklist('Rating', 'Account Rating', RATINGS),
  text('Site', 'Account Site', 80),
  ownerField(),
  ...auditFields(),
  lastActivityField(),
  picklist('AccountSource', 'Account Source', LEAD_SOURCES),
  text('SicDesc', 'SIC Description', 80),
  externalIdField(),
  picklist('Customer_Priority__c', 'Customer Priority', ['High', 'Medium', 'Low']),
  picklist('Active__c', 'Active', ['Yes', 'No']),
  date('SLA_Expiration_Date__c', 'SLA Expiration Date'),
]);

const contact = sobject('Contact', 'Contact', 'Contacts', '003', [
  idField('Contact'),
  isDeletedField(),
  reference('MasterRecordId', 'Master Record ID', ['Contact'], 'MasterRecord', READ_ONLY),
  reference('AccountId', 'Account ID', ['Account'], 'Account', { childRelationshipName: 'Contacts', cascadeDelete: true }),
  text('LastName', 'Last Name', 80, REQUIRED),
  text('FirstName', 'First Name', 40),
  picklist('Salutation', 'Salutation', SALUTATIONS),
  text('Name', 'Full Name', 121, { ...DERIVED, nillable: false, nameField: true, idLookup: true }),
  ...address('Other', 'Other'),
  ...address('Mailing', 'Mailing'),
  phone('Phone', 'Business Phone'),
  phone('Fax', 'Business Fax'),
  phone('MobilePhone', 'Mobile Phone'),
  phone('HomePhone', 'Home Phone'),
  phone('OtherPhone', 'Other Phone'),
  phone('AssistantPhone', 'Asst. Phone'),
  reference('ReportsToId', 'Reports To ID', ['Contact'], 'ReportsTo'),
  email('Email', 'Email', 80, { idLookup: true }),
  text('Title', 'Title', 128),
  text('Department', 'Department', 80),
  text('AssistantName', "Assistant's Name", 40),
  picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
  date('Birthdate', 'Birthdate'),
  textArea('Description', 'Contact Description', 32000),
  ownerField(),
  checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
  checkbox('DoNotCall', 'Do Not Call'),
  ...auditFields(),
  lastActivityField(),
  externalIdField(),
  picklist('Level__c', 'Level', ['Primary', 'Secondary', 'Tertiary']),
  text('Languages__c', 'Languages', 100),
]);

const opportunity = sobject('Opportunity', 'Opportunity', 'Opportunities', '006', [
  idField('Opportunity'),
  isDeletedField(),
  reference('AccountId', 'Account ID', ['Account'], 'Account', { childRelationshipName: 'Opportunities', cascadeDelete: true }),
  checkbox('IsPrivate', 'Private'),
  text('Name', 'Name', 120, { ...REQUIRED, nameField: true }),
  textArea('Description', 'Description', 32000),
  picklist(
    'StageName',
    'Stage',
    OPPORTUNITY_STAGES.map((s) => s.value),
    REQUIRED,
  ),
  currency('Amount', 'Amount'),
  percent('Probability', 'Probability (%)', 3, 0, { defaultedOnCreate: true }),
  currency('ExpectedRevenue', 'Expected Amount', 18, 2, DERIVED),
  double('TotalOpportunityQuantity', 'Quantity', 18, 2),
  date('CloseDate', 'Close Date', REQUIRED),
  picklist('Type', 'Opportunity Type', OPPORTUNITY_TYPES),
  text('NextStep', 'Next Step', 255),
  picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
  checkbox('IsClosed', 'Closed', DERIVED),
  checkbox('IsWon', 'Won', DERIVED),
  picklist('ForecastCategory', 'Forecast Category', FORECAST_CATEGORIES, { ...DERIVED, nillable: false, defaultedOnCreate: true }),
  picklist('ForecastCategoryName', 'Forecast Category', FORECAST_CATEGORY_NAMES, { defaultedOnCreate: true }),
  reference('CampaignId', 'Campaign ID', ['Campaign'], 'Campaign', { childRelationshipName: 'Opportunities' }),
  checkbox('HasOpportunityLineItem', 'Has Line Item', READ_ONLY),
  ownerField(),
  ...auditFields(),
  lastActivityField(),
  integer('FiscalQuarter', 'Fiscal Quarter', 11, DERIVED),
  integer('FiscalYear', 'Fiscal Year', 11, DERIVED),
  text('Fiscal', 'Period', 6, DERIVED),
  // When StageName last changed (set on create too); a dateTime, read-only.
  datetime('LastStageChangeDate', 'Last Stage Change Date', DERIVED),
  externalIdField(),
  picklist('Delivery_Status__c', 'Delivery Status', ['Yet to begin', 'In progress', 'Completed']),
]);

const lead = sobject('Lead', 'Lead', 'Leads', '00Q', [
  idField('Lead'),
  isDeletedField(),
  reference('MasterRecordId', 'Master Record ID', ['Lead'], 'MasterRecord', READ_ONLY),
  text('LastName', 'Last Name', 80, REQUIRED),
  text('FirstName', 'First Name', 40),
  picklist('Salutation', 'Salutation', SALUTATIONS),
  text('Name', 'Full Name', 121, { ...DERIVED, nillable: false, nameField: true, idLookup: true }),
  text('Title', 'Title', 128),
  text('Company', 'Company', 255, REQUIRED),
  ...address('', ''),
  phone('Phone', 'Phone'),
  phone('MobilePhone', 'Mobile Phone'),
  phone('Fax', 'Fax'),
  email('Email', 'Email', 80, { idLookup: true }),
  url('Website', 'Website'),
  textArea('Description', 'Description', 32000),
  picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
  picklist('Status', 'Status', LEAD_STATUSES, { nillable: false, default: 'Open - Not Contacted' }),
  picklist('Industry', 'Industry', INDUSTRIES),
  picklist('Rating', 'Rating', RATINGS),
  currency('AnnualRevenue', 'Annual Revenue', 18, 0),
  integer('NumberOfEmployees', 'Employees', 8),
  ownerField(),
  checkbox('IsConverted', 'Converted', { updateable: false }),
  date('ConvertedDate', 'Converted Date', READ_ONLY),
  reference('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', READ_ONLY),
  reference('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', READ_ONLY),
  reference('ConvertedOpportunityId', 'Converted Opportunity ID', ['Opportunity'], 'ConvertedOpportunity', READ_ONLY),
  checkbox('IsUnreadByOwner', 'Unread By Owner'),
  checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
  checkbox('DoNotCall', 'Do Not Call'),
  ...auditFields(),
  lastActivityField(),
  externalIdField(),
  multiPicklist('Product_Interest__c', 'Product Interest', ['Analytics', 'Automation', 'Integration', 'Mobile', 'Support']),
]);

const caseObject = sobject('Case', 'Case', 'Cases', '500', [
  idField('Case'),
  isDeletedField(),
  text('CaseNumber', 'Case Number', 30, { ...READ_ONLY, nillable: false, defaultedOnCreate: true, nameField: true, idLookup: true }),
  reference('ContactId', 'Contact ID', ['Contact'], 'Contact', { childRelationshipName: 'Cases' }),
  reference('AccountId', 'Account ID', ['Account'], 'Account', { childRelationshipName: 'Cases', cascadeDelete: true }),
  reference('ParentId', 'Parent Case ID', ['Case'], 'Parent', { childRelationshipName: 'Cases' }),
  text('SuppliedName', 'Name', 80),
  email('SuppliedEmail', 'Email Address'),
  phone('SuppliedPhone', 'Phone'),
  text('SuppliedCompany', 'Company', 80),
  picklist('Type', 'Case Type', CASE_TYPES),
  picklist('Status', 'Status', CASE_STATUSES, { default: 'New' }),
  picklist('Reason', 'Case Reason', CASE_REASONS),
  picklist('Origin', 'Case Origin', CASE_ORIGINS),
  text('Subject', 'Subject', 255),
  picklist('Priority', 'Priority', CASE_PRIORITIES, { default: 'Medium' }),
  textArea('Description', 'Description', 32000),
  checkbox('IsClosed', 'Closed', DERIVED),
  datetime('ClosedDate', 'Closed Date', DERIVED),
  checkbox('IsEscalated', 'Escalated'),
  ownerField(),
  ...auditFields(),
  lastActivityField(),
  externalIdField(),
]);

const campaign = sobject('Campaign', 'Campaign', 'Campaigns', '701', [
  idField('Campaign'),
  isDeletedField(),
  text('Name', 'Name', 80, { ...REQUIRED, nameField: true }),
  reference('ParentId', 'Parent Campaign ID', ['Campaign'], 'Parent', { childRelationshipName: 'ChildCampaigns' }),
  picklist('Type', 'Type', CAMPAIGN_TYPES),
  picklist('Status', 'Status', CAMPAIGN_STATUSES),
  date('StartDate', 'Start Date'),
  date('EndDate', 'End Date'),
  currency('ExpectedRevenue', 'Expected Revenue in Campaign', 18, 0),
  currency('BudgetedCost', 'Budgeted Cost in Campaign', 18, 0),
  currency('ActualCost', 'Actual Cost in Campaign', 18, 0),
  percent('ExpectedResponse', 'Expected Response (%)', 10, 2),
  double('NumberSent', 'Num Sent in Campaign', 18, 0),
  checkbox('IsActive', 'Active'),
  textArea('Description', 'Description', 32000),
  ownerField(),
  ...auditFields(),
  lastActivityField(),
  externalIdField(),
]);

const campaignMember = sobject(
  'CampaignMember',
  'Campaign Member',
  'Campaign Members',
  '00v',
  [
    idField('Campaign Member'),
    isDeletedField(),
    reference('CampaignId', 'Campaign ID', ['Campaign'], 'Campaign', {
      ...REQUIRED,
      updateable: false,
      childRelationshipName: 'CampaignMembers',
      cascadeDelete: true,
    }),
    reference('LeadId', 'Lead ID', ['Lead'], 'Lead', { updateable: false, childRelationshipName: 'CampaignMembers', cascadeDelete: true }),
    reference('ContactId', 'Contact ID', ['Contact'], 'Contact', { updateable: false, childRelationshipName: 'CampaignMembers', cascadeDelete: true }),
    picklist('Status', 'Status', CAMPAIGN_MEMBER_STATUSES, { default: 'Sent' }),
    checkbox('HasResponded', 'Responded', DERIVED),
    date('FirstRespondedDate', 'First Responded Date', DERIVED),
    ...auditFields(),
  ],
  { searchable: false },
);

const task = sobject('Task', 'Task', 'Tasks', '00T', [
  idField('Activity'),
  isDeletedField(),
  ...activityFields('Tasks'),
  // Subject is a combobox in Salesforce: suggested values, any text accepted.
  combobox('Subject', 'Subject', TASK_SUBJECTS, { nameField: true }),
  date('ActivityDate', 'Due Date Only'),
  picklist('Status', 'Status', TASK_STATUSES, { nillable: false, default: DEFAULT_TASK_STATUS }),
  picklist('Priority', 'Priority', TASK_PRIORITIES, { nillable: false, default: 'Normal' }),
  checkbox('IsHighPriority', 'High Priority', DERIVED),
  ownerField('Assigned To ID'),
  textArea('Description', 'Description', 32000),
  checkbox('IsClosed', 'Closed', DERIVED),
  reference('AccountId', 'Account ID', ['Account'], 'Account', DERIVED),
  integer('CallDurationInSeconds', 'Call Duration', 8),
  picklist('CallType', 'Call Type', CALL_TYPES),
  picklist('TaskSubtype', 'Task Subtype', TASK_SUBTYPES, { updateable: false, default: 'Task' }),
  datetime('CompletedDateTime', 'Completed Date', DERIVED),
  ...auditFields(),
]);

const event = sobject('Event', 'Event', 'Events', '00U', [
  idField('Activity'),
  isDeletedField(),
  ...activityFields('Events'),
  combobox('Subject', 'Subject', EVENT_SUBJECTS, { nameField: true }),
  text('Location', 'Location', 255),
  checkbox('IsAllDayEvent', 'All-Day Event'),
  datetime('ActivityDateTime', 'Due Date Time'),
  date('ActivityDate', 'Due Date Only'),
  integer('DurationInMinutes', 'Duration', 8),
  datetime('StartDateTime', 'Start Date Time'),
  datetime('EndDateTime', 'End Date Time'),
  textArea('Description', 'Description', 32000),
  reference('AccountId', 'Account ID', ['Account'], 'Account', DERIVED),
  ownerField('Assigned To ID'),
  picklist('Type', 'Type', EVENT_TYPES),
  checkbox('IsPrivate', 'Private'),
  picklist('ShowAs', 'Show Time As', SHOW_AS, { default: 'Busy' }),
  picklist('EventSubtype', 'Event Subtype', EVENT_SUBTYPES, { updateable: false, default: 'Event' }),
  ...auditFields(),
]);

const competitor = sobject(
  'Competitor__c',
  'Competitor',
  'Competitors',
  'a01',
  [
    idField('Record'),
    isDeletedField(),
    text('Name', 'Competitor Name', 80, { nillable: false, defaultedOnCreate: false, nameField: true }),
    // Master-detail: required, reparenting off, deleting the Opportunity deletes its competitors.
    reference('Opportunity__c', 'Opportunity', ['Opportunity'], 'Opportunity__r', {
      ...REQUIRED,
      updateable: false,
      childRelationshipName: 'Competitors__r',
      cascadeDelete: true,
    }),
    ...auditFields(),
    picklist('Threat_Level__c', 'Threat Level', ['High', 'Medium', 'Low']),
    textArea('Strengths__c', 'Strengths', 32768),
    textArea('Weaknesses__c', 'Weaknesses', 32768),
    percent('Price_Difference__c', 'Price Difference (%)', 5, 2),
    url('Website__c', 'Website'),
  ],
  { custom: true },
);

// Picklist-value objects: a row per value of the standard Stage, Lead Status and Task Status picklists.
// Read-only through the API (describeSObjects, query, retrieve). Salesforce gives every such
// object the same key prefix, 01J: the emulator shares it too, and routes those Ids by object
// name (sObject paths, SOQL); a bare 01J Id resolves to OpportunityStage.
const READ_ONLY_OBJECT: ObjectOptions = { createable: false, updateable: false, deletable: false, searchable: false };
export const PICKLIST_VALUE_KEY_PREFIX = '01J';

const opportunityStageObject = sobject(
  'OpportunityStage',
  'Opportunity Stage',
  'Opportunity Stages',
  PICKLIST_VALUE_KEY_PREFIX,
  [
    idField('Opportunity Stage'),
    text('MasterLabel', 'Master Label', 255, READ_ONLY),
    text('ApiName', 'API Name', 255, { ...READ_ONLY, nillable: false, idLookup: true }),
    checkbox('IsActive', 'Is Active', READ_ONLY),
    integer('SortOrder', 'Sort Order', 9, READ_ONLY),
    checkbox('IsClosed', 'Closed', READ_ONLY),
    checkbox('IsWon', 'Won', READ_ONLY),
    picklist('ForecastCategory', 'Forecast Category', FORECAST_CATEGORIES, { ...READ_ONLY, nillable: false }),
    picklist('ForecastCategoryName', 'Forecast Category Name', FORECAST_CATEGORY_NAMES, { ...READ_ONLY, nillable: false }),
    percent('DefaultProbability', 'Probability (%)', 3, 0, READ_ONLY),
    text('Description', 'Description', 255, READ_ONLY),
    ...auditFields(),
  ],
  READ_ONLY_OBJECT,
);

const leadStatusObject = sobject(
  'LeadStatus',
  'Lead Status Value',
  'Lead Status Values',
  PICKLIST_VALUE_KEY_PREFIX,
  [
    idField('Lead Status Value'),
    text('MasterLabel', 'Master Label', 255, READ_ONLY),
    text('ApiName', 'API Name', 255, { ...READ_ONLY, nillable: false, idLookup: true }),
    integer('SortOrder', 'Sort Order', 9, READ_ONLY),
    checkbox('IsDefault', 'Is Default', READ_ONLY),
    checkbox('IsConverted', 'Is Converted', READ_ONLY),
    ...auditFields(),
  ],
  READ_ONLY_OBJECT,
);

/**
 * TaskStatus (Object Reference, TaskStatus: "Represents the status of a task"; describeSObjects(),
 * query(), retrieve()): a row per Task Status value. IsClosed marks the values that close a task
 * (Task.IsClosed follows them), IsDefault the picklist's default. The object reference does not
 * give the key prefix; the emulator follows LeadStatus and OpportunityStage (01J, shared).
 */
const taskStatusObject = sobject(
  'TaskStatus',
  'Task Status Value',
  'Task Status Values',
  PICKLIST_VALUE_KEY_PREFIX,
  [
    idField('Task Status Value'),
    text('MasterLabel', 'Master Label', 255, READ_ONLY),
    text('ApiName', 'API Name', 255, { ...READ_ONLY, nillable: false, idLookup: true }),
    integer('SortOrder', 'Sort Order', 9, READ_ONLY),
    checkbox('IsClosed', 'Is Closed', READ_ONLY),
    checkbox('IsDefault', 'Is Default', READ_ONLY),
    ...auditFields(),
  ],
  READ_ONLY_OBJECT,
);

/**
 * OpportunityHistory (the Stage History related list): a row written by the platform when an
 * opportunity is created and whenever its Amount, Probability, StageName, CloseDate or
 * ForecastCategory changes, holding the then-current values of those fields (see
 * rules.opportunityHistoryValues). Read-only; deleted and undeleted with its opportunity.
 */
const opportunityHistoryObject = sobject(
  'OpportunityHistory',
  'Opportunity History',
  'Opportunity History',
  '008',
  [
    idField('Opportunity History'),
    reference('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', {
      ...READ_ONLY,
      nillable: false,
      childRelationshipName: 'OpportunityHistories',
      cascadeDelete: true,
    }),
    reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    datetime('CreatedDate', 'Created Date', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    picklist(
      'StageName',
      'Stage Name',
      OPPORTUNITY_STAGES.map((s) => s.value),
      { ...READ_ONLY, nillable: false },
    ),
    currency('Amount', 'Amount', 18, 2, READ_ONLY),
    currency('ExpectedRevenue', 'Expected Revenue', 18, 2, READ_ONLY),
    date('CloseDate', 'Close Date', READ_ONLY),
    percent('Probability', 'Probability', 3, 0, READ_ONLY),
    picklist('ForecastCategory', 'To Forecast Category', FORECAST_CATEGORIES, READ_ONLY),
    datetime('SystemModstamp', 'System Modstamp', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    isDeletedField(),
    // API 50.0 and later; the emulator gates no field by API version, so these are always present.
    date('PrevCloseDate', 'Previous Close Date', READ_ONLY),
    currency('PrevAmount', 'Previous Amount', 18, 2, READ_ONLY),
  ],
  READ_ONLY_OBJECT,
);

export const DEMO_OBJECTS: readonly ObjectDef[] = [
  organization,
  profile,
  user,
  account,
  contact,
  opportunity,
  opportunityHistoryObject,
  opportunityStageObject,
  lead,
  leadStatusObject,
  caseObject,
  campaign,
  campaignMember,
  task,
  taskStatusObject,
  event,
  competitor,
];

/** Objects that gain CurrencyIsoCode in a multi-currency org, and the field's label on each. */
const CURRENCY_FIELD_LABELS: Readonly<Record<string, string>> = {
  Account: 'Account Currency',
  Contact: 'Contact Currency',
  Opportunity: 'Opportunity Currency',
  OpportunityHistory: 'Currency ISO Code',
  Lead: 'Lead Currency',
  Case: 'Case Currency',
  Campaign: 'Campaign Currency',
  Competitor__c: 'Currency ISO Code',
};

/** CurrencyType exists in multi-currency orgs only. Its key prefix is the emulator's choice. */
function currencyTypeObject(currencies: readonly string[]): ObjectDef {
  return sobject(
    'CurrencyType',
    'Currency Type',
    'Currency Types',
    '01L',
    [
      idField('Currency Type'),
      picklist('IsoCode', 'Currency ISO Code', currencies, { ...READ_ONLY, nillable: false, length: 40, unique: true }),
      double('ConversionRate', 'Conversion Rate', 18, 6, { nillable: false, createable: false }),
      integer('DecimalPlaces', 'Decimal Places', 9, { nillable: false, createable: false }),
      checkbox('IsActive', 'Active', READ_ONLY),
      checkbox('IsCorporate', 'Corporate Currency', READ_ONLY),
      ...auditFields(),
    ],
    // Salesforce lets an admin create and update currencies; the emulator fixes the list when the
    // org is created (the CurrencyIsoCode picklists follow it) and allows rate changes only.
    { createable: false, updateable: true, deletable: false, searchable: false },
  );
}

export interface DemoObjectsOptions {
  /** A multi-currency org's currencies, the corporate currency first; omitted: single-currency. */
  currencies?: readonly string[];
}

/** The Demo org's objects; a multi-currency org adds CurrencyIsoCode fields and CurrencyType. */
export function demoObjects(opts: DemoObjectsOptions = {}): readonly ObjectDef[] {
  const currencies = opts.currencies;
  if (!currencies?.length) return DEMO_OBJECTS;
  const withCurrency = DEMO_OBJECTS.map((object) => {
    const label = CURRENCY_FIELD_LABELS[object.name];
    if (!label) return object;
    const readOnly = !object.createable;
    // "Defaulted on create, Restricted picklist": new records take the corporate currency.
    const isoField = picklist('CurrencyIsoCode', label, currencies, {
      nillable: false,
      length: 3,
      default: currencies[0],
      ...(readOnly ? READ_ONLY : {}),
    });
    const at = object.fields.findIndex((f) => f.name === 'IsDeleted') + 1 || 1;
    return { ...object, fields: [...object.fields.slice(0, at), isoField, ...object.fields.slice(at)] };
  });
  return [...withCurrency, currencyTypeObject(currencies)];
}

// ---------------------------------------------------------------------------------------------
// OrgSchema

class Schema implements OrgSchema {
  private readonly byName = new Map<string, ObjectDef>();
  private readonly byPrefix = new Map<string, ObjectDef>();
  private readonly fieldsByObject = new Map<string, Map<string, FieldDef>>();
  private readonly relationshipsByObject = new Map<string, Map<string, FieldDef>>();
  private readonly children = new Map<string, ChildRelationship[]>();

  constructor(readonly objects: readonly ObjectDef[]) {
    for (const object of objects) {
      const key = object.name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`Duplicate sObject ${object.name}`);
      this.byName.set(key, object);
      // Objects may share a key prefix (the picklist-value objects): the first one listed wins.
      if (!this.byPrefix.has(object.keyPrefix)) this.byPrefix.set(object.keyPrefix, object);
      const fields = new Map<string, FieldDef>();
      const relationships = new Map<string, FieldDef>();
      for (const f of object.fields) {
        if (fields.has(f.name.toLowerCase())) throw new Error(`Duplicate field ${object.name}.${f.name}`);
        fields.set(f.name.toLowerCase(), f);
        if (f.relationshipName) relationships.set(f.relationshipName.toLowerCase(), f);
      }
      this.fieldsByObject.set(key, fields);
      this.relationshipsByObject.set(key, relationships);
      this.children.set(key, []);
    }
    for (const object of objects) {
      for (const f of object.fields) {
        if (f.type !== 'reference' || !f.childRelationshipName) continue;
        for (const parent of f.referenceTo ?? []) {
          const list = this.children.get(parent.toLowerCase());
          if (!list) throw new Error(`${object.name}.${f.name} points at unknown object ${parent}`);
          list.push({
            childSObject: object.name,
            field: f.name,
            relationshipName: f.childRelationshipName,
            cascadeDelete: f.cascadeDelete ?? false,
          });
        }
      }
    }
  }

  getObject(name: string): ObjectDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  getField(objectName: string, fieldName: string): FieldDef | undefined {
    return this.fieldsByObject.get(objectName.toLowerCase())?.get(fieldName.toLowerCase());
  }

  getRelationshipField(objectName: string, relationshipName: string): FieldDef | undefined {
    return this.relationshipsByObject.get(objectName.toLowerCase())?.get(relationshipName.toLowerCase());
  }

  childRelationships(objectName: string): ChildRelationship[] {
    return [...(this.children.get(objectName.toLowerCase()) ?? [])];
  }

  getChildRelationship(objectName: string, relationshipName: string): ChildRelationship | undefined {
    const lower = relationshipName.toLowerCase();
    return this.children.get(objectName.toLowerCase())?.find((c) => c.relationshipName.toLowerCase() === lower);
  }

  objectForId(id: string): ObjectDef | undefined {
    if (typeof id !== 'string' || id.length < 3) return undefined;
    return this.byPrefix.get(id.slice(0, 3));
  }
}

/** Builds an OrgSchema over the given objects (the Demo org's by default). */
export function createOrgSchema(objects: readonly ObjectDef[] = DEMO_OBJECTS): OrgSchema {
  return new Schema(objects);
}
