/**
 * Health against the Demo org's emulator through the real core: who-am-I is read once from the
 * org (User with its profile, Organization), the limits come from /limits, and a spent API
 * allowance makes "Check org limits" answer a plain sentence, not an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';

let h: Harness;

/** The org's own count of API calls (the emulator's admin API). */
async function orgCalls(): Promise<number> {
  const response = await fetch(`${h.emulator().url}/__emulator/health`);
  return ((await response.json()) as { apiUsage: { used: number } }).apiUsage.used;
}

beforeAll(async () => {
  h = await createHarness();
  await h.loginDemo();
});
afterAll(async () => {
  await h?.close();
});

describe('Health through the core and the Demo org', () => {
  it('the summary says who the user is, read from the org once', async () => {
    const before = await orgCalls();
    const first = await h.call('health:summary');
    expect(first.whoAmI).toMatchObject({
      source: 'salesforce',
      profileName: 'System Administrator',
      orgName: 'Atom Demo Org',
      edition: 'Developer Edition',
      instance: 'EMU1',
      isSandbox: false,
    });
    expect(first.whoAmI.orgId).toMatch(/^00D/);
    const spent = (await orgCalls()) - before;
    expect(spent).toBe(2);
    await h.call('health:summary');
    expect((await orgCalls()) - before).toBe(2);
    expect(first.overall.level).toBe('healthy');
    expect(first.login).toMatchObject({ status: 'connected', refreshFailures: 0 });
    expect(first.login.accessTokenIssuedAt).toMatch(/^\d{4}-/);
    expect(first.apiUsage.daily).toHaveLength(30);
  });

  it('Check org limits maps /limits, most used first', async () => {
    const limits = await h.call('health:limits');
    if (!limits.available) throw new Error(limits.message);
    const api = limits.limits.find((l) => l.name === 'DailyApiRequests');
    expect(api).toMatchObject({ label: 'API requests (rolling 24 hours)' });
    expect(api!.used).toBeGreaterThan(0);
    expect(limits.limits.map((l) => l.name)).toEqual(expect.arrayContaining(['DailyBulkV2QueryJobs', 'DataStorageMB', 'FileStorageMB']));
    const shares = limits.limits.map((l) => l.usedShare ?? -1);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
  });

  it('a spent allowance is a plain answer to Check org limits', async () => {
    h.emulator().faults.exhaustApiLimit();
    const limits = await h.call('health:limits');
    expect(limits).toMatchObject({ available: false, reason: 'api-limit' });
    h.emulator().faults.reset();
  });

  it('the diagnostics bundle carries no token and no username', async () => {
    const bundle = await h.call('health:diagnostics');
    const text = JSON.stringify(bundle);
    expect(bundle.app.version).toBe('0.0.0-test');
    expect(bundle.org?.edition).toBe('Developer Edition');
    expect(text).not.toMatch(/access_token|refresh_token|00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{8,}/);
    expect(text).not.toContain('@atom-demo');
  });
});
