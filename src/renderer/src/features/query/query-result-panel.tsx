/**
 * The results area: what the run is doing (estimating, running), its error in plain words, or the
 * result with its summary and the export controls (format, progress bar, cancel, where it went).
 */
import { memo, useId, useState } from 'react';
import { ErrorState, EmptyState } from '../../components/feedback';
import { AlertIcon } from '../../components/icons';
import { isAppError } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { estimateText, plural, resultSummary } from './query-format';
import { QueryResultTable } from './query-results';
import type { RunState } from './use-query-console';
import type { ExportFormat, ExportState } from './use-query-export';

const FORMATS: Array<{ value: ExportFormat; label: string }> = [
  { value: 'csv', label: 'CSV (Excel, UTF-8)' },
  { value: 'xlsx', label: 'Excel workbook (.xlsx)' },
  { value: 'json', label: 'JSON' },
];

const METHOD_WORDS = { cache: 'from this computer’s copy', rest: 'page by page from the org', bulk: 'as a Bulk API job on the org' } as const;

interface ExportProps {
  state: ExportState;
  onStart(format: ExportFormat): void;
  onCancel(): void;
  onDismiss(): void;
  /** Starts the refused export again, its cost accepted. */
  onConfirm(): void;
  errorText(error: unknown): string;
}

function ExportStatus({ state, onCancel, onDismiss, onConfirm, errorText }: Omit<ExportProps, 'onStart'>) {
  const { progress, handover, error, starting } = state;
  if (starting) return <p className="query-export-status">Starting the export…</p>;
  if (isAppError(error) && error.fields?.includes('confirmed')) {
    return (
      <p className="query-export-status" role="alert">
        {error.message}{' '}
        <button type="button" className="button button-small" onClick={onConfirm}>
          Export anyway
        </button>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Don’t export
        </button>
      </p>
    );
  }
  if (error) {
    return (
      <p className="query-export-status query-check-problem" role="alert">
        {errorText(error)}{' '}
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      </p>
    );
  }
  if (!progress) return null;
  const label = `Exporting ${progress.fileName}`;
  return (
    <div className="query-export-status" data-testid="query-export-status" data-state={progress.state}>
      {progress.state === 'running' && (
        <>
          <progress
            className="sync-progress query-export-progress"
            aria-label={label}
            max={progress.totalRows ?? undefined}
            value={progress.totalRows ? progress.rows : undefined}
          />
          <span>
            {plural(progress.rows, 'row')}
            {progress.totalRows ? ` of ${formatCount(progress.totalRows)}` : ''} written, {METHOD_WORDS[progress.method]}
          </span>
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel export
          </button>
        </>
      )}
      {progress.state === 'done' && (
        <span role="status">
          {plural(progress.rows, 'row')} exported.{' '}
          {handover?.kind === 'saved' && (
            <>
              Saved to <code className="query-path">{handover.path}</code>
            </>
          )}
          {handover?.kind === 'downloaded' && <>Downloading {handover.fileName}.</>}
          {handover?.kind === 'not-saved' && <>Not saved: no place was chosen.</>}
          {!handover && <>Handing it over…</>}
        </span>
      )}
      {progress.state === 'cancelled' && <span role="status">Export cancelled after {plural(progress.rows, 'row')}.</span>}
      {progress.state === 'failed' && (
        <span role="alert" className="query-check-problem">
          The export stopped: {progress.error ?? 'something went wrong'}
        </span>
      )}
    </div>
  );
}

function ExportControls(props: ExportProps) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const id = useId();
  const running = props.state.starting || props.state.progress?.state === 'running';
  return (
    <div className="query-export">
      <div className="query-export-controls">
        <label htmlFor={id} className="toolbar-label">
          Export as
        </label>
        <select id={id} className="select select-small" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" onClick={() => props.onStart(format)} disabled={running}>
          Export all rows
        </button>
      </div>
      <ExportStatus {...props} />
    </div>
  );
}

/** Codes the shared error block has words and an action for (log in again, connect…). */
const SHARED_ERROR_CODES = new Set(['SESSION_EXPIRED', 'NOT_CONNECTED', 'NETWORK', 'API_LIMIT', 'PERMISSION_DENIED', 'CONFIG']);

/** Why the query did not run: the org's or the cache's words (a field it lacks, a clause it refuses). */
function RunError({ error }: { error: unknown }) {
  if (!isAppError(error) || SHARED_ERROR_CODES.has(error.code)) return <ErrorState error={error} compact />;
  return (
    <div className="error-state error-state-compact" role="alert" data-testid="query-error">
      <div className="error-icon">
        <AlertIcon size={18} />
      </div>
      <div className="error-body">
        <h3>The query didn’t run</h3>
        <p>{error.message}</p>
      </div>
    </div>
  );
}

interface ResultPanelProps {
  run: RunState;
  exportProps: ExportProps;
}

/** Memoized: the page draws again on every keystroke in the editor, and the table need not. */
export const QueryResultPanel = memo(function QueryResultPanel({ run, exportProps }: ResultPanelProps) {
  let body;
  if (run.phase === 'idle' || run.phase === 'confirm') {
    body = <EmptyState title="No results yet">Run a query to see its rows here: on the org, or offline on this computer’s copy.</EmptyState>;
  } else if (run.phase === 'estimating') {
    body = <p className="query-running">Working out what it will cost…</p>;
  } else if (run.phase === 'running') {
    const where = run.request.target === 'org' ? 'on the org' : 'on this computer';
    body = (
      <p className="query-running">
        Running {where}
        {run.estimate ? `: ${estimateText(run.estimate)}` : ''}…
      </p>
    );
  } else if (run.phase === 'failed') {
    body = <RunError error={run.error} />;
  } else {
    body = (
      <>
        <div className="query-summary">
          <p data-testid="query-summary">
            {resultSummary(run.result)}
            {run.estimate && <span className="query-muted"> · estimated {estimateText(run.estimate)}</span>}
          </p>
          {run.result.truncated && (
            <p className="query-check-warn">
              Showing the first {formatCount(run.result.rows.length)} rows. Export to get all {formatCount(run.result.totalSize)}.
            </p>
          )}
        </div>
        <ExportControls {...exportProps} />
        <QueryResultTable result={run.result} />
      </>
    );
  }
  return (
    <section
      className="card query-results"
      aria-labelledby="query-results-title"
      aria-busy={run.phase === 'running' || run.phase === 'estimating' || undefined}
    >
      <h2 id="query-results-title" className="section-title">
        Results
      </h2>
      {body}
    </section>
  );
});
