/**
 * `npm run build`: everything the desktop app loads, without needing the Electron binary.
 *   dist/renderer/        Vite build of src/renderer (vite.config.ts)
 *   dist/main/index.js    esbuild bundle of src/main/index.ts (ESM, Node platform)
 *   dist/preload/index.cjs esbuild bundle of src/preload/index.ts (CommonJS: a sandboxed preload
 *                         cannot be an ES module and can require nothing but 'electron')
 * Packages from node_modules stay external in the main bundle: electron-builder ships the
 * production dependencies, and native or ESM-only ones (better-sqlite3, electron-store, conf,
 * jsforce) must be loaded as themselves.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type BuildOptions, type Plugin } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

// Lower bounds: Electron 45 ships Chromium 153 and Node 24 (docs/electron-upgrade.md); both understand ES2023.
const ELECTRON_NODE_TARGET = 'node22';
const ELECTRON_CHROME_TARGET = 'chrome130';

export async function buildRenderer(): Promise<void> {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  if (!existsSync(path.join(dist, 'renderer', 'index.html'))) throw new Error('Vite produced no dist/renderer/index.html');
}

const shared: BuildOptions = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
};

export async function buildMain(outDir = dist): Promise<void> {
  rmSync(path.join(outDir, 'main'), { recursive: true, force: true });
  await esbuild({
    ...shared,
    entryPoints: ['src/main/index.ts'],
    outfile: path.join(outDir, 'main', 'index.js'),
    format: 'esm',
    platform: 'node',
    target: ELECTRON_NODE_TARGET,
    // Every bare import (electron, better-sqlite3, electron-store, conf, jsforce, zod…) is loaded
    // from node_modules at run time; only our own sources are bundled.
    packages: 'external',
  });
  // The sync's page writer runs in a worker thread (src/main/core/cache/page-writer.ts), which loads
  // this file from beside index.js.
  await esbuild({
    ...shared,
    entryPoints: ['src/main/core/cache/page-writer.worker.ts'],
    outfile: path.join(outDir, 'main', 'page-writer.worker.js'),
    format: 'esm',
    platform: 'node',
    target: ELECTRON_NODE_TARGET,
    packages: 'external',
  });
}

/**
 * The preload needs only the channel and event names and their method names, not the contract's zod
 * schemas (≈450 KB of code parsed by every window). This plugin serves the preload's import of
 * the shared contract from a module generated out of the real contract at build time, so the
 * names cannot drift; main still validates every payload with the full schemas.
 */
const preloadContractPlugin: Plugin = {
  name: 'atom-preload-contract',
  setup(build) {
    const contractDir = path.join(root, 'src', 'shared', 'ipc');
    build.onResolve({ filter: /\/shared\/ipc$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      return resolved === contractDir ? { path: contractDir, namespace: 'atom-preload-contract' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'atom-preload-contract' }, async () => {
      const { CHANNELS, contract, EVENT_NAMES, events, EVENT_CHANNEL } = await import('../src/shared/ipc');
      const methods = Object.fromEntries(CHANNELS.map((channel) => [channel, { method: contract[channel].method }]));
      // Push events: their names and preload methods (main validated each payload before sending).
      const eventMethods = Object.fromEntries(EVENT_NAMES.map((name) => [name, { method: events[name].method }]));
      return {
        contents: [
          `export const contract = ${JSON.stringify(methods)};`,
          'export const CHANNELS = Object.keys(contract);',
          `export const events = ${JSON.stringify(eventMethods)};`,
          'export const EVENT_NAMES = Object.keys(events);',
          `export const EVENT_CHANNEL = ${JSON.stringify(EVENT_CHANNEL)};`,
          "export const isEventName = (name) => typeof name === 'string' && Object.hasOwn(events, name);",
          '',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

export async function buildPreload(outDir = dist): Promise<void> {
  rmSync(path.join(outDir, 'preload'), { recursive: true, force: true });
  const outfile = path.join(outDir, 'preload', 'index.cjs');
  await esbuild({
    ...shared,
    entryPoints: ['src/preload/index.ts'],
    outfile,
    format: 'cjs',
    platform: 'node',
    target: ELECTRON_CHROME_TARGET,
    external: ['electron'],
    plugins: [preloadContractPlugin],
  });
  // A sandboxed preload's require() knows only a few Electron modules: anything else would fail
  // at run time in the user's window, so catch it here.
  const requires = [...readFileSync(outfile, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  const unexpected = requires.filter((name) => name !== 'electron');
  if (unexpected.length > 0) throw new Error(`The preload bundle requires modules a sandboxed preload cannot load: ${unexpected.join(', ')}`);
}

const TARGETS = { renderer: () => buildRenderer(), main: () => buildMain(), preload: () => buildPreload() } as const;
type Target = keyof typeof TARGETS;

/** `--only=main,preload` builds a subset (the default builds all three). */
function requestedTargets(argv: string[]): Target[] {
  const only = argv.find((arg) => arg.startsWith('--only='));
  if (!only) return ['renderer', 'main', 'preload'];
  const names = only.slice('--only='.length).split(',').filter(Boolean);
  const unknown = names.filter((name) => !(name in TARGETS));
  if (unknown.length > 0 || names.length === 0) throw new Error(`Unknown build target(s): ${unknown.join(', ') || '(none)'}; use renderer, main, preload`);
  return names as Target[];
}

async function main(): Promise<void> {
  const started = Date.now();
  const targets = requestedTargets(process.argv.slice(2));
  // The renderer first: Vite empties dist/renderer, nothing else touches it.
  if (targets.includes('renderer')) await buildRenderer();
  await Promise.all(targets.filter((t) => t !== 'renderer').map((t) => TARGETS[t]()));
  console.log(`Built ${targets.join(', ')} into dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

// Run only as a script (`tsx scripts/build.ts`), not when a test imports the build functions.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
