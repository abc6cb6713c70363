/**
 * The cockpit's data through the app's sync against the emulator: the org's settings, stages, lead
 * and task statuses (one Composite call, at the first sync and daily), OpportunityHistory (a first load,
 * then only when an opportunity changed, and by Id for deals that arrive later), the analytic typed
 * columns, and CurrencyIsoCode only where the org has it. A quiet sync still costs one call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { defaultTaskStatuses, readLeadStatuses, readOrgSettings, readStages, readTaskStatuses } from '../../src/main/core/cache/reference.repo';
import { referenceDataDue } from '../../src/main/core/sync/reference-sync';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Row = Record<string, unknown>;

function withCache<T>(connectionId: string, read: (db: ReturnType<typeof openOrgCache>) => T): T {
  const db = openOrgCache((h as Harness).dataDir, connectionId);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The org's history rows of the demo user's opportunities, Id → StageName. */
function orgHistoryOfMine(): Map<string, string> {
  const { store, demoUserId } = (h as Harness).emulator();
  const rows = store.db
    .prepare(
      `SELECT h."Id", h."StageName" FROM "OpportunityHistory" h JOIN "Opportunity" o ON o."Id" = h."OpportunityId"
        WHERE o."OwnerId" = ? AND o."IsDeleted" = 0 AND h."IsDeleted" = 0`,
    )
    .all(demoUserId) as Array<{ Id: string; StageName: string }>;
  return new Map(rows.map((r) => [r.Id, r.StageName]));
}

describe('the cockpit data of a sync', () => {
  it('reads settings, stages, statuses and my history at the first sync; a quiet sync costs one call; a change costs one more', async () => {
    h = await createHarness({ scale: 30, emulator: { fiscalYearStartMonth: 4 }, settings: { sync: { scope: 'mine', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    const first = await syncAndWait(h);
    expect(first.lastRun).toMatchObject({ outcome: 'ok', error: null });
    const { store, demoUserId } = h.emulator();

    withCache(connectionId, (db) => {
      const settings = readOrgSettings(db);
      expect(settings).toMatchObject({ fiscalYearStartMonth: 4, usesStartDateAsFiscalYearName: false, multiCurrency: false, currencies: [] });
      expect(referenceDataDue(db, {})).toBe(false);
      const orgStages = store.db.prepare(`SELECT "ApiName" FROM "OpportunityStage" ORDER BY "SortOrder"`).pluck().all();
      expect(readStages(db)).toMatchObject({ fromOrg: true });
      expect(readStages(db).stages.map((s) => s.name)).toEqual(orgStages);
      expect(readStages(db).stages.find((s) => s.name === 'Closed Won')).toMatchObject({ isClosed: true, isWon: true, defaultProbability: 100 });
      const orgStatuses = store.db.prepare(`SELECT "ApiName" FROM "LeadStatus" ORDER BY "SortOrder"`).pluck().all();
      expect(readLeadStatuses(db).statuses.map((s) => s.name)).toEqual(orgStatuses);
      // The task statuses, the fifth query of the same Composite (issue 11).
      const orgTaskStatuses = store.db.prepare(`SELECT "ApiName", "IsClosed", "IsDefault" FROM "TaskStatus" ORDER BY "SortOrder"`).all() as Row[];
      expect(readTaskStatuses(db)).toMatchObject({ fromOrg: true });
      expect(readTaskStatuses(db).statuses.map((s) => ({ ApiName: s.name, IsClosed: s.isClosed ? 1 : 0, IsDefault: s.isDefault ? 1 : 0 }))).toEqual(
        orgTaskStatuses,
      );
      expect(defaultTaskStatuses(db)).toEqual({ open: 'Not Started', closed: 'Completed' });

      // History: exactly the rows of my opportunities (the generated org is younger than the two-year window).
      const cached = new Map((db.prepare(`SELECT id, stage_name FROM opportunity_history`).all() as Row[]).map((r) => [r.id, r.stage_name]));
      expect(cached.size).toBeGreaterThan(0);
      expect(cached).toEqual(orgHistoryOfMine());

      // The analytic typed columns equal the record's fields; no CurrencyIsoCode in a single-currency org.
      const opps = db
        .prepare(`SELECT fields, flag_a, flag_b, text_a, text_b, number_a, date_a, date_b FROM records WHERE object = 'Opportunity'`)
        .all() as Row[];
      expect(opps.length).toBeGreaterThan(0);
      for (const row of opps) {
        const f = JSON.parse(String(row.fields)) as Row;
        expect(f).not.toHaveProperty('CurrencyIsoCode');
        expect(row).toMatchObject({
          flag_a: f.IsClosed ? 1 : 0,
          flag_b: f.IsWon ? 1 : 0,
          text_a: f.ForecastCategoryName ?? null,
          text_b: null,
          number_a: f.Probability ?? null,
          date_a: f.LastActivityDate ?? null,
          date_b: f.LastStageChangeDate ?? null,
        });
      }
    });

    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });

    // A stage change writes a history row: the Composite check brings the deal, one query its history.
    const mine = store.db
      .prepare(`SELECT "Id" FROM "Opportunity" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "IsDeleted" = 0 LIMIT 1`)
      .pluck()
      .get(demoUserId) as string;
    store.update('Opportunity', mine, { StageName: 'Negotiation/Review', Amount: 123_456 }, { userId: demoUserId });
    const changed = await syncAndWait(h);
    expect(changed.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 2 });
    withCache(connectionId, (db) => {
      const newest = db
        .prepare(`SELECT stage_name, amount FROM opportunity_history WHERE opportunity_id = ? ORDER BY created_date DESC, id DESC LIMIT 1`)
        .get(mine);
      expect(newest).toEqual({ stage_name: 'Negotiation/Review', amount: 123_456 });
      expect(new Map((db.prepare(`SELECT id, stage_name FROM opportunity_history`).all() as Row[]).map((r) => [r.id, r.stage_name]))).toEqual(
        orgHistoryOfMine(),
      );
    });
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });

    // A deal transferred to me arrives with its older history, read by Id.
    const theirs = store.db
      .prepare(`SELECT "Id" FROM "Opportunity" WHERE "OwnerId" <> ? AND "IsDeleted" = 0 AND "Id" IN (SELECT "OpportunityId" FROM "OpportunityHistory") LIMIT 1`)
      .pluck()
      .get(demoUserId) as string;
    store.update('Opportunity', theirs, { OwnerId: demoUserId }, { userId: demoUserId });
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
    withCache(connectionId, (db) => {
      expect(db.prepare(`SELECT count(*) FROM opportunity_history WHERE opportunity_id = ?`).pluck().get(theirs)).toBeGreaterThan(0);
      expect(new Map((db.prepare(`SELECT id, stage_name FROM opportunity_history`).all() as Row[]).map((r) => [r.id, r.stage_name]))).toEqual(
        orgHistoryOfMine(),
      );
    });
  });

  it('a multi-currency org: CurrencyIsoCode is synced into its column; the currencies are known', async () => {
    h = await createHarness({ scale: 20, emulator: { currencies: ['USD', 'EUR', 'GBP'] }, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok', error: null });
    withCache(connectionId, (db) => {
      expect(readOrgSettings(db)).toMatchObject({ multiCurrency: true });
      expect(readOrgSettings(db)?.currencies.map((c) => c.isoCode)).toEqual(['USD', 'EUR', 'GBP']);
      const rows = db.prepare(`SELECT json_extract(fields, '$.CurrencyIsoCode') AS json, text_b FROM records WHERE object = 'Opportunity'`).all() as Row[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => typeof r.json === 'string' && r.json === r.text_b)).toBe(true);
      expect(new Set(rows.map((r) => r.text_b)).size).toBeGreaterThan(1);
    });
    // A record written through the outbox is read back with the org's fields, CurrencyIsoCode included.
    const { store } = h.emulator();
    const opp = store.db.prepare(`SELECT "Id" FROM "Opportunity" WHERE "IsDeleted" = 0 LIMIT 1`).pluck().get() as string;
    await h.call('records:update', { object: 'Opportunity', id: opp, values: { NextStep: 'Send the proposal' } });
    for (let i = 0; i < 200; i++) {
      const pending = withCache(connectionId, (db) => db.prepare(`SELECT local_state FROM records WHERE object = 'Opportunity' AND id = ?`).pluck().get(opp));
      if (pending === 'synced') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    withCache(connectionId, (db) => {
      const row = db
        .prepare(`SELECT local_state, text_b, json_extract(fields, '$.NextStep') AS next FROM records WHERE object = 'Opportunity' AND id = ?`)
        .get(opp) as Row;
      expect(row).toMatchObject({ local_state: 'synced', next: 'Send the proposal' });
      expect(typeof row.text_b).toBe('string');
    });
  });
});
