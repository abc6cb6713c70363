/**
 * The editor with what goes around it: the status line (the inline check's words, whether this
 * computer's copy can answer), where to run it, queryAll, and the buttons. The editor's code is a
 * chunk of its own, fetched when this card first shows.
 */
import { lazy, Suspense, useId } from 'react';
import type { QueryTarget, SoqlProblem } from '../../../../shared/ipc';
import { Skeleton } from '../../components/feedback';
import { Segmented } from '../../components/segmented';
import { problemText } from './query-format';
import type { SchemaSource } from './soql-editor';

const SoqlEditor = lazy(() => import('./soql-editor'));

export interface CheckView {
  pending: boolean;
  problem: SoqlProblem | null;
  object: string | null;
  cacheProblem: string | null;
  formatted: string | null;
  /** The check itself failed (no org, the core refused the text). */
  failure: string | null;
}

interface EditorCardProps {
  soql: string;
  onSoqlChange(soql: string): void;
  check: CheckView;
  schema: SchemaSource;
  target: QueryTarget;
  onTargetChange(target: QueryTarget): void;
  queryAll: boolean;
  onQueryAllChange(queryAll: boolean): void;
  busy: boolean;
  onRun(): void;
  onFormat(): void;
  onSave(): void;
  /** The saved query the text was loaded from ("Save…" updates it), or null. */
  loadedName: string | null;
  onExplain(): void;
  explaining: boolean;
}

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

function CheckLine({ soql, check, target }: { soql: string; check: CheckView; target: QueryTarget }) {
  if (!soql.trim()) return <span>Write a SELECT query, or pick one from the history or saved queries. {MOD}+Enter runs it.</span>;
  if (check.pending) return <span>Checking…</span>;
  if (check.failure) return <span className="query-check-problem">{check.failure}</span>;
  if (check.problem) return <span className="query-check-problem">{problemText(check.problem)}</span>;
  const cache = check.cacheProblem ? (
    <span className={target === 'cache' ? 'query-check-warn' : undefined}>This computer’s copy can’t answer it: {check.cacheProblem}</span>
  ) : (
    <span>This computer’s copy can answer it.</span>
  );
  return (
    <>
      <span className="query-check-ok">Reads {check.object ?? 'the org'}.</span> {cache}
    </>
  );
}

const TARGETS: ReadonlyArray<{ value: QueryTarget; label: string }> = [
  { value: 'org', label: 'The org' },
  { value: 'cache', label: 'This computer' },
];

export function QueryEditorCard(props: EditorCardProps) {
  const { soql, check, target } = props;
  const labelId = useId();
  const canFormat = Boolean(check.formatted && !check.pending && check.formatted !== soql);
  return (
    <section className="card query-editor-card" aria-labelledby={labelId}>
      <h2 id={labelId} className="query-editor-title">
        SOQL query
      </h2>
      <Suspense fallback={<Skeleton className="query-editor-skeleton" />}>
        <SoqlEditor
          value={soql}
          onChange={props.onSoqlChange}
          onRun={props.onRun}
          problem={check.pending ? null : check.problem}
          schema={props.schema}
          label="SOQL query"
        />
      </Suspense>
      <p className="query-check" aria-live="polite" data-testid="query-check">
        <CheckLine soql={soql} check={check} target={target} />
      </p>
      <div className="query-toolbar">
        <Segmented legend="Run on" className="query-target" value={target} options={TARGETS} onChange={props.onTargetChange} />
        <label className={`query-all${target === 'cache' ? ' query-all-off' : ''}`}>
          <input
            type="checkbox"
            className="checkbox"
            checked={props.queryAll && target === 'org'}
            disabled={target === 'cache'}
            onChange={(e) => props.onQueryAllChange(e.target.checked)}
          />
          Include deleted and archived rows
        </label>
        <div className="query-actions">
          <button type="button" className="button" onClick={props.onFormat} disabled={!canFormat}>
            Format
          </button>
          <button type="button" className="button" onClick={props.onExplain} disabled={!soql.trim() || props.explaining}>
            {props.explaining ? 'Reading the plan…' : 'Query plan'}
          </button>
          <button
            type="button"
            className="button"
            onClick={props.onSave}
            disabled={!soql.trim()}
            title={props.loadedName ? `Update “${props.loadedName}”, or save as a new query` : undefined}
          >
            Save…
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={props.onRun}
            disabled={!soql.trim() || props.busy}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            {props.busy ? 'Running…' : target === 'org' ? 'Run on the org' : 'Run on this computer'}
          </button>
        </div>
      </div>
    </section>
  );
}
