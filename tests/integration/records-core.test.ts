/**
 * The CRM workspace's read side through the core's gate, after a real sync of the emulator's Demo
 * org: lists (never-synced before, the org's rows after, sorted/filtered/windowed), details with
 * related lists and campaign member counts, describe-driven form metadata, reads while the org is
 * unreachable, and writes re-validated against the describe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../src/shared/ipc';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness;
const emu = () => h.emulator();
const rows = <T>(sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .all(...params) as T[];
const goOffline = () => emu().faults.set({ resetRate: 1, failureRate: 0 });
const goOnline = () => emu().faults.set({ resetRate: 0, failureRate: 0 });

beforeAll(async () => {
  h = await createHarness({ scale: 20, settings: { sync: { scope: 'all', intervalMinutes: 0 } }, core: { outbox: { probeIntervalMs: 50 } } });
  await h.loginDemo();
});
afterAll(async () => {
  await h?.close();
});

describe('records through the gate', () => {
  it('before any sync a list says never-synced; after it, the lists are the org', async () => {
    const before = await h.call('records:list', { object: 'Opportunity' });
    expect(before).toMatchObject({ rows: [], totalCount: 0, freshness: { state: 'never-synced' } });

    const status = await syncAndWait(h);
    expect(status.lastRun).toMatchObject({ outcome: 'ok' });

    for (const object of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign'] as const) {
      const [{ n }] = rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "${object}" WHERE "IsDeleted" = 0`);
      const page = await h.call('records:list', { object, limit: 5 });
      expect(page.freshness, object).toMatchObject({ state: 'ready', stale: false });
      expect(page.totalCount, object).toBe(n);
      expect(page.rows.length, object).toBe(Math.min(5, n));
    }
  });

  it('opportunities: open ones by amount, descending, as the org has them', async () => {
    const page = (await h.call('records:list', {
      object: 'Opportunity',
      sortBy: 'Amount',
      sortDir: 'desc',
      filters: { status: 'open' },
      limit: 500,
    })) as Extract<OutputOf<'records:list'>, { object: 'Opportunity' }>;
    const org = rows<{ Id: string; Amount: number | null }>(`SELECT "Id", "Amount" FROM "Opportunity" WHERE "IsDeleted" = 0 AND "IsClosed" = 0`);
    expect(page.totalCount).toBe(org.length);
    expect(page.rows.map((r) => r.Id).sort()).toEqual(org.map((r) => r.Id).sort());
    const amounts = page.rows.map((r) => r.Amount ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(page.rows.every((r) => r.IsClosed === false)).toBe(true);
  });

  it('an account detail has its contacts, opportunities and cases from the cache', async () => {
    const [account] = rows<{ Id: string }>(
      `SELECT a."Id" FROM "Account" a WHERE a."IsDeleted" = 0 AND EXISTS (SELECT 1 FROM "Contact" c WHERE c."AccountId" = a."Id" AND c."IsDeleted" = 0)
         AND EXISTS (SELECT 1 FROM "Opportunity" o WHERE o."AccountId" = a."Id" AND o."IsDeleted" = 0) ORDER BY a."Id" LIMIT 1`,
    );
    const detail = await h.call('records:get', { object: 'Account', id: account.Id });
    const ids = (object: string) =>
      rows<{ Id: string }>(`SELECT "Id" FROM "${object}" WHERE "AccountId" = ? AND "IsDeleted" = 0`, account.Id)
        .map((r) => r.Id)
        .sort();
    expect(detail.related.contacts!.rows.map((r) => r.Id).sort()).toEqual(ids('Contact').slice(0, 50));
    expect(detail.related.opportunities!.totalCount).toBe(ids('Opportunity').length);
    expect(detail.related.cases!.totalCount).toBe(ids('Case').length);
    expect(detail.pendingChanges.count).toBe(0);
  });

  it('a campaign detail counts its members live, by status', async () => {
    const [campaign] = rows<{ CampaignId: string; n: number }>(
      `SELECT "CampaignId", COUNT(*) AS n FROM "CampaignMember" WHERE "IsDeleted" = 0 GROUP BY "CampaignId" ORDER BY n DESC LIMIT 1`,
    );
    expect(campaign, 'the demo org has campaign members').toBeTruthy();
    const detail = await h.call('records:get', { object: 'Campaign', id: campaign.CampaignId });
    expect(detail.related.campaignMembers).toMatchObject({ state: 'live', total: campaign.n });
  });

  it('form metadata comes from describe: required fields, picklists, the form order', async () => {
    const form = await h.call('describe:form', { object: 'Opportunity' });
    expect(form.source).toBe('org');
    const byName = new Map(form.fields.map((f) => [f.name, f]));
    expect(byName.get('StageName')).toMatchObject({ required: true, type: 'picklist' });
    expect(byName.get('CloseDate')).toMatchObject({ required: true, type: 'date' });
    expect(byName.get('NextStep')).toMatchObject({ required: false, type: 'string' });
    expect(form.fields[0].name).toBe('Name');
    expect((await h.call('describe:form', { object: 'Opportunity' })).source).toBe('cache');
  });

  it('with the org unreachable, lists, details and forms still answer from the cache', async () => {
    const [opp] = rows<{ Id: string; Name: string }>(`SELECT "Id", "Name" FROM "Opportunity" WHERE "IsDeleted" = 0 LIMIT 1`);
    goOffline();
    try {
      const page = await h.call('records:list', { object: 'Opportunity', search: opp.Name.split(' ')[0], limit: 50 });
      expect(page.totalCount).toBeGreaterThan(0);
      const detail = await h.call('records:get', { object: 'Opportunity', id: opp.Id });
      expect(detail.record.Name).toBe(opp.Name);
      expect((await h.call('describe:form', { object: 'Opportunity' })).fields.length).toBeGreaterThan(3);
      const [campaign] = rows<{ Id: string }>(`SELECT "Id" FROM "Campaign" WHERE "IsDeleted" = 0 LIMIT 1`);
      const campaignDetail = await h.call('records:get', { object: 'Campaign', id: campaign.Id });
      expect(campaignDetail.related.campaignMembers?.state).toBe('unavailable-offline');
      // The failed live read told the outbox: the app shows Offline without waiting for a write.
      expect((await h.call('outbox:status')).online).toBe(false);
    } finally {
      goOnline();
    }
    // The outbox's probe sees the org answer again.
    const deadline = Date.now() + 10_000;
    while (!(await h.call('outbox:status')).online) {
      if (Date.now() > deadline) throw new Error('the outbox did not come back online');
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  it('records:create is re-validated against the describe before it is queued', async () => {
    await h.call('describe:form', { object: 'Opportunity' });
    const bad = await h.raw('records:create', { object: 'Opportunity', values: { Name: 'No stage', CloseDate: '2026-13-01', StageName: 'Nope' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: expect.arrayContaining(['CloseDate', 'StageName']) } });
    const good = await h.call('records:create', {
      object: 'Opportunity',
      values: { Name: 'Valid deal', CloseDate: '2026-12-01', StageName: 'Prospecting', Amount: 1200 },
    });
    expect(good.state).toBe('saved');
    const listed = await h.call('records:list', { object: 'Opportunity', search: 'Valid deal' });
    expect(listed.rows.map((r) => r.Id)).toContain(good.recordId);
  });
});
