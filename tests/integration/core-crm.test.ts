/**
 * Contacts and accounts through the core's gate, jsforce and the emulator: the live channels (list,
 * sort, page, search with SOQL metacharacters, detail, create, lookup, picklists, Salesforce's own
 * validation errors mapped onto form fields), and the cache-backed records:* path the screens use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';
import type { AccountListRow, ContactListRow, RecordListPage, RecordListQuery } from '../../src/shared/ipc/records.contract';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ scale: 20 });
  await h.loginDemo();
});
afterAll(() => h.close());

const count = (sql: string, ...params: unknown[]) => (h.emulator().store.db.prepare(sql).get(...params) as { n: number }).n;

describe('contacts', () => {
  it('lists a page with the true total, stable paging and sorting', async () => {
    const total = count('SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0');
    const first = await h.call('contacts:list', { pageSize: 10 });
    expect(first.totalSize).toBe(total);
    expect(first.records).toHaveLength(10);
    expect(first.hasMore).toBe(true);
    const names = first.records.map((r) => r.Name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const second = await h.call('contacts:list', { pageSize: 10, page: 1 });
    expect(second.records.map((r) => r.Id)).not.toEqual(expect.arrayContaining([first.records[0].Id]));
    const last = await h.call('contacts:list', { pageSize: 50, page: Math.floor((total - 1) / 50) });
    expect(last.hasMore).toBe(false);

    const desc = await h.call('contacts:list', { pageSize: 5, sortBy: 'LastModifiedDate', sortDir: 'desc' });
    const dates = desc.records.map((r) => r.LastModifiedDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const byAccount = await h.call('contacts:list', { pageSize: 5, sortBy: 'Account.Name' });
    expect(byAccount.records).toHaveLength(5);
  });

  it('refuses pages beyond Salesforce’s 2,000-row OFFSET limit with a clear message', async () => {
    const r = await h.raw('contacts:list', { pageSize: 200, page: 11 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['page'] } });
    expect(!r.ok && r.error.message).toMatch(/first 2,000 rows/);
  });

  it('searches name, email and account name', async () => {
    const sample = (await h.call('contacts:list', { pageSize: 5 })).records[0];
    const byEmail = await h.call('contacts:list', { search: sample.Email!.split('@')[0] });
    expect(byEmail.records.map((r) => r.Id)).toContain(sample.Id);
    const byAccount = await h.call('contacts:list', { search: sample.AccountName!, pageSize: 200 });
    expect(byAccount.records.every((r) => r.AccountName === sample.AccountName || r.Name.includes(sample.AccountName!) || r.Email?.includes(sample.AccountName!))).toBe(true);
    expect(byAccount.totalSize).toBe(byAccount.records.length);
    const onlyAccount = await h.call('contacts:list', { accountId: sample.AccountId!, pageSize: 200 });
    expect(onlyAccount.totalSize).toBe(count('SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0 AND "AccountId" = ?', sample.AccountId));
  });

  it('treats quotes, backslashes and LIKE wildcards in a search as plain text', async () => {
    const tricky = `Zed 50%_off O'Brien \\ "q"`;
    const { id } = await h.call('contacts:create', { LastName: tricky });
    const exact = await h.call('contacts:list', { search: tricky });
    expect(exact.records.map((r) => r.Id)).toEqual([id]);
    expect(exact.totalSize).toBe(1);
    for (const search of ['%', '_', "'", '\\', `' OR Name != '`, '%_%']) {
      const r = await h.raw('contacts:list', { search });
      expect(r.ok).toBe(true);
    }
    // '%' alone matches only names that really contain a percent sign.
    const percent = await h.call('contacts:list', { search: '%' });
    expect(percent.records.map((r) => r.Id)).toEqual([id]);
  });

  it('creates a contact under an account and reads it back in detail', async () => {
    const account = (await h.call('accounts:list', { pageSize: 5 })).records[0];
    const { id } = await h.call('contacts:create', {
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Title: 'Analyst',
      AccountId: account.Id,
      LeadSource: 'Web',
      Phone: '',
    });
    expect(id).toMatch(/^003/);
    const detail = await h.call('contacts:get', { id });
    expect(detail).toMatchObject({
      Id: id,
      Name: 'Ada Lovelace',
      Email: 'ada@example.com',
      Title: 'Analyst',
      AccountId: account.Id,
      AccountName: account.Name,
      LeadSource: 'Web',
      Phone: null,
    });
    expect(detail.CreatedDate).toMatch(/^\d{4}-/);
  });

  it('maps Salesforce validation errors onto the right field', async () => {
    const someContact = (await h.call('contacts:list', { pageSize: 5 })).records[0];
    const r = await h.raw('contacts:create', { LastName: 'Wrong Link', AccountId: someContact.Id });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: ['AccountId'] } });
    const missing = await h.raw('contacts:create', { LastName: 'Missing Link', AccountId: '001000000000000AAA' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: ['AccountId'] } });
  });

  it('an unknown record is NOT_FOUND', async () => {
    expect(await h.raw('contacts:get', { id: '003000000000000AAA' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('accounts', () => {
  it('lists, sorts and searches by name or city', async () => {
    const all = await h.call('accounts:list', { pageSize: 200, sortBy: 'AnnualRevenue', sortDir: 'desc' });
    expect(all.totalSize).toBe(count('SELECT COUNT(*) AS n FROM "Account" WHERE "IsDeleted" = 0'));
    const revenues = all.records.map((r) => r.AnnualRevenue).filter((v): v is number => v !== null);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    // NULLS LAST: every null revenue comes after the numbers
    const firstNull = all.records.findIndex((r) => r.AnnualRevenue === null);
    if (firstNull >= 0) expect(all.records.slice(firstNull).every((r) => r.AnnualRevenue === null)).toBe(true);

    const withCity = all.records.find((r) => r.BillingCity)!;
    const byCity = await h.call('accounts:list', { search: withCity.BillingCity!.toLowerCase() });
    expect(byCity.records.map((r) => r.Id)).toContain(withCity.Id);
    const byName = await h.call('accounts:list', { search: withCity.Name.slice(0, 6) });
    expect(byName.records.map((r) => r.Id)).toContain(withCity.Id);
  });

  it('shows detail with the contact and open-opportunity counts', async () => {
    const account = (await h.call('accounts:list', { pageSize: 5, sortBy: 'Name' })).records[0];
    const detail = await h.call('accounts:get', { id: account.Id });
    expect(detail.contactCount).toBe(count('SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0 AND "AccountId" = ?', account.Id));
    expect(detail.openOpportunityCount).toBe(
      count('SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsDeleted" = 0 AND "AccountId" = ? AND "IsClosed" = 0', account.Id),
    );
    expect(detail.Name).toBe(account.Name);
  });

  it('creates an account, finds it with the type-ahead lookup', async () => {
    const { id } = await h.call('accounts:create', {
      Name: 'Quill & Ink Ltd',
      Industry: 'Media',
      BillingCity: 'Leeds',
      AnnualRevenue: 1_250_000,
      NumberOfEmployees: 12,
    });
    const detail = await h.call('accounts:get', { id });
    expect(detail).toMatchObject({ Name: 'Quill & Ink Ltd', Industry: 'Media', BillingCity: 'Leeds', AnnualRevenue: 1_250_000, contactCount: 0 });
    const lookup = await h.call('accounts:lookup', { search: 'quill & i' });
    expect(lookup).toEqual([{ Id: id, Name: 'Quill & Ink Ltd', BillingCity: 'Leeds' }]);
    expect((await h.call('accounts:lookup', { search: '' })).length).toBeLessThanOrEqual(10);
  });

  it('reads form picklists from describe, cached per connection', async () => {
    const account = await h.call('accounts:picklists', { object: 'Account' });
    expect(Object.keys(account).sort()).toEqual(['Industry', 'Rating', 'Type']);
    expect(account.Industry.map((o) => o.value)).toContain('Technology');
    const contact = await h.call('accounts:picklists', { object: 'Contact' });
    expect(Object.keys(contact)).toEqual(['LeadSource']);
    const again = await h.call('accounts:picklists', { object: 'Account' });
    expect(again).toEqual(account);
  });
});

/**
 * The path the Contacts and Accounts screens use: the Demo org synced into the local cache, read
 * with records:list / records:get, written with records:create through the outbox and jsforce.
 */
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

  const org = (sql: string, ...params: unknown[]) => c.emulator().store.db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
  type Page<R> = Omit<RecordListPage, 'rows'> & { rows: R[] };
  const listContacts = async (query: Omit<Extract<RecordListQuery, { object: 'Contact' }>, 'object'>) =>
    (await c.call('records:list', { object: 'Contact', ...query })) as Page<ContactListRow>;
  const listAccounts = async (query: Omit<Extract<RecordListQuery, { object: 'Account' }>, 'object'>) =>
    (await c.call('records:list', { object: 'Account', ...query })) as Page<AccountListRow>;

  it('lists the synced contacts with the org’s count, sorted both ways, searched and narrowed to an account', async () => {
    const owned = org(`SELECT "Id" FROM "Contact" WHERE "IsDeleted" = 0 AND "OwnerId" = ?`, me).length;
    const asc = await listContacts({ sortBy: 'Name', limit: 500 });
    expect(asc.freshness.state).toBe('ready');
    expect(asc.totalCount).toBe(owned);
    const names = asc.rows.map((r) => r.Name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || 0));
    const desc = await listContacts({ sortBy: 'Name', sortDir: 'desc', limit: 1 });
    expect(desc.rows[0].Id).toBe(asc.rows.at(-1)!.Id);

    const sample = asc.rows.find((r) => r.AccountId && r.Email)!;
    const lastName = sample.Name!.split(' ').pop()!;
    const found = await listContacts({ search: lastName, limit: 500 });
    expect(found.rows.map((r) => r.Id)).toContain(sample.Id);
    expect(found.rows.every((r) => `${r.Name} ${r.Email} ${r['Account.Name']} ${r.Title} ${r.Phone}`.toLowerCase().includes(lastName.toLowerCase()))).toBe(true);

    const ofAccount = await listContacts({ filters: { accountId: sample.AccountId! }, limit: 500 });
    expect(ofAccount.rows.map((r) => r.AccountId)).toEqual(ofAccount.rows.map(() => sample.AccountId));
    const mine = await listContacts({ filters: { ownedByMe: true }, limit: 1 });
    expect(mine.totalCount).toBe(owned);
  });

  it('an account’s detail lists its contacts, opportunities and cases; a contact’s its cases and its account’s opportunities', async () => {
    const accounts = await listAccounts({ sortBy: 'Name', limit: 500 });
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
    const account = (await listAccounts({ sortBy: 'Name', limit: 1 })).rows[0];
    const saved = await c.call('records:create', {
      object: 'Contact',
      values: { FirstName: 'Ada', LastName: 'Lovelace-Cache', Email: 'ada@example.com', AccountId: account.Id, LeadSource: 'Web' },
    });
    expect(saved.state).toBe('saved');
    expect(saved.recordId).toMatch(/^003[A-Za-z0-9]{15}$/);
    expect(org(`SELECT "LastName", "Email", "AccountId" FROM "Contact" WHERE "Id" = ?`, saved.recordId)).toEqual([
      { LastName: 'Lovelace-Cache', Email: 'ada@example.com', AccountId: account.Id },
    ]);
    const listed = await listContacts({ search: 'Lovelace-Cache' });
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
});
