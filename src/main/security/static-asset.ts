/**
 * What the two renderer file servers share — the desktop `app://` protocol handler
 * (app-asset-path.ts) and the browser-mode static server (web/static-files.ts): the file served
 * for the root, the Content-Type of each file, and the final containment check. Pure (no fs).
 * How each one parses and vets its request path stays with it: they receive different inputs.
 */
import path from 'node:path';

/** Served for `/` (and, by the desktop handler, for an empty path). */
export const INDEX_FILE = 'index.html';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** By extension, case-insensitively; unknown kinds are served as opaque bytes. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * True when `candidate` is strictly below `root` (both absolute). The root itself does not
 * count: it is a directory, never a file to serve.
 */
export function isInsideRoot(root: string, candidate: string): boolean {
  const fromRoot = path.relative(root, candidate);
  return fromRoot !== '' && !fromRoot.startsWith('..') && !path.isAbsolute(fromRoot);
}
