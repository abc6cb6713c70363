/**
 * Maps a raw request path to a file inside the renderer build, refusing anything that could
 * escape it. The raw path is used on purpose: WHATWG URL parsing would silently collapse
 * `..` and `%2e%2e` segments, hiding exactly the requests we want to reject.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticFile =
  | { ok: true; body: Buffer; contentType: string; filePath: string }
  | { ok: false; reason: 'bad-path' | 'not-found' };

/** Splits and decodes a path; null when any segment is a traversal or otherwise unsafe. */
export function safePathSegments(rawPath: string): string[] | null {
  if (!rawPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const rawSegment of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null;
    }
    if (segment === '') continue; // "//" or a trailing slash
    if (segment === '.' || segment === '..') return null;
    // After decoding, a segment must not smuggle separators, drive letters or NULs.
    if (/[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

export async function resolveStaticFile(rootDir: string, rawPath: string): Promise<StaticFile> {
  const segments = safePathSegments(rawPath);
  if (segments === null) return { ok: false, reason: 'bad-path' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return { ok: false, reason: 'bad-path' };
  try {
    // Follow symlinks and check again: a link inside the build must not point outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return { ok: false, reason: 'not-found' };
    const info = await stat(realFile);
    if (!info.isFile()) return { ok: false, reason: 'not-found' };
    const body = await readFile(realFile);
    const contentType = CONTENT_TYPES[path.extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    return { ok: true, body, contentType, filePath: realFile };
  } catch {
    return { ok: false, reason: 'not-found' };
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
