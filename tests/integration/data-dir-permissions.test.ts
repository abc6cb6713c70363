/**
 * Everything the app keeps in its data folder is owner-only: folders 0700, files 0600 (the app
 * database and its -wal/-shm, the org caches, the Demo org's database, the token key) — for a
 * fresh folder, for one that already exists with looser modes (an existing --data-dir, or a
 * userData folder from an older version), and for browser mode's --data-dir.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebMode } from '../../src/main/web/web-mode';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

const posix = process.platform !== 'win32';

/** Every folder and file under `root` (root included) with its permission bits, as `path mode`. */
function modes(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    out.push(`${relative(root, path) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
  };
  walk(root);
  return out;
}

function looseEntries(root: string): string[] {
  return modes(root).filter((line) => {
    const mode = parseInt(line.split(' ').pop()!, 8);
    return statSync(join(root, line.slice(0, line.lastIndexOf(' ')))).isDirectory() ? mode !== 0o700 : mode !== 0o600;
  });
}

/** Loosens everything to what a default umask gives (0755 folders, 0644 files). */
function loosen(root: string): void {
  for (const line of modes(root)) {
    const path = join(root, line.slice(0, line.lastIndexOf(' ')));
    chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  }
}

describe.runIf(posix)('data folder permissions', () => {
  let previousUmask: number;
  let scratch: string;
  let h: Harness | undefined;

  beforeAll(() => {
    // The usual default, so files created without an explicit mode would come out 0644.
    previousUmask = process.umask(0o022);
    scratch = mkdtempSync(join(tmpdir(), 'atom-perm-'));
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(scratch, { recursive: true, force: true });
  });

  async function useTheApp(dataDir: string): Promise<void> {
    h = await createHarness({ dataDir, keepDataDir: true, scale: 5, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    await h.loginDemo();
    expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
  }

  it('a fresh data folder: the folder, databases (+ -wal/-shm), caches and key file are owner-only', async () => {
    const dataDir = join(scratch, 'fresh', 'data');
    await useTheApp(dataDir);
    const all = modes(dataDir);
    // The files this test is about are really there.
    for (const name of ['. ', 'atom.sqlite ', 'atom.sqlite-wal ', 'atom.sqlite-shm ', 'token-key ', 'demo-org.sqlite ', 'cache ']) {
      expect(all.some((line) => line.startsWith(name))).toBe(true);
    }
    expect(all.some((line) => /^cache\/[^/]+\.sqlite /.test(line))).toBe(true);
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it('an existing folder and files left 0755/0644 are tightened on the next start', async () => {
    const dataDir = join(scratch, 'existing');
    await useTheApp(dataDir);
    await h!.close();
    h = undefined;
    loosen(dataDir);
    expect(looseEntries(dataDir).length).toBeGreaterThan(3);
    // The key file is the exception: one others could read is refused, not silently trusted.
    chmodSync(join(dataDir, 'token-key'), 0o600);

    await useTheApp(dataDir);
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it('browser mode tightens an existing --data-dir', async () => {
    const dataDir = join(scratch, 'web-data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const staticDir = join(scratch, 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Atom</title>');
    const web = await startWebMode({ dataDir, staticDir, env: {} });
    try {
      expect(looseEntries(dataDir)).toEqual([]);
      expect(modes(dataDir)).toContain('atom.sqlite 600');
    } finally {
      await web.close();
    }
  });
});
