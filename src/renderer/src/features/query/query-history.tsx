/**
 * Every run of the active org, newest first: rows, time, org or this computer, or the error. A
 * click loads it into the editor (with where it ran).
 */
import { useQueryClient } from '@tanstack/react-query';
import { memo, useState } from 'react';
import type { HistoryEntry } from '../../../../shared/ipc';
import { ConfirmDialog } from '../../components/dialog';
import { ErrorState, errorMessage, Skeleton } from '../../components/feedback';
import { SearchBox } from '../../components/search-box';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { formatRelative } from '../../lib/format';
import { formatDuration, plural } from './query-format';
import { queryConsoleKeys, useQueryHistory } from './use-query-console';

function HistoryItem({ entry, onLoad }: { entry: HistoryEntry; onLoad(entry: HistoryEntry): void }) {
  const where = entry.target === 'org' ? 'Org' : 'This computer';
  const outcome = entry.error ? 'Failed' : `${plural(entry.rows ?? 0, 'row')} · ${formatDuration(entry.durationMs)}`;
  return (
    <li className="query-list-item">
      <button type="button" className="row-button query-list-button" onClick={() => onLoad(entry)} title="Load this query">
        <code className="query-list-soql">{entry.soql}</code>
        <span className="query-list-meta">
          <span className="badge badge-status">{where}</span>
          {entry.queryAll && <span className="badge">With deleted</span>}
          <span className={entry.error ? 'query-check-problem' : undefined}>{outcome}</span>
          <span>{formatRelative(entry.ranAt, Date.now(), 'short')}</span>
        </span>
        {entry.error && <span className="query-list-error">{entry.error}</span>}
      </button>
    </li>
  );
}

/** Memoized: its 100 runs are not drawn again on every keystroke in the editor. */
export const QueryHistory = memo(function QueryHistory({ onLoad }: { onLoad(entry: HistoryEntry): void }) {
  const [search, setSearch] = useState('');
  const [confirmClear, setConfirmClear] = useState(false);
  const [clearing, setClearing] = useState(false);
  const history = useQueryHistory(search);
  const queryClient = useQueryClient();
  const toast = useToast();
  const entries = history.data?.entries ?? [];

  const clear = async () => {
    setClearing(true);
    try {
      const { cleared } = await call(api.clearQueryHistory());
      toast(`Cleared ${plural(cleared, 'run')} from the history`);
      await queryClient.invalidateQueries({ queryKey: queryConsoleKeys.historyAll });
    } catch (error) {
      toast(errorMessage(error), 'error');
    } finally {
      setClearing(false);
      setConfirmClear(false);
    }
  };

  return (
    <div className="query-panel-body">
      <div className="query-panel-tools">
        <SearchBox label="Search the history" placeholder="Search the history" value={search} onSearch={setSearch} />
        <button type="button" className="button button-small" onClick={() => setConfirmClear(true)} disabled={entries.length === 0 && !search}>
          Clear
        </button>
      </div>
      {history.isPending && <Skeleton className="skeleton-line" />}
      {history.isError && <ErrorState error={history.error} onRetry={() => void history.refetch()} compact />}
      {history.data && entries.length === 0 && <p className="query-muted query-panel-empty">{search ? 'No run matches.' : 'Queries you run appear here.'}</p>}
      <ul className="query-list" aria-label="Query history">
        {entries.map((entry) => (
          <HistoryItem key={entry.id} entry={entry} onLoad={onLoad} />
        ))}
      </ul>
      <ConfirmDialog
        open={confirmClear}
        title="Clear the query history?"
        confirmLabel="Clear history"
        busy={clearing}
        onConfirm={() => void clear()}
        onCancel={() => setConfirmClear(false)}
      >
        Every run of this org is removed from the history. Saved queries stay.
      </ConfirmDialog>
    </div>
  );
});
