/**
 * Builds the renderer with Vite's JS API when `dist/renderer` is missing or older than its
 * sources, so `npm run web` works straight from a checkout.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_OUT_DIR = path.join(PROJECT_ROOT, 'dist', 'renderer');

/** Everything the renderer bundle is built from. */
const RENDERER_INPUTS = ['src/renderer', 'src/shared', 'src/emulator/demo-app.ts', 'vite.config.ts', 'package.json'];

async function newestMtime(target: string): Promise<number> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

export async function rendererBuildIsStale(root = PROJECT_ROOT, outDir = RENDERER_OUT_DIR): Promise<boolean> {
  const indexHtml = path.join(outDir, 'index.html');
  if (!existsSync(indexHtml)) return true;
  const built = (await stat(indexHtml)).mtimeMs;
  const inputs = await Promise.all(RENDERER_INPUTS.map((p) => newestMtime(path.join(root, p))));
  return Math.max(...inputs) > built;
}

export async function ensureRendererBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  if (options.force || (await rendererBuildIsStale())) {
    options.log?.('Building the renderer…');
    // Loaded lazily: Vite is a dev dependency and only needed when the build is stale.
    const { build } = await import('vite');
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_OUT_DIR;
}
