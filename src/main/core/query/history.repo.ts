/**
 * The console's run history per org (app database, migration 0005): every run on the org or the
 * cache, with its rows, duration, API calls and error; the newest HISTORY_KEEP kept per org.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { HistoryEntry, QueryTarget } from '../../../shared/ipc/query.contract';
import { likePattern } from '../db/sql-like';

const HISTORY_KEEP = 500;

export interface HistoryRun {
  soql: string;
  target: QueryTarget;
  queryAll: boolean;
  rows: number | null;
  durationMs: number;
  apiCalls: number;
  error: string | null;
}

interface Row {
  id: string;
  soql: string;
  target: QueryTarget;
  query_all: number;
  rows: number | null;
  duration_ms: number;
  api_calls: number;
  error: string | null;
  ran_at: string;
}

const toEntry = (r: Row): HistoryEntry => ({
  id: r.id,
  soql: r.soql,
  target: r.target,
  queryAll: r.query_all === 1,
  rows: r.rows,
  durationMs: r.duration_ms,
  apiCalls: r.api_calls,
  error: r.error,
  ranAt: r.ran_at,
});

// Saved queries' search (saved-queries.repo.ts) takes it from here too.
export { likePattern };

export function createHistoryRepo(db: Database.Database, now: () => Date = () => new Date()) {
  return {
    add(orgId: string, run: HistoryRun): string {
      const id = randomUUID();
      db.transaction(() => {
        db.prepare(
          `INSERT INTO query_history (id, org_id, soql, target, query_all, rows, duration_ms, api_calls, error, ran_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, orgId, run.soql, run.target, run.queryAll ? 1 : 0, run.rows, run.durationMs, run.apiCalls, run.error, now().toISOString());
        // Only the newest HISTORY_KEEP of this org stay.
        db.prepare(
          `DELETE FROM query_history WHERE org_id = ? AND id NOT IN
             (SELECT id FROM query_history WHERE org_id = ? ORDER BY ran_at DESC, rowid DESC LIMIT ${HISTORY_KEEP})`,
        ).run(orgId, orgId);
      })();
      return id;
    },

    list(orgId: string, options: { search?: string; limit: number }): HistoryEntry[] {
      const search = options.search?.trim();
      const rows = db
        .prepare(
          `SELECT * FROM query_history WHERE org_id = ? ${search ? `AND soql LIKE ? ESCAPE '\\'` : ''}
           ORDER BY ran_at DESC, rowid DESC LIMIT ?`,
        )
        .all(...(search ? [orgId, likePattern(search), options.limit] : [orgId, options.limit])) as Row[];
      return rows.map(toEntry);
    },

    clear(orgId: string): number {
      return db.prepare(`DELETE FROM query_history WHERE org_id = ?`).run(orgId).changes;
    },
  };
}

export type HistoryRepo = ReturnType<typeof createHistoryRepo>;
