/**
 * The active org's saved queries by folder: search (name, description, text), load, edit (rename,
 * move, describe), delete; all of them exported as a JSON file, or imported from one (a query with
 * the same folder and name is updated).
 */
import { useQueryClient } from '@tanstack/react-query';
import { memo, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { SavedQuery } from '../../../../shared/ipc';
import { ConfirmDialog } from '../../components/dialog';
import { ErrorState, errorMessage, Skeleton } from '../../components/feedback';
import { SearchBox } from '../../components/search-box';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { saveJsonFile } from '../../lib/save-file';
import { plural } from './query-format';
import { queryConsoleKeys, useSavedQueries } from './use-query-console';

interface SavedQueriesProps {
  onLoad(query: SavedQuery): void;
  onEdit(query: SavedQuery): void;
}

function SavedItem({ query, onLoad, onEdit, onDelete }: { query: SavedQuery; onLoad(): void; onEdit(): void; onDelete(): void }) {
  return (
    <li className="query-list-item query-saved-item" data-testid="saved-query">
      <button type="button" className="row-button query-list-button" onClick={onLoad} title="Load this query">
        <span className="query-saved-name">{query.name}</span>
        {query.description && <span className="query-list-description">{query.description}</span>}
        <code className="query-list-soql">{query.soql}</code>
      </button>
      <div className="query-saved-actions">
        <button type="button" className="button button-small" onClick={onEdit} aria-label={`Edit ${query.name}`}>
          Edit
        </button>
        <button type="button" className="button button-small button-quiet-danger" onClick={onDelete} aria-label={`Delete ${query.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}

/** Folders in the core's order (named ones, then the queries in no folder). */
function byFolder(queries: SavedQuery[], folders: string[]): Array<{ folder: string; queries: SavedQuery[] }> {
  const names = [...new Set([...folders, ...queries.map((q) => q.folder)])].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  return names.map((folder) => ({ folder, queries: queries.filter((q) => q.folder === folder) })).filter((group) => group.queries.length > 0);
}

function useTransfer() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const exportAll = async () => {
    try {
      const file = await call(api.exportSavedQueries());
      saveJsonFile(file);
      toast(`Exported ${plural(file.count, 'saved query', 'saved queries')}`);
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const result = await call(api.importSavedQueries({ json: await file.text() }));
      await queryClient.invalidateQueries({ queryKey: queryConsoleKeys.savedAll });
      toast(`Imported: ${plural(result.added, 'query', 'queries')} added, ${formatCount(result.updated)} updated`);
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  return { exportAll, importFile };
}

/** Memoized (and its grouping with it): not drawn again on every keystroke in the editor. */
export const SavedQueries = memo(function SavedQueries({ onLoad, onEdit }: SavedQueriesProps) {
  const [search, setSearch] = useState('');
  const [deleting, setDeleting] = useState<SavedQuery | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const saved = useSavedQueries(search);
  const queryClient = useQueryClient();
  const toast = useToast();
  const { exportAll, importFile } = useTransfer();
  const groups = useMemo(() => (saved.data ? byFolder(saved.data.queries, saved.data.folders) : []), [saved.data]);

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await call(api.deleteSavedQuery({ id: deleting.id }));
      await queryClient.invalidateQueries({ queryKey: queryConsoleKeys.savedAll });
      toast(`Deleted “${deleting.name}”`);
    } catch (error) {
      toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <div className="query-panel-body">
      <div className="query-panel-tools">
        <SearchBox label="Search saved queries" placeholder="Search saved queries" value={search} onSearch={setSearch} />
      </div>
      <div className="query-panel-tools">
        <button type="button" className="button button-small" onClick={() => void exportAll()}>
          Export all
        </button>
        <button type="button" className="button button-small" onClick={() => fileRef.current?.click()}>
          Import…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          onChange={(e) => void importFile(e)}
          aria-label="Import saved queries from a JSON file"
        />
      </div>
      {saved.isPending && <Skeleton className="skeleton-line" />}
      {saved.isError && <ErrorState error={saved.error} onRetry={() => void saved.refetch()} compact />}
      {saved.data && groups.length === 0 && (
        <p className="query-muted query-panel-empty">{search ? 'No saved query matches.' : 'Save a query to keep it here, in folders if you like.'}</p>
      )}
      {groups.map((group) => (
        <section key={group.folder || '(none)'} className="query-folder" aria-label={group.folder || 'Not in a folder'}>
          <h3 className="query-folder-title">{group.folder || 'Not in a folder'}</h3>
          <ul className="query-list">
            {group.queries.map((query) => (
              <SavedItem key={query.id} query={query} onLoad={() => onLoad(query)} onEdit={() => onEdit(query)} onDelete={() => setDeleting(query)} />
            ))}
          </ul>
        </section>
      ))}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this saved query?"
        confirmLabel="Delete"
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(null)}
      >
        “{deleting?.name}” is removed from this org’s saved queries.
      </ConfirmDialog>
    </div>
  );
});
