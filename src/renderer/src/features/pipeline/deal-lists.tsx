/**
 * The Pipeline page's lists: slipped deals (close date pushed out of the period, from the deals'
 * history) and stale deals, with the thresholds that make a deal stale editable in place.
 */
import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import type { CockpitSettings, PeriodInput, Scope, StageInfo } from '../../../../shared/ipc/analytics.contract';
import { ErrorState, PageLoading, errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { formatCount, formatCurrency, formatDate, formatRelative } from '../../lib/format';
import { recordHref } from '../../lib/objects';
import { DealTable, PendingBadge } from '../cockpit/deal-table';
import { useCockpitSettings, useDeals, useSlipped, useUpdateCockpitSettings } from '../cockpit/use-cockpit';

function ListCard({ title, count, children, testId, actions }: { title: string; count?: number; children: ReactNode; testId: string; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card chart-card chart-card-wide" aria-labelledby={id} data-testid={testId}>
      <div className="chart-card-head">
        <h2 id={id} className="section-title">
          {title}
          {count !== undefined && <span className="count-pill">{formatCount(count)}</span>}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Every currency's slipped deals together: a list, not a sum (each amount in its own currency). */
export function SlippedDealsCard({ period, scope }: { period: PeriodInput; scope: Scope }) {
  const slipped = useSlipped({ period, scope });
  const data = slipped.data;
  const deals = data?.deals ?? [];
  return (
    <ListCard title="Slipped deals" count={data?.total} testId="slipped-deals">
      {slipped.isError ? (
        <ErrorState error={slipped.error} onRetry={() => void slipped.refetch()} compact />
      ) : !data ? (
        <PageLoading label="Loading slipped deals…" />
      ) : deals.length === 0 ? (
        <p className="muted">No deal’s close date was pushed out of {data.period.label}.</p>
      ) : (
        <>
          <p className="chart-summary">
            {formatCount(data.total)} deal{data.total === 1 ? '' : 's'} left {data.period.label} for a later period ({formatCount(data.pushCount)} push
            {data.pushCount === 1 ? '' : 'es'} in all){data.total > data.deals.length ? `; the ${formatCount(data.deals.length)} pushed most are listed` : ''}.
          </p>
          <div className="deal-table-wrap">
            <table className="deal-table">
              <caption className="visually-hidden">Slipped deals</caption>
              <thead>
                <tr>
                  <th scope="col">Opportunity</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="col-number">
                    Amount
                  </th>
                  <th scope="col">Was closing</th>
                  <th scope="col">Closes now</th>
                  <th scope="col" className="col-number">
                    Pushes
                  </th>
                  <th scope="col">Last pushed</th>
                </tr>
              </thead>
              <tbody>
                {deals.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <a href={recordHref('Opportunity', d.id)}>{d.name}</a>
                      <PendingBadge state={d.localState} />
                    </th>
                    <td>{d.stage ?? '—'}</td>
                    <td className="col-number">{formatCurrency(d.amount, d.currency)}</td>
                    <td>{formatDate(d.firstCloseDate)}</td>
                    <td>{formatDate(d.closeDate)}</td>
                    <td className="col-number">{formatCount(d.pushes)}</td>
                    <td>{d.lastPushedAt ? formatRelative(d.lastPushedAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </ListCard>
  );
}

export function StaleDealsCard({ period, scope, currency, stages }: { period: PeriodInput; scope: Scope; currency: string | null; stages: StageInfo[] }) {
  const stale = useDeals({ period, scope, currency, filter: { kind: 'stale' } });
  const [editing, setEditing] = useState(false);
  return (
    <ListCard
      title="Stale deals"
      count={stale.data?.total}
      testId="stale-deals"
      actions={
        <button type="button" className="button button-small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? 'Close thresholds' : 'Thresholds'}
        </button>
      }
    >
      {editing && <StaleThresholds stages={stages} onDone={() => setEditing(false)} />}
      {stale.isError ? (
        <ErrorState error={stale.error} onRetry={() => void stale.refetch()} compact />
      ) : !stale.data ? (
        <PageLoading label="Loading stale deals…" />
      ) : (
        <DealTable
          deals={stale.data.deals}
          caption="Stale deals"
          columns={scope === 'all' ? ['owner', 'stage', 'amount', 'close', 'days', 'note'] : ['account', 'stage', 'amount', 'close', 'days', 'note']}
          empty={<p className="muted">No open deal in this period is over its stage’s threshold or without recent activity.</p>}
          testId="stale-deals-table"
        />
      )}
    </ListCard>
  );
}

type Draft = Record<string, string>;

function draftOf(settings: CockpitSettings, stages: StageInfo[]): Draft {
  const draft: Draft = { default: String(settings.defaultStaleDays), noActivity: String(settings.noActivityDays) };
  for (const s of stages) draft[s.name] = settings.staleDaysByStage[s.name] === undefined ? '' : String(settings.staleDaysByStage[s.name]);
  return draft;
}

const validDays = (text: string) => /^\d{1,4}$/.test(text) && Number(text) >= 1 && Number(text) <= 3650;

/** Days in a stage after which a deal is stale (per stage, else the default), and days without activity. */
function StaleThresholds({ stages, onDone }: { stages: StageInfo[]; onDone: () => void }) {
  const settings = useCockpitSettings();
  const update = useUpdateCockpitSettings();
  const toast = useToast();
  const open = stages.filter((s) => !s.isClosed);
  const [draft, setDraft] = useState<Draft | null>(null);
  if (!settings.data) return <PageLoading label="Loading your thresholds…" />;
  const values = draft ?? draftOf(settings.data, open);
  const set = (key: string) => (e: ChangeEvent<HTMLInputElement>) => setDraft({ ...values, [key]: e.target.value.trim() });
  const invalid = (key: string) => (key === 'default' || key === 'noActivity' ? !validDays(values[key]) : values[key] !== '' && !validDays(values[key]));
  const anyInvalid = Object.keys(values).some(invalid);
  const save = () => {
    const staleDaysByStage: Record<string, number> = {};
    for (const s of open) if (values[s.name]) staleDaysByStage[s.name] = Number(values[s.name]);
    update.mutate(
      { staleDaysByStage, defaultStaleDays: Number(values.default), noActivityDays: Number(values.noActivity) },
      {
        onSuccess: () => {
          toast('Thresholds saved');
          onDone();
        },
        onError: (e) => toast(errorMessage(e), 'error'),
      },
    );
  };
  const field = (key: string, label: string, placeholder?: string) => (
    <div className="threshold" key={key}>
      <label htmlFor={`stale-${key}`}>{label}</label>
      <input
        id={`stale-${key}`}
        className="input input-small"
        inputMode="numeric"
        value={values[key]}
        placeholder={placeholder}
        aria-invalid={invalid(key)}
        aria-describedby="stale-days-hint"
        onChange={set(key)}
      />
    </div>
  );
  return (
    <form
      className="thresholds"
      aria-label="Stale deal thresholds"
      onSubmit={(e) => {
        e.preventDefault();
        if (!anyInvalid) save();
      }}
    >
      <p id="stale-days-hint" className="muted">
        Days, 1 to 3650. A stage left empty uses the default.
      </p>
      <div className="threshold-grid">
        {field('default', 'Default, days in a stage')}
        {field('noActivity', 'Or days without activity')}
        {open.map((s) => field(s.name, s.label, values.default))}
      </div>
      <div className="thresholds-actions">
        <button type="submit" className="button button-primary button-small" disabled={anyInvalid || update.isPending}>
          Save thresholds
        </button>
      </div>
    </form>
  );
}
