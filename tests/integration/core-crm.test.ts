/**
 * Contacts and accounts through the core's gate, jsforce and the emulator, on the path the screens
 * use: the Demo org synced into the local cache, read with records:list / records:get, forms from
 * describe:form, written with records:create through the outbox (Salesforce's own validation
 * errors mapped onto form fields).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';
import type { AccountListRow, ContactListRow, RecordListPage, RecordListQuery } from '../../src/shared/ipc/records.contract';

describe('contacts and accounts from the local cache (records:*)', () => {
  let c: Harness;
  let me = '';
  beforeAll(async () => {
    c = await createHarness({ scale: 10 });
    await c.loginDemo();
    await syncAndWait(c);
    me = c.emulator().demoUserId;
  });
  afterAll(() => c?.close());

  const org = (sql: string, ...params: unknown[]) =>
    c
      .emulator()
      .store.db.prepare(sql)
      .all(...params) as Array<Record<string, unknown>>;
  type Page<R> = Omit<RecordListPage, 'rows'> & { rows: R[] };
  const cachedContacts = async (query: Omit<Extract<RecordListQuery, { object: 'Contact' }>, 'object'>) =>
    (await c.call('records:list', { object: 'Contact', ...query })) as Page<ContactListRow>;
  const cachedAccounts = async (query: Omit<Extract<RecordListQuery, { object: 'Account' }>, 'object'>) =>
    (await c.call('records:list', { object: 'Account', ...query })) as Page<AccountListRow>;

  it('lists the synced contacts with the org’s count, sorted both ways, searched and narrowed to an account', async () => {
    const owned = org(`SELECT "Id" FROM "Contact" WHERE "IsDeleted" = 0 AND "OwnerId" = ?`, me).length;
    const asc = await cachedContacts({ sortBy: 'Name', limit: 500 });
    expect(asc.freshness.state).toBe('ready');
    expect(asc.totalCount).toBe(owned);
    const names = asc.rows.map((r) => r.Name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || 0));
    const desc = await cachedContacts({ sortBy: 'Name', sortDir: 'desc', limit: 1 });
    expect(desc.rows[0].Id).toBe(asc.rows.at(-1)!.Id);

    const sample = asc.rows.find((r) => r.AccountId && r.Email)!;
    const lastName = sample.Name!.split(' ').pop()!;
    const found = await cachedContacts({ search: lastName, limit: 500 });
    expect(found.rows.map((r) => r.Id)).toContain(sample.Id);
    expect(found.rows.every((r) => `${r.Name} ${r.Email} ${r['Account.Name']} ${r.Title} ${r.Phone}`.toLowerCase().includes(lastName.toLowerCase()))).toBe(
      true,
    );

    const ofAccount = await cachedContacts({ filters: { accountId: sample.AccountId! }, limit: 500 });
    expect(ofAccount.rows.map((r) => r.AccountId)).toEqual(ofAccount.rows.map(() => sample.AccountId));
    const mine = await cachedContacts({ filters: { ownedByMe: true }, limit: 1 });
    expect(mine.totalCount).toBe(owned);
  });

  it('an account’s detail lists its contacts, opportunities and cases; a contact’s its cases and its account’s opportunities', async () => {
    const accounts = await cachedAccounts({ sortBy: 'Name', limit: 500 });
    const busiest = accounts.rows
      .map((a) => ({ id: a.Id, n: org(`SELECT "Id" FROM "Contact" WHERE "IsDeleted" = 0 AND "OwnerId" = ? AND "AccountId" = ?`, me, a.Id).length }))
      .sort((a, b) => b.n - a.n)[0];
    expect(busiest.n).toBeGreaterThan(0);
    const account = await c.call('records:get', { object: 'Account', id: busiest.id });
    expect(account.related.contacts!.totalCount).toBe(busiest.n);
    expect(account.related.contacts!.rows.every((r) => r.AccountId === busiest.id)).toBe(true);
    expect(account.related.opportunities!.rows.every((r) => r.AccountId === busiest.id)).toBe(true);
    expect(account.related.cases!.rows.every((r) => r.AccountId === busiest.id)).toBe(true);

    const contactId = account.related.contacts!.rows[0].Id;
    const contact = await c.call('records:get', { object: 'Contact', id: contactId });
    expect(contact.record['Account.Name']).toBe(account.record.Name);
    expect(contact.related.cases!.rows.every((r) => r.ContactId === contactId)).toBe(true);
    expect(contact.related.opportunities!.totalCount).toBe(account.related.opportunities!.totalCount);
    expect(contact.related.contacts).toBeUndefined();
  });

  it('creates a contact under an account through jsforce: in the org, in the list and under the account at once', async () => {
    const account = (await cachedAccounts({ sortBy: 'Name', limit: 1 })).rows[0];
    const saved = await c.call('records:create', {
      object: 'Contact',
      values: { FirstName: 'Ada', LastName: 'Lovelace-Cache', Email: 'ada@example.com', AccountId: account.Id, LeadSource: 'Web' },
    });
    expect(saved.state).toBe('saved');
    expect(saved.recordId).toMatch(/^003[A-Za-z0-9]{15}$/);
    expect(org(`SELECT "LastName", "Email", "AccountId" FROM "Contact" WHERE "Id" = ?`, saved.recordId)).toEqual([
      { LastName: 'Lovelace-Cache', Email: 'ada@example.com', AccountId: account.Id },
    ]);
    const listed = await cachedContacts({ search: 'Lovelace-Cache' });
    expect(listed.rows.map((r) => [r.Id, r.Name, r['Account.Name']])).toEqual([[saved.recordId, 'Ada Lovelace-Cache', account.Name]]);
    const detail = await c.call('records:get', { object: 'Account', id: account.Id });
    expect(detail.related.contacts!.rows.map((r) => r.Id)).toContain(saved.recordId);
  });

  it('Salesforce’s refusal of an email names the Email field; the corrected contact then saves', async () => {
    const refused = await c.call('records:create', { object: 'Contact', values: { LastName: 'Babbage-Cache', Email: 'charles@analytical-.com' } });
    expect(refused).toMatchObject({ state: 'needs-attention', error: { fields: ['Email'] } });
    expect(refused.error!.message).toMatch(/email/i);
    // What the form does on the next save: the refused create is replaced by the corrected one.
    await c.call('outbox:discard', { id: refused.outboxId! });
    const saved = await c.call('records:create', { object: 'Contact', values: { LastName: 'Babbage-Cache', Email: 'charles@analytical.example.com' } });
    expect(saved.state).toBe('saved');
    expect(org(`SELECT "Email" FROM "Contact" WHERE "LastName" = 'Babbage-Cache' AND "IsDeleted" = 0`)).toEqual([{ Email: 'charles@analytical.example.com' }]);
    expect((await c.call('outbox:status')).needsAttention).toEqual([]);
  });

  it('creates an account and reads it back from the cache', async () => {
    const saved = await c.call('records:create', {
      object: 'Account',
      values: { Name: 'Quill & Ink Cache Ltd', Industry: 'Media', BillingCity: 'Leeds', AnnualRevenue: 1_250_000, NumberOfEmployees: 12 },
    });
    expect(saved.state).toBe('saved');
    const detail = await c.call('records:get', { object: 'Account', id: saved.recordId });
    expect(detail.record).toMatchObject({ Name: 'Quill & Ink Cache Ltd', Industry: 'Media', BillingCity: 'Leeds', AnnualRevenue: 1_250_000 });
    expect(detail.related.contacts).toEqual({ rows: [], totalCount: 0 });
    const found = await c.call('search:query', { text: 'quill ink cache', objects: ['Account'] });
    expect(found.hits.map((hit) => hit.id)).toContain(saved.recordId);
  });

  it('treats quotes, backslashes and wildcards in a search as plain text', async () => {
    const tricky = `Zed 50%_off O'Brien \\ "q"`;
    const saved = await c.call('records:create', { object: 'Contact', values: { LastName: tricky } });
    expect(saved.state).toBe('saved');
    expect((await cachedContacts({ search: tricky })).rows.map((r) => r.Id)).toEqual([saved.recordId]);
    for (const search of ['%', '_', "'", '\\', `' OR Name != '`, '%_%', '"', '*', 'NEAR(', '-x', 'a OR b']) {
      const r = await c.raw('records:list', { object: 'Contact', search });
      expect(r.ok, search).toBe(true);
    }
    // The punctuation alone finds nothing that lacks it: it is not a wildcard.
    const percent = await cachedContacts({ search: '50%_off', limit: 500 });
    expect(percent.rows.map((r) => r.Id)).toEqual([saved.recordId]);
  });

  it('an unknown contact is NOT_FOUND', async () => {
    expect(await c.raw('records:get', { object: 'Contact', id: '003000000000000AAA' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the Account and Contact forms take their picklists from the org’s describe, cached per connection', async () => {
    const account = await c.call('describe:form', { object: 'Account' });
    const picklist = (name: string) => account.fields.find((f) => f.name === name)!;
    expect(['Industry', 'Type', 'Rating'].map((name) => picklist(name).type)).toEqual(['picklist', 'picklist', 'picklist']);
    expect(picklist('Industry').picklistValues.map((o) => o.value)).toContain('Technology');
    const contact = await c.call('describe:form', { object: 'Contact' });
    expect(contact.fields.find((f) => f.name === 'LeadSource')!.picklistValues.length).toBeGreaterThan(0);
    const again = await c.call('describe:form', { object: 'Account' });
    expect(again.source).toBe('cache');
    expect(again.fields).toEqual(account.fields);
  });
});
