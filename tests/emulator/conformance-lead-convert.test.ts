/**
 * SOAP convertLead() as jsforce 3 calls it (`conn.soap.convertLead`) and as raw envelopes: one
 * test per rule of the conversion (field mapping to new and existing records, the opportunity,
 * the lead's state, what moves with it) and per error Salesforce answers with.
 */
import jsforce, { type Connection } from 'jsforce';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../../src/emulator/org/ids';
import { dataPath, rawRequest, TEST_API_VERSION, useEmulatorSession, type EmulatorSession } from './helpers';

/** A Friday in May: the fiscal (calendar) quarter ends on June 30. */
const BASE = Date.parse('2026-05-15T16:00:00.000Z');
const TODAY = '2026-05-15';
function advancingClock(): () => Date {
  let ms = BASE;
  return () => new Date((ms += 7));
}

let session: EmulatorSession;
let conn: Connection;
useEmulatorSession((s) => (session = s), { now: advancingClock() });
beforeAll(() => {
  // The app's gateway builds its Connection from an instance URL and an access token.
  conn = new jsforce.Connection({ instanceUrl: session.emu.url, accessToken: session.token, version: TEST_API_VERSION });
});

type Row = Record<string, any>;
const CONVERTED = 'Closed - Converted';

let counter = 0;
async function newLead(values: Row = {}): Promise<string> {
  counter += 1;
  const result = (await conn.sobject('Lead').create({ LastName: `Lead ${counter}`, Company: `Company ${counter}`, ...values })) as { id: string };
  return result.id;
}
const retrieve = async (object: string, id: string) => (await conn.sobject(object).retrieve(id)) as Row;

/** The LeadConvert fields in the WSDL's (alphabetical) order, as Salesforce requires them. */
function leadConvert(leadId: string, extra: Row = {}): Row {
  const all: Row = {
    convertedStatus: CONVERTED,
    doNotCreateOpportunity: false,
    leadId,
    overwriteLeadSource: false,
    sendNotificationEmail: false,
    ...extra,
  };
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((key) => [key, all[key]]),
  );
}

async function convert(leadId: string, extra: Row = {}): Promise<Row> {
  return (await conn.soap.convertLead(leadConvert(leadId, extra) as never)) as unknown as Row;
}

function envelope(body: string, sessionId: string | null = session.token): string {
  const header = sessionId === null ? '' : `<SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="urn:partner.soap.sforce.com">${header}</soapenv:Header>` +
    `<soapenv:Body xmlns="urn:partner.soap.sforce.com">${body}</soapenv:Body></soapenv:Envelope>`
  );
}
const soapPath = `/services/Soap/u/${TEST_API_VERSION}`;
const postSoap = (xml: string) => rawRequest(session.emu, 'POST', soapPath, { body: xml, headers: { 'Content-Type': 'text/xml', SOAPAction: '""' } });

describe('convertLead into new records', () => {
  it('creates an account, a contact and an opportunity from the lead fields', async () => {
    const leadId = await newLead({
      Salutation: 'Dr.',
      FirstName: 'Ada',
      LastName: 'Quill',
      Title: 'CTO',
      Company: 'Quill Labs',
      Email: 'ada@quill.example',
      Phone: '+1 555 0100',
      MobilePhone: '+1 555 0101',
      Fax: '+1 555 0102',
      Street: '1 Main St',
      City: 'Springfield',
      State: 'IL',
      PostalCode: '62701',
      Country: 'USA',
      Website: 'https://quill.example',
      Industry: 'Technology',
      AnnualRevenue: 2500000,
      NumberOfEmployees: 40,
      Rating: 'Hot',
      LeadSource: 'Web',
      Description: 'Met at the fair',
      DoNotCall: true,
    });
    const before = await retrieve('Lead', leadId);
    const result = await convert(leadId);
    expect(result).toMatchObject({ success: true, leadId, errors: [] });
    expect(result.accountId).toMatch(/^001/);
    expect(result.contactId).toMatch(/^003/);
    expect(result.opportunityId).toMatch(/^006/);

    const account = await retrieve('Account', result.accountId);
    expect(account).toMatchObject({
      Name: 'Quill Labs',
      BillingStreet: '1 Main St',
      BillingCity: 'Springfield',
      BillingState: 'IL',
      BillingPostalCode: '62701',
      BillingCountry: 'USA',
      Phone: '+1 555 0100',
      Fax: '+1 555 0102',
      Website: 'https://quill.example',
      Industry: 'Technology',
      AnnualRevenue: 2500000,
      NumberOfEmployees: 40,
      Rating: 'Hot',
      AccountSource: 'Web',
      OwnerId: before.OwnerId,
    });
    const contact = await retrieve('Contact', result.contactId);
    expect(contact).toMatchObject({
      AccountId: result.accountId,
      Salutation: 'Dr.',
      FirstName: 'Ada',
      LastName: 'Quill',
      Title: 'CTO',
      Email: 'ada@quill.example',
      Phone: '+1 555 0100',
      MobilePhone: '+1 555 0101',
      LeadSource: 'Web',
      MailingStreet: '1 Main St',
      MailingCity: 'Springfield',
      MailingPostalCode: '62701',
      Description: 'Met at the fair',
      DoNotCall: true,
      OwnerId: before.OwnerId,
    });
    const opportunity = await retrieve('Opportunity', result.opportunityId);
    expect(opportunity).toMatchObject({
      Name: 'Quill Labs',
      AccountId: result.accountId,
      LeadSource: 'Web',
      StageName: 'Prospecting',
      CloseDate: '2026-06-30',
      IsClosed: false,
      OwnerId: before.OwnerId,
    });
  });

  it('marks the lead converted, read-only, with the converted Ids, the date and the status', async () => {
    const leadId = await newLead();
    const before = await retrieve('Lead', leadId);
    const result = await convert(leadId);
    const lead = await retrieve('Lead', leadId);
    expect(lead).toMatchObject({
      IsConverted: true,
      ConvertedDate: TODAY,
      ConvertedAccountId: result.accountId,
      ConvertedContactId: result.contactId,
      ConvertedOpportunityId: result.opportunityId,
      Status: CONVERTED,
    });
    expect(lead.SystemModstamp > before.SystemModstamp).toBe(true);
    const converted = await conn.query<Row>(`SELECT Id FROM Lead WHERE IsConverted = true AND ConvertedDate = TODAY AND Id = '${leadId}'`);
    expect(converted.totalSize).toBe(1);
  });

  it('names the opportunity opportunityName and gives the new records to ownerId', async () => {
    const [other] = (await conn.query<Row>(`SELECT Id FROM User WHERE IsActive = true AND Id != '${session.emu.demoUserId}' LIMIT 1`)).records;
    const leadId = await newLead({ Company: 'Named Co' });
    const result = await convert(leadId, { opportunityName: 'Named Co - 200 seats', ownerId: other.Id });
    expect(result.success).toBe(true);
    expect(await retrieve('Opportunity', result.opportunityId)).toMatchObject({ Name: 'Named Co - 200 seats', OwnerId: other.Id });
    expect((await retrieve('Account', result.accountId)).OwnerId).toBe(other.Id);
    expect((await retrieve('Contact', result.contactId)).OwnerId).toBe(other.Id);
  });

  it('creates no opportunity with doNotCreateOpportunity', async () => {
    const leadId = await newLead();
    const result = await convert(leadId, { doNotCreateOpportunity: true });
    expect(result).toMatchObject({ success: true, opportunityId: null });
    expect((await retrieve('Lead', leadId)).ConvertedOpportunityId).toBeNull();
    const opportunities = await conn.query(`SELECT Id FROM Opportunity WHERE AccountId = '${result.accountId}'`);
    expect(opportunities.totalSize).toBe(0);
  });

  it("credits the lead's latest campaign on the opportunity", async () => {
    const campaigns = (await conn.query<Row>('SELECT Id FROM Campaign ORDER BY Id LIMIT 2')).records;
    const leadId = await newLead();
    await conn.sobject('CampaignMember').create({ CampaignId: campaigns[0].Id, LeadId: leadId });
    await conn.sobject('CampaignMember').create({ CampaignId: campaigns[1].Id, LeadId: leadId });
    const result = await convert(leadId);
    expect((await retrieve('Opportunity', result.opportunityId)).CampaignId).toBe(campaigns[1].Id);
    const members = await conn.query<Row>(`SELECT LeadId, ContactId FROM CampaignMember WHERE LeadId = '${leadId}'`);
    expect(members.records.map((m) => m.ContactId)).toEqual([result.contactId, result.contactId]);
  });
});

describe('convertLead into existing records', () => {
  it('fills only the empty fields of an existing account', async () => {
    const account = (await conn.sobject('Account').create({ Name: 'Existing Inc', Phone: '+1 555 0200', Industry: null })) as { id: string };
    const leadId = await newLead({ Company: 'Lead Co', Phone: '+1 555 0999', Industry: 'Banking', City: 'Paris', Website: 'https://lead.example' });
    const result = await convert(leadId, { accountId: account.id });
    expect(result).toMatchObject({ success: true, accountId: account.id });
    expect(await retrieve('Account', account.id)).toMatchObject({
      Name: 'Existing Inc',
      Phone: '+1 555 0200',
      Industry: 'Banking',
      BillingCity: 'Paris',
      Website: 'https://lead.example',
    });
    expect((await retrieve('Contact', result.contactId)).AccountId).toBe(account.id);
    expect((await retrieve('Opportunity', result.opportunityId)).AccountId).toBe(account.id);
  });

  it('merges into an existing contact of that account: empty fields filled, Lead Source only when told', async () => {
    const account = (await conn.sobject('Account').create({ Name: 'Contact Holder' })) as { id: string };
    const contact = (await conn.sobject('Contact').create({ AccountId: account.id, LastName: 'Kept', LeadSource: 'Other', Title: null, DoNotCall: false })) as {
      id: string;
    };
    const first = await newLead({ LastName: 'Replaced', Title: 'VP Sales', LeadSource: 'Web', DoNotCall: true });
    const merged = await convert(first, { accountId: account.id, contactId: contact.id });
    expect(merged).toMatchObject({ success: true, contactId: contact.id, accountId: account.id });
    expect(await retrieve('Contact', contact.id)).toMatchObject({ LastName: 'Kept', Title: 'VP Sales', LeadSource: 'Other', DoNotCall: false });
    const second = await newLead({ LeadSource: 'Partner Referral' });
    await convert(second, { accountId: account.id, contactId: contact.id, overwriteLeadSource: true });
    expect((await retrieve('Contact', contact.id)).LeadSource).toBe('Partner Referral');
  });

  it('relates an existing opportunity instead of creating one', async () => {
    const account = (await conn.sobject('Account').create({ Name: 'Deal Holder' })) as { id: string };
    const deal = (await conn
      .sobject('Opportunity')
      .create({ Name: 'Existing deal', StageName: 'Qualification', CloseDate: '2026-09-30', AccountId: account.id })) as {
      id: string;
    };
    const leadId = await newLead({ LeadSource: 'Web' });
    const result = await convert(leadId, { accountId: account.id, opportunityId: deal.id });
    expect(result).toMatchObject({ success: true, opportunityId: deal.id });
    expect(await retrieve('Opportunity', deal.id)).toMatchObject({ Name: 'Existing deal', StageName: 'Qualification', LeadSource: 'Web' });
  });
});

describe('what moves with the lead', () => {
  it("moves the lead's open and completed tasks and events to the contact and the opportunity", async () => {
    const leadId = await newLead();
    const open = (await conn.sobject('Task').create({ Subject: 'Call back', WhoId: leadId, ActivityDate: '2026-05-20' })) as { id: string };
    const done = (await conn.sobject('Task').create({ Subject: 'Intro', WhoId: leadId, Status: 'Completed', ActivityDate: '2026-05-10' })) as { id: string };
    const meeting = (await conn.sobject('Event').create({
      Subject: 'Demo',
      WhoId: leadId,
      StartDateTime: '2026-05-12T14:00:00.000Z',
      DurationInMinutes: 30,
    })) as { id: string };
    const result = await convert(leadId);
    for (const [object, id] of [
      ['Task', open.id],
      ['Task', done.id],
      ['Event', meeting.id],
    ]) {
      expect(await retrieve(object, id), `${object} ${id}`).toMatchObject({
        WhoId: result.contactId,
        WhatId: result.opportunityId,
        AccountId: result.accountId,
      });
    }
    const moved = await conn.query<Row>(`SELECT Id FROM Task WHERE WhoId = '${result.contactId}'`);
    expect(moved.totalSize).toBe(2);
    // Closed tasks and past events count as activity on the records they now belong to.
    expect((await retrieve('Contact', result.contactId)).LastActivityDate).toBe('2026-05-12');
    expect((await retrieve('Opportunity', result.opportunityId)).LastActivityDate).toBe('2026-05-12');
  });

  it('leaves the tasks on the contact only when no opportunity is created', async () => {
    const leadId = await newLead();
    const task = (await conn.sobject('Task').create({ Subject: 'Follow up', WhoId: leadId })) as { id: string };
    const result = await convert(leadId, { doNotCreateOpportunity: true });
    expect(await retrieve('Task', task.id)).toMatchObject({ WhoId: result.contactId, WhatId: null, AccountId: result.accountId });
  });
});

describe('convertLead errors (LeadConvertResult, not faults)', () => {
  const failure = (result: Row) => ({ success: result.success, ids: [result.accountId, result.contactId, result.opportunityId], errors: result.errors });

  it('refuses a lead that is already converted', async () => {
    const leadId = await newLead();
    await convert(leadId);
    const again = await convert(leadId);
    expect(failure(again)).toEqual({
      success: false,
      ids: [null, null, null],
      // jsforce leaves `fields` out of an Error that names none (the response has no <fields>).
      errors: [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead' }],
    });
  });

  it('refuses a status that is not a converted one', async () => {
    const leadId = await newLead();
    const result = await convert(leadId, { convertedStatus: 'Working - Contacted' });
    expect(result.errors).toEqual([{ statusCode: 'INVALID_STATUS', message: 'invalid convertedStatus: Working - Contacted', fields: ['Status'] }]);
    expect((await retrieve('Lead', leadId)).IsConverted).toBe(false);
  });

  it('refuses a contact of another account, and a contact without an account', async () => {
    const [a, b] = (await conn.sobject('Account').create([{ Name: 'A side' }, { Name: 'B side' }])) as Array<{ id: string }>;
    const contact = (await conn.sobject('Contact').create({ AccountId: b.id, LastName: 'Elsewhere' })) as { id: string };
    const leadId = await newLead();
    const wrong = await convert(leadId, { accountId: a.id, contactId: contact.id });
    expect(wrong.errors).toEqual([
      { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'The contact is not associated with the specified account.', fields: ['contactId'] },
    ]);
    const alone = await convert(leadId, { contactId: contact.id });
    expect(alone.errors).toEqual([
      { statusCode: 'REQUIRED_FIELD_MISSING', message: 'accountId must be specified if contactId is not null', fields: ['accountId'] },
    ]);
    // Nothing was written for the failed conversions.
    expect((await retrieve('Lead', leadId)).IsConverted).toBe(false);
    expect((await conn.query(`SELECT Id FROM Contact WHERE AccountId = '${a.id}'`)).totalSize).toBe(0);
  });

  it('refuses unknown or malformed Ids and a missing leadId', async () => {
    const leadId = await newLead();
    const unknownAccount = await convert(leadId, { accountId: makeId('001', 999_999) });
    expect(unknownAccount.errors).toEqual([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: ['accountId'] }]);
    const unknownLead = await convert(makeId('00Q', 999_999));
    expect(unknownLead.errors).toEqual([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: ['leadId'] }]);
    const malformed = await convert('not-an-id');
    expect(malformed.errors[0]).toMatchObject({ statusCode: 'MALFORMED_ID', fields: ['leadId'] });
    const missing = await convert('');
    expect(missing.errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['leadId'] });
  });

  it('refuses an opportunity name or Id together with doNotCreateOpportunity', async () => {
    const leadId = await newLead();
    const result = await convert(leadId, { doNotCreateOpportunity: true, opportunityName: 'Nope' });
    expect(result.errors).toEqual([
      {
        statusCode: 'INVALID_FIELD',
        message: "One or more leads couldn't be converted. If doNotCreateOpportunity is true, opportunityName and opportunityId must be null.",
        fields: ['Id'],
      },
    ]);
  });

  it('reports the validation errors of the records it would create', async () => {
    const leadId = await newLead({ Company: 'X'.repeat(130) });
    const result = await convert(leadId);
    expect(result.errors[0]).toMatchObject({ statusCode: 'STRING_TOO_LONG', fields: ['Name'] });
    expect((await conn.query(`SELECT Id FROM Account WHERE Name = '${'X'.repeat(130)}'`)).totalSize).toBe(0);
  });

  it('answers each LeadConvert of a batch on its own, in order', async () => {
    const good = await newLead();
    const bad = await newLead();
    const results = (await conn.soap.convertLead([
      leadConvert(good),
      leadConvert(bad, { convertedStatus: 'Open - Not Contacted' }),
    ] as never)) as unknown as Row[];
    expect(results.map((r) => [r.success, r.leadId])).toEqual([
      [true, good],
      [false, null],
    ]);
  });
});

describe('a converted lead', () => {
  it('cannot be updated through REST, nor referenced by a new task', async () => {
    const leadId = await newLead();
    await convert(leadId);
    const patch = await rawRequest(session.emu, 'PATCH', dataPath(`/sobjects/Lead/${leadId}`), { token: session.token, body: { Title: 'CEO' } });
    expect(patch.status).toBe(400);
    expect(patch.json()).toEqual([{ message: 'cannot reference converted lead', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: [] }]);
    const task = await rawRequest(session.emu, 'POST', dataPath('/sobjects/Task'), { token: session.token, body: { Subject: 'Late', WhoId: leadId } });
    expect(task.status).toBe(400);
    expect(task.json()[0]).toMatchObject({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: ['WhoId'] });
  });
});

describe('the SOAP envelope', () => {
  it('answers a raw convertLead with the LeadConvertResult in WSDL order and the LimitInfoHeader', async () => {
    const leadId = await newLead();
    const usedBefore = session.emu.apiUsageCount();
    const response = await postSoap(
      envelope(
        `<convertLead><leadConverts><convertedStatus>${CONVERTED}</convertedStatus><doNotCreateOpportunity>true</doNotCreateOpportunity>` +
          `<leadId>${leadId}</leadId><overwriteLeadSource>false</overwriteLeadSource><sendNotificationEmail>false</sendNotificationEmail></leadConverts></convertLead>`,
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(session.emu.apiUsageCount()).toBe(usedBefore + 1);
    const lead = await retrieve('Lead', leadId);
    expect(response.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
        'xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<soapenv:Header><LimitInfoHeader><limitInfo><current>${usedBefore + 1}</current><limit>15000</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header>` +
        '<soapenv:Body><convertLeadResponse><result>' +
        `<accountId>${lead.ConvertedAccountId}</accountId><contactId>${lead.ConvertedContactId}</contactId><leadId>${leadId}</leadId>` +
        '<opportunityId xsi:nil="true"/><success>true</success></result></convertLeadResponse></soapenv:Body></soapenv:Envelope>',
    );
  });

  it('writes errors with their fields, message and statusCode', async () => {
    const leadId = await newLead();
    const response = await postSoap(
      envelope(`<convertLead><leadConverts><convertedStatus>Nope</convertedStatus><leadId>${leadId}</leadId></leadConverts></convertLead>`),
    );
    expect(response.status).toBe(200);
    expect(response.text).toContain(
      '<result><accountId xsi:nil="true"/><contactId xsi:nil="true"/><errors><fields>Status</fields><message>invalid convertedStatus: Nope</message>' +
        '<statusCode>INVALID_STATUS</statusCode></errors><leadId xsi:nil="true"/><opportunityId xsi:nil="true"/><success>false</success></result>',
    );
  });

  it('faults on arguments out of the WSDL order, as Salesforce does', async () => {
    const leadId = await newLead();
    const response = await postSoap(
      envelope(`<convertLead><leadConverts><leadId>${leadId}</leadId><convertedStatus>${CONVERTED}</convertedStatus></leadConverts></convertLead>`),
    );
    expect(response.status).toBe(500);
    expect(response.text).toContain(
      '<faultcode>soapenv:Client</faultcode><faultstring>Element {urn:partner.soap.sforce.com}convertedStatus invalid at this location</faultstring>',
    );
    expect((await retrieve('Lead', leadId)).IsConverted).toBe(false);
    // jsforce sends an object's keys in the order they were written: the same fault reaches it.
    await expect(conn.soap.convertLead({ leadId, convertedStatus: CONVERTED } as never)).rejects.toMatchObject({ errorCode: 'soapenv:Client' });
  });

  it('faults on a missing or unknown session with INVALID_SESSION_ID, counted against nothing', async () => {
    const usedBefore = session.emu.apiUsageCount();
    const body = `<convertLead><leadConverts><convertedStatus>x</convertedStatus><leadId>${makeId('00Q', 999_999)}</leadId></leadConverts></convertLead>`;
    for (const sessionId of ['not-a-session', null]) {
      const response = await postSoap(envelope(body, sessionId));
      expect(response.status).toBe(500);
      expect(response.text).toContain(
        '<faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>' +
          '<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>',
      );
    }
    expect(session.emu.apiUsageCount()).toBe(usedBefore);
    const stranger = new jsforce.Connection({ instanceUrl: session.emu.url, accessToken: 'not-a-session', version: TEST_API_VERSION });
    await expect(stranger.soap.convertLead(leadConvert(makeId('00Q', 999_999)) as never)).rejects.toMatchObject({ errorCode: 'sf:INVALID_SESSION_ID' });
  });

  it('faults on XML it cannot read', async () => {
    const response = await postSoap('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><convertLead>');
    expect(response.status).toBe(500);
    expect(response.text).toContain('<faultcode>soapenv:Client</faultcode>');
    const doctype = await postSoap('<!DOCTYPE x [<!ENTITY e "y">]><convertLead>&e;</convertLead>');
    expect(doctype.status).toBe(500);
    expect(doctype.text).toContain('DOCTYPE is disallowed');
  });

  it('reads prefixed elements, entities and CDATA as simple-salesforce and WSC write them', async () => {
    const leadId = await newLead();
    const xml =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:n1="urn:partner.soap.sforce.com">' +
      `<soapenv:Header><n1:SessionHeader><n1:sessionId>${session.token}</n1:sessionId></n1:SessionHeader></soapenv:Header>` +
      `<soapenv:Body><n1:convertLead><n1:leadConverts><n1:convertedStatus><![CDATA[${CONVERTED}]]></n1:convertedStatus>` +
      `<n1:leadId>${leadId}</n1:leadId><n1:opportunityName>R&amp;D &#x2014; pilot</n1:opportunityName></n1:leadConverts></n1:convertLead>` +
      '</soapenv:Body></soapenv:Envelope>';
    const response = await postSoap(xml);
    expect(response.status).toBe(200);
    const opportunityId = /<opportunityId>(\w+)<\/opportunityId>/.exec(response.text)?.[1] ?? '';
    expect((await retrieve('Opportunity', opportunityId)).Name).toBe('R&D \u2014 pilot');
  });

  it('serves the enterprise endpoint in its own namespace', async () => {
    const leadId = await newLead();
    const xml = envelope(
      `<convertLead><leadConverts><convertedStatus>${CONVERTED}</convertedStatus><leadId>${leadId}</leadId></leadConverts></convertLead>`,
    ).replaceAll('urn:partner.soap.sforce.com', 'urn:enterprise.soap.sforce.com');
    const response = await rawRequest(session.emu, 'POST', `/services/Soap/c/${TEST_API_VERSION}`, { body: xml, headers: { 'Content-Type': 'text/xml' } });
    expect(response.status).toBe(200);
    expect(response.text).toContain('xmlns="urn:enterprise.soap.sforce.com"');
    expect(response.text).toContain('<success>true</success>');
  });
});
