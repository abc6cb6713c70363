/**
 * Who the user is in the org, as Health shows it: name, username, profile, org name and Id,
 * edition (Organization.OrganizationType), instance (InstanceName). Read with two queries (User,
 * Organization) once per connection and kept in memory for the app session, so opening Health
 * does not spend calls every time. userinfo is not needed: the User row has the same name and
 * username, plus the profile. Until the org answers, what the login stored is shown.
 */
import type { WhoAmI } from '../../../shared/ipc';
import type { QueryResult } from '../salesforce/gateway';
import type { ConnectionRecord } from '../storage/connections.repo';

export interface IdentityQueries {
  query<T>(soql: string): Promise<QueryResult<T>>;
}

interface OrgIdentity {
  name: string;
  username: string;
  profileName: string | null;
  orgName: string | null;
  edition: string | null;
  instance: string | null;
  isSandbox: boolean | null;
  fetchedAt: string;
}

/** After a failed read, wait this long before spending calls on it again. */
const RETRY_AFTER_MS = 2 * 60_000;
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

async function readIdentity(record: ConnectionRecord, session: IdentityQueries, now: number): Promise<OrgIdentity> {
  if (!USER_ID.test(record.userId)) throw new Error('Unexpected user Id');
  const [users, orgs] = await Promise.all([
    session.query<Record<string, unknown>>(`SELECT Id, Name, Username, Profile.Name FROM User WHERE Id = '${record.userId}'`),
    session.query<Record<string, unknown>>('SELECT Id, Name, OrganizationType, InstanceName, IsSandbox FROM Organization LIMIT 1'),
  ]);
  const user = users.records?.[0] ?? {};
  const org = orgs.records?.[0] ?? {};
  const profile = user.Profile && typeof user.Profile === 'object' ? (user.Profile as Record<string, unknown>) : {};
  return {
    name: str(user.Name) ?? record.displayName,
    username: str(user.Username) ?? record.username,
    profileName: str(profile.Name),
    orgName: str(org.Name),
    edition: str(org.OrganizationType),
    instance: str(org.InstanceName),
    isSandbox: typeof org.IsSandbox === 'boolean' ? org.IsSandbox : null,
    fetchedAt: new Date(now).toISOString(),
  };
}

export interface IdentityCache {
  /**
   * The user's identity; reads it from the org when not known yet and `mayCall` (online, logged in,
   * the guard not blocking) — else what the login stored, with a note saying why.
   */
  get(
    record: ConnectionRecord,
    apiVersion: string,
    mayCall: { ok: true } | { ok: false; why: string },
    session: () => Promise<IdentityQueries>,
  ): Promise<WhoAmI>;
}

export function createIdentityCache(options: { now?: () => number; onError?: (err: unknown) => void } = {}): IdentityCache {
  const now = options.now ?? Date.now;
  /** Keyed by connection and user: a new login as someone else is read afresh. */
  const known = new Map<string, OrgIdentity>();
  const failedAt = new Map<string, number>();
  const inflight = new Map<string, Promise<OrgIdentity>>();

  const fromRecord = (record: ConnectionRecord, apiVersion: string, note: string | null, identity?: OrgIdentity): WhoAmI => ({
    source: identity ? 'salesforce' : 'connection',
    name: identity?.name ?? record.displayName,
    username: identity?.username ?? record.username,
    userId: record.userId,
    profileName: identity?.profileName ?? null,
    orgName: identity?.orgName ?? null,
    orgId: record.orgId,
    edition: identity?.edition ?? null,
    instance: identity?.instance ?? null,
    isSandbox: identity?.isSandbox ?? null,
    instanceUrl: record.instanceUrl,
    apiVersion,
    fetchedAt: identity?.fetchedAt ?? null,
    note,
  });

  return {
    async get(record, apiVersion, mayCall, session) {
      const key = `${record.id}:${record.userId}`;
      const cached = known.get(key);
      if (cached) return fromRecord(record, apiVersion, null, cached);
      if (!mayCall.ok) return fromRecord(record, apiVersion, mayCall.why);
      const failed = failedAt.get(key);
      if (failed !== undefined && now() - failed < RETRY_AFTER_MS) {
        return fromRecord(record, apiVersion, 'Your profile and org details could not be read from Salesforce; Atom tries again in a few minutes.');
      }
      let pending = inflight.get(key);
      if (!pending) {
        pending = session()
          .then((s) => readIdentity(record, s, now()))
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      try {
        const identity = await pending;
        known.set(key, identity);
        failedAt.delete(key);
        return fromRecord(record, apiVersion, null, identity);
      } catch (err) {
        failedAt.set(key, now());
        options.onError?.(err);
        return fromRecord(record, apiVersion, 'Your profile and org details could not be read from Salesforce; Atom tries again in a few minutes.');
      }
    },
  };
}
