/**
 * The 30-day chart: this app's calls per day stacked by feature (bars, left axis) and the org's
 * own daily usage, all apps together (line, right axis: it is usually far larger). The picture is
 * hidden from screen readers; a caption sums it up and a table gives every figure.
 */
import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DailyUsagePoint } from '../../../../shared/ipc';
import { formatCount } from '../../lib/format';
import { useDarkTheme } from '../../lib/appearance';
import { dayLabel, featureLabel, featuresIn, usageSummary } from './health-format';

const LIGHT = {
  grid: '#e2e7ee',
  text: '#6b7686',
  org: '#c0362c',
  bars: ['#1160d6', '#18794e', '#a35a00', '#6236a8', '#0d6b58', '#8a4b00', '#3a4657', '#b8336a', '#5b9bff', '#7d8aa0'],
};
const DARK = {
  grid: '#263142',
  text: '#8b96a7',
  org: '#f2766b',
  bars: ['#4c8dff', '#4fc48a', '#f0a847', '#c4adff', '#6fd8bf', '#f0b767', '#c3cbd7', '#ff8fbf', '#9cc0ff', '#8b96a7'],
};

function UsageTable({ daily, features }: { daily: DailyUsagePoint[]; features: string[] }) {
  return (
    <details className="usage-table-details">
      <summary>Show the figures as a table</summary>
      <div className="health-scroll">
        <table className="health-table usage-table">
          <caption className="visually-hidden">API calls per day, last {daily.length} days</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="col-number">
                Atom, all
              </th>
              {features.map((f) => (
                <th key={f} scope="col" className="col-number">
                  {featureLabel(f)}
                </th>
              ))}
              <th scope="col" className="col-number">
                Org, all apps
              </th>
            </tr>
          </thead>
          <tbody>
            {[...daily].reverse().map((p) => (
              <tr key={p.day}>
                <th scope="row">{dayLabel(p.day)}</th>
                <td className="col-number">{formatCount(p.total)}</td>
                {features.map((f) => (
                  <td key={f} className="col-number">
                    {formatCount(p.byFeature[f] ?? 0)}
                  </td>
                ))}
                <td className="col-number">{p.orgUsed === null ? '—' : `${formatCount(p.orgUsed)} of ${formatCount(p.orgMax)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function UsageChart({ daily }: { daily: DailyUsagePoint[] }) {
  const dark = useDarkTheme();
  const palette = dark ? DARK : LIGHT;
  const features = useMemo(() => featuresIn(daily), [daily]);
  const rows = useMemo(() => daily.map((p) => ({ day: dayLabel(p.day), ...p.byFeature, org: p.orgUsed })), [daily]);
  const summary = usageSummary(daily);
  const hasOrg = daily.some((p) => p.orgUsed !== null);
  return (
    <figure className="usage-figure" data-testid="usage-chart">
      <figcaption className="usage-caption">{summary}</figcaption>
      <div className="usage-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis dataKey="day" tick={{ fill: palette.text, fontSize: 11 }} interval="preserveStartEnd" minTickGap={18} />
            {/* At least 0–5, so an empty month still shows a scale instead of a bare line. */}
            <YAxis
              yAxisId="app"
              allowDecimals={false}
              domain={[0, (max: number) => Math.max(max, 5)]}
              tick={{ fill: palette.text, fontSize: 11 }}
              width={52}
              label={{ value: 'Atom', angle: -90, position: 'insideLeft', fill: palette.text, fontSize: 11 }}
            />
            {hasOrg && (
              <YAxis
                yAxisId="org"
                orientation="right"
                allowDecimals={false}
                tick={{ fill: palette.text, fontSize: 11 }}
                width={64}
                label={{ value: 'Org, all apps', angle: 90, position: 'insideRight', fill: palette.text, fontSize: 11 }}
              />
            )}
            <Tooltip cursor={{ fill: palette.grid, opacity: 0.4 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {features.map((f, i) => (
              <Bar
                key={f}
                dataKey={f}
                name={`Atom: ${featureLabel(f)}`}
                stackId="app"
                yAxisId="app"
                fill={palette.bars[i % palette.bars.length]}
                isAnimationActive={false}
              />
            ))}
            {hasOrg && (
              <Line
                dataKey="org"
                name="Org, all apps"
                yAxisId="org"
                type="monotone"
                stroke={palette.org}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <UsageTable daily={daily} features={features} />
    </figure>
  );
}
