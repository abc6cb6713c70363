import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SalesforceError } from '../../src/emulator/errors';
import { generateDemoOrg } from '../../src/emulator/org/generate';
import { makeId } from '../../src/emulator/org/ids';
import { createOrgSchema, DEMO_OBJECTS, OPPORTUNITY_STAGES } from '../../src/emulator/org/schema';
import { MultipleChoicesError, openOrgStore, DEFAULT_ORG_ID } from '../../src/emulator/org/store';
import type { OrgStore } from '../../src/emulator/org/types';

const USER = { userId: makeId('005', 1) };
const OTHER_USER = { userId: makeId('005', 2) };

let clock: Date;
let store: OrgStore;

function tick(ms = 1000) {
  clock = new Date(clock.getTime() + ms);
}

/** The SalesforceError a call throws, as plain data. */
function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SalesforceError)) throw err;
    return { status: err.status, errorCode: err.errorCode, message: err.message, fields: err.fields };
  }
  throw new Error('expected a SalesforceError');
}

beforeEach(() => {
  clock = new Date('2025-03-10T09:30:00.000Z');
  store = openOrgStore({ now: () => clock });
});
afterEach(() => store.close());

describe('create and retrieve', () => {
  it('stores a row with audit fields, default owner and 18-char Id', () => {
    const id = store.create('Account', { Name: 'Acme', NumberOfEmployees: '250', AnnualRevenue: 1.5e6 }, USER);
    expect(id).toMatch(/^001[a-zA-Z0-9]{15}$/);
    const row = store.retrieve('Account', id)!;
    expect(row).toMatchObject({
      Id: id,
      IsDeleted: false,
      Name: 'Acme',
      NumberOfEmployees: 250,
      AnnualRevenue: 1500000,
      OwnerId: USER.userId,
      CreatedById: USER.userId,
      LastModifiedById: USER.userId,
      CreatedDate: '2025-03-10T09:30:00.000+0000',
      LastModifiedDate: '2025-03-10T09:30:00.000+0000',
      SystemModstamp: '2025-03-10T09:30:00.000+0000',
      Website: null,
    });
    // Every schema field is present on a full retrieve.
    expect(Object.keys(row)).toEqual(store.schema.getObject('Account')!.fields.map((f) => f.name));
  });

  it('accepts field names in any case and returns canonical names', () => {
    const id = store.create('account', { name: 'Lower', INDUSTRY: 'Banking' }, USER);
    expect(store.retrieve('Account', id, { fields: ['name', 'Industry'] })).toEqual({ Name: 'Lower', Industry: 'Banking' });
  });

  it('retrieves the listed fields only, and 15-char Ids too', () => {
    const id = store.create('Account', { Name: 'Acme' }, USER);
    expect(store.retrieve('Account', id.slice(0, 15), { fields: ['Id', 'Name'] })).toEqual({ Id: id, Name: 'Acme' });
  });

  it('returns undefined for unknown, malformed or foreign Ids', () => {
    expect(store.retrieve('Account', makeId('001', 999))).toBeUndefined();
    expect(store.retrieve('Account', 'garbage')).toBeUndefined();
    const contactId = store.create('Contact', { LastName: 'X' }, USER);
    expect(store.retrieve('Account', contactId)).toBeUndefined();
  });

  it('rejects unknown fields in a retrieve field list', () => {
    const id = store.create('Account', { Name: 'Acme' }, USER);
    const e = errorOf(() => store.retrieve('Account', id, { fields: ['Name', 'Bogus'] }));
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toMatch(/^No such column 'Bogus' on entity 'Account'/);
  });

  it('throws NOT_FOUND for an unknown object', () => {
    expect(errorOf(() => store.create('Nope', {}, USER))).toEqual({
      status: 404,
      errorCode: 'NOT_FOUND',
      message: 'The requested resource does not exist',
      fields: undefined,
    });
  });

  it('issues increasing Ids and never reuses one after a hard delete', () => {
    const a = store.create('Account', { Name: 'A' }, USER);
    const b = store.create('Account', { Name: 'B' }, USER);
    expect(b > a).toBe(true);
    store.hardDelete('Account', b);
    const c = store.create('Account', { Name: 'C' }, USER);
    expect(c > b).toBe(true);
  });

  it('keeps data in a file store across reopen (WAL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'org-store-'));
    try {
      const file = join(dir, 'org.db');
      const first = openOrgStore({ file, now: () => clock });
      expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
      const id = first.create('Account', { Name: 'Persisted' }, USER);
      first.close();
      const second = openOrgStore({ file, now: () => clock });
      expect(second.retrieve('Account', id)?.Name).toBe('Persisted');
      const next = second.create('Account', { Name: 'Next' }, USER);
      expect(next > id).toBe(true);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the given org Id, normalised, or a default', () => {
    expect(store.orgId).toBe(DEFAULT_ORG_ID);
    const s = openOrgStore({ orgId: '00D000000000062' });
    expect(s.orgId).toBe('00D000000000062EAA');
    s.close();
    expect(() => openOrgStore({ orgId: '001000000000062' })).toThrow();
  });
});

describe('field validation', () => {
  it('unknown field -> INVALID_FIELD', () => {
    expect(errorOf(() => store.create('Account', { Name: 'A', Foo: 1 }, USER))).toEqual({
      status: 400,
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Foo' on sobject of type Account",
      fields: undefined,
    });
  });

  it('non-writable fields -> INVALID_FIELD_FOR_INSERT_UPDATE listing all of them', () => {
    expect(errorOf(() => store.create('Account', { Name: 'A', CreatedDate: '2020-01-01', IsDeleted: true }, USER))).toEqual({
      status: 400,
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message:
        'Unable to create/update fields: CreatedDate, IsDeleted. Please check the security settings of this field and ' +
        'verify that it is read/write for your profile or permission set.',
      fields: ['CreatedDate', 'IsDeleted'],
    });
    const oppId = store.create('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2025-04-01' }, USER);
    expect(errorOf(() => store.update('Opportunity', oppId, { IsWon: true }, USER)).fields).toEqual(['IsWon']);
    // Calculated name fields are not writable either.
    expect(errorOf(() => store.create('Contact', { LastName: 'L', Name: 'Full' }, USER)).errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('an Id in a create body -> INVALID_FIELD_FOR_INSERT_UPDATE', () => {
    const id = store.create('Account', { Name: 'A' }, USER);
    expect(errorOf(() => store.create('Account', { Id: id, Name: 'B' }, USER))).toEqual({
      status: 400,
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: 'cannot specify Id in an insert call',
      fields: ['Id'],
    });
  });

  it('createable but not updateable fields are refused on update only', () => {
    const oppId = store.create('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2025-04-01' }, USER);
    const competitor = store.create('Competitor__c', { Name: 'Rival', Opportunity__c: oppId }, USER);
    const e = errorOf(() => store.update('Competitor__c', competitor, { Opportunity__c: oppId }, USER));
    expect(e).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Opportunity__c'] });
  });

  it('missing required fields -> REQUIRED_FIELD_MISSING with every missing field', () => {
    expect(errorOf(() => store.create('Contact', { FirstName: 'Ann' }, USER))).toEqual({
      status: 400,
      errorCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName]',
      fields: ['LastName'],
    });
    expect(errorOf(() => store.create('Opportunity', { Name: 'O' }, USER))).toMatchObject({
      message: 'Required fields are missing: [StageName, CloseDate]',
      fields: ['StageName', 'CloseDate'],
    });
    // Setting a required field to null (or '') on update.
    const id = store.create('Account', { Name: 'A' }, USER);
    expect(errorOf(() => store.update('Account', id, { Name: '' }, USER))).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Name'],
    });
    expect(errorOf(() => store.create('Event', { Subject: 'Meeting' }, USER))).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['ActivityDateTime', 'DurationInMinutes'],
    });
  });

  it('too long -> STRING_TOO_LONG', () => {
    const name = 'x'.repeat(256);
    expect(errorOf(() => store.create('Account', { Name: name }, USER))).toEqual({
      status: 400,
      errorCode: 'STRING_TOO_LONG',
      message: `Account Name: data value too large: ${name} (max length=255)`,
      fields: ['Name'],
    });
    expect(store.create('Account', { Name: 'x'.repeat(255) }, USER)).toBeTruthy();
  });

  it('bad email -> INVALID_EMAIL_ADDRESS', () => {
    expect(errorOf(() => store.create('Contact', { LastName: 'L', Email: 'not-an-email' }, USER))).toEqual({
      status: 400,
      errorCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: not-an-email',
      fields: ['Email'],
    });
    const id = store.create('Contact', { LastName: 'L', Email: 'ann.o+tag@example.co.uk' }, USER);
    expect(store.retrieve('Contact', id, { fields: ['Email'] })?.Email).toBe('ann.o+tag@example.co.uk');
  });

  it('wrong value types -> JSON_PARSER_ERROR', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ NumberOfEmployees: 'many' }, 'Cannot deserialize instance of int from VALUE_STRING value many'],
      [{ NumberOfEmployees: 2.5 }, 'Cannot deserialize instance of int from VALUE_NUMBER_FLOAT value 2.5'],
      [{ AnnualRevenue: true }, 'Cannot deserialize instance of double from VALUE_TRUE value true'],
      [{ SLA_Expiration_Date__c: '2025-13-01' }, 'Cannot deserialize instance of date from VALUE_STRING value 2025-13-01'],
      [{ Description: { a: 1 } }, 'Cannot deserialize instance of string from START_OBJECT value {"a":1}'],
    ];
    for (const [values, prefix] of cases) {
      const e = errorOf(() => store.create('Account', { Name: 'A', ...values }, USER));
      expect(e.errorCode).toBe('JSON_PARSER_ERROR');
      expect(e.status).toBe(400);
      expect(e.message.startsWith(prefix), e.message).toBe(true);
    }
    const contact = errorOf(() => store.create('Contact', { LastName: 'L', DoNotCall: 1 }, USER));
    expect(contact.message).toMatch(/^Cannot deserialize instance of boolean from VALUE_NUMBER_INT value 1/);
  });

  it('numbers beyond the precision -> NUMBER_OUTSIDE_VALID_RANGE; currency rounds to its scale', () => {
    expect(errorOf(() => store.create('Account', { Name: 'A', NumberOfEmployees: 123456789 }, USER))).toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      fields: ['NumberOfEmployees'],
    });
    const id = store.create('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2025-04-01', Amount: '10.456' }, USER);
    expect(store.retrieve('Opportunity', id)?.Amount).toBe(10.46);
  });

  it('accepts Salesforce date and datetime input formats', () => {
    const id = store.create('Event', { Subject: 'Call', StartDateTime: '2025-03-11T10:00:00+01:00', DurationInMinutes: 30 }, USER);
    expect(store.retrieve('Event', id, { fields: ['StartDateTime', 'ActivityDateTime', 'EndDateTime', 'ActivityDate'] })).toEqual({
      StartDateTime: '2025-03-11T09:00:00.000+0000',
      ActivityDateTime: '2025-03-11T09:00:00.000+0000',
      EndDateTime: '2025-03-11T09:30:00.000+0000',
      ActivityDate: '2025-03-11',
    });
    const other = store.create('Event', { Subject: 'Call', ActivityDateTime: '2025-03-11T10:00:00.123Z', EndDateTime: '2025-03-11T11:30:00.123Z' }, USER);
    expect(store.retrieve('Event', other)?.DurationInMinutes).toBe(90);
    for (const value of ['2025-03-11', '2025-03-11T10:00:00Z', '2025-03-11T10:00:00.000+0000']) {
      const t = store.create('Task', { Subject: 'Call', ActivityDate: value }, USER);
      expect(store.retrieve('Task', t)?.ActivityDate).toBe('2025-03-11');
    }
    expect(errorOf(() => store.create('Task', { ActivityDate: '11/03/2025' }, USER)).errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('treats empty strings as null and converts scalars for text fields', () => {
    const id = store.create('Account', { Name: 'A', Phone: '', AccountNumber: 12345 }, USER);
    expect(store.retrieve('Account', id, { fields: ['Phone', 'AccountNumber'] })).toEqual({ Phone: null, AccountNumber: '12345' });
  });

  it('joins multi-select picklists with semicolons', () => {
    const id = store.create('Lead', { LastName: 'L', Company: 'C', Product_Interest__c: ['Mobile', 'Analytics', 'Mobile'] }, USER);
    expect(store.retrieve('Lead', id)?.Product_Interest__c).toBe('Mobile;Analytics');
  });

  it('references: malformed -> MALFORMED_ID, wrong object -> FIELD_INTEGRITY_EXCEPTION, missing, deleted', () => {
    expect(errorOf(() => store.create('Contact', { LastName: 'L', AccountId: 'abc' }, USER))).toEqual({
      status: 400,
      errorCode: 'MALFORMED_ID',
      message: 'Account ID: id value of incorrect type: abc',
      fields: ['AccountId'],
    });
    const contactId = store.create('Contact', { LastName: 'Other' }, USER);
    expect(errorOf(() => store.create('Contact', { LastName: 'L', AccountId: contactId }, USER))).toEqual({
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: `Account ID: id value of incorrect type: ${contactId}`,
      fields: ['AccountId'],
    });
    expect(errorOf(() => store.create('Contact', { LastName: 'L', AccountId: makeId('001', 777) }, USER))).toMatchObject({
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      fields: ['AccountId'],
    });
    const accountId = store.create('Account', { Name: 'A' }, USER);
    store.delete('Account', accountId, USER);
    expect(errorOf(() => store.create('Contact', { LastName: 'L', AccountId: accountId }, USER))).toEqual({
      status: 404,
      errorCode: 'ENTITY_IS_DELETED',
      message: 'entity is deleted',
      fields: [],
    });
  });

  it('normalises 15-char reference values to 18 chars and accepts polymorphic targets', () => {
    const accountId = store.create('Account', { Name: 'A' }, USER);
    const leadId = store.create('Lead', { LastName: 'L', Company: 'C' }, USER);
    const contactId = store.create('Contact', { LastName: 'L', AccountId: accountId.slice(0, 15) }, USER);
    expect(store.retrieve('Contact', contactId)?.AccountId).toBe(accountId);
    const task = store.create('Task', { Subject: 'Call', WhoId: contactId.slice(0, 15), WhatId: accountId }, USER);
    expect(store.retrieve('Task', task)).toMatchObject({ WhoId: contactId, WhatId: accountId, AccountId: accountId });
    const leadTask = store.create('Task', { Subject: 'Call', WhoId: leadId.slice(0, 15) }, USER);
    expect(store.retrieve('Task', leadTask)).toMatchObject({ WhoId: leadId, WhatId: null, AccountId: null });
    // "If the WhoId refers to a lead, then the WhatId field must be empty."
    expect(errorOf(() => store.create('Task', { WhoId: leadId, WhatId: accountId }, USER))).toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      fields: ['WhoId', 'WhatId'],
    });
    expect(errorOf(() => store.create('Task', { WhatId: contactId }, USER)).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
  });

  it('duplicate external Id -> DUPLICATE_VALUE naming the existing row (case-insensitive)', () => {
    const first = store.create('Account', { Name: 'A', External_Id__c: 'EXT-1' }, USER);
    expect(errorOf(() => store.create('Account', { Name: 'B', External_Id__c: 'ext-1' }, USER))).toEqual({
      status: 400,
      errorCode: 'DUPLICATE_VALUE',
      message: `duplicate value found: External_Id__c duplicates value on record with id: ${first}`,
      fields: [],
    });
    const second = store.create('Account', { Name: 'B', External_Id__c: 'EXT-2' }, USER);
    expect(errorOf(() => store.update('Account', second, { External_Id__c: 'EXT-1' }, USER)).errorCode).toBe('DUPLICATE_VALUE');
    // Re-saving the row's own value is not a duplicate.
    store.update('Account', first, { External_Id__c: 'EXT-1' }, USER);
  });

  it('validation rule -> FIELD_CUSTOM_VALIDATION_EXCEPTION', () => {
    expect(errorOf(() => store.create('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2025-04-01', Amount: -5 }, USER))).toEqual({
      status: 400,
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Amount cannot be negative.',
      fields: ['Amount'],
    });
  });

  it('objects that cannot be created or deleted refuse the operation', () => {
    expect(errorOf(() => store.create('Organization', { Name: 'X' }, USER)).status).toBe(405);
    const profile = makeId('00e', 1);
    expect(errorOf(() => store.delete('User', makeId('005', 1), USER)).status).toBe(405);
    expect(profile).toBeTruthy();
  });
});

describe('update', () => {
  it('changes the given fields and stamps the audit fields', () => {
    const id = store.create('Account', { Name: 'A', Phone: '123' }, USER);
    tick(60_000);
    store.update('Account', id, { Name: 'B' }, OTHER_USER);
    expect(store.retrieve('Account', id)).toMatchObject({
      Name: 'B',
      Phone: '123',
      CreatedById: USER.userId,
      LastModifiedById: OTHER_USER.userId,
      CreatedDate: '2025-03-10T09:30:00.000+0000',
      LastModifiedDate: '2025-03-10T09:31:00.000+0000',
      SystemModstamp: '2025-03-10T09:31:00.000+0000',
    });
  });

  it('tolerates the row Id echoed in the body', () => {
    const id = store.create('Account', { Name: 'A' }, USER);
    store.update('Account', id, { Id: id.slice(0, 15), Name: 'B' }, USER);
    expect(store.retrieve('Account', id)?.Name).toBe('B');
  });

  it('unknown row -> NOT_FOUND, recycle-bin row -> ENTITY_IS_DELETED, foreign Id -> MALFORMED_ID', () => {
    expect(errorOf(() => store.update('Account', makeId('001', 500), { Name: 'x' }, USER))).toEqual({
      status: 404,
      errorCode: 'NOT_FOUND',
      message: 'The requested resource does not exist',
      fields: undefined,
    });
    const id = store.create('Account', { Name: 'A' }, USER);
    store.delete('Account', id, USER);
    expect(errorOf(() => store.update('Account', id, { Name: 'x' }, USER))).toEqual({
      status: 404,
      errorCode: 'ENTITY_IS_DELETED',
      message: 'entity is deleted',
      fields: [],
    });
    expect(errorOf(() => store.delete('Account', id, USER)).errorCode).toBe('ENTITY_IS_DELETED');
    const contactId = store.create('Contact', { LastName: 'L' }, USER);
    expect(errorOf(() => store.update('Account', contactId, { Name: 'x' }, USER))).toMatchObject({
      status: 400,
      errorCode: 'MALFORMED_ID',
      message: `Account ID: id value of incorrect type: ${contactId}`,
    });
  });
});

describe('calculated fields', () => {
  it('Contact, Lead and User names', () => {
    const c = store.create('Contact', { FirstName: 'Ann', LastName: 'Lee' }, USER);
    expect(store.retrieve('Contact', c)?.Name).toBe('Ann Lee');
    store.update('Contact', c, { FirstName: null }, USER);
    expect(store.retrieve('Contact', c)?.Name).toBe('Lee');
    const l = store.create('Lead', { FirstName: 'Bo', LastName: 'Ray', Company: 'C' }, USER);
    expect(store.retrieve('Lead', l)).toMatchObject({ Name: 'Bo Ray', Status: 'Open - Not Contacted', IsConverted: false });
  });

  it('Opportunity probability, forecast, closed/won, expected revenue and fiscal period follow the stage', () => {
    const id = store.create('Opportunity', { Name: 'O', StageName: 'Value Proposition', CloseDate: '2025-05-15', Amount: 1000 }, USER);
    expect(store.retrieve('Opportunity', id)).toMatchObject({
      Probability: 50,
      ExpectedRevenue: 500,
      IsClosed: false,
      IsWon: false,
      ForecastCategory: 'Pipeline',
      ForecastCategoryName: 'Pipeline',
      FiscalYear: 2025,
      FiscalQuarter: 2,
      Fiscal: '2025 2',
    });
    store.update('Opportunity', id, { StageName: 'Closed Won' }, USER);
    expect(store.retrieve('Opportunity', id)).toMatchObject({
      Probability: 100,
      ExpectedRevenue: 1000,
      IsClosed: true,
      IsWon: true,
      ForecastCategory: 'Closed',
      ForecastCategoryName: 'Closed',
    });
    store.update('Opportunity', id, { StageName: 'Closed Lost' }, USER);
    expect(store.retrieve('Opportunity', id)).toMatchObject({ Probability: 0, IsClosed: true, IsWon: false, ForecastCategory: 'Omitted' });
    // An explicit probability wins over the stage default; other edits keep it.
    store.update('Opportunity', id, { StageName: 'Negotiation/Review', Probability: 80 }, USER);
    store.update('Opportunity', id, { Amount: 2000 }, USER);
    expect(store.retrieve('Opportunity', id)).toMatchObject({ Probability: 80, ExpectedRevenue: 1600 });
    store.update('Opportunity', id, { ForecastCategoryName: 'Commit' }, USER);
    expect(store.retrieve('Opportunity', id)?.ForecastCategory).toBe('Forecast');
  });

  it('Case numbers are sequential 8-digit strings; IsClosed and ClosedDate follow the status', () => {
    const a = store.create('Case', { Subject: 'One' }, USER);
    const b = store.create('Case', { Subject: 'Two' }, USER);
    expect(store.retrieve('Case', a)).toMatchObject({ CaseNumber: '00001001', Status: 'New', Priority: 'Medium', IsClosed: false, ClosedDate: null });
    expect(store.retrieve('Case', b)?.CaseNumber).toBe('00001002');
    tick();
    store.update('Case', a, { Status: 'Closed' }, USER);
    expect(store.retrieve('Case', a)).toMatchObject({ IsClosed: true, ClosedDate: '2025-03-10T09:30:01.000+0000' });
    store.update('Case', a, { Status: 'Working' }, USER);
    expect(store.retrieve('Case', a)).toMatchObject({ IsClosed: false, ClosedDate: null });
  });

  it('Task closing, priority, account and LastActivityDate of the related records', () => {
    const account = store.create('Account', { Name: 'A' }, USER);
    const contact = store.create('Contact', { LastName: 'L', AccountId: account }, USER);
    const task = store.create('Task', { Subject: 'Call', WhoId: contact, ActivityDate: '2025-03-01', Priority: 'High' }, USER);
    expect(store.retrieve('Task', task)).toMatchObject({ IsClosed: false, IsHighPriority: true, AccountId: account, Status: 'Not Started' });
    // Open tasks are not activity history.
    expect(store.retrieve('Contact', contact)?.LastActivityDate).toBeNull();
    store.update('Task', task, { Status: 'Completed' }, USER);
    expect(store.retrieve('Task', task)?.IsClosed).toBe(true);
    expect(store.retrieve('Contact', contact)?.LastActivityDate).toBe('2025-03-01');
    expect(store.retrieve('Account', account)?.LastActivityDate).toBe('2025-03-01');
    // A past event later than the task moves it on; a future one does not.
    store.create('Event', { Subject: 'Meeting', WhatId: account, ActivityDateTime: '2025-03-05T10:00:00Z', DurationInMinutes: 60 }, USER);
    store.create('Event', { Subject: 'Meeting', WhatId: account, ActivityDateTime: '2025-04-05T10:00:00Z', DurationInMinutes: 60 }, USER);
    expect(store.retrieve('Account', account)?.LastActivityDate).toBe('2025-03-05');
    expect(store.retrieve('Contact', contact)?.LastActivityDate).toBe('2025-03-01');
    store.delete('Task', task, USER);
    expect(store.retrieve('Contact', contact)?.LastActivityDate).toBeNull();
  });

  it('CampaignMember response flags', () => {
    const campaign = store.create('Campaign', { Name: 'Webinar' }, USER);
    const lead = store.create('Lead', { LastName: 'L', Company: 'C' }, USER);
    const member = store.create('CampaignMember', { CampaignId: campaign, LeadId: lead }, USER);
    expect(store.retrieve('CampaignMember', member)).toMatchObject({ Status: 'Sent', HasResponded: false, FirstRespondedDate: null });
    expect(errorOf(() => store.create('CampaignMember', { CampaignId: campaign, LeadId: lead }, USER))).toEqual({
      status: 400,
      errorCode: 'DUPLICATE_VALUE',
      message: 'Already a campaign member.',
      fields: [],
    });
    store.update('CampaignMember', member, { Status: 'Responded' }, USER);
    expect(store.retrieve('CampaignMember', member)).toMatchObject({ HasResponded: true, FirstRespondedDate: '2025-03-10' });
  });

  it('User defaults', () => {
    const profile = makeId('00e', 1);
    store.db.prepare('INSERT INTO "Profile" ("Id", "Name") VALUES (?, ?)').run(profile, 'Standard User');
    const id = store.create(
      'User',
      {
        Username: 'new.user@example.com',
        LastName: 'User',
        FirstName: 'New',
        Email: 'new.user@example.com',
        Alias: 'nuser',
        TimeZoneSidKey: 'Europe/Paris',
        LocaleSidKey: 'fr_FR',
        EmailEncodingKey: 'UTF-8',
        LanguageLocaleKey: 'fr',
        ProfileId: profile,
      },
      USER,
    );
    expect(store.retrieve('User', id)).toMatchObject({ Name: 'New User', IsActive: true, UserType: 'Standard', CommunityNickname: 'new.user' });
  });
});

describe('delete, undelete, hard delete', () => {
  function account() {
    const accountId = store.create('Account', { Name: 'Parent' }, USER);
    const child = store.create('Account', { Name: 'Child', ParentId: accountId }, USER);
    const contact = store.create('Contact', { LastName: 'L', AccountId: accountId }, USER);
    const opp = store.create('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2025-04-01', AccountId: accountId }, USER);
    const competitor = store.create('Competitor__c', { Name: 'Rival', Opportunity__c: opp }, USER);
    const task = store.create('Task', { Subject: 'Call', WhatId: opp, Status: 'Completed', ActivityDate: '2025-03-01' }, USER);
    return { accountId, child, contact, opp, competitor, task };
  }

  it('cascades to children, clears lookups, and undelete restores both', () => {
    const r = account();
    tick();
    store.delete('Account', r.accountId, OTHER_USER);
    for (const [type, id] of [
      ['Account', r.accountId],
      ['Contact', r.contact],
      ['Opportunity', r.opp],
      ['Competitor__c', r.competitor],
      ['Task', r.task],
    ] as const) {
      expect(store.retrieve(type, id), `${type} hidden`).toBeUndefined();
      expect(store.retrieve(type, id, { includeDeleted: true })?.IsDeleted, `${type} in bin`).toBe(true);
    }
    expect(store.retrieve('Account', r.accountId, { includeDeleted: true })?.LastModifiedById).toBe(OTHER_USER.userId);
    // A lookup (not master-detail) child survives with the lookup cleared.
    expect(store.retrieve('Account', r.child)?.ParentId).toBeNull();

    tick();
    store.undelete('Account', r.accountId, USER);
    expect(store.retrieve('Contact', r.contact)?.IsDeleted).toBe(false);
    expect(store.retrieve('Competitor__c', r.competitor)?.Opportunity__c).toBe(r.opp);
    expect(store.retrieve('Account', r.child)?.ParentId).toBe(r.accountId);
    expect(store.retrieve('Account', r.accountId)?.LastActivityDate).toBeNull();
  });

  it('deleting a child alone leaves the parent; cascade children cannot be undeleted alone', () => {
    const r = account();
    store.delete('Opportunity', r.opp, USER);
    expect(store.retrieve('Account', r.accountId)).toBeDefined();
    expect(store.retrieve('Competitor__c', r.competitor)).toBeUndefined();
    expect(errorOf(() => store.undelete('Competitor__c', r.competitor, USER)).errorCode).toBe('UNDELETE_FAILED');
    expect(errorOf(() => store.undelete('Account', r.accountId, USER))).toMatchObject({
      errorCode: 'UNDELETE_FAILED',
      message: 'Entity is not in the recycle bin',
    });
    store.undelete('Opportunity', r.opp, USER);
    expect(store.retrieve('Competitor__c', r.competitor)).toBeDefined();
  });

  it('a hard-deleted cascade child is not restored, nor are lookups to it', () => {
    const accountId = store.create('Account', { Name: 'A' }, USER);
    const contact = store.create('Contact', { LastName: 'C', AccountId: accountId }, USER);
    const otherCase = store.create('Case', { Subject: 'Unrelated account', ContactId: contact }, USER);
    const report = store.create('Contact', { LastName: 'R', ReportsToId: contact }, USER);
    store.delete('Account', accountId, USER);
    expect(store.retrieve('Case', otherCase)?.ContactId).toBeNull();
    expect(store.retrieve('Contact', report)?.ReportsToId).toBeNull();
    store.hardDelete('Contact', contact);
    store.undelete('Account', accountId, USER);
    expect(store.retrieve('Account', accountId)).toBeDefined();
    expect(store.retrieve('Contact', contact, { includeDeleted: true })).toBeUndefined();
    expect(store.retrieve('Case', otherCase)?.ContactId).toBeNull();
    expect(store.retrieve('Contact', report)?.ReportsToId).toBeNull();
  });

  it('purging the recycle bin removes a root and its cascade children for good', () => {
    const r = account();
    const kept = store.create('Account', { Name: 'Still in the bin' }, USER);
    store.delete('Account', r.accountId, USER);
    tick(16 * 86_400_000);
    store.delete('Account', kept, USER);
    // A cascade child cannot be purged alone, as emptyRecycleBin refuses its id.
    expect(errorOf(() => store.purgeRecycleBin({ ids: [r.contact] })).errorCode).toBe('INVALID_ID_FIELD');
    // Aging out: only what was deleted before the cut-off goes.
    const { purged } = store.purgeRecycleBin({ deletedBefore: new Date(clock.getTime() - 15 * 86_400_000) });
    // The opportunity's stage history goes with it.
    const history = (store.db.prepare('SELECT "Id" FROM "OpportunityHistory"').all() as Array<{ Id: string }>).map((h) => h.Id);
    expect(history).toEqual([]);
    expect(purged.filter((p) => p.object === 'OpportunityHistory')).toHaveLength(1);
    expect(
      purged
        .filter((p) => p.object !== 'OpportunityHistory')
        .map((p) => p.id)
        .sort(),
    ).toEqual([r.accountId, r.contact, r.opp, r.competitor, r.task].sort());
    for (const [type, id] of [
      ['Account', r.accountId],
      ['Contact', r.contact],
      ['Opportunity', r.opp],
    ] as const) {
      expect(store.retrieve(type, id, { includeDeleted: true }), type).toBeUndefined();
    }
    expect(errorOf(() => store.undelete('Account', r.accountId, USER)).errorCode).toBe('NOT_FOUND');
    // The lookup cleared on the child account can no longer come back, and stays cleared.
    expect(store.retrieve('Account', r.child)?.ParentId).toBeNull();
    expect(store.lastPurgedDeletedDate('Account')).toBe('2025-03-10T09:30:00.000+0000');
    expect(store.lastPurgedDeletedDate('Lead')).toBeUndefined();
    // The newer row is still in the bin and can come back.
    store.undelete('Account', kept, USER);
    expect(store.retrieve('Account', kept)).toBeDefined();
  });

  it('unknown rows -> NOT_FOUND on delete and undelete', () => {
    expect(errorOf(() => store.delete('Account', makeId('001', 99), USER)).errorCode).toBe('NOT_FOUND');
    expect(errorOf(() => store.undelete('Account', makeId('001', 99), USER)).errorCode).toBe('NOT_FOUND');
  });

  it('hard delete removes the row and its master-detail children for good', () => {
    const r = account();
    // Rows already in the recycle bin can be hard-deleted too.
    store.delete('Contact', r.contact, USER);
    store.hardDelete('Contact', r.contact);
    expect(store.retrieve('Contact', r.contact, { includeDeleted: true })).toBeUndefined();
    store.hardDelete('Account', r.accountId);
    for (const [type, id] of [
      ['Account', r.accountId],
      ['Opportunity', r.opp],
      ['Competitor__c', r.competitor],
      ['Task', r.task],
    ] as const) {
      expect(store.retrieve(type, id, { includeDeleted: true }), type).toBeUndefined();
    }
    // Lookup children stay, with the lookup cleared.
    expect(store.retrieve('Account', r.child)?.ParentId).toBeNull();
    expect(errorOf(() => store.hardDelete('Account', r.accountId)).errorCode).toBe('NOT_FOUND');
  });
});

describe('upsert and external Ids', () => {
  it('creates, then updates, by external Id', () => {
    const created = store.upsert('Account', 'External_Id__c', 'EXT-9', { Name: 'New' }, USER);
    expect(created.created).toBe(true);
    expect(store.retrieve('Account', created.id)).toMatchObject({ Name: 'New', External_Id__c: 'EXT-9' });
    const updated = store.upsert('Account', 'external_id__c', 'ext-9', { Name: 'Renamed' }, USER);
    expect(updated).toEqual({ id: created.id, created: false });
    expect(store.retrieve('Account', created.id)?.Name).toBe('Renamed');
    expect(store.findByExternalId('Account', 'External_Id__c', 'EXT-9')).toEqual([created.id]);
  });

  it('several matches -> 300 MULTIPLE_CHOICES carrying the matching Ids', () => {
    const a = store.create('Contact', { LastName: 'A', Email: 'same@example.com' }, USER);
    const b = store.create('Contact', { LastName: 'B', Email: 'same@example.com' }, USER);
    let caught: unknown;
    try {
      store.upsert('Contact', 'Email', 'same@example.com', { LastName: 'C' }, USER);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MultipleChoicesError);
    expect(caught).toBeInstanceOf(SalesforceError);
    const e = caught as MultipleChoicesError;
    expect(e.status).toBe(300);
    expect(e.errorCode).toBe('MULTIPLE_CHOICES');
    expect(e.ids).toEqual([a, b]);
    expect(e.objectName).toBe('Contact');
  });

  it('a field that is not an external Id -> NOT_FOUND', () => {
    expect(errorOf(() => store.upsert('Account', 'Phone', '1', { Name: 'x' }, USER))).toEqual({
      status: 404,
      errorCode: 'NOT_FOUND',
      message: 'Provided external ID field does not exist or is not accessible: Phone',
      fields: undefined,
    });
    expect(errorOf(() => store.upsert('Account', 'Nope__c', '1', {}, USER)).errorCode).toBe('NOT_FOUND');
  });

  it('upserts by Id, and ignores a repeated external Id in the body only when it matches', () => {
    const id = store.create('Account', { Name: 'A' }, USER);
    expect(store.upsert('Account', 'Id', id.slice(0, 15), { Name: 'B' }, USER)).toEqual({ id, created: false });
    const r = store.upsert('Account', 'External_Id__c', 'K1', { Name: 'K', External_Id__c: 'K1' }, USER);
    expect(r.created).toBe(true);
    expect(errorOf(() => store.upsert('Account', 'External_Id__c', 'K1', { External_Id__c: 'K2' }, USER)).errorCode).toBe('INVALID_FIELD');
  });

  it('a recycle-bin row still holds its unique value', () => {
    const id = store.create('Account', { Name: 'A', External_Id__c: 'BIN-1' }, USER);
    store.delete('Account', id, USER);
    expect(store.findByExternalId('Account', 'External_Id__c', 'BIN-1')).toEqual([]);
    expect(errorOf(() => store.upsert('Account', 'External_Id__c', 'BIN-1', { Name: 'B' }, USER)).errorCode).toBe('DUPLICATE_VALUE');
  });
});

describe('replication: getUpdated / getDeleted', () => {
  it('reports rows changed and deleted inside the window', () => {
    const before = new Date(clock);
    const a = store.create('Account', { Name: 'A' }, USER);
    tick(3_600_000);
    const middle = new Date(clock);
    const b = store.create('Account', { Name: 'B' }, USER);
    tick(3_600_000);
    store.update('Account', a, { Name: 'A2' }, USER);
    const afterUpdate = new Date(clock);
    // A row is reported at its latest change only.
    expect(store.getUpdated('Account', before, new Date(middle.getTime() - 1))).toEqual([]);
    expect(store.getUpdated('Account', middle, new Date(afterUpdate.getTime() - 1))).toEqual([b]);
    expect(store.getUpdated('Account', middle, afterUpdate)).toEqual([b, a]);
    tick(3_600_000);
    store.delete('Account', b, USER);
    const end = new Date(clock);
    // Deleted rows are reported by getDeleted, not getUpdated.
    expect(store.getUpdated('Account', before, end)).toEqual([a]);
    expect(store.getDeleted('Account', before, afterUpdate)).toEqual([]);
    expect(store.getDeleted('Account', before, end)).toEqual([{ id: b, deletedDate: '2025-03-10T12:30:00.000+0000' }]);
    // An undeleted row is no longer reported as deleted.
    store.undelete('Account', b, USER);
    expect(store.getDeleted('Account', before, end)).toEqual([]);
    store.hardDelete('Account', b);
    expect(store.getDeleted('Account', before, end).map((d) => d.id)).toEqual([b]);
  });
});

describe('transactions', () => {
  it('rolls back everything on error and nests with savepoints', () => {
    expect(() =>
      store.transaction(() => {
        store.create('Account', { Name: 'kept?' }, USER);
        store.create('Account', {}, USER);
      }),
    ).toThrow(SalesforceError);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM "Account"').get()).toEqual({ n: 0 });

    const result = store.transaction(() => {
      const outer = store.create('Account', { Name: 'Outer' }, USER);
      try {
        store.transaction(() => {
          store.create('Account', { Name: 'Inner' }, USER);
          throw new Error('inner fails');
        });
      } catch {
        // the savepoint is rolled back, the outer transaction goes on
      }
      return outer;
    });
    const names = (store.db.prepare('SELECT "Name" FROM "Account"').all() as Array<{ Name: string }>).map((r) => r.Name);
    expect(names).toEqual(['Outer']);
    expect(store.retrieve('Account', result)?.Name).toBe('Outer');
  });

  it('schemaLastModified is a stable date', () => {
    expect(store.schemaLastModified()).toBeInstanceOf(Date);
    expect(store.schemaLastModified().getTime()).toBe(store.schemaLastModified().getTime());
  });
});

describe('OpportunityHistory and LastStageChangeDate', () => {
  const historyOf = (opportunityId: string) =>
    store.db.prepare('SELECT * FROM "OpportunityHistory" WHERE "OpportunityId" = ? ORDER BY "CreatedDate", "Id"').all(opportunityId) as Array<
      Record<string, unknown>
    >;

  function newDeal(values: Record<string, unknown> = {}) {
    return store.create('Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 1000, ...values }, USER);
  }

  it('writes a row with the then-current values when an opportunity is created', () => {
    const id = newDeal();
    expect(historyOf(id)).toEqual([
      expect.objectContaining({
        OpportunityId: id,
        StageName: 'Prospecting',
        Amount: 1000,
        ExpectedRevenue: 100,
        CloseDate: '2025-06-30',
        Probability: 10,
        ForecastCategory: 'Pipeline',
        PrevAmount: null,
        PrevCloseDate: null,
        CreatedById: USER.userId,
        CreatedDate: '2025-03-10T09:30:00.000+0000',
        SystemModstamp: '2025-03-10T09:30:00.000+0000',
        IsDeleted: 0,
      }),
    ]);
    expect(historyOf(id)[0].Id).toMatch(/^008/);
    expect(store.retrieve('Opportunity', id)?.LastStageChangeDate).toBe('2025-03-10T09:30:00.000+0000');
  });

  it('writes a row for each change of a tracked field, with the amount and close date before it', () => {
    const id = newDeal();
    const steps: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ Amount: 1500 }, { Amount: 1500, ExpectedRevenue: 150, PrevAmount: 1000, PrevCloseDate: '2025-06-30' }],
      [{ CloseDate: '2025-07-31' }, { CloseDate: '2025-07-31', PrevAmount: 1500, PrevCloseDate: '2025-06-30' }],
      [{ StageName: 'Needs Analysis' }, { StageName: 'Needs Analysis', Probability: 20, ExpectedRevenue: 300, PrevCloseDate: '2025-07-31' }],
      [{ Probability: 35 }, { Probability: 35, ExpectedRevenue: 525 }],
      [{ ForecastCategoryName: 'Best Case' }, { ForecastCategory: 'BestCase', Probability: 35 }],
    ];
    for (const [change, expected] of steps) {
      tick(60_000);
      store.update('Opportunity', id, change, OTHER_USER);
      const rows = historyOf(id);
      expect(rows.at(-1), JSON.stringify(change)).toMatchObject({
        ...expected,
        CreatedById: OTHER_USER.userId,
        CreatedDate: store.retrieve('Opportunity', id)?.LastModifiedDate,
      });
    }
    expect(historyOf(id)).toHaveLength(1 + steps.length);
  });

  it('writes no row for saves that leave the tracked fields as they were', () => {
    const id = newDeal();
    tick(60_000);
    store.update('Opportunity', id, { Name: 'Renamed', Description: 'x', NextStep: 'Call', Type: 'New Customer' }, USER);
    store.update('Opportunity', id, { Amount: 1000, CloseDate: '2025-06-30', StageName: 'Prospecting' }, USER);
    store.update('Opportunity', id, {}, USER);
    expect(historyOf(id)).toHaveLength(1);
  });

  it('moves LastStageChangeDate only when the stage changes', () => {
    const id = newDeal();
    tick(3_600_000);
    store.update('Opportunity', id, { Amount: 2000, StageName: 'Prospecting' }, USER);
    expect(store.retrieve('Opportunity', id)?.LastStageChangeDate).toBe('2025-03-10T09:30:00.000+0000');
    tick(3_600_000);
    store.update('Opportunity', id, { StageName: 'Closed Won' }, USER);
    expect(store.retrieve('Opportunity', id)).toMatchObject({ LastStageChangeDate: '2025-03-10T11:30:00.000+0000', IsWon: true });
    expect(historyOf(id).map((h) => h.StageName)).toEqual(['Prospecting', 'Prospecting', 'Closed Won']);
  });

  it('is read-only, and follows its opportunity to the recycle bin and back', () => {
    const id = newDeal();
    const historyId = historyOf(id)[0].Id as string;
    expect(errorOf(() => store.create('OpportunityHistory', { OpportunityId: id, StageName: 'Prospecting' }, USER))).toMatchObject({
      status: 405,
      errorCode: 'METHOD_NOT_ALLOWED',
    });
    expect(errorOf(() => store.update('OpportunityHistory', historyId, { Amount: 1 }, USER)).errorCode).toBe('METHOD_NOT_ALLOWED');
    expect(errorOf(() => store.delete('OpportunityHistory', historyId, USER))).toMatchObject({
      errorCode: 'METHOD_NOT_ALLOWED',
      message: "HTTP Method 'DELETE' not allowed. Allowed are GET,HEAD",
    });
    store.delete('Opportunity', id, USER);
    expect(store.retrieve('OpportunityHistory', historyId)).toBeUndefined();
    expect(store.retrieve('OpportunityHistory', historyId, { includeDeleted: true })?.IsDeleted).toBe(true);
    store.undelete('Opportunity', id, USER);
    expect(store.retrieve('OpportunityHistory', historyId)?.IsDeleted).toBe(false);
    store.hardDelete('Opportunity', id);
    expect(store.retrieve('OpportunityHistory', historyId, { includeDeleted: true })).toBeUndefined();
  });
});

describe('fiscal year', () => {
  function deal(closeDate: string) {
    const id = store.create('Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: closeDate }, USER);
    const { FiscalYear, FiscalQuarter, Fiscal } = store.retrieve('Opportunity', id)!;
    return { FiscalYear, FiscalQuarter, Fiscal };
  }

  it('is a calendar year until the org says otherwise', () => {
    expect(store.fiscalYear()).toEqual({ startMonth: 1, usesStartDateAsFiscalYearName: false });
    expect(deal('2025-03-31')).toEqual({ FiscalYear: 2025, FiscalQuarter: 1, Fiscal: '2025 1' });
    expect(deal('2025-12-01')).toEqual({ FiscalYear: 2025, FiscalQuarter: 4, Fiscal: '2025 4' });
  });

  it('follows Organization.FiscalYearStartMonth, naming the year after the one it ends in', () => {
    generateDemoOrg(store, { seed: 1, scale: 0, fiscalYearStartMonth: 4 });
    expect(store.fiscalYear()).toEqual({ startMonth: 4, usesStartDateAsFiscalYearName: false });
    expect(deal('2025-03-31')).toEqual({ FiscalYear: 2025, FiscalQuarter: 4, Fiscal: '2025 4' });
    expect(deal('2025-04-01')).toEqual({ FiscalYear: 2026, FiscalQuarter: 1, Fiscal: '2026 1' });
    expect(deal('2025-12-31')).toEqual({ FiscalYear: 2026, FiscalQuarter: 3, Fiscal: '2026 3' });
    expect(deal('2026-01-01')).toEqual({ FiscalYear: 2026, FiscalQuarter: 4, Fiscal: '2026 4' });
  });

  it('names the year after the one it starts in when UsesStartDateAsFiscalYearName', () => {
    generateDemoOrg(store, { seed: 1, scale: 0, fiscalYearStartMonth: 4, usesStartDateAsFiscalYearName: true });
    expect(deal('2025-04-01')).toEqual({ FiscalYear: 2025, FiscalQuarter: 1, Fiscal: '2025 1' });
    expect(deal('2026-03-31')).toEqual({ FiscalYear: 2025, FiscalQuarter: 4, Fiscal: '2025 4' });
  });

  it('is read-only on the Organization', () => {
    const orgId = generateDemoOrg(store, { seed: 1, scale: 0, fiscalYearStartMonth: 7 }) && store.orgId;
    expect(errorOf(() => store.update('Organization', orgId, { FiscalYearStartMonth: 1 }, USER))).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['FiscalYearStartMonth'],
    });
    expect(store.retrieve('Organization', orgId)).toMatchObject({ FiscalYearStartMonth: 7, UsesStartDateAsFiscalYearName: false });
  });
});

describe('picklist-value objects', () => {
  it('hold the Stage and Lead Status values in order, read-only, under the shared 01J prefix', () => {
    const stages = store.db.prepare('SELECT * FROM "OpportunityStage" ORDER BY "SortOrder"').all() as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.ApiName)).toEqual(OPPORTUNITY_STAGES.map((s) => s.value));
    expect(stages.map((s) => s.SortOrder)).toEqual(OPPORTUNITY_STAGES.map((_, i) => i + 1));
    expect(stages.at(-2)).toMatchObject({ MasterLabel: 'Closed Won', IsClosed: 1, IsWon: 1, ForecastCategory: 'Closed', DefaultProbability: 100 });
    expect(stages.at(-1)).toMatchObject({ MasterLabel: 'Closed Lost', IsClosed: 1, IsWon: 0, ForecastCategoryName: 'Omitted', DefaultProbability: 0 });
    const statuses = store.db.prepare('SELECT * FROM "LeadStatus" ORDER BY "SortOrder"').all() as Array<Record<string, unknown>>;
    expect(statuses.map((s) => [s.MasterLabel, s.IsDefault, s.IsConverted])).toEqual([
      ['Open - Not Contacted', 1, 0],
      ['Working - Contacted', 0, 0],
      ['Closed - Converted', 0, 1],
      ['Closed - Not Converted', 0, 0],
    ]);
    const taskStatuses = store.db.prepare('SELECT * FROM "TaskStatus" ORDER BY "SortOrder"').all() as Array<Record<string, unknown>>;
    expect(taskStatuses.map((s) => [s.MasterLabel, s.IsDefault, s.IsClosed])).toEqual([
      ['Not Started', 1, 0],
      ['In Progress', 0, 0],
      ['Completed', 0, 1],
      ['Waiting on someone else', 0, 0],
      ['Deferred', 0, 0],
    ]);
    const ids = [...stages, ...statuses, ...taskStatuses].map((r) => r.Id as string);
    expect(ids.every((id) => id.startsWith('01J'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Each object finds its own rows by Id; a bare 01J Id routes to OpportunityStage.
    expect(store.retrieve('LeadStatus', statuses[0].Id as string)?.MasterLabel).toBe('Open - Not Contacted');
    expect(store.retrieve('OpportunityStage', statuses[0].Id as string)).toBeUndefined();
    expect(store.schema.objectForId(statuses[0].Id as string)?.name).toBe('OpportunityStage');
    for (const object of ['OpportunityStage', 'LeadStatus', 'TaskStatus']) {
      expect(errorOf(() => store.create(object, { MasterLabel: 'New' }, USER)).errorCode).toBe('METHOD_NOT_ALLOWED');
      expect(errorOf(() => store.update(object, ids[0], { MasterLabel: 'New' }, USER)).errorCode).toBe('METHOD_NOT_ALLOWED');
    }
  });
});

describe('multi-currency', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emu-currency-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no CurrencyIsoCode and no CurrencyType in a single-currency org', () => {
    expect(store.schema.getField('Opportunity', 'CurrencyIsoCode')).toBeUndefined();
    expect(store.schema.getObject('CurrencyType')).toBeUndefined();
    expect(store.currencies()).toBeUndefined();
    expect(errorOf(() => store.create('Account', { Name: 'A', CurrencyIsoCode: 'USD' }, USER))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'CurrencyIsoCode' on sobject of type Account",
    });
  });

  it('defaults records to the corporate currency and refuses codes the org does not have', () => {
    const multi = openOrgStore({ now: () => clock, currencies: ['EUR', 'USD', 'JPY'] });
    try {
      expect(multi.currencies()).toEqual({
        corporate: 'EUR',
        rates: new Map([
          ['EUR', { rate: 1, decimals: 2 }],
          ['USD', { rate: 1.086957, decimals: 2 }],
          ['JPY', { rate: 168.478261, decimals: 0 }],
        ]),
      });
      for (const object of ['Account', 'Contact', 'Opportunity', 'OpportunityHistory', 'Lead', 'Case', 'Campaign', 'Competitor__c']) {
        expect(
          multi.schema.getField(object, 'CurrencyIsoCode')?.picklistValues?.map((p) => p.value),
          object,
        ).toEqual(['EUR', 'USD', 'JPY']);
      }
      const a = multi.create('Account', { Name: 'A' }, USER);
      expect(multi.retrieve('Account', a)?.CurrencyIsoCode).toBe('EUR');
      const b = multi.create('Account', { Name: 'B', CurrencyIsoCode: 'jpy' }, USER);
      expect(multi.retrieve('Account', b)?.CurrencyIsoCode).toBe('JPY');
      expect(errorOf(() => multi.create('Account', { Name: 'C', CurrencyIsoCode: 'GBP' }, USER))).toMatchObject({
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['CurrencyIsoCode'],
      });
      expect(errorOf(() => multi.update('Account', a, { CurrencyIsoCode: null }, USER)).errorCode).toBe('REQUIRED_FIELD_MISSING');
      const opp = multi.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 5, CurrencyIsoCode: 'USD' }, USER);
      const history = multi.db.prepare('SELECT "CurrencyIsoCode" FROM "OpportunityHistory" WHERE "OpportunityId" = ?').get(opp);
      expect(history).toEqual({ CurrencyIsoCode: 'USD' });
    } finally {
      multi.close();
    }
  });

  it('keeps the currencies an org in a file was created with', () => {
    const file = join(dir, 'org.sqlite');
    openOrgStore({ file, currencies: ['USD', 'GBP'] }).close();
    const reopened = openOrgStore({ file });
    expect(reopened.currencies()?.corporate).toBe('USD');
    reopened.close();
    expect(() => openOrgStore({ file, currencies: ['GBP', 'USD'] })).toThrow(/uses the currencies USD, GBP/);
    const single = join(dir, 'single.sqlite');
    const s = openOrgStore({ file: single });
    generateDemoOrg(s, { seed: 1, scale: 0 });
    s.close();
    expect(() => openOrgStore({ file: single, currencies: ['USD'] })).toThrow(/single-currency/);
    expect(() => openOrgStore({ currencies: ['XXX'] })).toThrow(RangeError);
  });

  it('adds the columns of newer fields to an org kept in a file by an older emulator', () => {
    const file = join(dir, 'old.sqlite');
    const older = createOrgSchema(
      DEMO_OBJECTS.filter((o) => !['OpportunityHistory', 'OpportunityStage', 'LeadStatus', 'TaskStatus'].includes(o.name)).map((o) => ({
        ...o,
        fields: o.fields.filter((f) => !['LastStageChangeDate', 'FiscalYearStartMonth', 'UsesStartDateAsFiscalYearName'].includes(f.name)),
      })),
    );
    const old = openOrgStore({ file, schema: older, now: () => clock });
    const opp = old.create('Opportunity', { Name: 'Old', StageName: 'Prospecting', CloseDate: '2025-06-30' }, USER);
    old.close();
    const current = openOrgStore({ file, now: () => clock });
    try {
      expect(current.retrieve('Opportunity', opp)?.LastStageChangeDate).toBeNull();
      expect(current.fiscalYear().startMonth).toBe(1);
      tick();
      current.update('Opportunity', opp, { StageName: 'Qualification' }, USER);
      expect(current.retrieve('Opportunity', opp)?.LastStageChangeDate).toBe('2025-03-10T09:30:01.000+0000');
      expect(current.db.prepare('SELECT COUNT(*) AS n FROM "OpportunityStage"').get()).toEqual({ n: OPPORTUNITY_STAGES.length });
      // The newer picklist-value objects take their own Ids under the shared 01J prefix.
      const picklistIds = current.db
        .prepare('SELECT "Id" FROM "OpportunityStage" UNION ALL SELECT "Id" FROM "LeadStatus" UNION ALL SELECT "Id" FROM "TaskStatus"')
        .pluck()
        .all() as string[];
      expect(picklistIds).toHaveLength(OPPORTUNITY_STAGES.length + 4 + 5);
      expect(new Set(picklistIds).size).toBe(picklistIds.length);
    } finally {
      current.close();
    }
  });
});
