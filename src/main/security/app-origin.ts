/**
 * The app's own origin. The renderer is served from `app://atom/…` by our protocol handler, so
 * this origin — and nothing else — may navigate the window or talk to main over IPC.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'atom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for `app://atom/<path>` with no credentials and no port. Compares parsed fields
 * exactly (never `startsWith`), so `app://atom.evil/`, `app://atom@evil/` and `app://evil/` fail.
 * Node's URL keeps non-special hosts as written, so `app://ATOM/` also fails; Chromium lowercases
 * hosts of standard schemes before we ever see them.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8_192) return false;
  // The URL parser silently strips surrounding whitespace and tabs/newlines inside; Chromium
  // hands over canonical URLs, so anything carrying them did not come from Chromium.
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/** Navigation guard for will-navigate / will-frame-navigate / will-redirect: only our own pages. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}
