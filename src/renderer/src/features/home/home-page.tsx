/**
 * Home, the page a salesperson opens every morning: my open pipeline for the current fiscal
 * quarter (total, weighted, by forecast category), deals closing this week, overdue and stale
 * deals, recently viewed records and today's tasks. Everything from the local cache: no API call,
 * works offline. No chart library here: Home is the landing page and must paint at once.
 */
import { useState } from 'react';
import type { HomeSummary } from '../../../../shared/ipc/analytics.contract';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { boardRoute, pipelineRoute, routeHref } from '../../lib/router';
import { BasisNote, NeverSynced, NoOrg } from '../cockpit/cockpit-states';
import { DrillDownPanel, type DrillRequest } from '../cockpit/drill-down';
import { useHome } from '../cockpit/use-cockpit';
import { useActiveConnection } from '../connections/use-connections';
import { DealsCard, PipelineCard, RecentCard, type HomeDrill } from './home-sections';
import { TodaysTasks } from './todays-tasks';

function Header({ data }: { data?: HomeSummary }) {
  return (
    <PageHeader
      title="Home"
      subtitle={data ? <BasisNote basis={data.basis} /> : 'Your deals at a glance'}
      actions={
        <>
          <a className="button" href={routeHref(pipelineRoute())}>
            Pipeline
          </a>
          <a className="button" href={routeHref(boardRoute())}>
            Board
          </a>
        </>
      }
    />
  );
}

export function HomePage() {
  const active = useActiveConnection();
  const home = useHome();
  const data = home.data;
  if (!active) {
    return (
      <div className="page">
        <Header />
        <NoOrg what="Home" />
      </div>
    );
  }
  if (home.isPending) {
    return (
      <div className="page">
        <Header />
        <PageLoading label="Loading your deals…" />
      </div>
    );
  }
  if (home.isError || !data) {
    return (
      <div className="page">
        <Header />
        <ErrorState error={home.error} onRetry={() => void home.refetch()} />
      </div>
    );
  }
  if (data.basis.state === 'never-synced') {
    return (
      <div className="page">
        <Header data={data} />
        <NeverSynced what="Home" />
      </div>
    );
  }
  return <HomeBody data={data} />;
}

function HomeBody({ data }: { data: HomeSummary }) {
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  // Home's figures are my deals of the current quarter; the overdue and stale lists ignore the period.
  const onDrill: HomeDrill = (title, filter, currency) => setDrill({ title, filters: [filter], period: { kind: 'this-quarter' }, scope: 'mine', currency });
  return (
    <div className="page home-page">
      <Header data={data} />
      <PipelineCard data={data} onDrill={onDrill} />
      <div className="home-grid">
        <DealsCard
          title="Closing this week"
          testId="home-closing-this-week"
          deals={data.closingThisWeek}
          empty="Nothing of yours closes this week."
          columns={['account', 'stage', 'amount', 'close']}
        />
        <DealsCard
          title="Past their close date"
          testId="home-overdue"
          deals={data.overdue}
          count={data.overdueCount}
          empty="No open deal of yours is past its close date."
          columns={['account', 'amount', 'close']}
          onSeeAll={() => onDrill('My deals past their close date', { kind: 'overdue' })}
        />
        <DealsCard
          title="Stale deals"
          testId="home-stale"
          deals={data.stale}
          count={data.staleCount}
          empty="None of your deals has stalled."
          columns={['stage', 'amount', 'note']}
          onSeeAll={() => onDrill('My stale deals', { kind: 'stale', anyCloseDate: true })}
        />
        <RecentCard recent={data.recent} />
        <TodaysTasks />
      </div>
      <DrillDownPanel request={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
