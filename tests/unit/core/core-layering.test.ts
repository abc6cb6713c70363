import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(__dirname, '../../../src/main/core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/main/core layering', () => {
  it('never imports electron (or electron-store), so it runs in plain Node', () => {
    const offenders = files(CORE).filter((file) =>
      /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](?:electron|electron-store|electron\/[^'"]*)['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps jsforce (the package and its lib/ files) inside salesforce/, behind the metered path', () => {
    const JSFORCE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"]jsforce(?:\/[^'"]*)?['"]/m;
    const users = files(CORE)
      .filter((file) => JSFORCE_IMPORT.test(readFileSync(file, 'utf8')))
      .map((f) =>
        f
          .slice(CORE.length + 1)
          .split(sep)
          .join('/'),
      );
    expect(users.filter((f) => !f.startsWith('salesforce/'))).toEqual([]);
    // The pattern does catch what it is meant to: the gateway and the transport do import jsforce.
    expect(users).toEqual(expect.arrayContaining(['salesforce/gateway.ts', 'salesforce/metered-transport.ts']));
  });

  it('recognises every form of a jsforce import', () => {
    const JSFORCE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"]jsforce(?:\/[^'"]*)?['"]/m;
    for (const line of [
      "import { Connection } from 'jsforce';",
      "import { HttpApi } from 'jsforce/lib/http-api.js';",
      'import type { HttpRequest } from "jsforce";',
      "const m = await import('jsforce/lib/request.js');",
      "const j = require('jsforce');",
      "import 'jsforce/lib/transport.js';",
    ]) {
      expect(JSFORCE_IMPORT.test(line), line).toBe(true);
    }
    expect(JSFORCE_IMPORT.test("import { x } from 'jsforce-extra';")).toBe(false);
    expect(JSFORCE_IMPORT.test('// jsforce sends every request through a proxy')).toBe(false);
  });
});
