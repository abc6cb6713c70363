/**
 * Browser mode's one-time downloads of finished exports: `query:export-save` registers the file
 * and answers `/api/downloads/<token>`, which the bridge serves once (src/main/web/server.ts).
 *
 * The route is guarded by the token, not the bridge secret: a download is a navigation the browser
 * makes itself (an `<a href download>`), which cannot carry the secret's header, and putting the
 * secret in a URL would leak it into the history and logs. The token is 256 random bits, good for
 * one request within DOWNLOAD_TTL_MS, and names one file the user just asked to save; the bridge
 * still checks the Host (and any Origin) as for every request.
 */
import { randomBytes } from 'node:crypto';

export const DOWNLOADS_PATH = '/api/downloads/';
export const DOWNLOAD_TTL_MS = 5 * 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface DownloadFile {
  file: string;
  fileName: string;
  contentType: string;
}

export interface Downloads {
  /** A one-time URL path for the file. */
  register(file: DownloadFile): string;
  /** The file of a token, once (undefined when unknown, used or expired). */
  take(token: string): DownloadFile | undefined;
}

export function createDownloads(now: () => number = Date.now): Downloads {
  const pending = new Map<string, DownloadFile & { expires: number }>();
  const sweep = () => {
    for (const [token, entry] of pending) if (entry.expires <= now()) pending.delete(token);
  };
  return {
    register(file) {
      sweep();
      const token = randomBytes(32).toString('base64url');
      pending.set(token, { ...file, expires: now() + DOWNLOAD_TTL_MS });
      return `${DOWNLOADS_PATH}${token}`;
    },
    take(token) {
      if (!TOKEN.test(token)) return undefined;
      const entry = pending.get(token);
      pending.delete(token);
      if (!entry || entry.expires <= now()) return undefined;
      return { file: entry.file, fileName: entry.fileName, contentType: entry.contentType };
    },
  };
}
