/**
 * Layering rules the build depends on:
 * - src/main/core, src/shared and src/emulator run in plain Node (tests, browser mode, the
 *   emulator CLI), so they must never import `electron` or `electron-store` (which imports electron).
 * - src/renderer runs in a sandboxed page: no Node built-ins, nothing from src/main, no electron.
 * - src/preload imports electron and the shared contract only.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, importsOfFile, sourceFilesUnder } from './helpers/import-scan';

const root = path.resolve(__dirname, '../../..');
const ELECTRON_MODULES = /^(?:electron|electron-store)(?:\/.*)?$/;
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]);
}

function violations(dirs: string[], isForbidden: (specifier: string, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    for (const file of sourceFilesUnder(path.join(root, dir))) {
      for (const specifier of importsOfFile(file)) {
        if (isForbidden(specifier, file)) found.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
  }
  return found;
}

describe('import scanner (the rules below are only as good as this)', () => {
  it('sees static, type, re-export, dynamic and require imports', () => {
    const text = [
      "import { app } from 'electron';",
      "import type { IpcMain } from 'electron';",
      "export * from 'electron-store';",
      "const lazy = await import('electron');",
      'const Store = require("electron-store");',
      "// import x from 'in-a-comment';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['electron', 'electron', 'electron-store', 'electron', 'electron-store']);
  });

  it('flags a canary file that imports electron dynamically', () => {
    const canary = "export async function sneaky() { return (await import('electron')).app; }";
    expect(importsOf(canary).some((s) => ELECTRON_MODULES.test(s))).toBe(true);
  });
});

describe('layering', () => {
  it('src/main/core, src/shared and src/emulator never import electron or electron-store', () => {
    expect(violations(['src/main/core', 'src/shared', 'src/emulator'], (s) => ELECTRON_MODULES.test(s))).toEqual([]);
  });

  it('src/main/core, src/shared and src/emulator exist and were scanned', () => {
    expect(sourceFilesUnder(path.join(root, 'src/shared')).length).toBeGreaterThan(0);
    expect(sourceFilesUnder(path.join(root, 'src/main/core')).length).toBeGreaterThan(0);
  });

  it('src/shared imports no Node built-ins (the renderer bundles it)', () => {
    expect(violations(['src/shared'], (s) => isNodeBuiltin(s))).toEqual([]);
  });

  it('src/renderer imports no Node built-ins, nothing from src/main, no electron', () => {
    const mainDir = path.join(root, 'src/main') + path.sep;
    const found = violations(['src/renderer'], (specifier, file) => {
      if (isNodeBuiltin(specifier) || ELECTRON_MODULES.test(specifier)) return true;
      if (!specifier.startsWith('.')) return false;
      return (path.resolve(path.dirname(file), specifier) + path.sep).startsWith(mainDir);
    });
    expect(found).toEqual([]);
  });

  it('src/preload imports only electron, the shared contract and its own files', () => {
    const allowed = [path.join(root, 'src/shared'), path.join(root, 'src/preload')];
    const found = violations(['src/preload'], (specifier, file) => {
      if (specifier === 'electron') return false;
      if (!specifier.startsWith('.')) return true;
      const target = path.resolve(path.dirname(file), specifier);
      return !allowed.some((dir) => target === dir || target.startsWith(dir + path.sep));
    });
    expect(found).toEqual([]);
  });

  it('only src/main/ipc touches ipcMain, and only the shell gate calls shell.openExternal', () => {
    const offenders: string[] = [];
    for (const file of sourceFilesUnder(path.join(root, 'src'))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      const code = stripComments(readFileSync(file, 'utf8'));
      if (/\bipcMain\b/.test(code) && !rel.startsWith('src/main/ipc/')) offenders.push(`${rel} uses ipcMain`);
      if (/\bshell\s*\.\s*openExternal\b/.test(code) && rel !== 'src/main/adapters/shell-gate.ts') offenders.push(`${rel} calls shell.openExternal`);
    }
    expect(offenders).toEqual([]);
  });
});

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}
