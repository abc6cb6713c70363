/**
 * Record and search links: `com.atomforsalesforce.app:/record/<Id>` and
 * `com.atomforsalesforce.app:/search?q=<text>`. Any local app (or web page, through the OS) can send
 * one, so they are untrusted input and parsed strictly, on the raw text rather than through a URL
 * parser that would normalise `..` segments or percent-escapes away before they could be seen:
 *
 * - ASCII only, no whitespace, no fragment, at most ROUTE_LINK_MAX_LENGTH characters; the scheme
 *   in any case (Windows hands it over as typed); no authority (`scheme://host/…` is refused).
 * - `/record/<Id>`: exactly that path, no query. The Id is 15 or 18 alphanumerics; an 18-character
 *   Id must carry the suffix its body implies (record-id.ts); it comes back in its 18-character form.
 *   Which object it is follows from its key prefix, through the registry (openRouteOf).
 * - `/search?q=<text>`: exactly one parameter, `q`, spelt plainly. Its value is form-decoded (`+` is
 *   a space) and must be valid UTF-8 without control or invisible formatting characters, no `..`
 *   path segment, no escape encoded twice, and 1-100 characters once trimmed. An escaped dot
 *   (`%2e`) is refused outright: encoders never write one, only attempts to hide a `..` do.
 * - The path is never decoded: a `%` anywhere in it is refused.
 *
 * The OAuth callback (`/oauth/callback`) is not a route: the main process parses it separately
 * (src/main/deep-links/deep-link.ts) and it never reaches the renderer. Pure: no Node, no DOM.
 */
import { DEEP_LINK_SCHEME } from './app-identity';
import { OBJECT_REGISTRY, type ObjectRegistry } from './objects/registry';
import { checkRecordId } from './record-id';

export const ROUTE_LINK_MAX_LENGTH = 2_048;
/** The bounds of a search link's text, in characters (code points), after trimming. */
export const SEARCH_TEXT_MIN = 1;
export const SEARCH_TEXT_MAX = 100;

/** What a link asks for, as parsed. */
export type AppRoute = { kind: 'record'; id: string } | { kind: 'search'; q: string };
/**
 * What the renderer is told to open: a record with its object (null: no cached object has that key
 * prefix), a search, or the change notifications' list (a summary pop-up clicked in the desktop
 * app; no link names it).
 */
export type OpenRoute = { kind: 'record'; id: string; object: string | null } | { kind: 'search'; q: string };
export type RouteLinkResult = { ok: true; route: AppRoute } | { ok: false; reason: string };

const SCHEME_PREFIX = `${DEEP_LINK_SCHEME}:`;
/** Unreserved and sub-delimiter characters, `:`, `@`, `/`, `?` and `%`: nothing else may appear raw. */
const LINK_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
const RECORD_PATH = /^\/record\/([^/]*)$/;
const WELL_FORMED_ESCAPES = /^(?:[^%]|%[0-9A-Fa-f]{2})*$/;
const ESCAPED_DOT = /%2e/i;
/** After decoding, an escape of a dot, slash, backslash or NUL means the text was encoded twice. */
const DOUBLE_ENCODED = /%(?:2e|2f|5c|00)/i;
const DOT_DOT_SEGMENT = /(?:^|[/\\])\.\.(?:[/\\]|$)/;
/** Control, format (bidi overrides, zero-width), surrogate, private-use and line/paragraph separator characters. */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

const refuse = (reason: string): RouteLinkResult => ({ ok: false, reason });

/**
 * A search text as the renderer may receive it: already trimmed, 1-100 characters, nothing
 * invisible, no `..` segment. The events contract checks `open-route` payloads with this too.
 */
export function isValidSearchText(q: unknown): q is string {
  if (typeof q !== 'string' || q !== q.trim()) return false;
  const length = [...q].length;
  return length >= SEARCH_TEXT_MIN && length <= SEARCH_TEXT_MAX && !INVISIBLE_OR_CONTROL.test(q) && !DOT_DOT_SEGMENT.test(q) && !DOUBLE_ENCODED.test(q);
}

function decodeSearchValue(raw: string): { ok: true; text: string } | { ok: false; reason: string } {
  if (!WELL_FORMED_ESCAPES.test(raw)) return { ok: false, reason: 'Malformed percent-encoding in the search text' };
  if (ESCAPED_DOT.test(raw)) return { ok: false, reason: 'The search text escapes a dot' };
  try {
    return { ok: true, text: decodeURIComponent(raw.replace(/\+/g, ' ')) };
  } catch {
    return { ok: false, reason: 'The search text is not valid UTF-8' };
  }
}

function parseSearchQuery(query: string | undefined): RouteLinkResult {
  if (query === undefined || query === '') return refuse('A search link needs q');
  const parts = query.split('&');
  if (parts.length > 1) return refuse('A search link takes only q');
  const [key, ...rest] = parts[0]!.split('=');
  if (key !== 'q' || rest.length === 0) return refuse('A search link takes only q');
  const decoded = decodeSearchValue(rest.join('='));
  if (!decoded.ok) return refuse(decoded.reason);
  // Control characters count before trimming (a NUL or newline at the edge is still an attack);
  // the rest is judged on the text the renderer will get.
  if (INVISIBLE_OR_CONTROL.test(decoded.text)) return refuse('The search text contains control or invisible characters');
  const q = decoded.text.trim();
  if (DOUBLE_ENCODED.test(q)) return refuse('The search text is encoded twice');
  if (DOT_DOT_SEGMENT.test(q)) return refuse('The search text contains a .. segment');
  const length = [...q].length;
  if (length < SEARCH_TEXT_MIN) return refuse('The search text is empty');
  if (length > SEARCH_TEXT_MAX) return refuse(`The search text is longer than ${SEARCH_TEXT_MAX} characters`);
  return { ok: true, route: { kind: 'search', q } };
}

/**
 * The part after the scheme: `/record/<Id>` or `/search?q=…`. Exported for a host that receives
 * the same routes as a path (browser mode's address, the renderer's router).
 */
export function parseRouteTarget(target: string): RouteLinkResult {
  if (target.startsWith('//')) return refuse('Unexpected authority in the link');
  if (!target.startsWith('/')) return refuse('Unknown link route');
  if (target.includes('#')) return refuse('Unexpected fragment in the link');
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : target.slice(queryAt + 1);
  if (path.includes('%')) return refuse('Encoded characters in the link path');
  if (path === '/search') return parseSearchQuery(query);
  const record = RECORD_PATH.exec(path);
  if (!record) return refuse('Unknown link route');
  if (query !== undefined) return refuse('A record link takes no parameters');
  const id = checkRecordId(record[1]!);
  return id.ok ? { ok: true, route: { kind: 'record', id: id.id } } : refuse(id.reason);
}

/** Validates one record or search link. Never throws. */
export function parseRouteLink(raw: unknown): RouteLinkResult {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('No link');
  if (raw.length > ROUTE_LINK_MAX_LENGTH) return refuse('Link too long');
  if (raw.includes('#')) return refuse('Unexpected fragment in the link');
  if (!LINK_CHARACTERS.test(raw)) return refuse('The link contains characters a link may not carry unescaped');
  if (raw.slice(0, SCHEME_PREFIX.length).toLowerCase() !== SCHEME_PREFIX) return refuse('Not an Atom for Salesforce link');
  return parseRouteTarget(raw.slice(SCHEME_PREFIX.length));
}

/**
 * The part of a link after the scheme: `/record/<Id>` or `/search?q=<text>` (browser mode's
 * address writes the same after its `#`); parseRouteTarget reads it back. encodeURIComponent never
 * escapes a dot, so no text it prints is refused for an escaped one.
 */
export function printRouteTarget(route: AppRoute): string {
  return route.kind === 'record' ? `/record/${route.id}` : `/search?q=${encodeURIComponent(route.q)}`;
}

/** The link that opens a route (what "Copy link" puts on the clipboard); parseRouteLink reads it back. */
export function printRouteLink(route: AppRoute): string {
  return `${SCHEME_PREFIX}${printRouteTarget(route)}`;
}

/** The route with its record's object, from the Id's key prefix (null: not an object the app caches). */
export function openRouteOf(route: AppRoute, registry: ObjectRegistry = OBJECT_REGISTRY): OpenRoute {
  if (route.kind === 'search') return route;
  return { kind: 'record', id: route.id, object: registry.ofId(route.id)?.name ?? null };
}
