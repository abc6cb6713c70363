import { describe, expect, it } from 'vitest';
import { createLoginStateStore, LOGIN_TTL_MS, LoginStateError, type LoginBinding } from '../../../src/main/core/auth/login-state';

const binding: LoginBinding = {
  loginHost: 'https://login.salesforce.com',
  verifier: 'v'.repeat(43),
  redirectUri: 'com.atomforsalesforce.app:/oauth/callback',
  environment: 'production',
  clientId: 'client',
};

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof LoginStateError) return err.reason;
    throw err;
  }
  throw new Error('expected a LoginStateError');
}

describe('login state', () => {
  it('issues 128-bit random states and login ids', () => {
    const store = createLoginStateStore();
    const a = store.begin(binding);
    const b = store.begin(binding);
    expect(Buffer.from(a.state, 'base64url')).toHaveLength(16);
    expect(a.state).not.toBe(b.state);
    expect(a.loginId).not.toBe(a.state);
  });

  it('returns the bound login once, then refuses the replay', () => {
    const store = createLoginStateStore();
    const begun = store.begin(binding);
    const taken = store.consume(begun.state);
    expect(taken.loginId).toBe(begun.loginId);
    expect(taken.binding).toEqual(binding);
    expect(failure(() => store.consume(begun.state))).toBe('used');
    expect(store.pendingCount()).toBe(0);
  });

  it('refuses unknown and missing states', () => {
    const store = createLoginStateStore();
    store.begin(binding);
    expect(failure(() => store.consume('not-a-state'))).toBe('unknown');
    expect(failure(() => store.consume(''))).toBe('unknown');
  });

  it('expires after 10 minutes (fake clock)', () => {
    let t = 1_000_000;
    const store = createLoginStateStore({ now: () => t });
    const begun = store.begin(binding);
    t += LOGIN_TTL_MS - 1;
    expect(store.isPending(begun.loginId)).toBe(true);
    t += 1;
    expect(store.isPending(begun.loginId)).toBe(false);
    expect(failure(() => store.consume(begun.state))).toBe('expired');
  });

  it('rejects a state presented for another login host, and burns it', () => {
    const store = createLoginStateStore();
    const begun = store.begin(binding);
    expect(failure(() => store.consume(begun.state, { loginHost: 'https://test.salesforce.com' }))).toBe('wrong-host');
    // A leaked state is useless afterwards, even with the right host.
    expect(failure(() => store.consume(begun.state, { loginHost: binding.loginHost }))).toBe('used');
  });

  it('accepts the right host when the callback names one', () => {
    const store = createLoginStateStore();
    const begun = store.begin(binding);
    expect(store.consume(begun.state, { loginHost: 'https://login.salesforce.com/' }).loginId).toBe(begun.loginId);
  });

  it('cancel makes the state unusable', () => {
    const store = createLoginStateStore();
    const begun = store.begin(binding);
    expect(store.cancel(begun.loginId)).toBe(true);
    expect(store.cancel(begun.loginId)).toBe(false);
    expect(failure(() => store.consume(begun.state))).toBe('used');
  });
});
