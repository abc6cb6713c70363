/**
 * Pipeline analytics for a fiscal period and a scope (my deals or everyone's the cache holds):
 * figures, charts by stage and forecast category, what changed this week, days in stage, slipped
 * and stale deals. Every chart's bars list their deals. Loaded lazily (it brings recharts).
 */
import { useState } from 'react';
import type { DealsFilter, PipelineSummary } from '../../../../shared/ipc/analytics.contract';
import { navigate } from '../../app/navigation';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import type { AnalyticsParams } from '../../lib/cockpit-params';
import { BasisNote, NeverSynced, NoOrg } from '../cockpit/cockpit-states';
import { DrillDownPanel, type DrillRequest } from '../cockpit/drill-down';
import { pickCurrency } from '../cockpit/figures';
import { CurrencySelect, PeriodPicker, ScopeToggle } from '../cockpit/period-controls';
import { usePipeline } from '../cockpit/use-cockpit';
import { useActiveConnection } from '../connections/use-connections';
import { SlippedDealsCard, StaleDealsCard } from './deal-lists';
import { DaysInStageChart, ForecastChart, StageChart } from './pipeline-charts';
import { PipelineTiles } from './pipeline-tiles';
import { WaterfallCard } from './waterfall-card';

export function PipelinePage({ params }: { params: AnalyticsParams }) {
  const active = useActiveConnection();
  const pipeline = usePipeline({ period: params.period, scope: params.scope });
  const go = (next: Partial<AnalyticsParams>) => navigate({ name: 'pipeline', params: { ...params, ...next } }, { replace: true });
  const data = pipeline.data;
  const toolbar = (
    <div className="toolbar analytics-toolbar">
      <PeriodPicker value={params.period} onChange={(period) => period && go({ period })} />
      <ScopeToggle value={params.scope} onChange={(scope) => go({ scope })} />
      {data && <CurrencySelect currencies={data.currencies.map((c) => c.currency)} value={params.currency} onChange={(currency) => go({ currency })} />}
    </div>
  );
  const header = (
    <PageHeader
      title="Pipeline"
      subtitle={
        data ? (
          <>
            {data.period.label} ({data.period.start} to {data.period.end}) · <BasisNote basis={data.basis} />
          </>
        ) : (
          'Your deals by stage, forecast category and week'
        )
      }
    />
  );
  let body;
  if (!active) body = <NoOrg what="The pipeline" />;
  else if (pipeline.isError) body = <ErrorState error={pipeline.error} onRetry={() => void pipeline.refetch()} />;
  else if (!data) body = <PageLoading label="Computing your pipeline…" />;
  else if (data.basis.state === 'never-synced') body = <NeverSynced what="The pipeline" />;
  else body = <PipelineBody data={data} params={params} />;
  return (
    <div className="page analytics-page">
      {header}
      {toolbar}
      {body}
    </div>
  );
}

function PipelineBody({ data, params }: { data: PipelineSummary; params: AnalyticsParams }) {
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const slice = pickCurrency(data.currencies, params.currency);
  const currency = slice?.currency ?? null;
  const onDrill = (title: string, filters: DealsFilter[]) => setDrill({ title, filters, period: params.period, scope: params.scope, currency });
  return (
    <>
      {slice ? (
        <>
          <PipelineTiles slice={slice} onDrill={onDrill} />
          <div className="chart-grid">
            <StageChart slice={slice} onDrill={onDrill} />
            <ForecastChart slice={slice} onDrill={onDrill} />
            <WaterfallCard period={params.period} scope={params.scope} currency={currency ?? ''} onDrill={onDrill} />
            <DaysInStageChart summary={data} onDrill={onDrill} />
          </div>
        </>
      ) : (
        <p className="muted card empty-note">
          No deals close in {data.period.label}
          {params.scope === 'mine' ? ' among yours' : ''}.
        </p>
      )}
      <SlippedDealsCard period={params.period} scope={params.scope} />
      <StaleDealsCard period={params.period} scope={params.scope} currency={currency} stages={data.stages} />
      <DrillDownPanel request={drill} onClose={() => setDrill(null)} />
    </>
  );
}
