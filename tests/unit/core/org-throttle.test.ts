/** The per-org throttle's backoff arithmetic and its one-trial-per-step rule, on an injected clock. */
import { describe, expect, it } from 'vitest';
import { ApiLimitBackoffError } from '../../../src/main/core/salesforce/errors';
import { OrgThrottle } from '../../../src/main/core/salesforce/org-throttle';

const MIN = 60_000;

function throttle() {
  const clock = { t: 1_000_000 };
  return { clock, throttle: new OrgThrottle({ now: () => clock.t }) };
}

describe('REQUEST_LIMIT_EXCEEDED backoff', () => {
  it('waits 30 s, then 1, 2, 4 … minutes, capped at 30 min', () => {
    const { clock, throttle: t } = throttle();
    const waits: number[] = [];
    t.settle('org', t.admit('org'), 'limited');
    for (let i = 0; i < 8; i++) {
      const { blockedUntil } = t.state('org');
      waits.push(blockedUntil! - clock.t);
      clock.t = blockedUntil!;
      t.settle('org', t.admit('org'), 'limited');
    }
    expect(waits).toEqual([30_000, MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 30 * MIN, 30 * MIN]);
  });

  it('fails fast during a step with a typed API_LIMIT error that says how long', () => {
    const { clock, throttle: t } = throttle();
    t.settle('org', t.admit('org'), 'limited');
    clock.t += 10_000;
    let err: unknown;
    try {
      t.assertOpen('org');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiLimitBackoffError);
    expect(err).toMatchObject({ code: 'API_LIMIT', retryAt: 1_030_000, message: expect.stringMatching(/waiting about 20 seconds/) });
    // Other orgs are not held back.
    expect(() => t.assertOpen('other')).not.toThrow();
  });

  it('after a step exactly one request may try; the others fail fast until it answers', () => {
    const { clock, throttle: t } = throttle();
    t.settle('org', t.admit('org'), 'limited');
    clock.t += 30_000;
    const trial = t.admit('org');
    expect(trial.trial).toBe(true);
    expect(() => t.admit('org')).toThrow(ApiLimitBackoffError);
    expect(() => t.assertOpen('org')).toThrow(ApiLimitBackoffError);
    t.settle('org', trial, 'answered');
    expect(t.state('org')).toEqual({ blockedUntil: null, step: 0, trialInFlight: false });
    expect(t.admit('org').trial).toBe(false);
  });

  it('a trial without an answer (network) leaves the step; the next request tries', () => {
    const { clock, throttle: t } = throttle();
    t.settle('org', t.admit('org'), 'limited');
    clock.t += 30_000;
    t.settle('org', t.admit('org'), 'no-answer');
    expect(t.state('org')).toMatchObject({ step: 1, trialInFlight: false });
    expect(t.admit('org').trial).toBe(true);
  });

  it('answers of requests sent before the step began neither lengthen nor end it', () => {
    const { throttle: t } = throttle();
    const early = [t.admit('org'), t.admit('org'), t.admit('org')];
    t.settle('org', early[0], 'limited');
    t.settle('org', early[1], 'limited');
    t.settle('org', early[2], 'answered');
    expect(t.state('org')).toMatchObject({ step: 1, blockedUntil: 1_030_000 });
  });
});

describe('concurrency cap', () => {
  it('hands slots out in order, at most the cap at once', async () => {
    const t = new OrgThrottle({ maxConcurrent: 2 });
    const a = await t.acquire('org');
    const b = await t.acquire('org');
    const order: string[] = [];
    const c = t.acquire('org').then((release) => (order.push('c'), release));
    const d = t.acquire('org').then((release) => (order.push('d'), release));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot is ignored
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
  });
});
