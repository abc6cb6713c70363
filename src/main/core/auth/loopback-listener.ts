/**
 * The loopback redirect listener (RFC 8252 §7.3): an HTTP server on 127.0.0.1 only, on the fixed
 * port the connected app registered (Salesforce matches callbacks exactly). It exists only while a
 * login is pending, answers with a static page, and closes after the first callback that belongs
 * to a pending login, or when its time runs out.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';

export interface CallbackOutcome {
  ok: boolean;
  title: string;
  message: string;
  /** True when the callback belonged to a pending login (consumed its state), so the listener is done. */
  handled: boolean;
}

export interface LoopbackListener {
  readonly port: number;
  /** Always 127.0.0.1. */
  readonly host: string;
  /** Resolves once the server is closed (after a handled callback, a timeout, or close()). */
  readonly closed: Promise<void>;
  /** Restarts the idle timeout (another login started using this listener). */
  extend(timeoutMs: number): void;
  close(): Promise<void>;
}

export interface LoopbackListenerOptions {
  port: number;
  /** Path of the redirect URI, e.g. `/oauth/callback`. */
  path: string;
  timeoutMs: number;
  onCallback(callbackUrl: string): Promise<CallbackOutcome>;
  /** Called once when the listener closes for any reason. */
  onClose?(): void;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function renderCallbackPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.4rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing = false;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${options.port}`);
    if (req.method !== 'GET' || url.pathname !== options.path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    options
      .onCallback(url.toString())
      .catch(() => ({ ok: false, title: 'Login failed', message: 'Something went wrong. Return to the app and try again.', handled: false }))
      .then((outcome) => {
        // Close only once the page is written, or the browser would see a dropped connection.
        res.writeHead(outcome.ok ? 200 : 400, { ...PAGE_HEADERS, connection: 'close' }).end(renderCallbackPage(outcome.title, outcome.message), () => {
          if (outcome.handled) void close();
        });
      });
  });
  // A callback page has nothing to keep alive.
  server.keepAliveTimeout = 1;

  const close = (): Promise<void> => {
    if (!closing) {
      closing = true;
      clearTimeout(timer);
      server.close(() => {
        options.onClose?.();
        resolveClosed();
      });
      server.closeIdleConnections();
      // Whatever is still open after a moment (a stalled client) is cut.
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    }
    return closed;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new AppError(
            'CONFIG',
            `Port ${options.port} on this computer is already used by another program, so the app cannot receive the Salesforce login. Close that program, or pick another port in Settings (and add the matching callback URL to your connected app).`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new AppError('CONFIG', `The app is not allowed to listen on port ${options.port}. Pick a port above 1024 in Settings.`));
      } else {
        reject(err);
      }
    });
    // 127.0.0.1 only: never 0.0.0.0, so nothing on the network can reach the listener.
    server.listen({ port: options.port, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  server.on('error', () => void close());

  let timer = setTimeout(() => void close(), options.timeoutMs);
  timer.unref();
  const extend = (timeoutMs: number) => {
    if (closing) return;
    clearTimeout(timer);
    timer = setTimeout(() => void close(), timeoutMs);
    timer.unref();
  };

  const address = server.address() as AddressInfo;
  return { port: address.port, host: address.address, closed, extend, close };
}
