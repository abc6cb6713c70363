/**
 * Authorize requests waiting for the user to log in and consent. The forms carry only a random
 * pending id; everything that matters (client, redirect, PKCE challenge, state, who logged in)
 * stays on the server, so a forged form post cannot change where a code goes. Each step issues a
 * fresh id and retires the old one.
 */
import { randomBytes } from 'node:crypto';

export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  scopes: string[];
  stage: 'login' | 'consent';
  userId?: string;
  failedLogins: number;
  expiresAt: number;
}

const PENDING_TTL_MS = 15 * 60_000;
const MAX_PENDING = 5_000;
/** Salesforce locks a user out after 10 failed logins; here the pending request is dropped. */
export const MAX_FAILED_LOGINS = 10;

export class PendingAuthorizations {
  private readonly entries = new Map<string, PendingAuthorization>();

  constructor(private readonly clock: () => number) {}

  create(entry: Omit<PendingAuthorization, 'expiresAt' | 'failedLogins' | 'stage'> & Partial<Pick<PendingAuthorization, 'stage' | 'failedLogins'>>): string {
    if (this.entries.size >= MAX_PENDING) this.prune();
    const id = randomBytes(24).toString('base64url');
    this.entries.set(id, {
      stage: 'login',
      failedLogins: 0,
      ...entry,
      expiresAt: this.clock() + PENDING_TTL_MS,
    });
    return id;
  }

  get(id: string | null, stage: PendingAuthorization['stage']): PendingAuthorization | undefined {
    if (!id) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.stage === stage ? entry : undefined;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Retires `id` and returns a new id for the same request at the next stage. */
  advance(id: string, entry: PendingAuthorization, changes: Partial<PendingAuthorization>): string {
    this.entries.delete(id);
    return this.create({ ...entry, ...changes });
  }

  private prune(): void {
    const now = this.clock();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    let excess = this.entries.size - MAX_PENDING + 1;
    for (const id of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(id);
    }
  }
}
