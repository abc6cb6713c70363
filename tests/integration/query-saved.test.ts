/**
 * The console's history and saved queries live in the app database per Salesforce org: they
 * survive a restart of the core (and a cleared cache), are searched, renamed, moved between
 * folders, and exported and imported as JSON (same folder and name: updated). The autocomplete
 * schema is kept in the org's cache database: read once from the org, then served without a call,
 * after a restart too.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';

const harnesses: Harness[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  for (const h of harnesses) await h.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Harness> {
  const h = await createHarness({ dataDir, keepDataDir: true, scale: 5, settings: { sync: { intervalMinutes: 0 } } });
  dataDir = h.dataDir;
  harnesses.push(h);
  return h;
}

describe('history and saved queries', () => {
  it('survive a restart of the core', async () => {
    const first = await start();
    await first.loginDemo();
    await first.call('query:run', { soql: 'SELECT Id, Name FROM Account LIMIT 3', target: 'org' });
    await first.raw('query:run', { soql: 'SELECT Id FROM Nowhere__c LIMIT 1', target: 'org' });
    const saved = await first.call('query:saved-save', {
      name: 'Big deals',
      folder: 'Pipeline',
      description: 'Open opportunities over 100k',
      soql: 'SELECT Id, Name, Amount FROM Opportunity WHERE Amount > 100000 AND IsClosed = false',
    });
    await first.call('query:saved-save', { name: 'My accounts', soql: 'SELECT Id, Name FROM Account WHERE OwnerId != null' });
    await first.call('query:saved-save', { name: 'Hot leads', folder: 'Leads', soql: "SELECT Id FROM Lead WHERE Rating = 'Hot'" });
    const history = await first.call('query:history', {});
    expect(history.entries.map((e) => [e.soql, e.rows, e.error === null])).toEqual([
      ['SELECT Id FROM Nowhere__c LIMIT 1', null, false],
      ['SELECT Id, Name FROM Account LIMIT 3', 3, true],
    ]);
    await first.close();
    harnesses.pop();

    const second = await start();
    expect((await second.call('query:history', {})).entries).toEqual(history.entries);
    const list = await second.call('query:saved-list', {});
    expect(list.folders).toEqual(['Leads', 'Pipeline']);
    expect(list.queries.map((q) => [q.folder, q.name])).toEqual([
      ['', 'My accounts'],
      ['Leads', 'Hot leads'],
      ['Pipeline', 'Big deals'],
    ]);
    expect(list.queries.find((q) => q.id === saved.id)).toEqual(saved);
  }, 60_000);

  it('are searched, renamed, moved, described and deleted', async () => {
    const h = harnesses[0];
    const { queries } = await h.call('query:saved-list', {});
    const bigDeals = queries.find((q) => q.name === 'Big deals')!;
    expect((await h.call('query:saved-list', { search: '100k' })).queries.map((q) => q.name)).toEqual(['Big deals']);
    expect((await h.call('query:saved-list', { search: 'lead' })).queries.map((q) => q.name)).toEqual(['Hot leads']);
    // LIKE's wildcards are taken literally.
    expect((await h.call('query:saved-list', { search: '%' })).queries).toEqual([]);

    const renamed = await h.call('query:saved-save', { id: bigDeals.id, name: 'Whales', folder: 'Forecast', description: 'Renamed', soql: bigDeals.soql });
    expect(renamed).toMatchObject({ id: bigDeals.id, name: 'Whales', folder: 'Forecast', description: 'Renamed', createdAt: bigDeals.createdAt });
    expect((await h.call('query:saved-list', {})).folders).toEqual(['Forecast', 'Leads']);

    const clash = await h.raw('query:saved-save', { name: 'Hot leads', folder: 'Leads', soql: 'SELECT Id FROM Lead' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['name'] } });
    expect(!clash.ok && clash.error.message).toBe('A saved query named "Hot leads" already exists in the folder "Leads". Choose another name.');

    expect(await h.call('query:saved-delete', { id: renamed.id })).toEqual({ deleted: true });
    expect(await h.call('query:saved-delete', { id: renamed.id })).toEqual({ deleted: false });
    expect(await h.call('query:history-clear', {})).toEqual({ cleared: 2 });
    expect((await h.call('query:history', {})).entries).toEqual([]);
  });

  it('export to JSON and import back: new ones added, same folder and name updated', async () => {
    const h = harnesses[0];
    const exported = await h.call('query:saved-export', {});
    expect(exported.count).toBe(2);
    expect(exported.fileName).toMatch(/^saved-queries-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(exported.json) as { format: string; version: number; queries: Array<Record<string, string>> };
    expect(doc).toMatchObject({ format: 'atom-saved-queries', version: 1 });
    expect(doc.queries).toEqual([
      { name: 'My accounts', folder: '', description: '', soql: 'SELECT Id, Name FROM Account WHERE OwnerId != null' },
      { name: 'Hot leads', folder: 'Leads', description: '', soql: "SELECT Id FROM Lead WHERE Rating = 'Hot'" },
    ]);
    doc.queries[1].soql = "SELECT Id, Name FROM Lead WHERE Rating = 'Hot'";
    doc.queries.push({ name: 'Cases', folder: 'Service', description: 'All of them', soql: 'SELECT Id FROM Case' });
    expect(await h.call('query:saved-import', { json: JSON.stringify(doc) })).toEqual({ added: 1, updated: 2 });
    const list = await h.call('query:saved-list', {});
    expect(list.queries.map((q) => [q.folder, q.name, q.soql])).toEqual([
      ['', 'My accounts', 'SELECT Id, Name FROM Account WHERE OwnerId != null'],
      ['Leads', 'Hot leads', "SELECT Id, Name FROM Lead WHERE Rating = 'Hot'"],
      ['Service', 'Cases', 'SELECT Id FROM Case'],
    ]);
    const bad = await h.raw('query:saved-import', { json: JSON.stringify({ ...doc, queries: [...doc.queries, { name: 'Wipe', soql: 'DELETE FROM Case' }] }) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['json'] } });
    expect(!bad.ok && bad.error.message).toMatch(/^The file can't be imported: query 4 \("Wipe"\): Only SELECT queries can run here/);
    // All or nothing: the refused file changed nothing.
    expect((await h.call('query:saved-list', {})).queries).toEqual(list.queries);
  });
});

describe('the autocomplete schema', () => {
  it('comes from the org once, then from the cache database, after a restart too', async () => {
    const h = harnesses[0];
    // After the restart the Demo org starts with the first session.
    await h.call('query:run', { soql: 'SELECT Id FROM Account LIMIT 1', target: 'org' });
    const requests = () => h.emulator().requestsReceived();
    const before = requests();
    const objects = await h.call('query:schema', {});
    const account = await h.call('query:schema', { object: 'account' });
    expect(account.source).toBe('org');
    expect(objects.objects.find((o) => o.name === 'Account')).toEqual({ name: 'Account', label: 'Account', cached: true });
    expect(objects.objects.find((o) => o.name === 'User')).toMatchObject({ cached: false });
    expect(account.object).toMatchObject({ name: 'Account', label: 'Account' });
    const owner = account.object!.fields.find((f) => f.name === 'OwnerId')!;
    expect(owner).toMatchObject({ relationshipName: 'Owner', referenceTo: ['User'], type: 'reference' });
    const industry = account.object!.fields.find((f) => f.name === 'Industry')!;
    expect(industry.picklistValues.length).toBeGreaterThan(3);
    expect(account.object!.childRelationships).toContainEqual({ relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' });
    expect(account.object!.cachedFields).toContain('Name');
    const used = requests() - before;
    expect(used).toBeGreaterThan(0);

    expect(await h.call('query:schema', { object: 'Account' })).toEqual({ ...account, source: 'cache' });
    // The describe also serves Account's form (and the offline engine's picklist order): no call for it.
    expect((await h.call('describe:form', { object: 'Account' })).source).toBe('cache');
    expect(requests() - before).toBe(used);
    await h.close();
    harnesses.pop();

    const again = await start();
    expect(await again.call('query:schema', { object: 'Account' })).toEqual({ ...account, source: 'cache' });
    const bad = await again.raw('query:schema', { object: 'Account; DROP' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  }, 60_000);
});
