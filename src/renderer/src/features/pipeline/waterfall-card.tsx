/**
 * Week over week: the period's open pipeline then (start), what changed it (new deals, pulled in,
 * pushed out, increased, decreased, won, lost) and now (end), as floating bars. A step's bar lists
 * the deals behind it; the end bar lists today's open deals.
 */
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PeriodInput, Scope, Waterfall } from '../../../../shared/ipc/analytics.contract';
import { ErrorState, PageLoading } from '../../components/feedback';
import { formatCount, formatCurrency, formatDate } from '../../lib/format';
import { ChartCard, ChartTable, DrillButton, rowTip, usePalette } from '../cockpit/charts/chart-kit';
import { pickCurrency, waterfallBalances, waterfallBars, waterfallFloor, type WaterfallBar } from '../cockpit/figures';
import { useWaterfall } from '../cockpit/use-cockpit';
import type { OpenDrill } from './pipeline-charts';

const SPANS = [7, 14, 30] as const;

function signed(n: number, currency: string | null): string {
  const text = formatCurrency(Math.abs(n), currency);
  return n < 0 ? `−${text}` : `+${text}`;
}

export function WaterfallCard({ period, scope, currency, onDrill }: { period: PeriodInput; scope: Scope; currency: string; onDrill: OpenDrill }) {
  const [days, setDays] = useState<number>(7);
  const waterfall = useWaterfall({ period, scope, days });
  const spanSelect = (
    <label className="inline-select">
      <span className="visually-hidden">Compare with</span>
      <select className="select select-small" value={days} onChange={(e) => setDays(Number(e.target.value))}>
        {SPANS.map((d) => (
          <option key={d} value={d}>
            {d === 7 ? 'Week over week' : `Last ${d} days`}
          </option>
        ))}
      </select>
    </label>
  );
  if (!waterfall.data) {
    return (
      <section className="card chart-card chart-card-wide" aria-label="What changed">
        {waterfall.isError ? (
          <ErrorState error={waterfall.error} onRetry={() => void waterfall.refetch()} compact />
        ) : (
          <PageLoading label="Loading the week’s changes…" />
        )}
      </section>
    );
  }
  const slice = pickCurrency(waterfall.data.currencies, currency);
  return <WaterfallChart data={waterfall.data} slice={slice} days={days} actions={spanSelect} onDrill={onDrill} />;
}

function WaterfallChart({
  data,
  slice,
  days,
  actions,
  onDrill,
}: {
  data: Waterfall;
  slice: Waterfall['currencies'][number] | undefined;
  days: number;
  actions: ReactNode;
  onDrill: OpenDrill;
}) {
  const palette = usePalette();
  const cur = slice?.currency ?? null;
  const bars = slice ? waterfallBars(slice) : [];
  const range = `${formatDate(data.startDate)} → ${formatDate(data.endDate)}`;
  const drill = (bar: WaterfallBar) => {
    if (bar.key === 'start') return;
    if (bar.key === 'end') onDrill('Open pipeline now', [{ kind: 'open' }]);
    else onDrill(`${bar.label}, ${range}`, [{ kind: 'waterfall', step: bar.key, days }]);
  };
  const money = (n: number) => formatCurrency(n, cur);
  const summary = slice
    ? `The open pipeline of ${data.period.label} went from ${money(slice.start.amount)} on ${formatDate(data.startDate)} to ${money(slice.end.amount)} on ${formatDate(data.endDate)}; ${bars
        .filter((b) => b.kind !== 'total' && b.delta !== 0)
        .map((b) => `${b.label.toLowerCase()} ${signed(b.delta, cur)}`)
        .join(', ')}.`
    : 'No open pipeline in this period.';
  const colour = (b: WaterfallBar) => (b.kind === 'total' ? palette.total : b.kind === 'up' ? palette.up : palette.down);
  const tip = rowTip<WaterfallBar>((b) => ({
    title: b.key === 'start' ? `Start, ${formatDate(data.startDate)}` : b.key === 'end' ? `End, ${formatDate(data.endDate)}` : b.label,
    lines: [
      [b.kind === 'total' ? 'Open pipeline' : 'Change', b.kind === 'total' ? money(b.delta) : signed(b.delta, cur)],
      ['Deals', formatCount(b.count)],
    ],
  }));
  return (
    <ChartCard
      title="What changed"
      testId="chart-waterfall"
      wide
      summary={summary}
      actions={actions}
      note={
        <>
          {data.reconstructed && (
            <p className="note note-warn chart-note">
              The start is rebuilt from the deals’ history: Atom keeps a daily picture of the pipeline from its first sync on.
            </p>
          )}
          {slice && !waterfallBalances(bars) && (
            <p className="note note-warn chart-note">The steps do not add up to the end exactly; the end is today’s figure.</p>
          )}
        </>
      }
      chart={
        <div className="chart-clickable chart-fixed">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 8, right: 12, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={palette.grid} vertical={false} />
              <XAxis dataKey="label" tick={{ fill: palette.text, fontSize: 12 }} interval={0} />
              <YAxis
                tick={{ fill: palette.text, fontSize: 12 }}
                width={72}
                domain={[waterfallFloor(bars), 'auto']}
                allowDataOverflow
                tickFormatter={(n: number) => formatCurrency(n, cur, true)}
              />
              <Tooltip content={tip} cursor={{ fill: palette.grid, opacity: 0.5 }} />
              <Bar dataKey="range" name="Amount" isAnimationActive={false} onClick={(_, i) => drill(bars[i])}>
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
          caption={`Open pipeline changes, ${range}`}
          head={['Step', 'Deals', 'Amount', '']}
          rows={bars.map((b) => ({
            key: b.key,
            cells: [
              b.key === 'start' ? `Start (${formatDate(data.startDate)})` : b.key === 'end' ? `End (${formatDate(data.endDate)})` : b.label,
              formatCount(b.count),
              b.kind === 'total' ? money(b.delta) : signed(b.delta, cur),
              b.key === 'start' ? '' : <DrillButton key="d" label={`List ${b.label} deals`} onClick={() => drill(b)} disabled={b.count === 0} />,
            ],
          }))}
        />
      }
    />
  );
}
