/**
 * Per-org admission to Salesforce, in the metered path:
 *
 * - a cap on requests in flight (a small semaphore), so parallel work cannot flood one org;
 * - a backoff once the org answers `403 REQUEST_LIMIT_EXCEEDED`: for 30 s, then 1, 2, 4 … minutes
 *   (capped at 30), requests are not sent at all and fail at once; when a step ends exactly one
 *   request may try (the others keep failing fast until it answers). An answer that is not the
 *   limit ends the backoff; the limit again starts the next, longer step.
 *
 * Retrying sooner would only spend more of an allowance that is already gone (each refused call
 * still counts in some orgs) and keep the org's admins' dashboards red; a held-back request costs
 * nothing. Orgs are keyed by connection id (or instance origin before a connection exists).
 */
import { ApiLimitBackoffError } from './errors';

export interface BackoffState {
  /** Epoch ms until which requests to the org are held back; null when not in backoff. */
  blockedUntil: number | null;
  /** How many limit answers in a row (0: none); the wait doubles with each. */
  step: number;
  /** Whether the one request allowed after a step is in flight. */
  trialInFlight: boolean;
}

export interface ThrottleOptions {
  /** Requests in flight per org at most. Default 6. */
  maxConcurrent?: number;
  /** First backoff step. Default 30 s. */
  backoffBaseMs?: number;
  /** Longest backoff step. Default 30 min. */
  backoffMaxMs?: number;
  now?: () => number;
}

/** What a request that was let through must report back when it ends. */
export interface Admission {
  /** This request is the one trial after a backoff step. */
  readonly trial: boolean;
}

export type AnswerKind = 'limited' | 'answered' | 'no-answer';

interface OrgState extends BackoffState {
  active: number;
  waiting: Array<() => void>;
}

export const DEFAULT_MAX_CONCURRENT = 6;
const DEFAULT_BACKOFF_BASE_MS = 30_000;
const DEFAULT_BACKOFF_MAX_MS = 30 * 60_000;

export class OrgThrottle {
  private readonly orgs = new Map<string, OrgState>();
  private readonly maxConcurrent: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT));
    this.baseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.maxMs = options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.now = options.now ?? Date.now;
  }

  /** Throws ApiLimitBackoffError while the org is in backoff (before waiting for a slot). */
  assertOpen(key: string): void {
    const org = this.orgs.get(key);
    if (!org || org.blockedUntil === null) return;
    const now = this.now();
    if (now < org.blockedUntil || org.trialInFlight) throw new ApiLimitBackoffError(Math.max(org.blockedUntil, now), now);
  }

  /** Waits for one of the org's slots; call the returned function exactly once to give it back. */
  async acquire(key: string): Promise<() => void> {
    const org = this.org(key);
    if (org.active >= this.maxConcurrent) await new Promise<void>((resolve) => org.waiting.push(resolve));
    else org.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = org.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays as it is.
      if (next) next();
      else {
        org.active--;
        this.forgetIfIdle(key, org);
      }
    };
  }

  /**
   * Lets a request be sent, or throws ApiLimitBackoffError. After a step has ended the first caller
   * becomes the trial; the others keep failing until it is settled.
   */
  admit(key: string): Admission {
    const org = this.orgs.get(key);
    if (!org || org.blockedUntil === null) return { trial: false };
    const now = this.now();
    if (now < org.blockedUntil || org.trialInFlight) throw new ApiLimitBackoffError(Math.max(org.blockedUntil, now), now);
    org.trialInFlight = true;
    return { trial: true };
  }

  /** Reports how an admitted request ended. */
  settle(key: string, admission: Admission, kind: AnswerKind): void {
    const org = kind === 'limited' ? this.org(key) : this.orgs.get(key);
    if (!org) return;
    if (admission.trial) org.trialInFlight = false;
    if (kind === 'limited') {
      // Requests already in flight when the step began answer the limit too: one step, not many.
      if (!admission.trial && org.blockedUntil !== null) return;
      org.step++;
      org.blockedUntil = this.now() + Math.min(this.baseMs * 2 ** (org.step - 1), this.maxMs);
    } else if (kind === 'answered' && (admission.trial || org.blockedUntil === null)) {
      // Only the trial ends a backoff: a request sent before the step began proves nothing.
      org.step = 0;
      org.blockedUntil = null;
    }
    // No answer (network): the step stands; the next request after it may try.
    this.forgetIfIdle(key, org);
  }

  state(key: string): BackoffState {
    const org = this.orgs.get(key);
    return org ? { blockedUntil: org.blockedUntil, step: org.step, trialInFlight: org.trialInFlight } : { blockedUntil: null, step: 0, trialInFlight: false };
  }

  private org(key: string): OrgState {
    let org = this.orgs.get(key);
    if (!org) {
      org = { active: 0, waiting: [], blockedUntil: null, step: 0, trialInFlight: false };
      this.orgs.set(key, org);
    }
    return org;
  }

  private forgetIfIdle(key: string, org: OrgState): void {
    if (org.active === 0 && org.waiting.length === 0 && org.blockedUntil === null && !org.trialInFlight) this.orgs.delete(key);
  }
}
