/**
 * Who may import whom (docs/architecture.md, "Layers"):
 * - src/renderer imports the shared contract and its own files only: never src/main (the core and
 *   its adapters live in another process) nor src/emulator (the Demo org is reached through the
 *   contract, like any org).
 * - src/shared imports nothing outside src/shared (both processes load it), besides packages.
 * Relative specifiers are resolved against the importing file; packages (zod, react) are allowed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOfFile, sourceFilesUnder } from '../main/helpers/import-scan';

const root = path.resolve(__dirname, '../../..');

/** Every relative import of the files under `dir`, resolved to a path relative to the repository root. */
function relativeImports(dir: string): Array<{ file: string; target: string }> {
  return sourceFilesUnder(path.join(root, dir)).flatMap((file) =>
    importsOfFile(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ file: path.relative(root, file), target: path.relative(root, path.resolve(path.dirname(file), specifier)) })),
  );
}

const inside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}${path.sep}`);

describe('layering', () => {
  it('src/renderer never imports src/emulator or src/main', () => {
    const offenders = relativeImports('src/renderer').filter(({ target }) => inside(target, 'src/emulator') || inside(target, 'src/main'));
    expect(offenders.map(({ file, target }) => `${file} imports ${target}`)).toEqual([]);
  });

  it('src/shared imports nothing outside src/shared', () => {
    const offenders = relativeImports('src/shared').filter(({ target }) => !inside(target, 'src/shared'));
    expect(offenders.map(({ file, target }) => `${file} imports ${target}`)).toEqual([]);
  });

  it('sees the imports it checks (the scan is not vacuous)', () => {
    expect(relativeImports('src/renderer').some(({ target }) => inside(target, 'src/shared'))).toBe(true);
    expect(relativeImports('src/shared').length).toBeGreaterThan(5);
  });
});
