/** Home's cards: my pipeline this quarter, lists of deals, recently viewed records. */
import { useId, type ReactNode } from 'react';
import type { DealRow, DealsFilter, HomeSummary, RecentItem, Totals } from '../../../../shared/ipc/analytics.contract';
import { formatCount, formatCurrency, formatRelative } from '../../lib/format';
import { OBJECTS, recordHref } from '../../lib/objects';
import { pipelineRoute, routeHref } from '../../lib/router';
import { DealTable, type DealColumn } from '../cockpit/deal-table';

export function HomeCard({ title, children, count, testId, wide }: { title: string; children: ReactNode; count?: number; testId?: string; wide?: boolean }) {
  const id = useId();
  return (
    <section className={`card home-card${wide ? ' home-card-wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="section-title">
        {title}
        {count !== undefined && <span className="count-pill">{formatCount(count)}</span>}
      </h2>
      {children}
    </section>
  );
}

const CATEGORY_CLASS: Record<string, string> = { Closed: 'fc-closed', Commit: 'fc-commit', 'Best Case': 'fc-best-case', Pipeline: 'fc-pipeline' };

/**
 * The quarter by forecast category as one stacked bar with its legend (the legend carries the
 * figures): Closed is what I won this quarter, the other categories my open deals, as Salesforce's
 * forecast reads them.
 */
function forecastParts(slice: HomeSummary['pipeline'][number]): Array<{ category: string; totals: Totals }> {
  return [{ category: 'Closed', totals: slice.closedWon }, ...slice.byForecast.filter((f) => f.category !== 'Closed')];
}

function ForecastStrip({ slice }: { slice: HomeSummary['pipeline'][number] }) {
  const parts = forecastParts(slice);
  const total = parts.reduce((n, f) => n + Math.max(0, f.totals.amount), 0);
  return (
    <div className="forecast-strip">
      <div className="forecast-bar" aria-hidden="true">
        {total > 0 &&
          parts.map((f) =>
            f.totals.amount > 0 ? (
              <span
                key={f.category}
                className={`forecast-seg ${CATEGORY_CLASS[f.category] ?? 'fc-other'}`}
                style={{ width: `${(f.totals.amount / total) * 100}%` }}
              />
            ) : null,
          )}
      </div>
      <ul className="forecast-legend" aria-label="This quarter by forecast category">
        {parts.map((f) => (
          <li key={f.category}>
            <span className={`legend-dot ${CATEGORY_CLASS[f.category] ?? 'fc-other'}`} aria-hidden="true" />
            <span className="legend-name">{f.category === 'Closed' ? 'Closed (won)' : f.category}</span>
            <span className="legend-value">{formatCurrency(f.totals.amount, slice.currency)}</span>
            <span className="muted">
              {formatCount(f.totals.count)} deal{f.totals.count === 1 ? '' : 's'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Opens the deals behind a figure (the drill-down panel), in the figure's currency. */
export type HomeDrill = (title: string, filter: DealsFilter, currency?: string | null) => void;

export function PipelineCard({ data, onDrill }: { data: HomeSummary; onDrill: HomeDrill }) {
  const title = `My pipeline, ${data.period.label}`;
  return (
    <HomeCard title={title} testId="home-pipeline" wide>
      {data.pipeline.length === 0 ? (
        <p className="muted">
          No open deal of yours closes in {data.period.label}.{' '}
          <a href={routeHref(pipelineRoute({ period: { kind: 'next-quarter' } }))}>Next quarter’s pipeline</a>
        </p>
      ) : (
        data.pipeline.map((slice) => (
          <div key={slice.currency ?? ''} className="home-pipeline" data-testid="home-pipeline-currency">
            {data.pipeline.length > 1 && <h3 className="home-currency">{slice.currency}</h3>}
            <div className="tiles">
              <button
                type="button"
                className="tile tile-button"
                onClick={() => onDrill(`My open deals, ${data.period.label}`, { kind: 'open' }, slice.currency)}
              >
                <span className="tile-value" data-testid="home-open-amount">
                  {formatCurrency(slice.open.amount, slice.currency)}
                </span>
                <span className="tile-label">
                  Open pipeline · {formatCount(slice.open.count)} deal{slice.open.count === 1 ? '' : 's'}
                </span>
              </button>
              <div className="tile">
                <div className="tile-value">{formatCurrency(slice.open.weighted, slice.currency)}</div>
                <div className="tile-label">Weighted (amount × probability)</div>
              </div>
              <button type="button" className="tile tile-button" onClick={() => onDrill(`My won deals, ${data.period.label}`, { kind: 'won' }, slice.currency)}>
                <span className="tile-value">{formatCurrency(slice.closedWon.amount, slice.currency)}</span>
                <span className="tile-label">
                  Closed won this quarter · {formatCount(slice.closedWon.count)} deal{slice.closedWon.count === 1 ? '' : 's'}
                </span>
              </button>
            </div>
            <ForecastStrip slice={slice} />
          </div>
        ))
      )}
    </HomeCard>
  );
}

export function DealsCard({
  title,
  deals,
  count,
  empty,
  columns,
  onSeeAll,
  testId,
}: {
  title: string;
  deals: DealRow[];
  count?: number;
  empty: string;
  columns: DealColumn[];
  /** Home lists the first few; this opens them all (when there are more). */
  onSeeAll?: () => void;
  testId: string;
}) {
  const total = count ?? deals.length;
  return (
    <HomeCard title={title} count={total} testId={testId}>
      <DealTable deals={deals} caption={title} columns={columns} empty={<p className="muted">{empty}</p>} />
      {onSeeAll && total > deals.length && (
        <p className="home-card-footer muted">
          Showing {formatCount(deals.length)} of {formatCount(total)}.{' '}
          <button type="button" className="link-button" onClick={onSeeAll}>
            See all {formatCount(total)}
          </button>
        </p>
      )}
    </HomeCard>
  );
}

export function RecentCard({ recent }: { recent: RecentItem[] }) {
  return (
    <HomeCard title="Recently viewed" testId="home-recent">
      {recent.length === 0 ? (
        <p className="muted">Records you open in Atom are listed here (kept on this computer only).</p>
      ) : (
        <ul className="recent-list">
          {recent.map((item) => (
            <li key={`${item.object}-${item.id}`}>
              <span className={`object-chip object-chip-${item.object.toLowerCase()}`}>{OBJECTS[item.object].label.one}</span>
              <a href={recordHref(item.object, item.id)} className="recent-title">
                {item.title || `(${OBJECTS[item.object].label.one} without a name)`}
              </a>
              {item.subtitle && <span className="muted recent-sub">{item.subtitle}</span>}
              <span className="muted recent-when">{formatRelative(item.viewedAt, Date.now(), 'short')}</span>
            </li>
          ))}
        </ul>
      )}
    </HomeCard>
  );
}
