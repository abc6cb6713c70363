/**
 * Lead conversion's pieces: the SOAP LeadConvert the dialog's choices become, Salesforce's refusals
 * in words, the dialog's matches from the cache (best first), and a conversion the org does not
 * answer: refused plainly, the outbox told the org is offline.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { ConvertLeadInput } from '../../../src/shared/ipc/leads.contract';
import { normalizeRecord, OBJECT_SPECS } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { readConvertOptions } from '../../../src/main/core/leads/convert-options.read';
import { CONVERT_OFFLINE_MESSAGE, convertRequestOf, createLeadsService } from '../../../src/main/core/leads/leads-service';
import { mapLeadConvertErrors } from '../../../src/main/core/salesforce/errors';
import { ME, fillCache, idOf, openTempCache } from './records-fixture';

const LEAD = idOf('Lead', 1);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the LeadConvert of the dialog', () => {
  it('existing records by Id, new ones left to Salesforce, no opportunity when not wanted', () => {
    const base = { leadId: LEAD, convertedStatus: 'Closed - Converted' };
    expect(
      convertRequestOf(
        ConvertLeadInput.parse({
          ...base,
          account: { mode: 'existing', id: idOf('Account', 1) },
          contact: { mode: 'existing', id: idOf('Contact', 1) },
          opportunity: { create: false },
        }),
      ),
    ).toEqual({ ...base, accountId: idOf('Account', 1), contactId: idOf('Contact', 1), doNotCreateOpportunity: true });
    expect(
      convertRequestOf(
        ConvertLeadInput.parse({ ...base, account: { mode: 'new' }, contact: { mode: 'new' }, opportunity: { create: true, name: 'Deal' }, ownerId: ME }),
      ),
    ).toEqual({ ...base, doNotCreateOpportunity: false, opportunityName: 'Deal', ownerId: ME });
  });
});

describe("Salesforce's refusals in words", () => {
  const one = (statusCode: string, message: string, fields: string[] = []) => mapLeadConvertErrors([{ statusCode, message, fields }]);
  it('maps what a conversion can meet', () => {
    expect(one('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead')).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/already been converted/),
    });
    expect(one('INVALID_STATUS', 'invalid convertedStatus: Open', ['Status'])).toMatchObject({ code: 'VALIDATION', fields: ['convertedStatus'] });
    expect(one('INVALID_CROSS_REFERENCE_KEY', 'The contact is not associated with the specified account.', ['contactId'])).toMatchObject({
      message: expect.stringMatching(/not on the chosen account/),
      fields: ['contact'],
    });
    expect(one('INACTIVE_OWNER_OR_USER', 'operation performed with inactive user as owner', ['ownerId'])).toMatchObject({ fields: ['ownerId'] });
    expect(one('INSUFFICIENT_ACCESS_OR_READONLY', 'no access')).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(mapLeadConvertErrors([])).toMatchObject({ code: 'SALESFORCE' });
  });
});

describe('the dialog options from the cache', () => {
  let db: CacheDb;
  let dir: string;
  beforeEach(() => {
    ({ db, dir } = openTempCache());
    const base = { OwnerId: ME, SystemModstamp: '2026-01-01T00:00:00.000Z' };
    const account = (n: number, Name: string) => normalizeRecord(OBJECT_SPECS.Account, { ...base, Id: idOf('Account', n), Name, BillingCity: 'Oslo' });
    fillCache(db, 'Account', [
      account(1, 'Acme Holdings'),
      account(2, 'Acme'),
      account(3, 'The Acme Group'),
      account(4, 'acme'),
      account(5, 'Globex'),
      account(6, 'Ac'),
    ]);
    const contact = (n: number, Name: string, Email: string | null) =>
      normalizeRecord(OBJECT_SPECS.Contact, { ...base, Id: idOf('Contact', n), Name, Email, AccountId: idOf('Account', 2), 'Account.Name': 'Acme' });
    fillCache(db, 'Contact', [contact(1, 'Lena Lind', 'other@acme.example'), contact(2, 'Someone Else', 'LENA@acme.example'), contact(3, 'Nobody', null)]);
    fillCache(db, 'Lead', [
      normalizeRecord(OBJECT_SPECS.Lead, { ...base, Id: LEAD, Name: 'Lena Lind', Company: 'Acme', Email: 'lena@acme.example', Status: 'Working - Contacted' }),
    ]);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accounts: the same name first, then names starting with it, then the others; contacts: the email first', () => {
    const options = readConvertOptions(db, LEAD, true);
    expect(options.accountMatches.map((a) => a.name)).toEqual(['Acme', 'acme', 'Acme Holdings', 'The Acme Group']);
    expect(options.accountMatches[0].detail).toBe('Oslo');
    expect(options.contactMatches.map((c) => c.name)).toEqual(['Someone Else', 'Lena Lind']);
    expect(options.contactMatches[0]).toMatchObject({ detail: 'Acme', accountId: idOf('Account', 2) });
    expect(options).toMatchObject({ convertedStatuses: ['Closed - Converted'], opportunityName: 'Acme', online: true, lead: { isConverted: false } });
    expect(() => readConvertOptions(db, idOf('Lead', 2), true)).toThrow(/not on this computer/);
  });

  it("a conversion the org does not answer: refused plainly, the outbox told it's offline", async () => {
    const reportOffline = vi.fn();
    const convertLead = vi.fn(async () => {
      throw new AppError('NETWORK', "Can't reach Salesforce.");
    });
    const service = createLeadsService({
      activeOrg: { require: () => ({ id: 'conn-1', userId: ME }) as never, session: async () => ({ convertLead }) as never },
      caches: { cacheFor: () => db, guarded: (_id, read) => read() },
      outbox: { status: () => ({ online: true }) as never, unsentChanges: () => ({ changes: [] }) as never, reportOffline },
      scope: () => 'mine',
      log: silent,
    });
    const input = ConvertLeadInput.parse({
      leadId: LEAD,
      convertedStatus: 'Closed - Converted',
      account: { mode: 'new' },
      contact: { mode: 'new' },
      opportunity: { create: false },
    });
    await expect(service.convert(input)).rejects.toMatchObject({ code: 'NETWORK', message: CONVERT_OFFLINE_MESSAGE });
    expect(reportOffline).toHaveBeenCalledWith('conn-1');
    expect(convertLead).toHaveBeenCalledTimes(1);
  });
});
