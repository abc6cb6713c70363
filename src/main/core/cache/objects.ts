/**
 * The six objects the local cache holds, and for each one the fields the sync engine reads from
 * Salesforce and how a record maps onto the cache's extracted columns (list, sort, search).
 *
 * Field names are Salesforce API names. Relationship fields (`Account.Name`, `Owner.Name`) are
 * stored flattened under their dotted name in the record JSON, whichever API delivered them
 * (REST nests them as objects, Bulk API 2.0 CSV names the column `Account.Name`).
 */
export const CACHED_OBJECTS = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign'] as const;
export type CachedObject = (typeof CACHED_OBJECTS)[number];

export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface CachedField {
  name: string;
  kind: FieldKind;
}

export interface ObjectSpec {
  name: CachedObject;
  fields: CachedField[];
  /** Whether the "records I own" scope filters this object by OwnerId. */
  ownerScoped: boolean;
  /** Which extracted column each cache column takes its value from (dotted names allowed). */
  columns: {
    name: string;
    email?: string;
    phone?: string;
    company?: string;
    accountName?: string;
    status?: string;
    amount?: string;
    closeDate?: string;
  };
}

const t = (name: string): CachedField => ({ name, kind: 'text' });
const n = (name: string): CachedField => ({ name, kind: 'number' });
const b = (name: string): CachedField => ({ name, kind: 'boolean' });
const d = (name: string): CachedField => ({ name, kind: 'date' });
const dt = (name: string): CachedField => ({ name, kind: 'datetime' });

/** Every cached object carries these: identity, ownership and the sync keyset. */
const COMMON: CachedField[] = [t('Id'), t('OwnerId'), t('Owner.Name'), dt('CreatedDate'), dt('LastModifiedDate'), dt('SystemModstamp')];

export const OBJECT_SPECS: Record<CachedObject, ObjectSpec> = {
  Account: {
    name: 'Account',
    ownerScoped: true,
    fields: [...COMMON, t('Name'), t('Type'), t('Industry'), t('Phone'), t('Website'), t('BillingCity'), t('BillingState'), t('BillingCountry'), n('AnnualRevenue'), n('NumberOfEmployees'), t('Rating'), t('Description')],
    columns: { name: 'Name', phone: 'Phone', company: 'Name', status: 'Type' },
  },
  Contact: {
    name: 'Contact',
    ownerScoped: true,
    fields: [...COMMON, t('Name'), t('FirstName'), t('LastName'), t('Title'), t('Email'), t('Phone'), t('MobilePhone'), t('AccountId'), t('Account.Name'), t('Department'), t('LeadSource'), t('MailingCity'), t('MailingCountry')],
    columns: { name: 'Name', email: 'Email', phone: 'Phone', accountName: 'Account.Name', status: 'Title' },
  },
  Opportunity: {
    name: 'Opportunity',
    ownerScoped: true,
    fields: [...COMMON, t('Name'), t('AccountId'), t('Account.Name'), t('StageName'), n('Amount'), t('NextStep'), n('Probability'), d('CloseDate'), t('Type'), t('LeadSource'), b('IsClosed'), b('IsWon'), t('ForecastCategoryName'), t('CampaignId'), t('Description')],
    columns: { name: 'Name', accountName: 'Account.Name', status: 'StageName', amount: 'Amount', closeDate: 'CloseDate' },
  },
  Lead: {
    name: 'Lead',
    ownerScoped: true,
    fields: [...COMMON, t('Name'), t('FirstName'), t('LastName'), t('Title'), t('Company'), t('Email'), t('Phone'), t('MobilePhone'), t('Status'), t('LeadSource'), t('Industry'), t('Rating'), b('IsConverted'), t('Description')],
    columns: { name: 'Name', email: 'Email', phone: 'Phone', company: 'Company', status: 'Status' },
  },
  Case: {
    name: 'Case',
    ownerScoped: true,
    fields: [...COMMON, t('CaseNumber'), t('Subject'), t('Status'), t('Priority'), t('Origin'), t('Type'), t('AccountId'), t('Account.Name'), t('ContactId'), t('Contact.Name'), t('SuppliedEmail'), t('SuppliedPhone'), b('IsClosed'), dt('ClosedDate'), t('Description')],
    columns: { name: 'Subject', email: 'SuppliedEmail', phone: 'SuppliedPhone', accountName: 'Account.Name', status: 'Status' },
  },
  // Campaigns belong to marketing, not to the salesperson, yet their leads, contacts and
  // opportunities point at them: a rep needs every campaign they can see, so "records I own"
  // does not filter them (there are few).
  Campaign: {
    name: 'Campaign',
    ownerScoped: false,
    fields: [...COMMON, t('Name'), t('Type'), t('Status'), d('StartDate'), d('EndDate'), b('IsActive'), n('BudgetedCost'), n('ExpectedRevenue')],
    columns: { name: 'Name', status: 'Status', amount: 'ExpectedRevenue', closeDate: 'EndDate' },
  },
};

/**
 * The object's cached field set as text (`Name:kind,...`). sync_state keeps the field set every
 * synced row of the object was written with; when this differs (a release added a field, such as
 * Description), the sync engine reads the object again in place so old rows gain the new fields.
 */
export function fieldSetOf(object: CachedObject): string {
  return OBJECT_SPECS[object].fields.map((f) => `${f.name}:${f.kind}`).join(',');
}

export function isCachedObject(value: string): value is CachedObject {
  return (CACHED_OBJECTS as readonly string[]).includes(value);
}

/** A record as the cache stores it: flat field map (dotted relationship names), typed values. */
export type FlatRecord = Record<string, string | number | boolean | null>;

/**
 * Flattens a REST record (`{Account: {Name}}`) or a Bulk CSV row (`{'Account.Name': '...'}`, all
 * strings, '' for null) into the object's typed field map. Unknown fields are dropped.
 */
export function normalizeRecord(spec: ObjectSpec, raw: Record<string, unknown>): FlatRecord {
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

/**
 * One text form for datetimes (`YYYY-MM-DDTHH:MM:SS.sssZ`) whatever the API wrote (REST: `+0000`,
 * Bulk: `Z`): the cache compares and sorts watermarks as text.
 */
export function canonicalDatetime(text: string): string {
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
