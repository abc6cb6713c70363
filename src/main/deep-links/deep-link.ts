/**
 * Deep links arrive from the OS and any local app can send one, so they are untrusted input
 * (RFC 8252 §8.1, CWE-939). Two kinds exist, told apart by their path and parsed separately:
 * - the OAuth callback (`com.atomforsalesforce.app:/oauth/callback?code=…&state=…`), parsed here;
 *   its only use is finishing a pending login whose `state` matches, which the core checks;
 * - record and search links (`…:/record/<Id>`, `…:/search?q=…`), parsed by the shared
 *   src/shared/deep-links.ts; they only ever navigate the main window.
 * This module turns raw argv / open-url input into at most one validated link of either kind.
 */
import { DEEP_LINK_SCHEME } from '../../shared/app-identity';
import { parseRouteLink, type AppRoute } from '../../shared/deep-links';

export const MAX_DEEP_LINK_LENGTH = 4_096;
/** The only route a deep link may name. */
export const DEEP_LINK_ROUTES = ['/oauth/callback'] as const;
/** Parameters Salesforce (or the Demo org) puts on an OAuth redirect; anything else is refused. */
export const DEEP_LINK_PARAMS = new Set(['code', 'state', 'error', 'error_description', 'error_uri', 'sfdc_community_url', 'sfdc_community_id']);

export type DeepLinkResult = { ok: true; url: string } | { ok: false; reason: string };

const SCHEME_PREFIX = `${DEEP_LINK_SCHEME}:`;

/** Case-insensitive, because Windows hands the scheme over as the user (or attacker) typed it. */
function looksLikeOurLink(arg: string): boolean {
  return arg.slice(0, SCHEME_PREFIX.length).toLowerCase() === SCHEME_PREFIX;
}

/** Validates one candidate deep link. Never throws. */
export function parseDeepLink(raw: unknown): DeepLinkResult {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, reason: 'No deep link' };
  if (raw.length > MAX_DEEP_LINK_LENGTH) return { ok: false, reason: 'Deep link too long' };
  if (/[\s"'<>\\\u0000-\u001f\u007f]/.test(raw)) return { ok: false, reason: 'Deep link contains forbidden characters' };
  if (!looksLikeOurLink(raw)) return { ok: false, reason: 'Not an Atom for Salesforce link' };

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Unparseable deep link' };
  }
  if (url.protocol !== SCHEME_PREFIX) return { ok: false, reason: 'Not an Atom for Salesforce link' };
  // Salesforce redirects to exactly the registered `scheme:/oauth/callback`: no authority part.
  if (url.host !== '' || url.username !== '' || url.password !== '') return { ok: false, reason: 'Unexpected authority in deep link' };
  if (!(DEEP_LINK_ROUTES as readonly string[]).includes(url.pathname)) return { ok: false, reason: 'Unknown deep-link route' };
  if (url.hash !== '') return { ok: false, reason: 'Unexpected fragment in deep link' };

  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (!DEEP_LINK_PARAMS.has(key)) return { ok: false, reason: `Unexpected deep-link parameter: ${key.slice(0, 40)}` };
    if (seen.has(key)) return { ok: false, reason: `Repeated deep-link parameter: ${key}` };
    seen.add(key);
  }
  if (!seen.has('state')) return { ok: false, reason: 'Deep link has no state' };
  if (!seen.has('code') && !seen.has('error')) return { ok: false, reason: 'Deep link has neither code nor error' };
  return { ok: true, url: url.href };
}

/** A validated link of either kind; `url` is what a second instance hands to the primary. */
export type AppLinkResult =
  { ok: true; kind: 'oauth'; url: string } | { ok: true; kind: 'route'; route: AppRoute; url: string } | { ok: false; reason: string };

const OAUTH_PATH_PREFIX = '/oauth/';

/** Validates one candidate link of either kind, by its path. Never throws. */
export function classifyDeepLink(raw: unknown): AppLinkResult {
  if (typeof raw === 'string' && looksLikeOurLink(raw) && raw.slice(SCHEME_PREFIX.length).startsWith(OAUTH_PATH_PREFIX)) {
    const login = parseDeepLink(raw);
    return login.ok ? { ok: true, kind: 'oauth', url: login.url } : login;
  }
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, reason: 'No deep link' };
  const route = parseRouteLink(raw);
  return route.ok ? { ok: true, kind: 'route', route: route.route, url: raw } : route;
}

type Candidate = { ok: true; raw: unknown } | { ok: false; reason: string };

/**
 * The one link a (second) instance was started with, unparsed. The second instance passes the URL
 * it found in its own argv as `additionalData.deepLink`; that is preferred because the primary
 * sees argv reordered, with Chromium switches added (`--original-process-start-time=…`,
 * `--allow-file-access-from-files`…), or empty when another OS user launched it. Otherwise exactly
 * one argv entry may carry our scheme: two are refused rather than guessed between.
 */
function findCandidate(argv: readonly unknown[], additionalData?: unknown): Candidate {
  if (additionalData !== null && typeof additionalData === 'object' && 'deepLink' in additionalData) {
    const fromData = (additionalData as { deepLink?: unknown }).deepLink;
    if (fromData !== undefined && fromData !== null) return { ok: true, raw: fromData };
  }
  if (!Array.isArray(argv)) return { ok: false, reason: 'No deep link' };
  const candidates = argv.filter((arg): arg is string => typeof arg === 'string' && looksLikeOurLink(arg));
  if (candidates.length === 0) return { ok: false, reason: 'No deep link' };
  if (candidates.length > 1) return { ok: false, reason: 'More than one deep link on the command line' };
  return { ok: true, raw: candidates[0] };
}

/** The login callback a (second) instance was started with (see findCandidate). */
export function extractDeepLink(argv: readonly unknown[], additionalData?: unknown): DeepLinkResult {
  const candidate = findCandidate(argv, additionalData);
  return candidate.ok ? parseDeepLink(candidate.raw) : candidate;
}

/** The link of either kind a (second) instance was started with (see findCandidate). */
export function extractAppLink(argv: readonly unknown[], additionalData?: unknown): AppLinkResult {
  const candidate = findCandidate(argv, additionalData);
  return candidate.ok ? classifyDeepLink(candidate.raw) : candidate;
}

/** What the second instance sends to the primary through requestSingleInstanceLock: a validated link of either kind. */
export function singleInstanceData(argv: readonly unknown[]): { deepLink?: string } {
  const found = extractAppLink(argv);
  return found.ok ? { deepLink: found.url } : {};
}
