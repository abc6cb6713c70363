/**
 * Saved queries per org (app database, migration 0005): a name unique within its folder ('' = no
 * folder), a description, the SOQL. Search matches the name, folder, description and SOQL.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { SavedQueries, SavedQuery } from '../../../shared/ipc/query.contract';
import { likePattern } from './history.repo';

export interface SavedQueryInput {
  id?: string;
  name: string;
  folder: string;
  description: string;
  soql: string;
}

interface Row {
  id: string;
  name: string;
  folder: string;
  description: string;
  soql: string;
  created_at: string;
  updated_at: string;
}

const toSaved = (r: Row): SavedQuery => ({
  id: r.id,
  name: r.name,
  folder: r.folder,
  description: r.description,
  soql: r.soql,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function nameTaken(input: SavedQueryInput): AppError {
  const where = input.folder ? `in the folder "${input.folder}"` : 'outside folders';
  return new AppError('INVALID_INPUT', `A saved query named "${input.name}" already exists ${where}. Choose another name.`, ['name']);
}

export function createSavedQueriesRepo(db: Database.Database, now: () => Date = () => new Date()) {
  const byId = (orgId: string, id: string) => db.prepare(`SELECT * FROM saved_queries WHERE org_id = ? AND id = ?`).get(orgId, id) as Row | undefined;
  const byName = (orgId: string, folder: string, name: string) =>
    db.prepare(`SELECT * FROM saved_queries WHERE org_id = ? AND folder = ? AND name = ?`).get(orgId, folder, name) as Row | undefined;

  const save = (orgId: string, input: SavedQueryInput): SavedQuery => {
    const at = now().toISOString();
    const clash = byName(orgId, input.folder, input.name);
    if (clash && clash.id !== input.id) throw nameTaken(input);
    if (input.id) {
      const changed = db
        .prepare(`UPDATE saved_queries SET name = ?, folder = ?, description = ?, soql = ?, updated_at = ? WHERE org_id = ? AND id = ?`)
        .run(input.name, input.folder, input.description, input.soql, at, orgId, input.id).changes;
      if (changed === 0) throw new AppError('NOT_FOUND', 'That saved query no longer exists.');
      return toSaved(byId(orgId, input.id)!);
    }
    const id = randomUUID();
    db.prepare(`INSERT INTO saved_queries (id, org_id, name, folder, description, soql, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id,
      orgId,
      input.name,
      input.folder,
      input.description,
      input.soql,
      at,
      at,
    );
    return toSaved(byId(orgId, id)!);
  };

  return {
    save,

    list(orgId: string, search?: string): SavedQueries {
      const term = search?.trim();
      const rows = db
        .prepare(
          `SELECT * FROM saved_queries WHERE org_id = ?
           ${term ? `AND (name LIKE @p ESCAPE '\\' OR folder LIKE @p ESCAPE '\\' OR description LIKE @p ESCAPE '\\' OR soql LIKE @p ESCAPE '\\')` : ''}
           ORDER BY folder COLLATE NOCASE, name COLLATE NOCASE, id`,
        )
        .all(orgId, ...(term ? [{ p: likePattern(term) }] : [])) as Row[];
      // Every folder of the org, even when the search leaves none of its queries.
      const folders = db
        .prepare(`SELECT DISTINCT folder FROM saved_queries WHERE org_id = ? AND folder != '' ORDER BY folder COLLATE NOCASE`)
        .pluck()
        .all(orgId) as string[];
      return { queries: rows.map(toSaved), folders };
    },

    all(orgId: string): SavedQuery[] {
      return (db.prepare(`SELECT * FROM saved_queries WHERE org_id = ? ORDER BY folder, name`).all(orgId) as Row[]).map(toSaved);
    },

    remove(orgId: string, id: string): boolean {
      return db.prepare(`DELETE FROM saved_queries WHERE org_id = ? AND id = ?`).run(orgId, id).changes > 0;
    },

    /** Adds each query, or updates the one with the same folder and name; all or nothing. */
    upsertAll(orgId: string, queries: ReadonlyArray<Omit<SavedQueryInput, 'id'>>): { added: number; updated: number } {
      let added = 0;
      let updated = 0;
      db.transaction(() => {
        for (const q of queries) {
          const existing = byName(orgId, q.folder, q.name);
          save(orgId, { ...q, id: existing?.id });
          if (existing) updated++;
          else added++;
        }
      })();
      return { added, updated };
    },
  };
}

export type SavedQueriesRepo = ReturnType<typeof createSavedQueriesRepo>;
