/**
 * The Query page (`#/query`): a SOQL console on the active org. Write a query with suggestions
 * from the org's describe, see syntax errors inline before anything is sent, run it on the org
 * (its cost shown first, a confirmation above the threshold) or offline on this computer's copy,
 * read the rows, export them, read the query plan, and keep a history and saved queries.
 * Loaded only when opened (app/shell.tsx), and the editor only with it.
 */
import { useState, type KeyboardEvent } from 'react';
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
import { SaveQueryDialog, type SaveTarget } from './save-query-dialog';
import { useQueryCheck, useRunQuery, useSavedQueries, useSchemaSource, type RunState } from './use-query-console';
import { useQueryExport } from './use-query-export';

/** The text being written survives leaving the page and coming back (not a reload). */
const draft = { soql: '', target: 'org' as QueryTarget, queryAll: false };

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

/** The query being written, where to run it and queryAll, kept in `draft` across visits. */
function useDraft() {
  const [soql, setSoqlState] = useState(draft.soql);
  const [target, setTargetState] = useState<QueryTarget>(draft.target);
  const [queryAll, setQueryAllState] = useState(draft.queryAll);
  return {
    soql,
    target,
    queryAll,
    setSoql: (next: string) => setSoqlState((draft.soql = next)),
    setTarget: (next: QueryTarget) => setTargetState((draft.target = next)),
    setQueryAll: (next: boolean) => setQueryAllState((draft.queryAll = next)),
  };
}

export function QueryPage() {
  const { soql, target, queryAll, setSoql, setTarget, setQueryAll } = useDraft();
  const [tab, setTab] = useState<Tab>('history');
  const [saveTarget, setSaveTarget] = useState<SaveTarget | null>(null);
  const check = useCheckView(soql);
  const schema = useSchemaSource();
  const runner = useRunQuery();
  const exporter = useQueryExport();
  const planner = usePlan();
  const folders = useSavedQueries('').data?.folders ?? [];

  const run = () => {
    // A known syntax error is shown inline; nothing is sent.
    if (!soql.trim() || (check.problem && !check.pending)) return;
    void runner.run({ soql, target, queryAll: target === 'org' && queryAll });
  };
  const busy = runner.state.phase === 'estimating' || runner.state.phase === 'running';

  const loadHistory = (entry: HistoryEntry) => {
    setSoql(entry.soql);
    setTarget(entry.target);
    setQueryAll(entry.queryAll);
  };
  const startExport = (format: 'csv' | 'json' | 'xlsx') => {
    if (runner.state.phase !== 'done') return;
    const { request, estimate } = runner.state;
    void exporter.start({ ...request, format, confirmed: Boolean(estimate?.needsConfirmation) });
  };

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
            onSave={() => setSaveTarget({ soql })}
            onExplain={() => void planner.explain(soql)}
            explaining={Boolean(planner.plan?.loading)}
          />
          {planner.plan && !planner.plan.loading && <QueryPlanPanel plans={planner.plan.plans} error={planner.plan.error} onClose={planner.close} />}
          <QueryResultPanel
            run={runner.state}
            exportProps={{
              state: exporter.state,
              onStart: startExport,
              onCancel: () => void exporter.cancel(),
              onDismiss: exporter.dismiss,
              onConfirm: exporter.confirm,
              errorText: errorMessage,
            }}
          />
        </div>
        <SideTabs tab={tab} onTab={setTab}>
          {tab === 'history' ? (
            <QueryHistory onLoad={loadHistory} />
          ) : (
            <SavedQueries onLoad={(query: SavedQuery) => setSoql(query.soql)} onEdit={(query) => setSaveTarget({ existing: query, soql: query.soql })} />
          )}
        </SideTabs>
      </div>
      <SaveQueryDialog
        target={saveTarget}
        folders={folders}
        onClose={() => setSaveTarget(null)}
        onSaved={() => {
          setSaveTarget(null);
          setTab('saved');
        }}
      />
      <ConfirmRunDialog state={runner.state} onConfirm={runner.confirm} onCancel={runner.cancelConfirm} />
    </div>
  );
}
