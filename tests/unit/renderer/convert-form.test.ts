import { describe, expect, it } from 'vitest';
import type { ConvertOptions } from '../../../src/shared/ipc/leads.contract';
import { ConvertLeadInput } from '../../../src/shared/ipc/leads.contract';
import { checkConvert, contactsOnOffer, convertField, convertInput, initialChoices, withAccount } from '../../../src/renderer/src/features/leads/convert-form';

const LEAD = '00Q000000000001AAA';
const ACME = { id: '001000000000001AAA', name: 'Acme', detail: 'Paris' };
const GLOBEX = { id: '001000000000002AAA', name: 'Globex', detail: null };

const OPTIONS: ConvertOptions = {
  lead: {
    id: LEAD,
    name: 'Jane Doe',
    company: 'Acme',
    email: 'jane@acme.example',
    status: 'Working',
    ownerId: '005000000000001AAA',
    ownerName: 'Alex Morgan',
    isConverted: false,
    convertedAccountId: null,
    convertedContactId: null,
    convertedOpportunityId: null,
  },
  convertedStatuses: ['Qualified', 'Converted'],
  accountMatches: [ACME, GLOBEX],
  contactMatches: [
    { id: '003000000000001AAA', name: 'Jane Doe', detail: 'Acme', accountId: ACME.id },
    { id: '003000000000002AAA', name: 'J. Doe', detail: 'Globex', accountId: GLOBEX.id },
  ],
  opportunityName: 'Acme-',
  online: true,
};

describe('converting a lead', () => {
  it('starts as Salesforce does: new account and contact, an opportunity named after the company, the first converted status', () => {
    const choices = initialChoices(OPTIONS);
    expect(choices).toEqual({
      account: { mode: 'new' },
      contact: { mode: 'new' },
      createOpportunity: true,
      opportunityName: 'Acme-',
      convertedStatus: 'Qualified',
      ownerId: '',
    });
    expect(convertInput(LEAD, choices)).toEqual({
      leadId: LEAD,
      convertedStatus: 'Qualified',
      account: { mode: 'new' },
      contact: { mode: 'new' },
      opportunity: { create: true, name: 'Acme-' },
    });
  });

  it('offers only the contacts of the chosen existing account', () => {
    const base = initialChoices(OPTIONS);
    expect(contactsOnOffer(OPTIONS, base)).toEqual([]);
    const acme = withAccount(base, { mode: 'existing', id: ACME.id, name: ACME.name });
    expect(contactsOnOffer(OPTIONS, acme).map((c) => c.name)).toEqual(['Jane Doe']);
    const globex = withAccount(base, { mode: 'existing', id: GLOBEX.id, name: GLOBEX.name });
    expect(contactsOnOffer(OPTIONS, globex).map((c) => c.name)).toEqual(['J. Doe']);
  });

  it('drops the chosen contact when the account changes to one it does not belong to', () => {
    const acme = withAccount(initialChoices(OPTIONS), { mode: 'existing', id: ACME.id, name: ACME.name });
    const merged = { ...acme, contact: { mode: 'existing' as const, id: '003000000000001AAA', name: 'Jane Doe', accountId: ACME.id } };
    expect(withAccount(merged, { mode: 'existing', id: ACME.id, name: ACME.name }).contact.mode).toBe('existing');
    expect(withAccount(merged, { mode: 'existing', id: GLOBEX.id, name: GLOBEX.name }).contact).toEqual({ mode: 'new' });
    expect(withAccount(merged, { mode: 'new' }).contact).toEqual({ mode: 'new' });
  });

  it('converts into an existing account and contact without an opportunity, for another owner', () => {
    const choices = {
      ...withAccount(initialChoices(OPTIONS), { mode: 'existing', id: ACME.id, name: ACME.name }),
      contact: { mode: 'existing' as const, id: '003000000000001AAA', name: 'Jane Doe', accountId: ACME.id },
      createOpportunity: false,
      ownerId: '005000000000009AAA',
    };
    const checked = checkConvert(LEAD, choices);
    expect(checked).toEqual({
      ok: true,
      input: {
        leadId: LEAD,
        convertedStatus: 'Qualified',
        account: { mode: 'existing', id: ACME.id },
        contact: { mode: 'existing', id: '003000000000001AAA' },
        opportunity: { create: false },
        ownerId: '005000000000009AAA',
      },
    });
    expect(ConvertLeadInput.safeParse(checked.ok && checked.input).success).toBe(true);
  });

  it('refuses what Salesforce would: no account chosen, a contact of another account, an unnamed opportunity', () => {
    const noAccount = withAccount(initialChoices(OPTIONS), { mode: 'existing', id: '', name: '' });
    expect(checkConvert(LEAD, noAccount)).toMatchObject({ ok: false, errors: { account: 'Choose the account, or create a new one' } });
    const acme = withAccount(initialChoices(OPTIONS), { mode: 'existing', id: ACME.id, name: ACME.name });
    const stranger = { ...acme, contact: { mode: 'existing' as const, id: '003000000000002AAA', name: 'J. Doe', accountId: GLOBEX.id } };
    expect(checkConvert(LEAD, stranger)).toEqual({
      ok: false,
      errors: { contact: 'J. Doe is not a contact of Acme: choose one of its contacts, or create a new contact' },
    });
    const reading = { ...acme, contact: { mode: 'existing' as const, id: '003000000000002AAA', name: 'J. Doe', accountId: undefined } };
    expect(checkConvert(LEAD, reading).ok).toBe(false);
    const unchosen = { ...acme, contact: { mode: 'existing' as const, id: '', name: '', accountId: undefined } };
    expect(checkConvert(LEAD, unchosen)).toEqual({ ok: false, errors: { contact: 'Choose the contact, or create a new one' } });
    const unnamed = { ...initialChoices(OPTIONS), opportunityName: '  ' };
    expect(checkConvert(LEAD, unnamed)).toEqual({ ok: false, errors: { opportunityName: 'Give the opportunity a name' } });
  });

  it('maps the contract’s and Salesforce’s field names onto the dialog’s choices', () => {
    expect(convertField('opportunity.name')).toBe('opportunityName');
    expect(convertField('account.id')).toBe('account');
    expect(convertField('contact')).toBe('contact');
    expect(convertField('convertedStatus')).toBe('convertedStatus');
    expect(convertField('OwnerId')).toBe('ownerId');
  });
});
