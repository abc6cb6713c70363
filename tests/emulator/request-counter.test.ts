/**
 * The emulator's own request counters, the ground truth the core's API meter is tested against:
 * every request received outside the admin routes (whatever its answer), and separately the calls
 * counted against the API allowance (what Sforce-Limit-Info reports).
 */
import { describe, expect, it } from 'vitest';
import { rawRequest, useEmulatorSession, type EmulatorSession } from './helpers';

let s: EmulatorSession;
useEmulatorSession((session) => (s = session), { apiLimit: 1_000 });

describe('request counters', () => {
  it('counts every request but the admin routes; the allowance only counts authenticated data-API calls within the limit', async () => {
    const received = s.emu.requestsReceived();
    const used = s.emu.apiUsageCount();
    const ok = await rawRequest(s.emu, 'GET', '/services/data/v62.0/limits', { token: s.token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('sforce-limit-info')).toBe(`api-usage=${used + 1}/1000`);
    expect((await rawRequest(s.emu, 'GET', '/services/data/v62.0/limits', { token: 'not-a-token' })).status).toBe(401);
    expect((await rawRequest(s.emu, 'GET', '/services/data')).status).toBe(200);
    expect(
      (
        await rawRequest(s.emu, 'POST', '/services/oauth2/token', {
          body: 'grant_type=nonsense',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(400);
    expect((await rawRequest(s.emu, 'GET', '/__emulator/health')).status).toBe(200);
    s.emu.faults.exhaustApiLimit();
    expect((await rawRequest(s.emu, 'GET', '/services/data/v62.0/limits', { token: s.token })).status).toBe(403);
    expect(s.emu.requestsReceived() - received).toBe(5);
    expect(s.emu.apiUsageCount()).toBe(1_000);
    const health = (await rawRequest(s.emu, 'GET', '/__emulator/health')).json<{ requestsReceived: number }>();
    expect(health.requestsReceived).toBe(received + 5);
    s.emu.faults.reset();
    expect(s.emu.apiUsageCount()).toBe(0);
  });
});
