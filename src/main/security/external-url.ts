/**
 * Which URLs may be handed to the operating system (`shell.openExternal`). The OS will launch
 * whatever handler a scheme maps to (file:, smb:, ms-msdt:… have all been exploited), so the rule
 * is an allowlist on the *parsed* URL, kept to what the app actually opens:
 *
 * - `https:` on Salesforce's login servers and on an org's My Domain / Lightning hosts, in the
 *   documented formats (My Domain URL formats, enhanced domains):
 *   - `login.salesforce.com`, `test.salesforce.com`: the OAuth authorize pages for production and
 *     sandboxes;
 *   - `<name>.my.salesforce.com`, `<name>.<partition>.my.salesforce.com`: a My Domain login
 *     (custom-domain logins), where partition is `sandbox` (`acme--uat.sandbox…`) or one of the
 *     partitioned-domain values `develop`, `demo`, `free`, `patch`, `scratch`, `trailblaze`;
 *   - `<name>.lightning.force.com` and `<name>.<partition>.lightning.force.com`: the same org's
 *     Lightning pages.
 *   Nothing else under those domains: not other force.com or salesforce.com hosts (Visualforce,
 *   Setup, instance hosts), not Experience Cloud (`my.site.com`), which the app never opens.
 * - `http:` to the embedded Demo org's login page, and only to its exact loopback origin
 *   (`http://127.0.0.1:<port>` / `http://localhost:<port>`), which the caller passes for a Demo
 *   org login. Without it (any real org, or a window.open from the renderer) no http URL passes.
 *
 * - `tel:` and `mailto:` from the renderer's links only (the quick lookup's Call and Email), each in
 *   exactly the shape the renderer builds (features/quick-lookup/lookup-links.ts): `tel:` and up to
 *   20 digits after an optional +; `mailto:` and one plain address with every character outside
 *   letters, digits, `.`, `_` and `-` percent-encoded, no parameters. Mail clients have honoured
 *   `?attach=` and similar fields on mailto links (local files attached to a message), so nothing
 *   after the address passes; never for a login page.
 *
 * - `https:` on `help.salesforce.com` (Salesforce Help), for the application menu's Help item only:
 *   the caller says so (`helpPages`); links in the renderer never open it.
 *
 * Rejected always: credentials in the URL (`https://login.salesforce.com@evil.io`), non-default
 * ports on https, IP hosts, IDN/punycode labels (`xn--`: homoglyph hosts; Salesforce uses none),
 * trailing-dot hosts, whitespace/control characters, over-long URLs.
 */

const LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);
const ORG_HOST_SUFFIXES = ['my.salesforce.com', 'lightning.force.com'] as const;
const PARTITIONS = new Set(['sandbox', 'develop', 'demo', 'free', 'patch', 'scratch', 'trailblaze']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MAX_EXTERNAL_URL_LENGTH = 8_192;

export type ExternalUrlVerdict = { allowed: true; url: string } | { allowed: false; reason: string };

export interface ExternalUrlOptions {
  /**
   * The Demo org's origin (`http://127.0.0.1:<port>`), given only when a Demo org login opens its
   * login page; http URLs on exactly that origin are allowed.
   */
  demoOrigin?: string;
  /** Links the renderer opens (window.open / target=_blank): `tel:` and `mailto:` in the shapes above are allowed too. */
  contactLinks?: boolean;
  /** The Help menu's pages: https on Salesforce Help's host is allowed too. */
  helpPages?: boolean;
}

/** Salesforce Help's host, and the page the Help menu opens. */
const HELP_HOST = 'help.salesforce.com';
export const SALESFORCE_HELP_URL = `https://${HELP_HOST}/s/`;

/** The My Domain name label of an org host, or undefined when `host` is not one in a documented format. */
function orgHostName(host: string, suffix: string): string | undefined {
  if (!host.endsWith(`.${suffix}`)) return undefined;
  const labels = host.slice(0, -suffix.length - 1).split('.');
  if (labels.length === 2 && !PARTITIONS.has(labels[1])) return undefined;
  if (labels.length > 2) return undefined;
  return labels[0];
}

/** A host the app opens: Salesforce's login servers, or an org's My Domain / Lightning host. */
export function isSalesforceHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label)) || labels.some((label) => label.startsWith('xn--'))) return false;
  if (LOGIN_HOSTS.has(host)) return true;
  return ORG_HOST_SUFFIXES.some((suffix) => orgHostName(host, suffix) !== undefined);
}

function checkDemoUrl(url: URL, demoOrigin: string | undefined): ExternalUrlVerdict {
  if (demoOrigin === undefined) return { allowed: false, reason: 'Plain http is only allowed for the Demo org login' };
  if (!LOOPBACK_HOSTS.has(url.hostname)) return { allowed: false, reason: 'Plain http is only allowed on loopback' };
  // An explicit port is required: the Demo org never listens on :80.
  if (url.port === '') return { allowed: false, reason: 'Loopback URL without a port' };
  if (url.origin !== demoOrigin) return { allowed: false, reason: 'Not the Demo org login page' };
  return { allowed: true, url: url.href };
}

const TEL = /^tel:\+?[0-9]{3,20}$/;
const MAILTO = /^mailto:((?:[A-Za-z0-9._-]|%[0-9A-F]{2}){1,192})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)$/;
/** The local part once decoded: RFC 5322's atext and dots, as an Email field holds it (no space, control character or second @). */
const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/;

function checkContactUrl(raw: string): ExternalUrlVerdict {
  if (TEL.test(raw)) return { allowed: true, url: raw };
  const mail = MAILTO.exec(raw);
  if (!mail) return { allowed: false, reason: 'Not a plain phone number or email address link' };
  let local: string;
  try {
    local = decodeURIComponent(mail[1]);
  } catch {
    return { allowed: false, reason: 'Badly encoded email address' };
  }
  if (!LOCAL_PART.test(local)) return { allowed: false, reason: 'Not a plain email address' };
  return { allowed: true, url: raw };
}

export function checkExternalUrl(raw: unknown, options: ExternalUrlOptions): ExternalUrlVerdict {
  if (typeof raw !== 'string' || raw.length === 0) return { allowed: false, reason: 'Not a URL' };
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return { allowed: false, reason: 'URL too long' };
  // Spaces, quotes and control characters have no business in a URL we open; they are the
  // material of argument-injection tricks against the OS URL handler.
  if (/[\s"'<>\\^`{|}\u0000-\u001f\u007f]/.test(raw)) return { allowed: false, reason: 'URL contains forbidden characters' };

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'Unparseable URL' };
  }
  if (url.username !== '' || url.password !== '') return { allowed: false, reason: 'URL carries credentials' };

  if (url.protocol === 'https:') {
    if (url.port !== '') return { allowed: false, reason: 'Unexpected port' };
    if (options.helpPages && url.hostname === HELP_HOST) return { allowed: true, url: url.href };
    if (!isSalesforceHost(url.hostname)) return { allowed: false, reason: `Not a Salesforce host: ${url.hostname}` };
    return { allowed: true, url: url.href };
  }

  if (url.protocol === 'http:') return checkDemoUrl(url, options.demoOrigin);

  if (url.protocol === 'tel:' || url.protocol === 'mailto:') {
    if (!options.contactLinks) return { allowed: false, reason: `Scheme not allowed here: ${url.protocol}` };
    // The raw text, not the parsed URL: the shapes allowed are exact, nothing is normalised away.
    return checkContactUrl(raw);
  }

  return { allowed: false, reason: `Scheme not allowed: ${url.protocol}` };
}
