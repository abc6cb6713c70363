/**
 * Cache migration 0008 on a version-7 cache: OpportunityHistory rows are copied into the table
 * clustered by deal, the sync's writer (upsertHistory: INSERT OR REPLACE by Id) still replaces a row
 * seen again, and the cockpit's tables and indexes are there. App-db migration 0004 likewise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CACHE_MIGRATIONS } from '../../../src/main/core/cache/migrations';
import { openOrgCache } from '../../../src/main/core/cache/org-cache';
import { upsertHistory } from '../../../src/main/core/cache/reference.repo';
import { openDatabase } from '../../../src/main/core/storage/database';
import { LATEST_APP_SCHEMA } from '../../../src/main/core/storage/migrations';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('0008 keeps the history rows and their upsert, and adds the states, snapshot days and recent items', () => {
  dir = mkdtempSync(join(tmpdir(), 'atom-0008-'));
  const before = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 7));
  const insert = before.prepare(
    `INSERT INTO opportunity_history (id, opportunity_id, created_date, stage_name, amount, close_date, prev_close_date, system_modstamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  insert.run('008B', '006A', '2026-02-01T00:00:00.000Z', 'Qualification', 200, '2026-07-01', '2026-06-01', '2026-02-01T00:00:00.000Z');
  insert.run('008A', '006A', '2026-01-01T00:00:00.000Z', 'Prospecting', 100, '2026-06-01', null, '2026-01-01T00:00:00.000Z');
  before.close();

  const db = openOrgCache(dir, 'c');
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    // Clustered by deal: a plain scan reads a deal's rows in time order.
    expect(db.prepare(`SELECT id FROM opportunity_history`).pluck().all()).toEqual(['008A', '008B']);
    const row = { opportunityId: '006A', createdDate: '2026-02-01T00:00:00.000Z', stageName: 'Qualification', probability: 20, forecastCategory: null };
    upsertHistory(db, [
      { ...row, id: '008B', amount: 250, closeDate: '2026-07-01', prevAmount: 200, prevCloseDate: '2026-06-01', systemModstamp: '2026-02-02T00:00:00.000Z' },
    ]);
    expect(db.prepare(`SELECT id, amount FROM opportunity_history ORDER BY id`).all()).toEqual([
      { id: '008A', amount: 100 },
      { id: '008B', amount: 250 },
    ]);
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'index')`).pluck().all();
    for (const name of [
      'opportunity_states',
      'pipeline_snapshots',
      'recent_items',
      'opportunity_history_by_prev_close',
      'opportunity_history_no_prev',
      'opportunity_history_by_created',
    ]) {
      expect(names).toContain(name);
    }
  } finally {
    db.close();
  }
});

it('app-db 0004 adds cockpit_settings, tied to its connection', () => {
  dir = mkdtempSync(join(tmpdir(), 'atom-app-0004-'));
  const db = openDatabase(dir);
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_APP_SCHEMA);
    expect(() => db.prepare(`INSERT INTO cockpit_settings (connection_id, settings, updated_at) VALUES ('nobody', '{}', 'x')`).run()).toThrow(/FOREIGN KEY/);
  } finally {
    db.close();
  }
});
