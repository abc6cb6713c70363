/**
 * Lead conversion (SOAP API convertLead(), Apex Database.convertLead): a lead becomes an account,
 * a contact and, unless told otherwise, an opportunity, or merges into existing ones; the lead
 * becomes converted and read-only, and its activities and campaign memberships move to the
 * contact. Pure org logic over an OrgStore; the SOAP endpoint (server/soap-api.ts) parses the
 * envelope and writes the LeadConvertResult.
 *
 * Sources:
 * - SOAP API Developer Guide, convertLead(): the LeadConvert arguments; "If data is merged into
 *   existing account, contact, and opportunity objects, then only empty fields in the target
 *   object are overwritten—existing data (including IDs) aren't overwritten. The only exception is
 *   if your client application sets overwriteLeadSource to true"; opportunityName "defaults to the
 *   company name of the lead"; ownerId "If the client application does not specify this value,
 *   then the owner of the new object will be the owner of the lead"; contactId "this contact must
 *   be associated with the specified accountId, and an accountId must be specified"; "If any lead
 *   in a bulk operation fails conversion, the lead conversion is retried for each lead
 *   individually" (each LeadConvert succeeds or fails on its own).
 * - LeadConvertResult: accountId, contactId, leadId, opportunityId, success, errors.
 * - Salesforce Help, "Lead Conversion Field Mapping": which lead field fills which account,
 *   contact and opportunity field (the table below); Email Opt Out and Do Not Call "isn't updated
 *   for leads converted to existing contacts"; Campaign → Opportunity Primary Campaign Source,
 *   "the most recently associated campaign"; the new opportunity's Close Date is "the last day of
 *   the current fiscal quarter" (standard fiscal years).
 */
import { SalesforceError } from '../errors';
import { fiscalPeriodOf } from './fiscal';
import { normalizeId } from './ids';
import { convertedLead } from './store';
import type { ActingUser, OrgStore, SObjectRow } from './types';
import { formatDate } from './values';

/** One LeadConvert, as the SOAP call carries it (absent and xsi:nil arguments are null). */
export interface LeadConvertRequest {
  leadId: string | null;
  convertedStatus: string | null;
  accountId: string | null;
  contactId: string | null;
  opportunityId: string | null;
  opportunityName: string | null;
  ownerId: string | null;
  doNotCreateOpportunity: boolean;
  overwriteLeadSource: boolean;
  /** No mail leaves a local org; accepted and otherwise ignored. */
  sendNotificationEmail: boolean;
}

export interface LeadConvertError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface LeadConvertResult {
  success: boolean;
  accountId: string | null;
  contactId: string | null;
  leadId: string | null;
  opportunityId: string | null;
  errors: LeadConvertError[];
}

/** Lead field → the field it fills on the account, contact and opportunity (schema fields only). */
const ACCOUNT_MAPPING: ReadonlyArray<readonly [string, string]> = [
  ['Company', 'Name'],
  ['Street', 'BillingStreet'],
  ['City', 'BillingCity'],
  ['State', 'BillingState'],
  ['PostalCode', 'BillingPostalCode'],
  ['Country', 'BillingCountry'],
  ['Latitude', 'BillingLatitude'],
  ['Longitude', 'BillingLongitude'],
  ['Phone', 'Phone'],
  ['Fax', 'Fax'],
  ['Website', 'Website'],
  ['Industry', 'Industry'],
  ['AnnualRevenue', 'AnnualRevenue'],
  ['NumberOfEmployees', 'NumberOfEmployees'],
  ['Rating', 'Rating'],
  // The Help table lists Lead Source under Contact and Opportunity only, yet admins who tested it
  // report Account Source filled from it as well; the emulator follows the observed behaviour.
  ['LeadSource', 'AccountSource'],
];
const CONTACT_MAPPING: ReadonlyArray<readonly [string, string]> = [
  ['FirstName', 'FirstName'],
  ['LastName', 'LastName'],
  ['Salutation', 'Salutation'],
  ['Title', 'Title'],
  ['Email', 'Email'],
  ['Phone', 'Phone'],
  ['Fax', 'Fax'],
  ['MobilePhone', 'MobilePhone'],
  ['LeadSource', 'LeadSource'],
  ['Street', 'MailingStreet'],
  ['City', 'MailingCity'],
  ['State', 'MailingState'],
  ['PostalCode', 'MailingPostalCode'],
  ['Country', 'MailingCountry'],
  ['Latitude', 'MailingLatitude'],
  ['Longitude', 'MailingLongitude'],
  ['Description', 'Description'],
];
/** Mapped to a new contact only ("isn't updated for leads converted to existing contacts"). */
const NEW_CONTACT_ONLY_MAPPING: ReadonlyArray<readonly [string, string]> = [
  ['DoNotCall', 'DoNotCall'],
  ['HasOptedOutOfEmail', 'HasOptedOutOfEmail'],
];
const OPPORTUNITY_MAPPING: ReadonlyArray<readonly [string, string]> = [['LeadSource', 'LeadSource']];

/** Apex Database.convertLead "accepts up to 100 LeadConvert objects"; the emulator holds SOAP to it. */
export const MAX_LEAD_CONVERTS = 100;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** Converts each lead on its own: a failure rolls back that lead's conversion only. */
export function convertLeads(store: OrgStore, requests: readonly LeadConvertRequest[], as: ActingUser): LeadConvertResult[] {
  return requests.map((request) => {
    try {
      return store.transaction(() => convertLead(store, request, as));
    } catch (err) {
      if (!(err instanceof SalesforceError)) throw err;
      return {
        success: false,
        accountId: null,
        contactId: null,
        leadId: null,
        opportunityId: null,
        errors: [{ statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] }],
      };
    }
  });
}

interface Checked {
  lead: SObjectRow;
  leadId: string;
  status: string;
  accountId: string | null;
  contactId: string | null;
  opportunityId: string | null;
  ownerId: string;
}

function convertLead(store: OrgStore, request: LeadConvertRequest, as: ActingUser): LeadConvertResult {
  const checked = checkRequest(store, request);
  const { leadId } = checked;
  const accountId = mergeAccount(store, checked, as);
  const contactId = mergeContact(store, checked, request, accountId, as);
  const opportunityId = request.doNotCreateOpportunity ? null : mergeOpportunity(store, checked, request, accountId, as);
  store.update(
    'Lead',
    leadId,
    {
      Status: checked.status,
      IsConverted: true,
      ConvertedDate: formatDate(store.now()),
      ConvertedAccountId: accountId,
      ConvertedContactId: contactId,
      ConvertedOpportunityId: opportunityId,
    },
    as,
    { platform: true },
  );
  moveActivities(store, leadId, contactId, opportunityId, as);
  moveCampaignMembers(store, leadId, contactId, as);
  return { success: true, accountId, contactId, leadId, opportunityId, errors: [] };
}

// ---------------------------------------------------------------------------------------------
// Arguments

function fail(statusCode: string, message: string, fields: string[] = []): never {
  throw new SalesforceError(400, statusCode, message, fields);
}

/** A live record of `objectName` named by an argument, or Salesforce's error for the argument. */
function liveRecord(store: OrgStore, objectName: string, argument: string, value: string): { id: string; row: SObjectRow } {
  const object = store.schema.getObject(objectName);
  const id = normalizeId(value);
  if (!id || !object) fail('MALFORMED_ID', `${argument}: id value of incorrect type: ${value}`, [argument]);
  if (id.slice(0, 3) !== object.keyPrefix) fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [argument]);
  const row = store.retrieve(objectName, id, { includeDeleted: true });
  if (!row) fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [argument]);
  if (row.IsDeleted === true) fail('ENTITY_IS_DELETED', 'entity is deleted');
  return { id, row };
}

/** Validates every argument before anything is written, in the order Salesforce reports them. */
function checkRequest(store: OrgStore, request: LeadConvertRequest): Checked {
  if (isEmpty(request.leadId)) fail('REQUIRED_FIELD_MISSING', 'Required fields are missing: [leadId]', ['leadId']);
  const { id: leadId, row: lead } = liveRecord(store, 'Lead', 'leadId', request.leadId as string);
  if (lead.IsConverted === true) throw convertedLead();
  const status = convertedStatus(store, request.convertedStatus);
  checkOpportunityArguments(request);
  const ownerId = request.ownerId ? activeUser(store, request.ownerId) : String(lead.OwnerId);
  const accountId = request.accountId ? liveRecord(store, 'Account', 'accountId', request.accountId).id : null;
  const contactId = request.contactId ? checkContact(store, request.contactId, accountId) : null;
  if (request.overwriteLeadSource && !contactId) {
    // "To set this field to true, the client application must specify a contactId for the target contact."
    fail('INVALID_FIELD', 'overwriteLeadSource can be true only when a contactId is specified.', ['overwriteLeadSource']);
  }
  const opportunityId = request.opportunityId ? liveRecord(store, 'Opportunity', 'opportunityId', request.opportunityId).id : null;
  return { lead, leadId, status, accountId, contactId, opportunityId, ownerId };
}

/**
 * The LeadStatus value named by convertedStatus (its API name or master label), which must be a
 * converted one: anything else is INVALID_STATUS "invalid convertedStatus: <value>" on Status, as
 * Salesforce answers it (reported verbatim by integrations converting with a non-converted status).
 */
function convertedStatus(store: OrgStore, value: string | null): string {
  const row = value
    ? (store.db
        .prepare('SELECT "ApiName" FROM "LeadStatus" WHERE ("ApiName" = ? OR "MasterLabel" = ?) AND "IsConverted" = 1 AND "IsDeleted" = 0')
        .get(value, value) as { ApiName: string } | undefined)
    : undefined;
  if (!row) fail('INVALID_STATUS', `invalid convertedStatus: ${value ?? ''}`, ['Status']);
  return row.ApiName;
}

/**
 * "If doNotCreateOpportunity argument is true, then no Opportunity is created and this field must
 * be left blank"; the error is INVALID_FIELD "One or more leads couldn't be converted. If
 * doNotCreateOpportunity is true, opportunityName and opportunityId must be null." on [Id] (as
 * Apex reports it). opportunityId and opportunityName "are mutually exclusive. Specifying a value
 * for both results in an error" (that error's wording is the emulator's).
 */
function checkOpportunityArguments(request: LeadConvertRequest): void {
  if (request.doNotCreateOpportunity && (!isEmpty(request.opportunityName) || !isEmpty(request.opportunityId))) {
    fail('INVALID_FIELD', "One or more leads couldn't be converted. If doNotCreateOpportunity is true, opportunityName and opportunityId must be null.", [
      'Id',
    ]);
  }
  if (!isEmpty(request.opportunityName) && !isEmpty(request.opportunityId)) {
    fail('INVALID_FIELD', "One or more leads couldn't be converted. Specify either opportunityName or opportunityId, not both.", ['Id']);
  }
}

function activeUser(store: OrgStore, value: string): string {
  const { id, row } = liveRecord(store, 'User', 'ownerId', value);
  if (row.IsActive !== true) fail('INACTIVE_OWNER_OR_USER', 'operation performed with inactive user as owner', ['ownerId']);
  return id;
}

/** An existing contact needs an accountId, and must belong to that account. */
function checkContact(store: OrgStore, value: string, accountId: string | null): string {
  // The wording integrations quote for a contactId sent without an accountId.
  if (!accountId) fail('REQUIRED_FIELD_MISSING', 'accountId must be specified if contactId is not null', ['accountId']);
  const { id, row } = liveRecord(store, 'Contact', 'contactId', value);
  if (row.AccountId !== accountId) {
    fail('INVALID_CROSS_REFERENCE_KEY', 'The contact is not associated with the specified account.', ['contactId']);
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Account, contact, opportunity

/** The mapped values the lead has (only fields the target object has in this org). */
function mapped(store: OrgStore, lead: SObjectRow, objectName: string, mapping: ReadonlyArray<readonly [string, string]>): SObjectRow {
  const out: SObjectRow = {};
  for (const [from, to] of mapping) {
    if (!store.schema.getField(objectName, to) || isEmpty(lead[from])) continue;
    out[to] = lead[from];
  }
  return out;
}

/** Of the mapped values, those whose field is empty on the existing record. */
function emptyOnly(existing: SObjectRow, values: SObjectRow): SObjectRow {
  return Object.fromEntries(Object.entries(values).filter(([field]) => isEmpty(existing[field])));
}

function mergeAccount(store: OrgStore, checked: Checked, as: ActingUser): string {
  const values = mapped(store, checked.lead, 'Account', ACCOUNT_MAPPING);
  if (!checked.accountId) return store.create('Account', { ...values, OwnerId: checked.ownerId }, as);
  const fill = emptyOnly(store.retrieve('Account', checked.accountId) ?? {}, values);
  if (Object.keys(fill).length) store.update('Account', checked.accountId, fill, as);
  return checked.accountId;
}

function mergeContact(store: OrgStore, checked: Checked, request: LeadConvertRequest, accountId: string, as: ActingUser): string {
  const values = mapped(store, checked.lead, 'Contact', CONTACT_MAPPING);
  if (!checked.contactId) {
    const flags: SObjectRow = {};
    for (const [from, to] of NEW_CONTACT_ONLY_MAPPING) if (store.schema.getField('Contact', to)) flags[to] = checked.lead[from] === true;
    return store.create('Contact', { ...values, ...flags, AccountId: accountId, OwnerId: checked.ownerId }, as);
  }
  const existing = store.retrieve('Contact', checked.contactId) ?? {};
  const fill = emptyOnly(existing, values);
  if (request.overwriteLeadSource && !isEmpty(checked.lead.LeadSource)) fill.LeadSource = checked.lead.LeadSource;
  if (Object.keys(fill).length) store.update('Contact', checked.contactId, fill, as);
  return checked.contactId;
}

function mergeOpportunity(store: OrgStore, checked: Checked, request: LeadConvertRequest, accountId: string, as: ActingUser): string {
  const values = mapped(store, checked.lead, 'Opportunity', OPPORTUNITY_MAPPING);
  const campaignId = latestCampaign(store, checked.leadId);
  if (campaignId && store.schema.getField('Opportunity', 'CampaignId')) values.CampaignId = campaignId;
  if (checked.opportunityId) {
    const existing = store.retrieve('Opportunity', checked.opportunityId) ?? {};
    const fill = emptyOnly(existing, { ...values, AccountId: accountId });
    if (Object.keys(fill).length) store.update('Opportunity', checked.opportunityId, fill, as);
    return checked.opportunityId;
  }
  return store.create(
    'Opportunity',
    {
      ...values,
      Name: isEmpty(request.opportunityName) ? checked.lead.Company : request.opportunityName,
      AccountId: accountId,
      StageName: defaultStage(store),
      CloseDate: endOfFiscalQuarter(store),
      OwnerId: checked.ownerId,
    },
    as,
  );
}

/** The campaign the lead joined most recently (the opportunity's Primary Campaign Source). */
function latestCampaign(store: OrgStore, leadId: string): string | undefined {
  if (!store.schema.getObject('CampaignMember')) return undefined;
  const row = store.db
    .prepare('SELECT "CampaignId" FROM "CampaignMember" WHERE "LeadId" = ? AND "IsDeleted" = 0 ORDER BY "CreatedDate" DESC, "Id" DESC LIMIT 1')
    .get(leadId) as { CampaignId: string } | undefined;
  return row?.CampaignId;
}

/** The first open stage of the sales process: what a new opportunity starts in. */
function defaultStage(store: OrgStore): string {
  const row = store.db.prepare('SELECT "ApiName" FROM "OpportunityStage" WHERE "IsActive" = 1 AND "IsClosed" = 0 ORDER BY "SortOrder" LIMIT 1').get() as
    { ApiName: string } | undefined;
  return row?.ApiName ?? 'Prospecting';
}

/** The last day of the org's current fiscal quarter (standard fiscal year). */
export function endOfFiscalQuarter(store: OrgStore): string {
  const today = formatDate(store.now());
  const settings = store.fiscalYear();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const period = fiscalPeriodOf(year, month, settings);
  // The quarter ends three months after its first month, which is the fiscal month 3q-2.
  const monthsLeft = 3 - ((period.month - 1) % 3);
  const end = new Date(Date.UTC(year, month - 1 + monthsLeft, 0));
  return end.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// What moves with the lead

/**
 * The lead's tasks and events (open and closed) move to the contact (WhoId), and are related to
 * the new or existing opportunity when there is one and they relate to nothing else yet.
 */
function moveActivities(store: OrgStore, leadId: string, contactId: string, opportunityId: string | null, as: ActingUser): void {
  for (const objectName of ['Task', 'Event']) {
    if (!store.schema.getObject(objectName)) continue;
    const rows = store.db.prepare(`SELECT "Id", "WhatId" FROM "${objectName}" WHERE "WhoId" = ? AND "IsDeleted" = 0`).all(leadId) as Array<{
      Id: string;
      WhatId: string | null;
    }>;
    for (const row of rows) {
      const values: SObjectRow = { WhoId: contactId };
      if (opportunityId && !row.WhatId) values.WhatId = opportunityId;
      store.update(objectName, row.Id, values, as, { platform: true });
    }
  }
}

/**
 * Campaign memberships follow the lead to the contact: the member keeps its LeadId and gains the
 * ContactId, unless the contact is already a member of that campaign.
 */
function moveCampaignMembers(store: OrgStore, leadId: string, contactId: string, as: ActingUser): void {
  if (!store.schema.getObject('CampaignMember')) return;
  const rows = store.db
    .prepare('SELECT "Id", "CampaignId" FROM "CampaignMember" WHERE "LeadId" = ? AND "ContactId" IS NULL AND "IsDeleted" = 0')
    .all(leadId) as Array<{ Id: string; CampaignId: string }>;
  const already = store.db.prepare('SELECT 1 FROM "CampaignMember" WHERE "CampaignId" = ? AND "ContactId" = ? AND "IsDeleted" = 0');
  for (const row of rows) {
    if (already.get(row.CampaignId, contactId)) continue;
    store.update('CampaignMember', row.Id, { ContactId: contactId }, as, { platform: true });
  }
}
