/**
 * Maps an `app://atom/<path>` request to a file under the built renderer directory. Pure (no fs),
 * so every traversal trick can be unit-tested: `..` (raw or percent-encoded), backslashes, NUL,
 * absolute or drive paths, credentials/ports, foreign hosts. Anything doubtful is refused.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { INDEX_FILE, contentTypeFor, isInsideRoot } from './static-asset';

export type AppAssetResolution = { ok: true; filePath: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

const MAX_REQUEST_URL_LENGTH = 4_096;

export function resolveAppAsset(requestUrl: string, rootDir: string): AppAssetResolution {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_REQUEST_URL_LENGTH) {
    return { ok: false, status: 400, reason: 'Request URL missing or too long' };
  }
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'Unparseable request URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port) {
    return { ok: false, status: 403, reason: 'Foreign origin' };
  }

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'Malformed percent-encoding' };
  }
  // Checked after decoding so `%2e%2e`, `%5c` and `%00` cannot smuggle anything through.
  if (pathname.includes('\0') || pathname.includes('\\')) {
    return { ok: false, status: 400, reason: 'Forbidden character in path' };
  }
  const segments = pathname.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { ok: false, status: 403, reason: 'Path traversal' };
  }
  if (segments.some((segment) => /^[a-zA-Z]:$/.test(segment))) {
    return { ok: false, status: 403, reason: 'Drive path' };
  }

  const relative = pathname === '/' || pathname === '' ? INDEX_FILE : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  // Belt and braces: whatever the checks above missed, the result must stay inside root.
  if (!isInsideRoot(root, filePath)) {
    return { ok: false, status: 403, reason: 'Outside the renderer directory' };
  }
  if (relative.endsWith('/')) {
    return { ok: false, status: 404, reason: 'Directory listing is not served' };
  }
  return { ok: true, filePath, contentType: contentTypeFor(filePath) };
}
