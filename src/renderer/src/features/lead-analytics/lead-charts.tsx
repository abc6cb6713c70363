/** Lead analytics' charts: status funnel, status shares, conversion by source, aging. */
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LeadAnalytics } from '../../../../shared/ipc/analytics.contract';
import { formatCount, formatPercent } from '../../lib/format';
import { barsHeight, ChartCard, ChartTable, rowTip, usePalette } from '../cockpit/charts/chart-kit';

const tick = (fill: string) => ({ fill, fontSize: 12 });
const share = (n: number, total: number) => (total > 0 ? n / total : null);

type FunnelRow = LeadAnalytics['funnel'][number] & { share: number | null };

export function StatusFunnel({ data }: { data: LeadAnalytics }) {
  const palette = usePalette();
  const rows: FunnelRow[] = data.funnel.map((f) => ({ ...f, share: share(f.count, data.created) }));
  const summary =
    data.created === 0
      ? `No leads were created in ${data.period.label}.`
      : `${formatCount(data.created)} leads created in ${data.period.label}: ${rows.map((r) => `${r.status} ${formatCount(r.count)}`).join(', ')}.`;
  const tip = rowTip<FunnelRow>((r) => ({
    title: r.status,
    lines: [
      ['Leads', formatCount(r.count)],
      ['Share of the cohort', formatPercent(r.share)],
      ...(r.isConverted ? ([['', 'A converted status']] as Array<[string, string]>) : []),
    ],
  }));
  return (
    <ChartCard
      title="Funnel by status"
      testId="chart-lead-funnel"
      summary={summary}
      chart={
        <div style={{ height: barsHeight(rows.length, 40) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} horizontal={false} />
              <XAxis type="number" tick={tick(palette.text)} allowDecimals={false} />
              <YAxis type="category" dataKey="status" width={170} tick={tick(palette.text)} interval={0} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Bar dataKey="count" name="Leads" isAnimationActive={false}>
                {rows.map((r) => (
                  <Cell key={r.status} fill={r.isConverted ? palette.up : palette.amount} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Leads of the cohort by status"
          head={['Status', 'Leads', 'Share']}
          rows={rows.map((r) => ({
            key: r.status,
            cells: [`${r.status}${r.isConverted ? ' (converted)' : ''}`, formatCount(r.count), formatPercent(r.share)],
          }))}
        />
      }
    />
  );
}

export function StatusShares({ data }: { data: LeadAnalytics }) {
  const palette = usePalette();
  const rows = data.funnel.filter((f) => f.count > 0).map((f) => ({ ...f, share: share(f.count, data.created) }));
  const summary = rows.length === 0 ? 'No leads in this cohort.' : rows.map((r) => `${r.status} ${formatPercent(r.share)}`).join(', ') + '.';
  const tip = rowTip<(typeof rows)[number]>((r) => ({
    title: r.status,
    lines: [
      ['Leads', formatCount(r.count)],
      ['Share', formatPercent(r.share)],
    ],
  }));
  return (
    <ChartCard
      title="Status distribution"
      testId="chart-lead-status"
      summary={summary}
      chart={
        <div className="chart-fixed">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart accessibilityLayer={false}>
              <Tooltip content={tip} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Pie data={rows} dataKey="count" nameKey="status" innerRadius="50%" outerRadius="80%" stroke="none" isAnimationActive={false}>
                {rows.map((r, i) => (
                  <Cell key={r.status} fill={palette.series[i % palette.series.length]} />
                ))}
              </Pie>
            </PieChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Share of each status"
          head={['Status', 'Leads', 'Share']}
          rows={rows.map((r) => ({ key: r.status, cells: [r.status, formatCount(r.count), formatPercent(r.share)] }))}
        />
      }
    />
  );
}

type SourceRow = LeadAnalytics['bySource'][number] & { percent: number };

export function ConversionBySource({ data }: { data: LeadAnalytics }) {
  const palette = usePalette();
  const rows: SourceRow[] = data.bySource.map((s) => ({ ...s, percent: (s.rate ?? 0) * 100 }));
  const best = rows.filter((r) => r.created > 0).reduce<SourceRow | null>((a, b) => (!a || b.percent > a.percent ? b : a), null);
  const summary = best
    ? `Across ${rows.length} lead sources, ${best.source} converts best: ${formatPercent(best.rate)} (${formatCount(best.converted)} of ${formatCount(best.created)}).`
    : 'No leads in this cohort.';
  const tip = rowTip<SourceRow>((r) => ({
    title: r.source,
    lines: [
      ['Conversion rate', formatPercent(r.rate)],
      ['Converted', formatCount(r.converted)],
      ['Created', formatCount(r.created)],
    ],
  }));
  return (
    <ChartCard
      title="Conversion rate by lead source"
      testId="chart-lead-sources"
      summary={summary}
      chart={
        <div style={{ height: barsHeight(rows.length) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} horizontal={false} />
              <XAxis type="number" domain={[0, 100]} tick={tick(palette.text)} tickFormatter={(n: number) => `${n}%`} />
              <YAxis type="category" dataKey="source" width={150} tick={tick(palette.text)} interval={0} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Bar dataKey="percent" name="Conversion rate" fill={palette.up} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Conversion rate by lead source"
          head={['Lead source', 'Created', 'Converted', 'Rate']}
          rows={rows.map((r) => ({ key: r.source, cells: [r.source, formatCount(r.created), formatCount(r.converted), formatPercent(r.rate)] }))}
        />
      }
    />
  );
}

export function LeadAging({ data }: { data: LeadAnalytics }) {
  const palette = usePalette();
  const rows = data.aging;
  const open = rows.reduce((n, r) => n + r.sinceCreated, 0);
  const summary =
    open === 0
      ? 'No open leads.'
      : `${formatCount(open)} open leads: ${rows.map((r) => `${r.bucket} ${formatCount(r.sinceCreated)} since created, ${formatCount(r.sinceActivity)} since last activity`).join('; ')}.`;
  const tip = rowTip<(typeof rows)[number]>((r) => ({
    title: r.bucket,
    lines: [
      ['Since created', formatCount(r.sinceCreated)],
      ['Since last activity', formatCount(r.sinceActivity)],
    ],
  }));
  return (
    <ChartCard
      title="Aging of open leads"
      testId="chart-lead-aging"
      summary={summary}
      chart={
        <div className="chart-fixed">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} vertical={false} />
              <XAxis dataKey="bucket" tick={tick(palette.text)} interval={0} />
              <YAxis tick={tick(palette.text)} allowDecimals={false} width={48} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Bar dataKey="sinceCreated" name="Since created" fill={palette.amount} isAnimationActive={false} />
              <Bar dataKey="sinceActivity" name="Since last activity" fill={palette.series[2]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Open leads by age"
          head={['Age', 'Since created', 'Since last activity']}
          rows={rows.map((r) => ({ key: r.bucket, cells: [r.bucket, formatCount(r.sinceCreated), formatCount(r.sinceActivity)] }))}
        />
      }
    />
  );
}
