import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_USERNAME } from '../../src/emulator/demo-app';
import { generateDemoOrg } from '../../src/emulator/org/generate';
import { OPPORTUNITY_STAGES } from '../../src/emulator/org/schema';
import { openOrgStore } from '../../src/emulator/org/store';
import type { OrgStore } from '../../src/emulator/org/types';

const NOW = new Date('2025-06-15T16:00:00.000Z');

function generated(seed: number, scale: number) {
  const store = openOrgStore({ now: () => NOW });
  const result = generateDemoOrg(store, { seed, scale });
  return { store, result };
}

/** A digest of every row of every object table, in Id order. */
function digest(store: OrgStore): string {
  const hash = createHash('sha256');
  for (const object of store.schema.objects) {
    for (const row of store.db.prepare(`SELECT * FROM "${object.name}" ORDER BY "Id"`).iterate()) {
      hash.update(JSON.stringify(row));
    }
  }
  return hash.digest('hex');
}

const count = (store: OrgStore, sql: string, ...params: unknown[]) => (store.db.prepare(sql).get(...params) as { n: number }).n;

describe('generateDemoOrg', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generated(7, 60);
    const b = generated(7, 60);
    const c = generated(8, 60);
    expect(digest(a.store)).toBe(digest(b.store));
    expect(a.result).toEqual(b.result);
    expect(digest(a.store)).not.toBe(digest(c.store));
    for (const s of [a.store, b.store, c.store]) s.close();
  });

  it('produces the expected volumes at scale 200', () => {
    const { store } = generated(42, 200);
    const n = (object: string) => count(store, `SELECT COUNT(*) AS n FROM "${object}"`);
    expect(n('Organization')).toBe(1);
    expect(n('Profile')).toBe(2);
    expect(n('User')).toBe(6);
    expect(n('Account')).toBe(200);
    expect(n('Contact')).toBeGreaterThanOrEqual(200 * 2.5);
    expect(n('Contact')).toBeLessThanOrEqual(200 * 3.5);
    expect(n('Opportunity')).toBeGreaterThanOrEqual(200 * 1.6);
    expect(n('Opportunity')).toBeLessThanOrEqual(200 * 2.4);
    expect(n('Lead')).toBe(200);
    expect(n('Case')).toBe(300);
    expect(n('Campaign')).toBe(6);
    expect(n('CampaignMember')).toBeGreaterThan(100);
    expect(n('Task')).toBeGreaterThan(200);
    expect(n('Event')).toBeGreaterThan(50);
    expect(n('Competitor__c')).toBeGreaterThan(50);
    // Scale sets the campaign count once it passes 240 accounts.
    const big = generated(1, 400);
    expect(count(big.store, 'SELECT COUNT(*) AS n FROM "Campaign"')).toBe(10);
    big.store.close();
    store.close();
  });

  it('creates the org, profiles and the demo user the emulator logs in as', () => {
    const { store, result } = generated(3, 20);
    expect(result.userIds).toHaveLength(6);
    expect(result.userIds[0]).toBe(result.demoUserId);
    const org = store.db.prepare('SELECT * FROM "Organization"').get() as Record<string, unknown>;
    expect(org).toMatchObject({ Id: store.orgId, OrganizationType: 'Developer Edition', IsSandbox: 0, NamespacePrefix: null });
    const demo = store.retrieve('User', result.demoUserId)!;
    expect(demo).toMatchObject({ Username: DEMO_USERNAME, Name: 'Dana Demo', IsActive: true });
    const profile = store.retrieve('Profile', demo.ProfileId as string)!;
    expect(profile.Name).toBe('System Administrator');
    // Colleagues own records too.
    const owners = count(store, 'SELECT COUNT(DISTINCT "OwnerId") AS n FROM "Account"');
    expect(owners).toBeGreaterThan(2);
    expect(() => generateDemoOrg(store, { seed: 3, scale: 20 })).toThrow(/already has data/);
    store.close();
  });

  it('fills every external Id and keeps records consistent', () => {
    const { store } = generated(11, 150);
    for (const object of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign']) {
      expect(count(store, `SELECT COUNT(*) AS n FROM "${object}" WHERE "External_Id__c" IS NULL`), object).toBe(0);
    }
    // Opportunity fields follow the stage; past close dates are mostly closed.
    for (const stage of OPPORTUNITY_STAGES) {
      const wrong = count(
        store,
        'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "StageName" = ? AND ("Probability" <> ? OR "IsWon" <> ? OR "IsClosed" <> ?)',
        stage.value,
        stage.probability,
        stage.won ? 1 : 0,
        stage.closed ? 1 : 0,
      );
      expect(wrong, stage.value).toBe(0);
    }
    const today = NOW.toISOString().slice(0, 10);
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsClosed" = 1 AND "CloseDate" > ?', today)).toBe(0);
    const past = count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "CloseDate" < ?', today);
    const pastClosed = count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "CloseDate" < ? AND "IsClosed" = 1', today);
    expect(pastClosed / past).toBeGreaterThan(0.75);
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "CloseDate" > ?', today)).toBeGreaterThan(0);
    // Audit dates lie in the past and in order.
    const nowText = '2025-06-15T16:00:00.000+0000';
    for (const object of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Task']) {
      expect(count(store, `SELECT COUNT(*) AS n FROM "${object}" WHERE "CreatedDate" > ? OR "LastModifiedDate" < "CreatedDate"`, nowText), object).toBe(0);
    }
    // Converted leads point at real records.
    const converted = store.db.prepare('SELECT * FROM "Lead" WHERE "IsConverted" = 1').all() as Array<Record<string, string>>;
    expect(converted.length).toBeGreaterThan(0);
    for (const lead of converted) {
      expect(lead.Status).toBe('Closed - Converted');
      expect(store.retrieve('Account', lead.ConvertedAccountId)).toBeDefined();
      if (lead.ConvertedContactId) expect(store.retrieve('Contact', lead.ConvertedContactId)?.AccountId).toBe(lead.ConvertedAccountId);
    }
    // Closed cases carry a closed date; case numbers are unique 8-digit strings.
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Case" WHERE "IsClosed" = 1 AND "ClosedDate" IS NULL')).toBe(0);
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Case" WHERE length("CaseNumber") <> 8')).toBe(0);
    // Contacts belong to existing accounts.
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Contact" c LEFT JOIN "Account" a ON a."Id" = c."AccountId" WHERE a."Id" IS NULL')).toBe(0);
    store.close();
  });

  it('sets LastActivityDate as the store computes it', () => {
    const { store } = generated(5, 80);
    const today = NOW.toISOString().slice(0, 10);
    const expected = store.db.prepare(
      `SELECT MAX(d) AS d FROM (
         SELECT MAX("ActivityDate") AS d FROM "Task" WHERE "IsClosed" = 1 AND ("WhoId" = @id OR "WhatId" = @id OR "AccountId" = @id)
         UNION ALL
         SELECT MAX("ActivityDate") FROM "Event" WHERE "ActivityDate" <= @today AND ("WhoId" = @id OR "WhatId" = @id OR "AccountId" = @id))`,
    );
    let withActivity = 0;
    for (const object of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case']) {
      const rows = store.db.prepare(`SELECT "Id", "LastActivityDate" FROM "${object}"`).all() as Array<{ Id: string; LastActivityDate: string | null }>;
      for (const row of rows) {
        const { d } = expected.get({ id: row.Id, today }) as { d: string | null };
        expect(row.LastActivityDate, `${object} ${row.Id}`).toBe(d);
        if (d) withActivity++;
      }
    }
    expect(withActivity).toBeGreaterThan(50);
    store.close();
  });

  it('leaves a store the normal API keeps working on', () => {
    const { store, result } = generated(9, 50);
    const as = { userId: result.demoUserId };
    const accountId = (store.db.prepare('SELECT "Id" FROM "Account" LIMIT 1').get() as { Id: string }).Id;
    store.update('Account', accountId, { Name: 'Renamed' }, as);
    const contact = store.create('Contact', { LastName: 'New', AccountId: accountId }, as);
    expect(store.retrieve('Contact', contact)?.AccountId).toBe(accountId);
    const caseId = store.create('Case', { Subject: 'New case' }, as);
    expect(store.retrieve('Case', caseId)?.CaseNumber).toBe(String(1000 + 75 + 1).padStart(8, '0'));
    expect(store.findByExternalId('Account', 'External_Id__c', 'ACC-000001')).toHaveLength(1);
    expect(store.upsert('Account', 'External_Id__c', 'ACC-000002', { Rating: 'Hot' }, as).created).toBe(false);
    store.delete('Account', accountId, as);
    store.undelete('Account', accountId, as);
    store.close();
  });

  it('reports its generation time (printed, not asserted)', () => {
    const scale = 2000;
    const store = openOrgStore({ now: () => NOW });
    const started = performance.now();
    generateDemoOrg(store, { seed: 1, scale });
    const elapsed = performance.now() - started;
    const rows = store.schema.objects.reduce((sum, o) => sum + count(store, `SELECT COUNT(*) AS n FROM "${o.name}"`), 0);
    console.log(`generateDemoOrg scale ${scale}: ${rows} rows in ${Math.round(elapsed)} ms`);
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Account"')).toBe(scale);
    store.close();
  }, 120_000);
});
