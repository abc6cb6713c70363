/**
 * An org whose session ended for good (access token expired, refresh token revoked): a change made
 * then waits in the outbox, the queue pauses on the refused login, and `outbox:status` still
 * answers for the org now marked needs-login — the status bar shows the waiting changes and asks
 * for a login. Logging in again resumes the queue and the change reaches the org.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('outbox of an org that needs a new login', () => {
  it('keeps the change, reports it and the pause while the org needs login, and sends it after the login', async () => {
    h = await createHarness({
      scale: 5,
      settings: { sync: { scope: 'all', intervalMinutes: 0 } },
      core: { outbox: { probeIntervalMs: 50, writeWaitMs: 3_000 } },
    });
    const harness = h;
    const id = await harness.loginDemo();
    await syncAndWait(harness);
    const [opp] = (await harness.call('records:list', { object: 'Opportunity', limit: 1 })).rows as Array<{ Id: string }>;

    // The session ends and cannot be refreshed (an admin revoked the app's refresh token).
    const org = harness.emulator();
    org.store.db.prepare(`DELETE FROM "_emulator_refresh_token"`).run();
    org.faults.expireAllAccessTokens();

    const write = await harness.call('records:update', { object: 'Opportunity', id: opp.Id, values: { NextStep: 'Written after the session ended' } });
    expect(write.state).toBe('queued');
    expect((await harness.call('connections:list')).find((c) => c.id === id)?.status).toBe('needs-login');

    const status = await harness.call('outbox:status');
    expect(status).toMatchObject({ connectionId: id, pendingCount: 1, paused: { code: 'SESSION_EXPIRED' } });
    expect(status.pending[0]).toMatchObject({ recordId: opp.Id, mine: { NextStep: 'Written after the session ended' } });
    // Sync refuses with the reason rather than failing obscurely; the local lists still answer.
    expect(await harness.raw('sync:start', {})).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect((await harness.call('records:list', { object: 'Opportunity', limit: 1 })).totalCount).toBeGreaterThan(0);
    const read = org.store.db.prepare(`SELECT "NextStep" FROM "Opportunity" WHERE "Id" = ?`);
    expect((read.get(opp.Id) as { NextStep: string | null }).NextStep).not.toBe('Written after the session ended');

    // A new login of the same user resumes the queue: the change reaches the org.
    expect(await harness.loginDemo()).toBe(id);
    await until(async () => (await harness.call('outbox:status')).pendingCount === 0);
    expect(await harness.call('outbox:status')).toMatchObject({ paused: null, online: true });
    expect((read.get(opp.Id) as { NextStep: string }).NextStep).toBe('Written after the session ended');
  });
});
