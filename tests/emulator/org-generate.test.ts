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

  it("writes each opportunity's stage history, ending in the opportunity's current values", () => {
    const { store } = generated(21, 120);
    const opportunities = store.db.prepare('SELECT * FROM "Opportunity"').all() as Array<Record<string, any>>;
    const histories = new Map<string, Array<Record<string, any>>>();
    for (const row of store.db.prepare('SELECT * FROM "OpportunityHistory" ORDER BY "CreatedDate", "Id"').iterate() as Iterable<Record<string, any>>) {
      const list = histories.get(row.OpportunityId) ?? [];
      list.push(row);
      histories.set(row.OpportunityId, list);
    }
    const order = new Map(OPPORTUNITY_STAGES.map((s, i) => [s.value, i]));
    for (const opp of opportunities) {
      const rows = histories.get(opp.Id)!;
      expect(rows.length, opp.Id).toBeGreaterThan(0);
      const last = rows.at(-1)!;
      for (const f of ['StageName', 'Amount', 'CloseDate', 'Probability', 'ExpectedRevenue', 'ForecastCategory']) {
        expect(last[f], `${opp.Id} ${f}`).toBe(opp[f]);
      }
      // Created with the opportunity, in order, none after its last modification.
      expect(rows[0].CreatedDate).toBe(opp.CreatedDate);
      expect(rows[0]).toMatchObject({ PrevAmount: null, PrevCloseDate: null });
      expect(last.CreatedDate <= opp.LastModifiedDate).toBe(true);
      let lastStageChange = rows[0].CreatedDate;
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].CreatedDate > rows[i - 1].CreatedDate).toBe(true);
        expect(rows[i]).toMatchObject({ PrevAmount: rows[i - 1].Amount, PrevCloseDate: rows[i - 1].CloseDate });
        // Stages only move forward in the org's order.
        expect(order.get(rows[i].StageName)! >= order.get(rows[i - 1].StageName)!).toBe(true);
        if (rows[i].StageName !== rows[i - 1].StageName) lastStageChange = rows[i].CreatedDate;
      }
      expect(opp.LastStageChangeDate).toBe(lastStageChange);
    }
    store.close();
  });

  it('has changes in the last four weeks of every kind a pipeline waterfall shows', () => {
    const { store } = generated(21, 120);
    const since = '2025-05-18T16:00:00.000+0000';
    const n = (where: string) => count(store, `SELECT COUNT(*) AS n FROM "OpportunityHistory" WHERE "CreatedDate" >= ? AND ${where}`, since);
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "CreatedDate" >= ?', since), 'new').toBeGreaterThan(0);
    expect(n('"CloseDate" > "PrevCloseDate"'), 'pushed out').toBeGreaterThan(0);
    expect(n('"CloseDate" < "PrevCloseDate" AND "StageName" NOT LIKE \'Closed%\''), 'pulled in').toBeGreaterThan(0);
    expect(n('"Amount" > "PrevAmount"'), 'increased').toBeGreaterThan(0);
    expect(n('"Amount" < "PrevAmount"'), 'decreased').toBeGreaterThan(0);
    expect(n('"StageName" = \'Closed Won\''), 'won').toBeGreaterThan(0);
    expect(n('"StageName" = \'Closed Lost\''), 'lost').toBeGreaterThan(0);
    const today = NOW.toISOString().slice(0, 10);
    const weekStart = '2025-06-15'; // NOW is a Sunday
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsClosed" = 0 AND "CloseDate" < ?', today), 'overdue').toBeGreaterThan(0);
    expect(
      count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsClosed" = 0 AND "CloseDate" >= ? AND "CloseDate" < ?', weekStart, '2025-06-22'),
      'this week',
    ).toBeGreaterThan(0);
    // Most deals carry a last activity date.
    const withActivity = count(store, 'SELECT COUNT(*) AS n FROM "Opportunity" WHERE "LastActivityDate" IS NOT NULL');
    expect(withActivity / count(store, 'SELECT COUNT(*) AS n FROM "Opportunity"')).toBeGreaterThan(0.4);
    store.close();
  });

  it("gives the demo user an agenda dated from the generator's now, consistent as the store would save it", () => {
    const { store, result } = generated(13, 60);
    const me = result.demoUserId;
    const today = NOW.toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const tasks = (where: string, ...params: unknown[]) => count(store, `SELECT COUNT(*) AS n FROM "Task" WHERE "OwnerId" = ? AND ${where}`, me, ...params);
    expect(tasks('"IsClosed" = 0 AND "ActivityDate" = ?', today), 'due today').toBeGreaterThanOrEqual(3);
    expect(tasks('"IsClosed" = 0 AND "ActivityDate" < ?', today), 'overdue').toBeGreaterThanOrEqual(4);
    expect(tasks('"IsClosed" = 0 AND "ActivityDate" > ? AND "ActivityDate" <= ?', today, inDays(7)), 'next 7 days').toBeGreaterThanOrEqual(5);
    expect(tasks('"IsClosed" = 0 AND "ActivityDate" IS NULL'), 'no due date').toBeGreaterThanOrEqual(2);
    expect(tasks('"IsClosed" = 1 AND "CompletedDateTime" >= ?', `${inDays(-7)}T00:00:00.000+0000`), 'completed lately').toBeGreaterThanOrEqual(5);
    expect(
      tasks('"TaskSubtype" = \'Call\' AND "IsClosed" = 1 AND "CallDurationInSeconds" > 0 AND "ActivityDate" >= ?', inDays(-7)),
      'calls logged',
    ).toBeGreaterThanOrEqual(2);
    const events = (where: string, ...params: unknown[]) => count(store, `SELECT COUNT(*) AS n FROM "Event" WHERE "OwnerId" = ? AND ${where}`, me, ...params);
    expect(events('"ActivityDate" = ?', today), 'meetings today').toBeGreaterThanOrEqual(2);
    expect(events('"ActivityDate" > ? AND "ActivityDate" <= ?', today, inDays(7)), 'meetings this week').toBeGreaterThanOrEqual(4);
    // Colleagues' activities on the demo user's records.
    const theirs = count(
      store,
      `SELECT COUNT(*) AS n FROM "Task" t WHERE t."OwnerId" <> @me AND t."ActivityDate" >= @from AND (
         t."AccountId" IN (SELECT "Id" FROM "Account" WHERE "OwnerId" = @me) OR t."WhatId" IN (SELECT "Id" FROM "Opportunity" WHERE "OwnerId" = @me)
         OR t."WhoId" IN (SELECT "Id" FROM "Lead" WHERE "OwnerId" = @me))`,
      { me, from: inDays(-3) },
    );
    expect(theirs).toBeGreaterThanOrEqual(4);
    // Nothing dated in the future is completed, nothing is stamped after now, and the rows hold
    // what the store derives: AccountId from What or Who, IsClosed from the status, an event's end.
    const nowText = '2025-06-15T16:00:00.000+0000';
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Task" WHERE "IsClosed" = 1 AND "ActivityDate" > ?', today)).toBe(0);
    expect(
      count(store, 'SELECT COUNT(*) AS n FROM "Task" WHERE "CreatedDate" > ? OR "LastModifiedDate" > ? OR "CompletedDateTime" > ?', nowText, nowText, nowText),
    ).toBe(0);
    expect(count(store, `SELECT COUNT(*) AS n FROM "Task" WHERE "IsClosed" <> ("Status" = 'Completed')`)).toBe(0);
    const accountOf = store.db.prepare(
      `SELECT CASE WHEN t."WhatId" LIKE '001%' THEN t."WhatId"
                   WHEN t."WhatId" LIKE '006%' THEN (SELECT "AccountId" FROM "Opportunity" WHERE "Id" = t."WhatId")
                   WHEN t."WhoId" LIKE '003%' THEN (SELECT "AccountId" FROM "Contact" WHERE "Id" = t."WhoId") END AS expected, t."AccountId" AS actual
       FROM "Task" t WHERE t."OwnerId" = ?`,
    );
    for (const row of accountOf.all(me) as Array<{ expected: string | null; actual: string | null }>) expect(row.actual).toBe(row.expected);
    expect(count(store, `SELECT COUNT(*) AS n FROM "Task" WHERE "WhoId" LIKE '00Q%' AND "WhatId" IS NOT NULL`)).toBe(0);
    const ends = store.db
      .prepare('SELECT "StartDateTime" AS s, "EndDateTime" AS e, "DurationInMinutes" AS d FROM "Event" WHERE "OwnerId" = ?')
      .all(me) as Array<{
      s: string;
      e: string;
      d: number;
    }>;
    for (const row of ends) expect(Date.parse(row.e.replace('+0000', 'Z')) - Date.parse(row.s.replace('+0000', 'Z'))).toBe(row.d * 60_000);
    // A converted lead keeps no activity: they moved to what it became.
    expect(count(store, 'SELECT COUNT(*) AS n FROM "Task" WHERE "WhoId" IN (SELECT "Id" FROM "Lead" WHERE "IsConverted" = 1)')).toBe(0);
    store.close();
    // An org without accounts still gets the agenda, related to nothing.
    const empty = generated(13, 0);
    expect(
      count(empty.store, 'SELECT COUNT(*) AS n FROM "Task" WHERE "OwnerId" = ? AND "ActivityDate" = ?', empty.result.demoUserId, today),
    ).toBeGreaterThanOrEqual(3);
    empty.store.close();
  });

  it('converts leads after they were created, into opportunities created by the conversion', () => {
    const { store } = generated(21, 150);
    const converted = store.db.prepare('SELECT * FROM "Lead" WHERE "IsConverted" = 1').all() as Array<Record<string, any>>;
    let withOpportunity = 0;
    for (const lead of converted) {
      expect(lead.ConvertedDate >= lead.CreatedDate.slice(0, 10), lead.Id).toBe(true);
      expect(lead.LastModifiedDate >= lead.CreatedDate).toBe(true);
      if (!lead.ConvertedOpportunityId) continue;
      withOpportunity++;
      const opp = store.retrieve('Opportunity', lead.ConvertedOpportunityId)!;
      expect(opp.AccountId).toBe(lead.ConvertedAccountId);
      expect(String(opp.CreatedDate).slice(0, 10)).toBe(lead.ConvertedDate);
      expect(opp.LeadSource).toBe(lead.LeadSource);
    }
    expect(withOpportunity).toBeGreaterThan(converted.length / 2);
    expect(new Set(converted.map((l) => l.ConvertedOpportunityId).filter(Boolean)).size).toBe(withOpportunity);
    store.close();
  });

  it('writes the fiscal year setting and derives the fiscal fields from it', () => {
    const store = openOrgStore({ now: () => NOW });
    generateDemoOrg(store, { seed: 4, scale: 40, fiscalYearStartMonth: 4 });
    expect(store.db.prepare('SELECT "FiscalYearStartMonth" AS m, "UsesStartDateAsFiscalYearName" AS u FROM "Organization"').get()).toEqual({ m: 4, u: 0 });
    for (const row of store.db.prepare('SELECT "CloseDate", "FiscalYear", "FiscalQuarter", "Fiscal" FROM "Opportunity"').all() as Array<Record<string, any>>) {
      const [y, m] = [Number(row.CloseDate.slice(0, 4)), Number(row.CloseDate.slice(5, 7))];
      const year = m >= 4 ? y + 1 : y;
      const quarter = Math.floor(((m + 8) % 12) / 3) + 1;
      expect([row.FiscalYear, row.FiscalQuarter, row.Fiscal], row.CloseDate).toEqual([year, quarter, `${year} ${quarter}`]);
    }
    // The store's picklist values are stamped as set up with the org, by its users.
    const stage = store.db.prepare('SELECT "CreatedById", "CreatedDate" FROM "OpportunityStage" LIMIT 1').get() as Record<string, string>;
    expect(stage.CreatedById).toMatch(/^005/);
    expect(stage.CreatedDate < '2022-06-01').toBe(true);
    store.close();
  });

  it('keeps records of a multi-currency org in a mix of its currencies', () => {
    const store = openOrgStore({ now: () => NOW, currencies: ['USD', 'EUR', 'GBP', 'JPY'] });
    generateDemoOrg(store, { seed: 2, scale: 120 });
    for (const object of ['Account', 'Contact', 'Opportunity', 'OpportunityHistory', 'Lead', 'Case', 'Campaign', 'Competitor__c']) {
      expect(count(store, `SELECT COUNT(*) AS n FROM "${object}" WHERE "CurrencyIsoCode" IS NULL`), object).toBe(0);
    }
    const mix = store.db.prepare('SELECT "CurrencyIsoCode" AS c, COUNT(*) AS n FROM "Opportunity" GROUP BY 1').all() as Array<{ c: string; n: number }>;
    expect(mix.map((m) => m.c).sort()).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
    // Amounts are in the record's currency: yen deals are in the millions.
    const yen = store.db.prepare('SELECT MIN("Amount") AS low FROM "Opportunity" WHERE "CurrencyIsoCode" = \'JPY\'').get() as { low: number };
    expect(yen.low).toBeGreaterThanOrEqual(50 * 100 * 155 * 0.9);
    // A deal's history is kept in the deal's currency.
    expect(
      count(
        store,
        'SELECT COUNT(*) AS n FROM "OpportunityHistory" h JOIN "Opportunity" o ON o."Id" = h."OpportunityId" WHERE h."CurrencyIsoCode" <> o."CurrencyIsoCode"',
      ),
    ).toBe(0);
    expect(store.db.prepare('SELECT "IsoCode", "IsCorporate" FROM "CurrencyType" ORDER BY "Id"').all()).toEqual([
      { IsoCode: 'USD', IsCorporate: 1 },
      { IsoCode: 'EUR', IsCorporate: 0 },
      { IsoCode: 'GBP', IsCorporate: 0 },
      { IsoCode: 'JPY', IsCorporate: 0 },
    ]);
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
