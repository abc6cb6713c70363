/**
 * The Query page (`#/query`): a SOQL console on the active org. Write a query with suggestions
 * from the org's describe, see syntax errors inline before anything is sent, run it on the org
 * (its cost shown first, a confirmation above the threshold) or offline on this computer's copy,
 * read the rows, export them, read the query plan, and keep a history and saved queries.
 * Loaded only when opened (app/shell.tsx), and the editor only with it.
 */
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry, QueryPlans, QueryTarget, SavedQuery } from '../../../../shared/ipc';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { api, call } from '../../lib/api';
import { QueryEditorCard, type CheckView } from './query-editor-card';
import { estimateText } from './query-format';
import { QueryHistory } from './query-history';
import { QueryPlanPanel } from './query-plan';
import { QueryResultPanel } from './query-result-panel';
import { SavedQueries } from './saved-queries';
import { SaveQueryDialog } from './save-query-dialog';
import { editorSaveTarget, listEditTarget, loadedSavedQuery, type SaveTarget } from './save-target';
import { useQueryCheck, useRunQuery, useSavedQueries, useSchemaSource, type RunState } from './use-query-console';
import { useQueryExport } from './use-query-export';

/**
 * The text being written survives leaving the page and coming back (not a reload), and so does
 * which saved query it was loaded from (the id: its name and text are read from the list).
 */
const draft = { soql: '', target: 'org' as QueryTarget, queryAll: false, loadedId: null as string | null };
const NO_FOLDERS: string[] = [];

type Tab = 'history' | 'saved';

function SideTabs({ tab, onTab, children }: { tab: Tab; onTab(tab: Tab): void; children: React.ReactNode }) {
  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'history', label: 'History' },
    { id: 'saved', label: 'Saved queries' },
  ];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'history' ? 'saved' : 'history';
    onTab(next);
    document.getElementById(`query-tab-${next}`)?.focus();
  };
  return (
    <aside className="card query-side" aria-label="History and saved queries">
      <div className="query-tabs" role="tablist" aria-label="History and saved queries" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`query-tab-${t.id}`}
            type="button"
            role="tab"
            className={`query-tab${tab === t.id ? ' query-tab-on' : ''}`}
            aria-selected={tab === t.id}
            aria-controls="query-tabpanel"
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="query-tabpanel" role="tabpanel" aria-labelledby={`query-tab-${tab}`}>
        {children}
      </div>
    </aside>
  );
}

function usePlan() {
  const [plan, setPlan] = useState<{ plans: QueryPlans | null; error: unknown; loading: boolean } | null>(null);
  const explain = async (soql: string) => {
    setPlan({ plans: null, error: null, loading: true });
    try {
      setPlan({ plans: await call(api.explainQuery({ soql })), error: null, loading: false });
    } catch (error) {
      setPlan({ plans: null, error, loading: false });
    }
  };
  return { plan, explain, close: () => setPlan(null) };
}

function useCheckView(soql: string): CheckView {
  const { check, pending, error } = useQueryCheck(soql);
  return {
    pending: pending && soql.trim().length > 0,
    problem: check?.problem ?? null,
    object: check?.object ?? null,
    cacheProblem: check?.cacheProblem ?? null,
    formatted: check?.formatted ?? null,
    failure: error && !pending ? errorMessage(error) : null,
  };
}

/** An org run above the threshold of API calls: its estimate, and Run it or Cancel. */
function ConfirmRunDialog({ state, onConfirm, onCancel }: { state: RunState; onConfirm(): void; onCancel(): void }) {
  return (
    <Dialog
      open={state.phase === 'confirm'}
      title="Run this query on the org?"
      onClose={onCancel}
      testId="query-confirm"
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={onConfirm}>
            Run it
          </button>
        </>
      }
    >
      {state.phase === 'confirm' && (
        <p>
          It is expected to return {estimateText(state.estimate)}. API calls come out of the org’s daily allowance, which every integration of the org shares.
          Add a LIMIT or a narrower WHERE to spend less, or run it on this computer’s copy.
        </p>
      )}
    </Dialog>
  );
}

/** The query being written, where to run it, queryAll and the saved query loaded, kept in `draft` across visits. */
function useDraft() {
  const [soql, setSoqlState] = useState(draft.soql);
  const [target, setTargetState] = useState<QueryTarget>(draft.target);
  const [queryAll, setQueryAllState] = useState(draft.queryAll);
  const [loadedId, setLoadedIdState] = useState(draft.loadedId);
  // Stable setters: the history, saved queries and results are memoized on the callbacks built on them.
  const setLoadedId = useCallback((next: string | null) => setLoadedIdState((draft.loadedId = next)), []);
  const setSoql = useCallback(
    (next: string) => {
      setSoqlState((draft.soql = next));
      // An emptied editor starts afresh: the next "Save…" saves a new query.
      if (!next.trim()) setLoadedId(null);
    },
    [setLoadedId],
  );
  const setTarget = useCallback((next: QueryTarget) => setTargetState((draft.target = next)), []);
  const setQueryAll = useCallback((next: boolean) => setQueryAllState((draft.queryAll = next)), []);
  return { soql, target, queryAll, loadedId, setSoql, setTarget, setQueryAll, setLoadedId };
}

export function QueryPage() {
  const { soql, target, queryAll, loadedId, setSoql, setTarget, setQueryAll, setLoadedId } = useDraft();
  const [tab, setTab] = useState<Tab>('history');
  const [saveTarget, setSaveTarget] = useState<SaveTarget | null>(null);
  const check = useCheckView(soql);
  const schema = useSchemaSource();
  const runner = useRunQuery();
  const exporter = useQueryExport();
  const planner = usePlan();
  const saved = useSavedQueries('').data;
  const folders = saved?.folders ?? NO_FOLDERS;
  const loaded = loadedSavedQuery(loadedId, saved?.queries);

  const busy = runner.state.phase === 'estimating' || runner.state.phase === 'running';
  const run = () => {
    // Ctrl/⌘+Enter reaches here while a run is under way (the button is disabled then): each run
    // on the org spends an estimate and a query from the org's daily API allowance.
    if (busy) return;
    // A known syntax error is shown inline; nothing is sent.
    if (!soql.trim() || (check.problem && !check.pending)) return;
    void runner.run({ soql, target, queryAll: target === 'org' && queryAll });
  };

  const loadHistory = useCallback(
    (entry: HistoryEntry) => {
      setSoql(entry.soql);
      setTarget(entry.target);
      setQueryAll(entry.queryAll);
      setLoadedId(null);
    },
    [setSoql, setTarget, setQueryAll, setLoadedId],
  );
  const loadSaved = useCallback(
    (query: SavedQuery) => {
      setSoql(query.soql);
      setLoadedId(query.id);
    },
    [setSoql, setLoadedId],
  );
  const editSaved = useCallback((query: SavedQuery) => setSaveTarget(listEditTarget(query)), []);
  const onSaved = (query: SavedQuery) => {
    // What "Save…" saved is what the editor holds now: the next "Save…" updates it.
    if (saveTarget?.source === 'editor') setLoadedId(query.id);
    setSaveTarget(null);
    setTab('saved');
  };

  const { state: runState } = runner;
  const { state: exportState, start: startExporter, cancel: cancelExport, dismiss, confirm } = exporter;
  const startExport = useCallback(
    (format: 'csv' | 'json' | 'xlsx') => {
      if (runState.phase !== 'done') return;
      const { request, estimate } = runState;
      void startExporter({ ...request, format, confirmed: Boolean(estimate?.needsConfirmation) });
    },
    [runState, startExporter],
  );
  // Stable between keystrokes, so the memoized results (and their table) are not drawn again.
  const exportProps = useMemo(
    () => ({ state: exportState, onStart: startExport, onCancel: () => void cancelExport(), onDismiss: dismiss, onConfirm: confirm, errorText: errorMessage }),
    [exportState, startExport, cancelExport, dismiss, confirm],
  );

  return (
    <div className="page query-page">
      <PageHeader title="Query" subtitle="Ask the org in SOQL, or this computer’s copy of it when offline." />
      <div className="query-layout">
        <div className="query-main">
          <QueryEditorCard
            soql={soql}
            onSoqlChange={setSoql}
            check={check}
            schema={schema}
            target={target}
            onTargetChange={setTarget}
            queryAll={queryAll}
            onQueryAllChange={setQueryAll}
            busy={busy}
            onRun={run}
            onFormat={() => check.formatted && setSoql(check.formatted)}
            onSave={() => setSaveTarget(editorSaveTarget(soql, loaded))}
            loadedName={loaded?.name ?? null}
            onExplain={() => void planner.explain(soql)}
            explaining={Boolean(planner.plan?.loading)}
          />
          {planner.plan && !planner.plan.loading && <QueryPlanPanel plans={planner.plan.plans} error={planner.plan.error} onClose={planner.close} />}
          <QueryResultPanel run={runState} exportProps={exportProps} />
        </div>
        <SideTabs tab={tab} onTab={setTab}>
          {tab === 'history' ? <QueryHistory onLoad={loadHistory} /> : <SavedQueries onLoad={loadSaved} onEdit={editSaved} />}
        </SideTabs>
      </div>
      <SaveQueryDialog target={saveTarget} folders={folders} onClose={() => setSaveTarget(null)} onSaved={onSaved} />
      <ConfirmRunDialog state={runner.state} onConfirm={runner.confirm} onCancel={runner.cancelConfirm} />
    </div>
  );
}
