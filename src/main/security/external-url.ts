/**
 * Which URLs may be handed to the operating system (`shell.openExternal`). The OS will launch
 * whatever handler a scheme maps to (file:, smb:, ms-msdt:… have all been exploited), so the rule
 * is an allowlist on the *parsed* URL:
 *
 * - `https:` on a Salesforce-operated registrable domain, matched on label boundaries:
 *   - `salesforce.com`        login.salesforce.com, test.salesforce.com, *.my.salesforce.com,
 *                             *.sandbox.my.salesforce.com (the OAuth authorize endpoints we open)
 *   - `force.com`             *.lightning.force.com (record pages), legacy *.visual.force.com
 *   - `salesforce-setup.com`  *.my.salesforce-setup.com (the Setup domain, for "open in Setup")
 *   Experience Cloud (`site.com`) and government clouds are out of scope for this app.
 * - `http:` on `127.0.0.1` / `localhost` with an explicit port: the embedded Demo org's login
 *   page (it runs on a free loopback port). Only when the caller allows loopback (the login
 *   flow); a window.open from the renderer never gets it.
 *
 * Rejected always: credentials in the URL (`https://login.salesforce.com@evil.io`), non-default
 * ports on https, IDN/punycode labels (`xn--`: homoglyph hosts; Salesforce uses none), trailing-dot
 * hosts, whitespace/control characters, over-long URLs.
 */

export const SALESFORCE_DOMAINS = ['salesforce.com', 'force.com', 'salesforce-setup.com'] as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
export const MAX_EXTERNAL_URL_LENGTH = 8_192;

export type ExternalUrlVerdict = { allowed: true; url: string } | { allowed: false; reason: string };

export interface ExternalUrlOptions {
  /** Allow http://127.0.0.1:<port> and http://localhost:<port> (the Demo org's login page). */
  allowLoopback: boolean;
}

export function isSalesforceHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host.length === 0 || host.length > 253 || host.endsWith('.')) return false;
  const labels = host.split('.');
  if (labels.some((label) => label.length === 0 || label.length > 63 || !/^[a-z0-9-]+$/.test(label))) return false;
  if (labels.some((label) => label.startsWith('xn--'))) return false;
  return SALESFORCE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
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
    if (!isSalesforceHost(url.hostname)) return { allowed: false, reason: `Not a Salesforce host: ${url.hostname}` };
    return { allowed: true, url: url.href };
  }

  if (url.protocol === 'http:' && options.allowLoopback) {
    if (!LOOPBACK_HOSTS.has(url.hostname)) return { allowed: false, reason: 'Plain http is only allowed on loopback' };
    // An explicit port is required: the Demo org never listens on :80.
    if (url.port === '') return { allowed: false, reason: 'Loopback URL without a port' };
    return { allowed: true, url: url.href };
  }

  return { allowed: false, reason: `Scheme not allowed: ${url.protocol}` };
}
