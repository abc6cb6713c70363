/**
 * What every cockpit chart shares: a card with a Chart / Table switch (the table is the accessible
 * alternative and the keyboard's way to the drill-downs), a picture that screen readers hear as
 * one sentence, theme-aware colours and a tooltip styled like the app. Only the analytics pages
 * import this (they are loaded lazily), so recharts stays out of the first bundle.
 */
import { useId, useState, type ReactNode } from 'react';
import type { TooltipContentProps } from 'recharts';
import { useDarkTheme } from '../../../lib/appearance';

export interface Palette {
  grid: string;
  text: string;
  amount: string;
  weighted: string;
  up: string;
  down: string;
  total: string;
  muted: string;
  /** Closed, Commit, Best Case, Pipeline. */
  forecast: Record<string, string>;
  series: string[];
}

// The same hues as the stylesheet's theme (styles.css): 3:1 or better against the card in each theme.
const LIGHT: Palette = {
  grid: '#e2e7ee',
  text: '#5f6b7c',
  amount: '#1160d6',
  weighted: '#6236a8',
  up: '#18794e',
  down: '#c0362c',
  total: '#3a4657',
  muted: '#7d8aa0',
  forecast: { Closed: '#18794e', Commit: '#1160d6', 'Best Case': '#6236a8', Pipeline: '#a35a00' },
  series: ['#1160d6', '#18794e', '#a35a00', '#6236a8', '#0d6b58', '#b8336a', '#3a4657', '#8a4b00'],
};
const DARK: Palette = {
  grid: '#263142',
  text: '#8b96a7',
  amount: '#4c8dff',
  weighted: '#c4adff',
  up: '#4fc48a',
  down: '#f2766b',
  total: '#c3cbd7',
  muted: '#8b96a7',
  forecast: { Closed: '#4fc48a', Commit: '#4c8dff', 'Best Case': '#c4adff', Pipeline: '#f0a847' },
  series: ['#4c8dff', '#4fc48a', '#f0a847', '#c4adff', '#6fd8bf', '#ff8fbf', '#c3cbd7', '#f0b767'],
};

export function usePalette(): Palette {
  return useDarkTheme() ? DARK : LIGHT;
}

export function ChartCard({
  title,
  summary,
  chart,
  table,
  actions,
  testId,
  wide,
  note,
}: {
  title: string;
  /** One sentence a screen reader hears for the picture (and everyone reads under the title). */
  summary: string;
  chart: ReactNode;
  table: ReactNode;
  actions?: ReactNode;
  testId?: string;
  wide?: boolean;
  note?: ReactNode;
}) {
  const id = useId();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <section className={`card chart-card${wide ? ' chart-card-wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <div className="chart-card-head">
        <h2 id={id} className="section-title">
          {title}
        </h2>
        <div className="chart-card-actions">
          {actions}
          <div className="view-switch" role="group" aria-label={`${title}: show as`}>
            <button type="button" className="view-switch-button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
              Chart
            </button>
            <button type="button" className="view-switch-button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              Table
            </button>
          </div>
        </div>
      </div>
      <p className="chart-summary">{summary}</p>
      {note}
      {view === 'chart' ? (
        <div className="chart-area" role="img" aria-label={`${title}. ${summary}`}>
          {chart}
        </div>
      ) : (
        <div className="chart-table">{table}</div>
      )}
    </section>
  );
}

/** The tooltip: a title line and label/value lines, in the app's colours (CSS), not recharts' white box. */
export function Tip({ title, lines }: { title: string; lines: Array<[string, string]> }) {
  return (
    <div className="chart-tip">
      <div className="chart-tip-title">{title}</div>
      {lines.map(([label, value]) => (
        <div key={label} className="chart-tip-line">
          <span>{label}</span>
          <strong>{value}</strong>
        </div>
      ))}
    </div>
  );
}

/** A recharts tooltip `content` that renders `Tip` for the hovered row (our rows carry their own figures). */
export function rowTip<Row>(describe: (row: Row) => { title: string; lines: Array<[string, string]> }) {
  function RowTip(props: TooltipContentProps) {
    const row = props.active ? (props.payload?.[0]?.payload as Row | undefined) : undefined;
    if (!row) return null;
    const { title, lines } = describe(row);
    return <Tip title={title} lines={lines} />;
  }
  return RowTip;
}

/** A button in a chart's table that opens the deals behind a row. */
export function DrillButton({ label, onClick, disabled }: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="button button-small" onClick={onClick} disabled={disabled}>
      {label}
    </button>
  );
}

export function ChartTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<{ key: string; cells: ReactNode[] }> }) {
  return (
    <table className="health-table chart-data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={i > 0 ? 'col-number' : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((c, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {c}
                </th>
              ) : (
                <td key={i} className="col-number">
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The height a horizontal bar chart needs for its rows (a bar and its gap each). */
export const barsHeight = (rows: number, per = 34) => Math.max(160, 40 + rows * per);
