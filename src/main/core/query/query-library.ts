/**
 * The console's library for the active org: the run history and the saved queries (app database,
 * migration 0005, keyed by the Salesforce org's Id), and the saved queries' JSON export and import.
 */
import type Database from 'better-sqlite3';
import type { HistoryEntry, SavedQueries, SavedQuery } from '../../../shared/ipc/query.contract';
import type { ActiveOrg } from '../connections/active-org';
import { createHistoryRepo, type HistoryRun } from './history.repo';
import { createSavedQueriesRepo, type SavedQueryInput } from './saved-queries.repo';
import { exportDocument, importDocument } from './saved-transfer';

export function createQueryLibrary(deps: { db: Database.Database; activeOrg: Pick<ActiveOrg, 'require'>; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const history = createHistoryRepo(deps.db);
  const saved = createSavedQueriesRepo(deps.db);
  const orgId = () => deps.activeOrg.require().orgId;

  return {
    /** Writes one run to the history of the org it ran on (the active one when it started); returns the entry's id. */
    recordRun: (runOrgId: string, run: HistoryRun): string => history.add(runOrgId, run),
    history: (input: { search?: string; limit: number }): { entries: HistoryEntry[] } => ({ entries: history.list(orgId(), input) }),
    clearHistory: (): { cleared: number } => ({ cleared: history.clear(orgId()) }),
    savedList: (search?: string): SavedQueries => saved.list(orgId(), search),
    save: (input: SavedQueryInput): SavedQuery => saved.save(orgId(), input),
    deleteSaved: (id: string): { deleted: boolean } => ({ deleted: saved.remove(orgId(), id) }),
    exportSaved(): { fileName: string; json: string; count: number } {
      const connection = deps.activeOrg.require();
      return exportDocument(saved.all(connection.orgId), { org: connection.username, at: new Date(now()) });
    },
    importSaved: (json: string): { added: number; updated: number } => saved.upsertAll(orgId(), importDocument(json)),
  };
}

export type QueryLibrary = ReturnType<typeof createQueryLibrary>;
