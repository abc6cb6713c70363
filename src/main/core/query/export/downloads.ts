/**
 * Browser mode's one-time downloads of finished exports: `query:export-save` registers the file
 * and answers `/api/downloads/<token>`, which the bridge serves once (src/main/web/server.ts).
 *
 * The route is guarded by the token, not the bridge secret: a download is a navigation the browser
 * makes itself (an `<a href download>`), which cannot carry the secret's header, and putting the
 * secret in a URL would leak it into the history and logs. The token is 256 random bits, good for
 * one request within DOWNLOAD_TTL_MS, and names one file the user just asked to save; the bridge
 * still checks the Host (and any Origin) as for every request. A registration may say whether the
 * file may still be served (its org is still the active one) and what to do once it has been
 * (remove the export and its file).
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

export interface DownloadHooks {
  /** Whether the file may still be served (checked when the token is used). */
  allowed?(): boolean;
  /** Called by the bridge once the file has been sent whole. */
  served?(): void;
}

/** A file to serve, with what the bridge calls once it has been sent whole. */
export type TakenDownload = DownloadFile & Pick<DownloadHooks, 'served'>;

export interface Downloads {
  /** A one-time URL path for the file. */
  register(file: DownloadFile, hooks?: DownloadHooks): string;
  /** The file of a token, once (undefined when unknown, used, expired or no longer allowed). */
  take(token: string): TakenDownload | undefined;
}

export function createDownloads(now: () => number = Date.now): Downloads {
  const pending = new Map<string, { file: DownloadFile; hooks: DownloadHooks; expires: number }>();
  const sweep = () => {
    for (const [token, entry] of pending) if (entry.expires <= now()) pending.delete(token);
  };
  return {
    register(file, hooks = {}) {
      sweep();
      const token = randomBytes(32).toString('base64url');
      pending.set(token, { file: { file: file.file, fileName: file.fileName, contentType: file.contentType }, hooks, expires: now() + DOWNLOAD_TTL_MS });
      return `${DOWNLOADS_PATH}${token}`;
    },
    take(token) {
      if (!TOKEN.test(token)) return undefined;
      const entry = pending.get(token);
      pending.delete(token);
      if (!entry || entry.expires <= now()) return undefined;
      if (entry.hooks.allowed && !entry.hooks.allowed()) return undefined;
      const served = entry.hooks.served;
      return served ? { ...entry.file, served } : { ...entry.file };
    },
  };
}
