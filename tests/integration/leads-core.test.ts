/**
 * Lead conversion through the real core and the emulator's SOAP convertLead(): the dialog's options
 * from the cache; a conversion into an existing account with a new opportunity, read back into the
 * cache at once (the lead converted with its links, the new records, the moved activities);
 * Salesforce's refusals in a salesperson's words; offline, or with a change to the lead still
 * unsent, refused with nothing queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { CONVERT_OFFLINE_MESSAGE, CONVERT_PENDING_MESSAGE } from '../../src/main/core/leads/leads-service';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness;
let connectionId: string;
let me: string;
beforeAll(async () => {
  h = await createHarness({
    scale: 20,
    settings: { sync: { scope: 'mine', intervalMinutes: 0 } },
    core: { outbox: { probeIntervalMs: 50, writeWaitMs: 3_000 } },
  });
  connectionId = await h.loginDemo();
  me = h.emulator().demoUserId;
});
afterAll(() => h.close());

type Row = Record<string, unknown>;
const emu = () => h.emulator();
const orgRow = (sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .get(...params) as Row | undefined;
const cached = (object: string, id: string) => {
  const db = openOrgCache(h.dataDir, connectionId);
  try {
    const row = db.prepare(`SELECT fields FROM records WHERE object = ? AND id = ?`).pluck().get(object, id) as string | undefined;
    return row ? (JSON.parse(row) as Row) : undefined;
  } finally {
    db.close();
  }
};
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A lead of mine to convert, with an account named like its company and a contact with its email. */
function leadWithMatches(company: string, email: string) {
  const { store } = emu();
  const as = { userId: me };
  const leadId = store.create(
    'Lead',
    { FirstName: 'Lena', LastName: 'Lindqvist', Company: company, Email: email, Status: 'Working - Contacted', OwnerId: me },
    as,
  );
  const accountId = store.create('Account', { Name: company, OwnerId: me }, as);
  const sameEmail = store.create('Contact', { FirstName: 'Lena', LastName: 'Lindqvist', Email: email, AccountId: accountId, OwnerId: me }, as);
  const task = store.create('Task', { Subject: 'Call', WhoId: leadId, OwnerId: me, Status: 'Not Started' }, as);
  return { leadId, accountId, sameEmail, task };
}

describe('lead conversion', () => {
  it('offers the converted statuses and the cached matches; converts into an existing account with a new opportunity, read back at once', async () => {
    const lead = leadWithMatches('Nordlicht Optics', 'lena@nordlicht.example');
    await syncAndWait(h);
    const options = await h.call('leads:convert-options', { leadId: lead.leadId });
    expect(options).toMatchObject({
      lead: { id: lead.leadId, name: 'Lena Lindqvist', company: 'Nordlicht Optics', isConverted: false, ownerId: me },
      convertedStatuses: ['Closed - Converted'],
      opportunityName: 'Nordlicht Optics',
      online: true,
    });
    expect(options.accountMatches[0]).toMatchObject({ id: lead.accountId, name: 'Nordlicht Optics' });
    expect(options.contactMatches[0]).toMatchObject({ id: lead.sameEmail, name: 'Lena Lindqvist', accountId: lead.accountId });

    const result = await h.call('leads:convert', {
      leadId: lead.leadId,
      convertedStatus: 'Closed - Converted',
      account: { mode: 'existing', id: lead.accountId },
      contact: { mode: 'new' },
      opportunity: { create: true, name: 'Nordlicht Optics - lenses' },
    });
    expect(result).toMatchObject({
      leadId: lead.leadId,
      accountId: lead.accountId,
      contactId: expect.stringMatching(/^003/),
      opportunityId: expect.stringMatching(/^006/),
    });
    expect(
      orgRow(`SELECT "IsConverted", "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId" FROM "Lead" WHERE "Id" = ?`, lead.leadId),
    ).toEqual({
      IsConverted: 1,
      ConvertedAccountId: result.accountId,
      ConvertedContactId: result.contactId,
      ConvertedOpportunityId: result.opportunityId,
    });
    // In the cache at once, without a sync: the lead with its links, the new records, the moved task.
    expect(cached('Lead', lead.leadId)).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedAccountId: result.accountId,
      ConvertedContactId: result.contactId,
      ConvertedOpportunityId: result.opportunityId,
    });
    expect(cached('Contact', result.contactId)).toMatchObject({ AccountId: lead.accountId, Email: 'lena@nordlicht.example' });
    expect(cached('Opportunity', result.opportunityId as string)).toMatchObject({ Name: 'Nordlicht Optics - lenses', AccountId: lead.accountId });
    expect(cached('Task', lead.task)).toMatchObject({ WhoId: result.contactId, WhatId: result.opportunityId });
    const timeline = await h.call('activities:timeline', { recordId: result.contactId, pastLimit: 10 });
    expect(timeline.upcoming.map((r) => r.id)).toContain(lead.task);
    expect((await h.call('leads:convert-options', { leadId: lead.leadId })).lead).toMatchObject({ isConverted: true, convertedContactId: result.contactId });

    // Again: Salesforce refuses a converted lead, in words.
    const again = await h.raw('leads:convert', {
      leadId: lead.leadId,
      convertedStatus: 'Closed - Converted',
      account: { mode: 'new' },
      contact: { mode: 'new' },
      opportunity: { create: false },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/already been converted/) } });
  });

  it("refuses a contact that is not on the chosen account, and a status that does not convert, in Salesforce's place", async () => {
    const lead = leadWithMatches('Fjord Freight', 'lena@fjord.example');
    const elsewhere = orgRow(
      `SELECT "Id", "AccountId" FROM "Contact" WHERE "AccountId" IS NOT NULL AND "AccountId" <> ? AND "IsDeleted" = 0 LIMIT 1`,
      lead.accountId,
    ) as {
      Id: string;
    };
    await syncAndWait(h);
    const base = { leadId: lead.leadId, convertedStatus: 'Closed - Converted', opportunity: { create: false } };
    const notOnAccount = await h.raw('leads:convert', {
      ...base,
      account: { mode: 'existing', id: lead.accountId },
      contact: { mode: 'existing', id: elsewhere.Id },
    });
    expect(notOnAccount).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/not on the chosen account/) } });
    const badStatus = await h.raw('leads:convert', { ...base, convertedStatus: 'Working - Contacted', account: { mode: 'new' }, contact: { mode: 'new' } });
    expect(badStatus).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: ['convertedStatus'] } });
    expect(orgRow(`SELECT "IsConverted" FROM "Lead" WHERE "Id" = ?`, lead.leadId)).toEqual({ IsConverted: 0 });
  });

  it('with a change to the lead still unsent, or offline: refused, nothing queued, nothing converted', async () => {
    const lead = leadWithMatches('Polar Paper', 'lena@polar.example');
    await syncAndWait(h);
    const input = {
      leadId: lead.leadId,
      convertedStatus: 'Closed - Converted',
      account: { mode: 'new' },
      contact: { mode: 'new' },
      opportunity: { create: false },
    };

    // The org answers 503 to the edit: it waits in the outbox (backing off), so converting must wait too.
    emu().faults.set({ failureRate: 1, resetRate: 0 });
    const edit = await h.call('records:update', { object: 'Lead', id: lead.leadId, values: { Title: 'Buyer' } });
    expect(edit.state).toBe('queued');
    expect(await h.raw('leads:convert', input)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: CONVERT_PENDING_MESSAGE } });
    emu().faults.set({ failureRate: 0, resetRate: 0 });
    await h.call('outbox:retry', { id: edit.outboxId });
    await until(async () => (await h.call('outbox:status')).pendingCount === 0);

    // The org stops answering (the emulator's faults reach its data API, not SOAP): a save the
    // outbox cannot send tells the app it is offline, and converting is then refused at once.
    emu().faults.set({ resetRate: 1, failureRate: 0 });
    const contact = orgRow(`SELECT "Id" FROM "Contact" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`, me) as { Id: string };
    expect((await h.call('records:update', { object: 'Contact', id: contact.Id, values: { Title: 'Offline edit' } })).state).toBe('queued');
    expect((await h.call('leads:convert-options', { leadId: lead.leadId })).online).toBe(false);
    const pending = (await h.call('outbox:status')).pendingCount;
    expect(await h.raw('leads:convert', input)).toEqual({ ok: false, error: { code: 'NETWORK', message: CONVERT_OFFLINE_MESSAGE } });
    expect((await h.call('outbox:status')).pendingCount).toBe(pending);
    emu().faults.set({ resetRate: 0, failureRate: 0 });
    expect(orgRow(`SELECT "IsConverted" FROM "Lead" WHERE "Id" = ?`, lead.leadId)).toEqual({ IsConverted: 0 });
    await until(async () => (await h.call('outbox:status')).pendingCount === 0);
  });
});
