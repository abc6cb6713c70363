/**
 * The `app://` protocol that serves the built renderer (Electron checklist #18: a custom
 * protocol instead of file://). The scheme must be declared privileged before `ready`; the
 * handler is installed on the default session after it. Path decisions live in the pure
 * resolver (security/app-asset-path.ts); this file only reads files.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { resolveAppAsset } from '../security/app-asset-path';
import { APP_SCHEME } from '../security/app-origin';
import { appResponseHeaders } from '../security/content-security-policy';

/** Call before `app.whenReady()`. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        // standard: real origin (`app://atom`), relative URLs, and localStorage per origin.
        standard: true,
        // secure: treated like https (secure context), so no mixed-content exceptions are needed.
        secure: true,
        // supportFetchAPI: Vite's module scripts and preloads are fetched, not just loaded.
        supportFetchAPI: true,
        // Deliberately NOT bypassCSP, allowServiceWorkers, corsEnabled or stream.
      },
    },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/** Call after `ready`. `rendererDir` is the built renderer (dist/renderer). */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppAsset(request.url, rendererDir);
    if (!resolved.ok) return textResponse(resolved.status, resolved.reason);
    try {
      const body = await readFile(resolved.filePath);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(resolved.contentType) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'Not found');
      return textResponse(500, 'Could not read the file');
    }
  });
}
