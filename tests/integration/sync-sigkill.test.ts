/**
 * A sync killed with SIGKILL at random points (a child process, many rounds) resumes with nothing
 * lost and nothing duplicated, and the cache file stays intact.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { areIndexesDeferred } from '../../src/main/core/cache/deferred-indexes';
import { createHarness, type Harness } from './core-harness';
import { differences, syncAndWait } from './sync-helpers';
import { mulberry32 } from '../../src/emulator/random';

const ROUNDS = 15;
const CHILD = join(__dirname, 'fixtures', 'sync-child.ts');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function runChild(dataDir: string, url: string, killAfterMs: number | null): Promise<{ killed: boolean; finished: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, url, '1500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      if (killAfterMs !== null && !before.includes('sync-started') && out.includes('sync-started')) {
        setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed: killed && !out.includes('sync-finished'), finished: out.includes('sync-finished'), stderr }));
  });
}

it('resumes after SIGKILL at random points, many rounds, without loss or duplicates', { timeout: 240_000 }, async () => {
  h = await createHarness({ scale: 700, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
  const connectionId = await h.loginDemo();
  const emulator = h.emulator();
  const random = mulberry32(20240607); // kill points random, but the same on every run
  const as = { userId: emulator.demoUserId };
  let kills = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const result = await runChild(h.dataDir, emulator.url, Math.floor(random() * 700));
    expect(result.stderr).not.toMatch(/Error/);
    if (result.killed) kills++;
    // The org moves on between rounds: creates, updates and deletes.
    const ids = emulator.store.db.prepare(`SELECT "Id" FROM "Contact" WHERE "IsDeleted" = 0 ORDER BY random() LIMIT 2`).all() as Array<{ Id: string }>;
    emulator.store.update('Contact', ids[0].Id, { Title: `Round ${round}` }, as);
    emulator.store.delete('Contact', ids[1].Id, as);
    emulator.store.create('Lead', { LastName: `Round${round}`, Company: 'Killco', Status: 'Open - Not Contacted' }, as);
  }
  // Early rounds (the full sync) are long and nearly always killed; once it is done, later rounds
  // are short incremental syncs that may finish before their kill lands, more so on a fast machine.
  console.log(`[sync sigkill] ${kills} of ${ROUNDS} rounds killed mid-sync`);
  expect(kills).toBeGreaterThanOrEqual(3);

  const final = await syncAndWait(h);
  expect(final.lastRun?.outcome).toBe('ok');
  expect(differences(emulator, h.dataDir, connectionId, 'all')).toEqual([]);
  const db = openOrgCache(h.dataDir, connectionId);
  try {
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    const dupes = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT object, id FROM records GROUP BY object, id HAVING COUNT(*) > 1)`).get() as { n: number };
    expect(dupes.n).toBe(0);
    // The FTS index agrees with its content table, whether a kill landed while a first load had
    // deferred it (the next open rebuilt it) or not, and its triggers are back.
    db.prepare(`INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`).run();
    expect(areIndexesDeferred(db)).toBe(false);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_fts_%'`).pluck().get()).toBe(3);
    const indexed = db.prepare(`SELECT COUNT(*) FROM records_fts WHERE records_fts MATCH ?`).pluck().get('"round0"*');
    expect(indexed).toBe(1);
  } finally {
    db.close();
  }
});
