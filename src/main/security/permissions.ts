/**
 * Web permissions (Electron checklist #5): deny by default. The single exception is writing
 * plain text to the clipboard from the app's own page — the connection screen's "copy" buttons
 * for the Demo org credentials use navigator.clipboard.writeText, which Chromium gates behind
 * 'clipboard-sanitized-write'. Reading the clipboard, notifications, media, geolocation,
 * devices, fullscreen, openExternal… all stay denied.
 */
import { isAppUrl } from './app-origin';

const ALLOWED_FOR_APP_PAGE = new Set(['clipboard-sanitized-write']);

/** `origin` is the requesting origin or URL Electron reports (e.g. `app://atom` or `app://atom/index.html`). */
export function isPermissionGranted(permission: string, origin: string | undefined): boolean {
  if (!ALLOWED_FOR_APP_PAGE.has(permission)) return false;
  return typeof origin === 'string' && isAppUrl(origin);
}
