import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveAppAsset } from '../../../src/main/security/app-asset-path';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security/content-security-policy';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  privileged: [] as unknown[],
}));
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => electron.handlers.set(scheme, handler),
  },
}));

const { handleAppProtocol, registerAppSchemeAsPrivileged } = await import('../../../src/main/adapters/app-protocol');

const ROOT = path.resolve('/srv/atom/dist/renderer');

describe('resolveAppAsset (checklist E2)', () => {
  it('maps app://atom paths into the renderer directory', () => {
    expect(resolveAppAsset('app://atom/index.html', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppAsset('app://atom/', ROOT)).toMatchObject({ ok: true, filePath: path.join(ROOT, 'index.html') });
    expect(resolveAppAsset('app://atom/assets/index-abc123.js?v=1#x', ROOT)).toMatchObject({
      ok: true,
      filePath: path.join(ROOT, 'assets', 'index-abc123.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppAsset('app://atom/assets/my%20font.woff2', ROOT)).toMatchObject({ ok: true, filePath: path.join(ROOT, 'assets', 'my font.woff2') });
    expect(resolveAppAsset('app://atom/blob.unknownext', ROOT)).toMatchObject({ ok: true, contentType: 'application/octet-stream' });
  });

  // The URL parser (Node's here, Chromium's in the app) already resolves `..` and `%2e%2e`
  // segments against the root, so these land inside the renderer directory, never outside.
  it.each([
    ['raw ..', 'app://atom/../../etc/passwd', 'etc/passwd'],
    ['encoded ..', 'app://atom/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
    ['mixed-case encoded ..', 'app://atom/%2E%2e/secret', 'secret'],
    ['single dot segment', 'app://atom/%2e/index.html', 'index.html'],
  ])('keeps %s inside the root', (_label, url, inside) => {
    expect(resolveAppAsset(url, ROOT)).toMatchObject({ ok: true, filePath: path.join(ROOT, inside) });
  });

  // What survives the URL parser and only becomes dangerous after percent-decoding is refused.
  it.each([
    ['encoded slash + ..', 'app://atom/assets%2f..%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://atom/..%5c..%5cwindows%5csystem.ini'],
    ['NUL', 'app://atom/index.html%00.png'],
    ['encoded absolute path', 'app://atom/x/%2f..%2f..%2fetc'],
    ['drive path', 'app://atom/C:/Windows/win.ini'],
    ['encoded drive path', 'app://atom/C%3a/Windows/win.ini'],
    ['encoded dot segment', 'app://atom/a%2f.%2findex.html'],
    ['bad percent-encoding', 'app://atom/%E0%A4%A'],
  ])('refuses %s', (_label, url) => {
    const result = resolveAppAsset(url, ROOT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect([400, 403]).toContain(result.status);
  });

  it.each([
    'app://evil/index.html',
    'app://atom.evil/index.html',
    'app://user@atom/index.html',
    'app://atom:81/index.html',
    'https://atom/index.html',
    'file:///srv/atom/dist/renderer/index.html',
  ])('refuses a foreign origin: %s', (url) => {
    expect(resolveAppAsset(url, ROOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses junk without throwing', () => {
    expect(resolveAppAsset('not a url', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppAsset(`app://atom/${'a'.repeat(5_000)}`, ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppAsset(undefined as unknown as string, ROOT)).toMatchObject({ ok: false, status: 400 });
  });

  it('never resolves outside the root, whatever the input', () => {
    const tricky = ['..', '%2e%2e', '.%2e', '%2e.', '....', '..;', '..%00', '%252e%252e', '..%2f', '%c0%ae%c0%ae'];
    for (const a of tricky) {
      for (const b of tricky) {
        const result = resolveAppAsset(`app://atom/${a}/${b}/x`, ROOT);
        if (result.ok) expect(result.filePath.startsWith(ROOT + path.sep)).toBe(true);
      }
    }
  });
});

describe('app:// protocol handler (mocked electron)', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'atom-renderer-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Atom</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(root), 'outside-secret.txt'), 'secret');
    registerAppSchemeAsPrivileged();
    handleAppProtocol(root);
    handler = electron.handlers.get('app')!;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('declares app:// as a standard, secure scheme without bypassing CSP', () => {
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves files with the strict CSP and nosniff', async () => {
    const response = await handler(new Request('app://atom/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Atom</title>');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await handler(new Request('app://atom/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers traversal, foreign hosts, missing files and writes with 4xx', async () => {
    // Resolved to <root>/outside-secret.txt, which does not exist: the file next to root is unreachable.
    expect((await handler(new Request('app://atom/%2e%2e/outside-secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://atom/x%2f..%2f..%2foutside-secret.txt'))).status).toBe(403);
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(403);
    expect((await handler(new Request('app://atom/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://atom/assets/'))).status).toBe(404);
    expect((await handler(new Request('app://atom/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const refused = await handler(new Request('app://atom/x%2f..%2f..%2foutside-secret.txt'));
    expect(await refused.text()).not.toBe('secret');
    expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('content security policy (checklist E3)', () => {
  it('has no unsafe- sources and keeps scripts and connections to self', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});
