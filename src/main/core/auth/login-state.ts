/**
 * Pending OAuth logins, keyed by the `state` parameter (RFC 8252 §8.9, RFC 6749 §10.12).
 *
 * A state is 128 random bits, bound to everything the callback must agree with: the authorization
 * server (login host) it was issued for, the PKCE verifier, the redirect URI and the environment.
 * It can be used once, and only for 10 minutes. Any use burns it, failed ones included, so a
 * leaked state is worthless after the first attempt.
 */
import { randomBytes } from 'node:crypto';
import type { OrgEnvironment } from '../../../shared/ipc';

export const LOGIN_TTL_MS = 10 * 60 * 1000;

export interface LoginBinding {
  /** Origin of the authorization server, e.g. `https://login.salesforce.com`. */
  loginHost: string;
  verifier: string;
  redirectUri: string;
  environment: OrgEnvironment;
  clientId: string;
  /** Set when this login re-authenticates an existing connection. */
  connectionId?: string;
}

export type LoginStateFailure = 'unknown' | 'expired' | 'used' | 'wrong-host';

export class LoginStateError extends Error {
  constructor(
    readonly reason: LoginStateFailure,
    /** The login the state belonged to, when it was known (the login is over either way). */
    readonly loginId?: string,
  ) {
    super(
      {
        unknown: 'This login link does not belong to a login started in the app.',
        expired: 'This login took longer than 10 minutes and has expired.',
        used: 'This login link was already used.',
        'wrong-host': 'This login answer came from a different Salesforce login server than the one the login was started on.',
      }[reason],
    );
    this.name = 'LoginStateError';
  }
}

interface Entry {
  loginId: string;
  binding: LoginBinding;
  expiresAt: number;
  used: boolean;
}

export interface BegunLogin {
  state: string;
  loginId: string;
  expiresAt: number;
}

export interface LoginStateStore {
  begin(binding: LoginBinding): BegunLogin;
  /**
   * Takes the login bound to `state`, exactly once. When the callback names its issuer
   * (`expectLoginHost`), it must be the host the login was started on.
   */
  consume(state: string, expect?: { loginHost?: string }): { loginId: string; binding: LoginBinding };
  /** Forgets a pending login (cancel). Returns whether it was still pending. */
  cancel(loginId: string): boolean;
  /** Pending (unused, unexpired) logins. */
  pendingCount(): number;
  isPending(loginId: string): boolean;
}

export function createLoginStateStore(options: { ttlMs?: number; now?: () => number } = {}): LoginStateStore {
  const ttlMs = options.ttlMs ?? LOGIN_TTL_MS;
  const now = options.now ?? Date.now;
  const byState = new Map<string, Entry>();

  // Expired entries are kept for one more TTL so a late callback gets "expired", not "unknown".
  const sweep = () => {
    const t = now();
    for (const [state, entry] of byState) {
      if (entry.expiresAt + ttlMs < t || (entry.used && entry.expiresAt < t)) byState.delete(state);
    }
  };

  return {
    begin(binding) {
      sweep();
      const state = randomBytes(16).toString('base64url'); // 128 bits
      const loginId = randomBytes(16).toString('base64url');
      const expiresAt = now() + ttlMs;
      byState.set(state, { loginId, binding: { ...binding }, expiresAt, used: false });
      return { state, loginId, expiresAt };
    },

    consume(state, expect) {
      sweep();
      const entry = typeof state === 'string' ? byState.get(state) : undefined;
      if (!entry) throw new LoginStateError('unknown');
      if (entry.used) throw new LoginStateError('used', entry.loginId);
      entry.used = true;
      if (now() >= entry.expiresAt) throw new LoginStateError('expired', entry.loginId);
      if (expect?.loginHost !== undefined && !sameOrigin(expect.loginHost, entry.binding.loginHost)) {
        throw new LoginStateError('wrong-host', entry.loginId);
      }
      return { loginId: entry.loginId, binding: entry.binding };
    },

    cancel(loginId) {
      for (const entry of byState.values()) {
        if (entry.loginId === loginId && !entry.used) {
          entry.used = true;
          return now() < entry.expiresAt;
        }
      }
      return false;
    },

    pendingCount() {
      const t = now();
      let n = 0;
      for (const entry of byState.values()) if (!entry.used && t < entry.expiresAt) n++;
      return n;
    },

    isPending(loginId) {
      const t = now();
      for (const entry of byState.values()) {
        if (entry.loginId === loginId) return !entry.used && t < entry.expiresAt;
      }
      return false;
    },
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
