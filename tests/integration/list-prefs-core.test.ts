/**
 * A list's shape (`records:list-prefs`, `records:list-prefs-update`) through the gate of a real
 * core: kept per org (a second user's org starts from the defaults and keeps its own), surviving a
 * restart of the core on the same data dir, refused when a column is not the object's, and gone
 * with the connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/emulator';
import { createHarness, type Harness } from './core-harness';

let harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
});

async function harness(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(options);
  harnesses.push(h);
  return h;
}

/** The emulator's login and consent pages, as a person would use them (a second user of the org). */
async function loginThroughPages(authorizeUrl: string, username: string): Promise<string> {
  const origin = new URL(authorizeUrl).origin;
  const form = (body: Record<string, string>) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(body).toString(),
  });
  const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)![1];
  const login = await (await fetch(authorizeUrl)).text();
  const consent = await (await fetch(`${origin}/services/oauth2/authorize/login`, form({ pending: pendingOf(login), username, pw: DEMO_PASSWORD }))).text();
  const answer = await fetch(`${origin}/services/oauth2/authorize/consent`, form({ pending: pendingOf(consent), decision: 'allow' }));
  return answer.headers.get('location')!;
}

describe('list prefs', () => {
  it('are kept per org and survive a restart; unknown columns are refused', async () => {
    const first = await harness({ keepDataDir: true, emulator: { autoApprove: false } });
    const loginAs = async (h: Harness, username: string) => {
      const pending = await h.call('connections:start-login', { environment: 'demo' });
      expect((await h.core.completeLogin(await loginThroughPages(pending.authorizeUrl, username))).ok).toBe(true);
      return (await h.call('connections:await-login', { loginId: pending.loginId, waitMs: 0 })).connection!.id;
    };
    const mine = await loginAs(first, 'demo@atom-demo.example');
    expect(await first.call('records:list-prefs', { object: 'Opportunity' })).toEqual({ object: 'Opportunity', columns: null, widths: {} });

    const shaped = await first.call('records:list-prefs-update', { object: 'Opportunity', columns: ['Name', 'CloseDate', 'Amount'], widths: { Name: 320 } });
    expect(shaped).toEqual({ object: 'Opportunity', columns: ['Name', 'CloseDate', 'Amount'], widths: { Name: 320 } });
    // Widths merge; columns stay when not given.
    expect(await first.call('records:list-prefs-update', { object: 'Opportunity', widths: { Amount: 140 } })).toEqual({
      object: 'Opportunity',
      columns: ['Name', 'CloseDate', 'Amount'],
      widths: { Name: 320, Amount: 140 },
    });
    // Another object of the same org is untouched.
    expect(await first.call('records:list-prefs', { object: 'Case' })).toEqual({ object: 'Case', columns: null, widths: {} });
    // A column the object's list does not have, a column twice, a width out of bounds: refused by the contract.
    expect(await first.raw('records:list-prefs-update', { object: 'Opportunity', columns: ['Name', 'Password__c'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await first.raw('records:list-prefs-update', { object: 'Opportunity', columns: ['Name', 'Name'] })).toMatchObject({ ok: false });
    // A synced field the list can add (the Columns dialog's extra columns) is a column like the others.
    expect(await first.call('records:list-prefs-update', { object: 'Opportunity', columns: ['Name', 'NextStep'] })).toMatchObject({
      columns: ['Name', 'NextStep'],
    });
    await first.call('records:list-prefs-update', { object: 'Opportunity', columns: ['Name', 'CloseDate', 'Amount'] });
    expect(await first.raw('records:list-prefs-update', { object: 'Opportunity', widths: { Name: 5 } })).toMatchObject({ ok: false });

    // A second user's org: its own defaults, its own shape.
    const other = first
      .emulator()
      .store.db.prepare(`SELECT "Username" AS u FROM "User" WHERE "IsActive" = 1 AND "IsDeleted" = 0 AND "Id" <> ? ORDER BY "Id" LIMIT 1`)
      .get(first.emulator().demoUserId) as { u: string };
    const theirs = await loginAs(first, other.u);
    expect(theirs).not.toBe(mine);
    expect(await first.call('records:list-prefs', { object: 'Opportunity' })).toEqual({ object: 'Opportunity', columns: null, widths: {} });
    await first.call('records:list-prefs-update', { object: 'Opportunity', columns: ['StageName', 'Name'] });
    await first.call('connections:activate', { connectionId: mine });
    expect((await first.call('records:list-prefs', { object: 'Opportunity' })).columns).toEqual(['Name', 'CloseDate', 'Amount']);
    await first.close();
    harnesses = [];

    // After a restart on the same data dir, each org has its own shape back.
    const second = await harness({ dataDir: first.dataDir });
    expect(await second.call('records:list-prefs', { object: 'Opportunity' })).toEqual({
      object: 'Opportunity',
      columns: ['Name', 'CloseDate', 'Amount'],
      widths: { Name: 320, Amount: 140 },
    });
    await second.call('connections:activate', { connectionId: theirs });
    expect((await second.call('records:list-prefs', { object: 'Opportunity' })).columns).toEqual(['StageName', 'Name']);
    // Back to the defaults on request, and gone with the connection.
    expect(await second.call('records:list-prefs-update', { object: 'Opportunity', columns: null, widths: null })).toEqual({
      object: 'Opportunity',
      columns: null,
      widths: {},
    });
    await second.call('connections:disconnect', { connectionId: mine });
    expect(await second.call('records:list-prefs', { object: 'Opportunity' })).toEqual({ object: 'Opportunity', columns: null, widths: {} });
  });
});
