/**
 * Which hosts the app will talk to, and with which tokens.
 *
 * Login, test and each My Domain are distinct authorization servers (RFC 8252 §8.10), and the
 * token response names the instance the app then sends tokens to. A forged or mixed-up response
 * could point that at an attacker, so `instance_url` and `id` are checked against the login host
 * with parsed URLs — never `startsWith`/`includes`, which `https://x.salesforce.com.evil.io` passes.
 */
import { AppError } from '../../../shared/errors';
import type { OrgEnvironment } from '../../../shared/ipc';

export const PRODUCTION_LOGIN_HOST = 'https://login.salesforce.com';
export const SANDBOX_LOGIN_HOST = 'https://test.salesforce.com';

/** Where tokens may go, derived from where the login started. */
export type HostPolicy =
  /** A real org: https only, hosts under salesforce.com in the login host's family. */
  | { kind: 'salesforce'; loginHost: string }
  /** The embedded Demo org: only the emulator's own loopback origin. */
  | { kind: 'demo'; origin: string };

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

function isDnsName(host: string): boolean {
  return host.length <= 253 && host.split('.').every((label) => DNS_LABEL.test(label));
}

function isUnder(host: string, suffix: string): boolean {
  return host.endsWith(`.${suffix}`) && isDnsName(host);
}

/** `acme--uat.sandbox.my.salesforce.com` → `acme`: the org family a My Domain belongs to. */
function myDomainFamily(host: string): string | undefined {
  if (!isUnder(host, 'my.salesforce.com')) return undefined;
  return host.split('.')[0].split('--')[0];
}

function parseHttpsOrigin(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  return url;
}

/**
 * Normalises what a user typed as their My Domain (`acme.my.salesforce.com`, a full https URL,
 * or the Lightning address they copied from the browser) to `https://<host>`.
 */
export function normalizeMyDomain(input: string): string {
  const problem = (message: string) => new AppError('INVALID_INPUT', message, ['myDomain']);
  let text = input.trim().toLowerCase();
  if (!text) throw problem('Enter your My Domain URL');
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problem('That does not look like a web address. Enter something like acme.my.salesforce.com');
  }
  if (url.protocol !== 'https:') throw problem('Your My Domain must use https://');
  if (url.username || url.password || url.port) throw problem('Enter just the domain, like acme.my.salesforce.com');
  let host = url.hostname;
  // People paste the Lightning or Setup address; both map to the org's My Domain.
  for (const [from, to] of [
    ['.lightning.force.com', '.my.salesforce.com'],
    ['.my.salesforce-setup.com', '.my.salesforce.com'],
  ] as const) {
    if (host.endsWith(from)) host = host.slice(0, -from.length) + to;
  }
  const known = host === 'login.salesforce.com' || host === 'test.salesforce.com' || isUnder(host, 'my.salesforce.com');
  if (!known) {
    throw problem(`${host} is not a Salesforce My Domain. It usually ends in .my.salesforce.com`);
  }
  return `https://${host}`;
}

/** The authorization server for an environment. */
export function loginHostFor(environment: Exclude<OrgEnvironment, 'demo'>, myDomain?: string): string {
  if (environment === 'production') return PRODUCTION_LOGIN_HOST;
  if (environment === 'sandbox') return SANDBOX_LOGIN_HOST;
  return normalizeMyDomain(myDomain ?? '');
}

function loginFailed(message: string): AppError {
  return new AppError('LOGIN_FAILED', message);
}

/** Checks `instance_url` of a token response; returns its origin (no trailing slash). */
export function validateInstanceUrl(raw: unknown, policy: HostPolicy): string {
  const bad = () => loginFailed('Salesforce answered with an unexpected server address, so the login was stopped for your safety.');
  if (typeof raw !== 'string' || raw.length > 2048) throw bad();
  if (policy.kind === 'demo') {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw bad();
    }
    if (url.origin !== policy.origin || (url.pathname !== '/' && url.pathname !== '') || url.search) throw bad();
    return url.origin;
  }
  const url = parseHttpsOrigin(raw);
  if (!url || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw bad();
  const host = url.hostname;
  const loginHostname = new URL(policy.loginHost).hostname;
  const loginFamily = myDomainFamily(loginHostname);
  if (loginFamily !== undefined) {
    // Logged in through a My Domain: the instance is that org's My Domain (or a sibling sandbox).
    if (myDomainFamily(host) !== loginFamily) throw bad();
  } else if (!isUnder(host, 'salesforce.com')) {
    throw bad();
  }
  return url.origin;
}

/**
 * Checks the `id` (identity URL) of a token response and extracts the org and user ids from it.
 * Salesforce serves it from the login host or a salesforce.com host; the Demo org from itself.
 */
export function parseIdentityUrl(raw: unknown, policy: HostPolicy): { orgId: string; userId: string } {
  const bad = () => loginFailed('Salesforce answered with an unexpected identity address, so the login was stopped for your safety.');
  if (typeof raw !== 'string' || raw.length > 2048) throw bad();
  let url: URL | undefined;
  if (policy.kind === 'demo') {
    try {
      url = new URL(raw);
    } catch {
      throw bad();
    }
    if (url.origin !== policy.origin) throw bad();
  } else {
    url = parseHttpsOrigin(raw);
    if (!url || !(url.hostname === new URL(policy.loginHost).hostname || isUnder(url.hostname, 'salesforce.com'))) throw bad();
  }
  const parts = url.pathname.split('/');
  // ['', 'id', orgId, userId]
  if (parts.length !== 4 || parts[1] !== 'id' || !ORG_ID.test(parts[2]) || !USER_ID.test(parts[3])) throw bad();
  return { orgId: parts[2], userId: parts[3] };
}

/** Policy for refreshes and revokes of a stored connection. */
export function hostPolicyFor(environment: OrgEnvironment, loginUrl: string): HostPolicy {
  return environment === 'demo' ? { kind: 'demo', origin: new URL(loginUrl).origin } : { kind: 'salesforce', loginHost: loginUrl };
}
