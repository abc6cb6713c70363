/**
 * Lead analytics for a creation cohort (the leads created in the period) and a scope: the funnel by
 * status in the org's order, status shares, conversion by lead source, time to convert, aging of
 * open leads and the converted leads that became won deals. Loaded lazily (it brings recharts).
 */
import type { LeadAnalytics } from '../../../../shared/ipc/analytics.contract';
import { navigate } from '../../app/navigation';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import type { AnalyticsParams } from '../../lib/cockpit-params';
import { formatCount, formatCurrency, formatDays, formatPercent } from '../../lib/format';
import { BasisNote, NeverSynced, NoOrg } from '../cockpit/cockpit-states';
import { PeriodPicker, ScopeToggle } from '../cockpit/period-controls';
import { useLeadAnalytics } from '../cockpit/use-cockpit';
import { useActiveConnection } from '../connections/use-connections';
import { ConversionBySource, LeadAging, StatusFunnel, StatusShares } from './lead-charts';

export function LeadAnalyticsPage({ params }: { params: AnalyticsParams }) {
  const active = useActiveConnection();
  const leads = useLeadAnalytics({ period: params.period, scope: params.scope });
  const go = (next: Partial<AnalyticsParams>) => navigate({ name: 'lead-analytics', params: { ...params, ...next } }, { replace: true });
  const data = leads.data;
  let body;
  if (!active) body = <NoOrg what="Lead analytics" />;
  else if (leads.isError) body = <ErrorState error={leads.error} onRetry={() => void leads.refetch()} />;
  else if (!data) body = <PageLoading label="Computing lead analytics…" />;
  else if (data.basis.state === 'never-synced') body = <NeverSynced what="Lead analytics" />;
  else body = <LeadBody data={data} />;
  return (
    <div className="page analytics-page">
      <PageHeader
        title="Lead analytics"
        subtitle={
          data ? (
            <>
              Leads created in {data.period.label} ({data.period.start} to {data.period.end}) · <BasisNote basis={data.basis} />
            </>
          ) : (
            'How your leads move and convert'
          )
        }
      />
      <div className="toolbar analytics-toolbar">
        <PeriodPicker label="Created in" value={params.period} onChange={(period) => period && go({ period })} />
        <ScopeToggle legend="Leads" value={params.scope} onChange={(scope) => go({ scope })} />
      </div>
      {body}
    </div>
  );
}

function LeadBody({ data }: { data: LeadAnalytics }) {
  const rate = data.created > 0 ? data.converted / data.created : null;
  const { toWon } = data;
  return (
    <>
      <div className="tiles tiles-pipeline" data-testid="lead-tiles">
        <div className="tile">
          <div className="tile-value" data-testid="leads-created">
            {formatCount(data.created)}
          </div>
          <div className="tile-label">Leads created in {data.period.label}</div>
        </div>
        <div className="tile">
          <div className="tile-value">{formatPercent(rate)}</div>
          <div className="tile-label">Converted · {formatCount(data.converted)} leads</div>
        </div>
        <div className="tile">
          <div className="tile-value">{formatDays(data.timeToConvert.medianDays)}</div>
          <div className="tile-label">
            Median time to convert · 90% within {formatDays(data.timeToConvert.p90Days)} ({formatCount(data.timeToConvert.count)} converted)
          </div>
        </div>
        <div className="tile" data-testid="leads-to-won">
          <div className="tile-value">
            {formatCount(toWon.won)} <span className="tile-value-small">won deals</span>
          </div>
          <div className="tile-label">
            Of {formatCount(toWon.converted)} converted, {formatCount(toWon.withOpportunity)} became opportunities
            {toWon.wonAmount.length > 0 && ` · won ${toWon.wonAmount.map((w) => formatCurrency(w.amount, w.currency)).join(' + ')}`}
          </div>
        </div>
      </div>
      <div className="chart-grid">
        <StatusFunnel data={data} />
        <StatusShares data={data} />
        <ConversionBySource data={data} />
        <LeadAging data={data} />
      </div>
    </>
  );
}
