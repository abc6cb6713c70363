/**
 * `npm start` runs this first: is there an Electron binary to start the desktop app with?
 *
 * Since Electron 42 the `electron` package no longer downloads its binary when it is installed;
 * `require('electron')` (which `electron .` does) downloads it on first use, and where that is
 * impossible (no access to Electron's release server) it throws and Node prints a stack trace.
 * This script finds the binary the way node_modules/electron/index.js does — `path.txt` names the
 * executable under `dist/`, `ELECTRON_OVERRIDE_DIST_PATH` replaces `dist/` — and when it is
 * missing, runs the package's own install step (install.js) once, quietly. When the binary still
 * cannot be had it prints one line saying so and pointing to browser mode, and exits 1.
 *
 * Usage: tsx scripts/electron-binary.ts [--package-dir <dir>]
 * (--package-dir points at another electron package directory; the tests use a fake one.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BinaryLookup = { found: true; path: string } | { found: false; reason: string };
export type InstallOutcome = { ok: true } | { ok: false; reason: string };
export type StartCheck = { ok: true; path: string } | { ok: false; message: string };

/** The file-system reads the lookup needs (faked in the tests). */
export interface FileView {
  exists(file: string): boolean;
  read(file: string): string | undefined;
}

export const nodeFileView: FileView = {
  exists: (file) => existsSync(file),
  read: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * Where the binary is, computed as the electron package's index.js computes it, without its
 * download: `path.txt` (written by install.js) holds the executable's path relative to `dist/`.
 */
export function locateElectronBinary(packageDir: string, env: Readonly<Record<string, string | undefined>>, files: FileView): BinaryLookup {
  const relative = files.read(path.join(packageDir, 'path.txt'))?.trim() || undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative ?? 'electron');
    return files.exists(candidate) ? { found: true, path: candidate } : { found: false, reason: 'ELECTRON_OVERRIDE_DIST_PATH names no Electron binary' };
  }
  if (!relative) return { found: false, reason: 'the Electron binary is not installed' };
  const candidate = path.join(packageDir, 'dist', relative);
  return files.exists(candidate)
    ? { found: true, path: candidate }
    : { found: false, reason: 'the Electron binary is missing from node_modules/electron/dist' };
}

function withoutControlCharacters(text: string): string {
  return [...text].filter((char) => char.charCodeAt(0) > 0x1f && char.charCodeAt(0) !== 0x7f).join('');
}

/** The last line of a failed install's output that reads like an error, shortened, without control characters. */
export function installFailureReason(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => withoutControlCharacters(line).trim())
    .filter((line) => line.length > 0 && !/^at\s/.test(line) && !/^Node\.js v\d/.test(line));
  const errorLine = [...lines].reverse().find((line) => /error/i.test(line)) ?? lines.at(-1);
  if (!errorLine) return 'the download failed';
  const message = errorLine.replace(/^[\w.]*Error:\s*/, '');
  return message.length > 120 ? `${message.slice(0, 117)}...` : message;
}

export interface StartCheckDeps {
  locate(): BinaryLookup;
  /** Runs the electron package's install step (the download); called at most once. */
  install(): InstallOutcome;
  /** Whether ELECTRON_OVERRIDE_DIST_PATH is set: the package then never downloads, and neither does this. */
  overridden: boolean;
  version: string;
}

export function unavailableMessage(reason: string, version?: string): string {
  const electron = version ? `Electron ${version}` : 'Electron';
  return `${electron} is not available on this machine (${reason}), so the desktop app cannot start: run \`npm run web\` to use Atom for Salesforce in your browser instead.`;
}

/** Found, or installed then found; otherwise the one line to print. */
export function checkElectronBinary(deps: StartCheckDeps): StartCheck {
  const first = deps.locate();
  if (first.found) return { ok: true, path: first.path };
  if (deps.overridden) return { ok: false, message: unavailableMessage(first.reason, deps.version) };
  const installed = deps.install();
  if (!installed.ok) return { ok: false, message: unavailableMessage(installed.reason, deps.version) };
  const second = deps.locate();
  return second.found ? { ok: true, path: second.path } : { ok: false, message: unavailableMessage(second.reason, deps.version) };
}

/** A generous bound: the binary is about 100 MB, but a download must not hang `npm start` forever. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

function runInstallStep(packageDir: string): InstallOutcome {
  const script = path.join(packageDir, 'install.js');
  if (!existsSync(script)) return { ok: false, reason: 'node_modules/electron has no install step' };
  // Output is captured, not shown: on failure install.js prints a stack trace.
  const result = spawnSync(process.execPath, [script], { cwd: packageDir, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error)
    return { ok: false, reason: (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'the download timed out' : 'its install step could not run' };
  if (result.status !== 0) return { ok: false, reason: installFailureReason(`${result.stdout ?? ''}\n${result.stderr ?? ''}`) };
  return { ok: true };
}

function packageDirFrom(argv: readonly string[], root: string): string {
  const flag = argv.indexOf('--package-dir');
  return flag !== -1 && argv[flag + 1] ? path.resolve(argv[flag + 1]) : path.join(root, 'node_modules', 'electron');
}

export function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, root: string): { code: number; message?: string } {
  const packageDir = packageDirFrom(argv, root);
  const manifest = nodeFileView.read(path.join(packageDir, 'package.json'));
  if (manifest === undefined) return { code: 1, message: unavailableMessage('the electron package is not installed; run `npm ci`') };
  const version = String((JSON.parse(manifest) as { version?: unknown }).version ?? 'unknown');
  const result = checkElectronBinary({
    locate: () => locateElectronBinary(packageDir, env, nodeFileView),
    install: () => runInstallStep(packageDir),
    overridden: Boolean(env.ELECTRON_OVERRIDE_DIST_PATH),
    version,
  });
  return result.ok ? { code: 0 } : { code: 1, message: result.message };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let outcome: { code: number; message?: string };
  try {
    outcome = main(process.argv.slice(2), process.env, root);
  } catch (error) {
    // Whatever went wrong, one line and no stack trace.
    outcome = { code: 1, message: unavailableMessage(error instanceof Error ? (error.message.split('\n')[0] ?? 'unexpected error') : 'unexpected error') };
  }
  if (outcome.message) console.error(outcome.message);
  process.exit(outcome.code);
}
