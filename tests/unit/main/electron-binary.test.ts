/**
 * `npm start`'s first step (scripts/electron-binary.ts): the binary is found as the electron
 * package finds it, installed once when missing, and when it cannot be had the user gets one line
 * pointing to browser mode — never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkElectronBinary,
  installFailureReason,
  locateElectronBinary,
  type BinaryLookup,
  type FileView,
  type InstallOutcome,
} from '../../../scripts/electron-binary';

const ROOT = path.resolve(__dirname, '../../..');
const PKG = '/repo/node_modules/electron';

function fakeFiles(contents: Record<string, string>): FileView {
  return { exists: (file) => file in contents, read: (file) => contents[file] };
}

describe('locateElectronBinary (as node_modules/electron/index.js resolves it)', () => {
  it('finds dist/<path.txt> when both exist', () => {
    const files = fakeFiles({ [`${PKG}/path.txt`]: 'electron', [`${PKG}/dist/electron`]: '' });
    expect(locateElectronBinary(PKG, {}, files)).toEqual({ found: true, path: `${PKG}/dist/electron` });
  });

  it('reads the macOS app path from path.txt, trimmed', () => {
    const mac = 'Electron.app/Contents/MacOS/Electron';
    const files = fakeFiles({ [`${PKG}/path.txt`]: `${mac}\n`, [`${PKG}/dist/${mac}`]: '' });
    expect(locateElectronBinary(PKG, {}, files)).toEqual({ found: true, path: `${PKG}/dist/${mac}` });
  });

  it('is missing without path.txt (the download never happened)', () => {
    expect(locateElectronBinary(PKG, {}, fakeFiles({}))).toEqual({ found: false, reason: 'the Electron binary is not installed' });
  });

  it('is missing when path.txt names a file dist/ does not have', () => {
    const result = locateElectronBinary(PKG, {}, fakeFiles({ [`${PKG}/path.txt`]: 'electron' }));
    expect(result.found).toBe(false);
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH instead of dist/, with "electron" when there is no path.txt', () => {
    const files = fakeFiles({ '/opt/electron/electron': '' });
    expect(locateElectronBinary(PKG, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, files)).toEqual({ found: true, path: '/opt/electron/electron' });
    expect(locateElectronBinary(PKG, { ELECTRON_OVERRIDE_DIST_PATH: '/elsewhere' }, files)).toEqual({
      found: false,
      reason: 'ELECTRON_OVERRIDE_DIST_PATH names no Electron binary',
    });
  });
});

describe('checkElectronBinary (the decision)', () => {
  const found: BinaryLookup = { found: true, path: '/bin/electron' };
  const missing: BinaryLookup = { found: false, reason: 'the Electron binary is not installed' };

  function deps(lookups: BinaryLookup[], install: InstallOutcome, overridden = false) {
    const locate = vi.fn(() => lookups.shift() ?? missing);
    const installFn = vi.fn(() => install);
    return { locate, install: installFn, overridden, version: '45.5.0' };
  }

  it('starts at once when the binary is there, without installing', () => {
    const d = deps([found], { ok: true });
    expect(checkElectronBinary(d)).toEqual({ ok: true, path: '/bin/electron' });
    expect(d.install).not.toHaveBeenCalled();
  });

  it('runs the install step once when the binary is missing, then uses what it installed', () => {
    const d = deps([missing, found], { ok: true });
    expect(checkElectronBinary(d)).toEqual({ ok: true, path: '/bin/electron' });
    expect(d.install).toHaveBeenCalledTimes(1);
  });

  it('when the download fails: one line with the reason and `npm run web`', () => {
    const d = deps([missing], { ok: false, reason: 'fetch failed' });
    const result = checkElectronBinary(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).not.toMatch(/\n/);
    expect(result.message).toContain('Electron 45.5.0');
    expect(result.message).toContain('(fetch failed)');
    expect(result.message).toContain('`npm run web`');
    expect(d.install).toHaveBeenCalledTimes(1);
  });

  it('when the install step succeeds but leaves no binary, says so instead of starting', () => {
    const d = deps([missing, missing], { ok: true });
    const result = checkElectronBinary(d);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('the Electron binary is not installed') });
  });

  it('never downloads when ELECTRON_OVERRIDE_DIST_PATH is set (the package does not either)', () => {
    const d = deps([{ found: false, reason: 'ELECTRON_OVERRIDE_DIST_PATH names no Electron binary' }], { ok: true }, true);
    expect(checkElectronBinary(d)).toEqual({ ok: false, message: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH') });
    expect(d.install).not.toHaveBeenCalled();
  });
});

describe('installFailureReason', () => {
  it('keeps the error message of a stack trace, without the frames', () => {
    const output = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:14976:13',
      '    at async FetchDownloader.download (file:///x/FetchDownloader.js:46:30)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(installFailureReason(output)).toBe('fetch failed');
  });

  it('falls back to a generic reason, strips control characters and bounds the length', () => {
    expect(installFailureReason('')).toBe('the download failed');
    const coloured = installFailureReason('\u001b[31mError: no route\u001b[0m');
    expect(coloured).toContain('no route');
    expect([...coloured].every((char) => char.charCodeAt(0) >= 0x20)).toBe(true);
    expect(installFailureReason(`Error: ${'x'.repeat(500)}`).length).toBe(120);
  });
});

describe('scripts/electron-binary.ts run as npm start runs it', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function fakePackage(installJs: string): string {
    dir = mkdtempSync(path.join(os.tmpdir(), 'atom-electron-pkg-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
    writeFileSync(path.join(dir, 'install.js'), installJs);
    return dir;
  }

  function runCheck(packageDir: string) {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    return spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/electron-binary.ts'), '--package-dir', packageDir],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env,
        timeout: 60_000,
      },
    );
  }

  it('a failed download prints exactly one line, no stack trace, and exits 1', () => {
    // What electron's install.js does when the release server is unreachable.
    const packageDir = fakePackage("const e = new TypeError('fetch failed'); console.error(e.stack); process.exit(1);\n");
    const result = runCheck(packageDir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('(fetch failed)');
    expect(lines[0]).toContain('npm run web');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('a successful install step lets npm start go on, silently', () => {
    // An install step that does what electron's does: extract into dist/ and write path.txt.
    const packageDir = fakePackage(
      [
        "const fs = require('fs'); const path = require('path');",
        "fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });",
        "fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');",
        "fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');",
      ].join('\n'),
    );
    const result = runCheck(packageDir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('no electron package at all: one line pointing to npm ci and browser mode', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'atom-electron-pkg-'));
    const empty = path.join(dir, 'electron');
    mkdirSync(empty);
    const result = runCheck(empty);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('npm ci');
    expect(result.stderr).toContain('npm run web');
  }, 60_000);
});
