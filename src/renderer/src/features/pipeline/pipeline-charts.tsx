/**
 * The Pipeline page's bar charts: open pipeline by stage (amount and weighted, in the org's stage
 * order), by forecast category (each category, or Salesforce's cumulative rollups) and days in
 * stage. A click on a bar (or its table row's button) lists the deals behind it.
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DealsFilter, PipelineCurrency, PipelineSummary } from '../../../../shared/ipc/analytics.contract';
import { formatCount, formatCurrency, formatDays } from '../../lib/format';
import { barsHeight, ChartCard, ChartTable, DrillButton, rowTip, usePalette } from '../cockpit/charts/chart-kit';
import { cumulativeForecastBars, forecastBars, type ForecastBar } from '../cockpit/figures';
import { Segmented } from '../../components/segmented';

export type OpenDrill = (title: string, filters: DealsFilter[]) => void;

const axisTick = (fill: string) => ({ fill, fontSize: 12 });

interface StageRow {
  stage: string;
  label: string;
  count: number;
  amount: number;
  weighted: number;
}

export function StageChart({ slice, onDrill }: { slice: PipelineCurrency; onDrill: OpenDrill }) {
  const palette = usePalette();
  const rows: StageRow[] = slice.byStage.map((s) => ({ stage: s.stage, label: s.label, ...s.totals }));
  const money = (n: number) => formatCurrency(n, slice.currency);
  const drill = (row: StageRow) => onDrill(`${row.label}: open deals`, [{ kind: 'open', stage: row.stage }]);
  const busiest = rows.reduce<StageRow | null>((a, b) => (!a || b.amount > a.amount ? b : a), null);
  const summary =
    slice.open.count === 0
      ? 'No open deals close in this period.'
      : `${formatCount(slice.open.count)} open deals worth ${money(slice.open.amount)} (${money(slice.open.weighted)} weighted) across ${rows.filter((r) => r.count > 0).length} stages; the most is in ${busiest?.label} (${money(busiest?.amount ?? 0)}).`;
  const tip = rowTip<StageRow>((r) => ({
    title: r.label,
    lines: [
      ['Deals', formatCount(r.count)],
      ['Amount', money(r.amount)],
      ['Weighted', money(r.weighted)],
    ],
  }));
  return (
    <ChartCard
      title="Pipeline by stage"
      testId="chart-by-stage"
      summary={summary}
      chart={
        <div className="chart-clickable" style={{ height: barsHeight(rows.length, 40) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} horizontal={false} />
              <XAxis type="number" tick={axisTick(palette.text)} tickFormatter={(n: number) => formatCurrency(n, slice.currency, true)} />
              <YAxis type="category" dataKey="label" width={150} tick={axisTick(palette.text)} interval={0} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Bar dataKey="amount" name="Amount" fill={palette.amount} isAnimationActive={false} onClick={(_, i) => drill(rows[i])} />
              <Bar dataKey="weighted" name="Weighted" fill={palette.weighted} isAnimationActive={false} onClick={(_, i) => drill(rows[i])} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Open pipeline by stage"
          head={['Stage', 'Deals', 'Amount', 'Weighted', '']}
          rows={rows.map((r) => ({
            key: r.stage,
            cells: [
              r.label,
              formatCount(r.count),
              money(r.amount),
              money(r.weighted),
              <DrillButton key="d" label={`List ${r.label} deals`} onClick={() => drill(r)} disabled={r.count === 0} />,
            ],
          }))}
        />
      }
    />
  );
}

export function ForecastChart({ slice, onDrill }: { slice: PipelineCurrency; onDrill: OpenDrill }) {
  const palette = usePalette();
  const [cumulative, setCumulative] = useState<'each' | 'cumulative'>('each');
  const bars: ForecastBar[] = cumulative === 'cumulative' ? cumulativeForecastBars(slice.byForecast) : forecastBars(slice.byForecast);
  const money = (n: number) => formatCurrency(n, slice.currency);
  const drill = (bar: ForecastBar) => onDrill(`${bar.label}: deals`, bar.filters);
  const summary = bars.map((b) => `${b.label} ${money(b.amount)}`).join(', ') + '.';
  const colour = (bar: ForecastBar) =>
    cumulative === 'each' ? (palette.forecast[bar.key] ?? palette.muted) : palette.series[CUMULATIVE_COLOURS[bar.key] ?? 0];
  const tip = rowTip<ForecastBar>((b) => ({
    title: b.label,
    lines: [
      ...(b.parts.length > 1 ? ([['Adds up', b.parts.join(' + ')]] as Array<[string, string]>) : []),
      ['Deals', formatCount(b.count)],
      ['Amount', money(b.amount)],
      ['Weighted', money(b.weighted)],
    ],
  }));
  return (
    <ChartCard
      title="By forecast category"
      testId="chart-by-forecast"
      summary={summary}
      actions={
        <Segmented
          legend="Forecast view"
          value={cumulative}
          onChange={setCumulative}
          options={[
            { value: 'each', label: 'Each category' },
            { value: 'cumulative', label: 'Cumulative' },
          ]}
        />
      }
      chart={
        <div className="chart-clickable chart-fixed">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 8, right: 12, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} vertical={false} />
              <XAxis dataKey="label" tick={axisTick(palette.text)} interval={0} />
              <YAxis tick={axisTick(palette.text)} width={72} tickFormatter={(n: number) => formatCurrency(n, slice.currency, true)} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Bar dataKey="amount" name="Amount" isAnimationActive={false} onClick={(_, i) => drill(bars[i])}>
                {bars.map((b) => (
                  <Cell key={b.key} fill={colour(b)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption={cumulative === 'cumulative' ? 'Cumulative forecast' : 'Pipeline by forecast category'}
          head={['Category', 'Deals', 'Amount', 'Weighted', '']}
          rows={bars.map((b) => ({
            key: b.key,
            cells: [
              b.parts.length > 1 ? `${b.label} (${b.parts.join(' + ')})` : b.label,
              formatCount(b.count),
              money(b.amount),
              money(b.weighted),
              <DrillButton key="d" label={`List ${b.label} deals`} onClick={() => drill(b)} disabled={b.count === 0} />,
            ],
          }))}
        />
      }
    />
  );
}

const CUMULATIVE_COLOURS: Record<string, number> = { closed: 1, commit: 0, 'best-case': 3, 'open-pipeline': 2 };

interface DaysRow {
  stage: string;
  label: string;
  count: number;
  averageDays: number;
  medianDays: number | null;
}

export function DaysInStageChart({ summary: data, onDrill }: { summary: PipelineSummary; onDrill: OpenDrill }) {
  const palette = usePalette();
  const labels = new Map(data.stages.map((s) => [s.name, s.label]));
  const rows: DaysRow[] = data.daysInStage.map((d) => ({
    stage: d.stage,
    label: labels.get(d.stage) ?? d.stage,
    count: d.count,
    averageDays: d.averageDays ?? 0,
    medianDays: d.medianDays,
  }));
  const drill = (row: DaysRow) => onDrill(`${row.label}: days in stage`, [{ kind: 'open', stage: row.stage }]);
  const longest = rows.filter((r) => r.count > 0).reduce<DaysRow | null>((a, b) => (!a || b.averageDays > a.averageDays ? b : a), null);
  const summary = longest
    ? `Open deals wait longest in ${longest.label}: ${formatDays(longest.averageDays)} on average (median ${formatDays(longest.medianDays)}).`
    : 'No open deals close in this period.';
  const tip = rowTip<DaysRow>((r) => ({
    title: r.label,
    lines: [
      ['Deals', formatCount(r.count)],
      ['Average', r.count ? formatDays(r.averageDays) : '—'],
      ['Median', formatDays(r.medianDays)],
    ],
  }));
  return (
    <ChartCard
      title="Days in stage"
      testId="chart-days-in-stage"
      wide
      summary={summary}
      chart={
        <div className="chart-clickable" style={{ height: barsHeight(rows.length, 28) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} horizontal={false} />
              <XAxis
                type="number"
                tick={axisTick(palette.text)}
                allowDecimals={false}
                label={{ value: 'days', position: 'insideBottomRight', offset: -2, fill: palette.text, fontSize: 11 }}
              />
              <YAxis type="category" dataKey="label" width={150} tick={axisTick(palette.text)} interval={0} />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Bar dataKey="averageDays" name="Average days" fill={palette.series[4]} isAnimationActive={false} onClick={(_, i) => drill(rows[i])} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      }
      table={
        <ChartTable
          caption="Days in the current stage of open deals"
          head={['Stage', 'Deals', 'Average', 'Median', '']}
          rows={rows.map((r) => ({
            key: r.stage,
            cells: [
              r.label,
              formatCount(r.count),
              r.count ? formatDays(r.averageDays) : '—',
              formatDays(r.medianDays),
              <DrillButton key="d" label={`List ${r.label} deals`} onClick={() => drill(r)} disabled={r.count === 0} />,
            ],
          }))}
        />
      }
    />
  );
}
