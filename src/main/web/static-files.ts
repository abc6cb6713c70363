/**
 * Maps a raw request path to a file inside the renderer build, refusing anything that could
 * escape it. The raw path is used on purpose: WHATWG URL parsing would silently collapse
 * `..` and `%2e%2e` segments, hiding exactly the requests we want to reject.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { INDEX_FILE, contentTypeFor, isInsideRoot } from '../security/static-asset';

export type StaticFile = { ok: true; body: Buffer; contentType: string; filePath: string } | { ok: false; reason: 'bad-path' | 'not-found' };

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
  const relative = segments.length === 0 ? INDEX_FILE : segments.join('/');
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  if (!isInsideRoot(root, candidate)) return { ok: false, reason: 'bad-path' };
  try {
    // Follow symlinks and check again: a link inside the build must not point outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInsideRoot(realRoot, realFile)) return { ok: false, reason: 'not-found' };
    const info = await stat(realFile);
    if (!info.isFile()) return { ok: false, reason: 'not-found' };
    const body = await readFile(realFile);
    return { ok: true, body, contentType: contentTypeFor(realFile), filePath: realFile };
  } catch {
    return { ok: false, reason: 'not-found' };
  }
}
