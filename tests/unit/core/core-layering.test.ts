import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

  it('keeps jsforce inside the Salesforce gateway', () => {
    const users = files(CORE).filter((file) => /from\s+['"]jsforce['"]/.test(readFileSync(file, 'utf8')));
    expect(users.map((f) => f.slice(CORE.length + 1))).toEqual(['salesforce/gateway.ts']);
  });
});
