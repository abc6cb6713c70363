/**
 * Migrations are frozen: each describes a schema change as it was written, so none may import live
 * code (the object registry, the outbox's modules...) whose later changes would silently change what
 * an old migration does to a database that has not run it yet. Only types and better-sqlite3.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOfFile } from '../main/helpers/import-scan';

const FOLDERS = ['src/main/core/cache/migrations', 'src/main/core/storage/migrations'].map((f) => join(__dirname, '../../..', f));

/** `import type ...` lines are erased at compile time: they cannot carry behaviour. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const typeOnly = new Set([...text.matchAll(/^import\s+type\s+[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]));
  return importsOfFile(file).filter((spec) => !typeOnly.has(spec));
}

describe('migrations are frozen', () => {
  for (const folder of FOLDERS) {
    const files = readdirSync(folder).filter((name) => /^\d{4}-.*\.ts$/.test(name));

    it(`${folder.split('src/')[1]} has numbered migration files`, () => {
      expect(files.length).toBeGreaterThan(0);
    });

    for (const name of files) {
      it(`${name} imports nothing but types and better-sqlite3`, () => {
        expect(runtimeImports(join(folder, name)).filter((spec) => spec !== 'better-sqlite3')).toEqual([]);
      });
    }
  }
});
