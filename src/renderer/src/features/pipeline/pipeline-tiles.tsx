/**
 * The Pipeline page's figures: open and weighted pipeline, win rate (by count and by amount),
 * average deal size and sales cycle, and coverage against the quota the user enters (kept with
 * the cockpit settings, per currency).
 */
import { useId, useState } from 'react';
import type { PipelineCurrency } from '../../../../shared/ipc/analytics.contract';
import { errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { formatCount, formatCurrency, formatDays, formatPercent } from '../../lib/format';
import { parseQuota, quotaKey } from '../cockpit/figures';
import { useCockpitSettings, useUpdateCockpitSettings } from '../cockpit/use-cockpit';
import type { OpenDrill } from './pipeline-charts';

const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;

export function PipelineTiles({ slice, onDrill }: { slice: PipelineCurrency; onDrill: OpenDrill }) {
  const money = (n: number | null) => formatCurrency(n, slice.currency);
  return (
    <div className="tiles tiles-pipeline" data-testid="pipeline-tiles">
      <button type="button" className="tile tile-button" onClick={() => onDrill('Open deals', [{ kind: 'open' }])}>
        <span className="tile-value" data-testid="pipeline-open-amount">
          {money(slice.open.amount)}
        </span>
        <span className="tile-label">Open pipeline · {plural(slice.open.count, 'deal')}</span>
      </button>
      <div className="tile">
        <div className="tile-value">{money(slice.open.weighted)}</div>
        <div className="tile-label">Weighted pipeline (amount × probability)</div>
      </div>
      <div className="tile">
        <div className="tile-value">
          {formatPercent(slice.winRateByCount)} <span className="tile-value-small">by count</span>
        </div>
        <div className="tile-label">
          {formatPercent(slice.winRateByAmount)} by amount ·{' '}
          <button type="button" className="link-button" onClick={() => onDrill('Won deals', [{ kind: 'won' }])}>
            {formatCount(slice.won.count)} won
          </button>
          ,{' '}
          <button type="button" className="link-button" onClick={() => onDrill('Lost deals', [{ kind: 'lost' }])}>
            {formatCount(slice.lost.count)} lost
          </button>
        </div>
      </div>
      <div className="tile">
        <div className="tile-value">{money(slice.averageDealSize)}</div>
        <div className="tile-label">Average won deal · {money(slice.won.amount)} won</div>
      </div>
      <div className="tile">
        <div className="tile-value">{formatDays(slice.averageSalesCycleDays)}</div>
        <div className="tile-label">Average sales cycle (created to won)</div>
      </div>
      <CoverageTile slice={slice} />
    </div>
  );
}

function CoverageTile({ slice }: { slice: PipelineCurrency }) {
  const settings = useCockpitSettings();
  const update = useUpdateCockpitSettings();
  const toast = useToast();
  const id = useId();
  const key = quotaKey(slice.currency);
  const saved = settings.data?.quarterlyQuota[key];
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (saved === undefined ? '' : String(saved));
  const parsed = parseQuota(shown);
  const save = () => {
    if (parsed === undefined || !settings.data) return;
    const quarterlyQuota = { ...settings.data.quarterlyQuota };
    if (parsed === null) delete quarterlyQuota[key];
    else quarterlyQuota[key] = parsed;
    update.mutate(
      { quarterlyQuota },
      {
        onSuccess: () => {
          setText(null);
          toast(parsed === null ? 'Quota removed' : 'Quota saved');
        },
        onError: (e) => toast(errorMessage(e), 'error'),
      },
    );
  };
  const coverage = slice.coverage;
  return (
    <div className="tile tile-coverage" data-testid="coverage-tile">
      <div className="tile-value">{coverage === null ? '—' : coverage.ratio === null ? 'Quota met' : `${coverage.ratio.toFixed(1)}×`}</div>
      <div className="tile-label">
        {coverage === null
          ? 'Coverage: enter your quota'
          : coverage.ratio === null
            ? `Coverage: won covers the ${formatCurrency(coverage.quota, slice.currency)} quota`
            : `Coverage of the ${formatCurrency(coverage.remaining, slice.currency)} still to win`}
      </div>
      <form
        className="quota-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={id} className="quota-label">
          Quarterly quota{slice.currency ? ` (${slice.currency})` : ''}
        </label>
        <div className="input-row">
          <input
            id={id}
            className="input input-small"
            inputMode="decimal"
            value={shown}
            placeholder="Amount"
            aria-invalid={parsed === undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button button-small" disabled={parsed === undefined || text === null || update.isPending}>
            Save
          </button>
        </div>
      </form>
    </div>
  );
}
