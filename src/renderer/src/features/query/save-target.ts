/**
 * What "Save…" and "Edit" open, as pure functions: a new query, the loaded saved query updated
 * with the editor's text, or a saved query renamed, moved or redescribed with its text kept.
 */
import type { SavedQuery } from '../../../../shared/ipc';

export interface SaveTarget {
  /** The saved query being updated or edited; absent for a new one. */
  existing?: SavedQuery;
  /** The text saved: the editor's for "Save…", the stored one for "Edit". */
  soql: string;
  /** "Save…" under the editor, or "Edit" on a saved query of the list. */
  source: 'editor' | 'list';
}

export type SaveMode = 'new' | 'update' | 'edit';

/**
 * "Save…": the loaded saved query (if any) with the editor's text, so saving writes over it
 * instead of asking for a new name that then collides with the loaded one's.
 */
export function editorSaveTarget(soql: string, loaded: SavedQuery | null): SaveTarget {
  return loaded ? { existing: loaded, soql, source: 'editor' } : { soql, source: 'editor' };
}

/** "Edit" on the list: the query's own text (renaming must not rewrite it with the editor's). */
export function listEditTarget(query: SavedQuery): SaveTarget {
  return { existing: query, soql: query.soql, source: 'list' };
}

/** New, the text of a saved query replaced (with "Save as new" beside it), or only its details. */
export function saveModeOf(target: SaveTarget): SaveMode {
  if (!target.existing) return 'new';
  return target.soql.trim() !== target.existing.soql.trim() ? 'update' : 'edit';
}

/**
 * The saved query the editor holds: the one loaded, as the list has it now (renamed or moved
 * since), or null once it is gone (deleted, the org changed) or while the list is loading.
 */
export function loadedSavedQuery(id: string | null, queries: readonly SavedQuery[] | undefined): SavedQuery | null {
  if (!id || !queries) return null;
  return queries.find((q) => q.id === id) ?? null;
}
