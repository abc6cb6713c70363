/** Home's cards: my pipeline this quarter, lists of deals, recently viewed records. */
import { useId, type ReactNode } from 'react';
import type { DealRow, HomeSummary, RecentItem } from '../../../../shared/ipc/analytics.contract';
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

/** The open pipeline by forecast category as one stacked bar with its legend (the legend carries the figures). */
function ForecastStrip({ slice }: { slice: HomeSummary['pipeline'][number] }) {
  const total = slice.byForecast.reduce((n, f) => n + Math.max(0, f.totals.amount), 0);
  return (
    <div className="forecast-strip">
      <div className="forecast-bar" aria-hidden="true">
        {total > 0 &&
          slice.byForecast.map((f) =>
            f.totals.amount > 0 ? (
              <span
                key={f.category}
                className={`forecast-seg ${CATEGORY_CLASS[f.category] ?? 'fc-other'}`}
                style={{ width: `${(f.totals.amount / total) * 100}%` }}
              />
            ) : null,
          )}
      </div>
      <ul className="forecast-legend" aria-label="Open pipeline by forecast category">
        {slice.byForecast.map((f) => (
          <li key={f.category}>
            <span className={`legend-dot ${CATEGORY_CLASS[f.category] ?? 'fc-other'}`} aria-hidden="true" />
            <span className="legend-name">{f.category}</span>
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

export function PipelineCard({ data }: { data: HomeSummary }) {
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
              <div className="tile">
                <div className="tile-value" data-testid="home-open-amount">
                  {formatCurrency(slice.open.amount, slice.currency)}
                </div>
                <div className="tile-label">
                  Open pipeline · {formatCount(slice.open.count)} deal{slice.open.count === 1 ? '' : 's'}
                </div>
              </div>
              <div className="tile">
                <div className="tile-value">{formatCurrency(slice.open.weighted, slice.currency)}</div>
                <div className="tile-label">Weighted (amount × probability)</div>
              </div>
              <div className="tile">
                <div className="tile-value">{formatCurrency(slice.closedWon.amount, slice.currency)}</div>
                <div className="tile-label">
                  Closed won this quarter · {formatCount(slice.closedWon.count)} deal{slice.closedWon.count === 1 ? '' : 's'}
                </div>
              </div>
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
  footer,
  footerLink,
  testId,
}: {
  title: string;
  deals: DealRow[];
  count?: number;
  empty: string;
  columns: DealColumn[];
  footer?: string;
  footerLink?: { href: string; label: string };
  testId: string;
}) {
  return (
    <HomeCard title={title} count={count ?? deals.length} testId={testId}>
      <DealTable deals={deals} caption={title} columns={columns} empty={<p className="muted">{empty}</p>} />
      {(footer || (footerLink && deals.length > 0)) && (
        <p className="home-card-footer muted">
          {footer} {footerLink && deals.length > 0 && <a href={footerLink.href}>{footerLink.label}</a>}
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
