/**
 * The analytics pages' toolbar: the fiscal period (this, next and last quarter, this year, or
 * custom dates), the scope (my deals or everyone's the cache holds) and, in a multi-currency org,
 * the currency (amounts are never added across currencies).
 */
import { useId, useState } from 'react';
import type { FiscalSettings, PeriodInput, Scope } from '../../../../shared/ipc/analytics.contract';
import { DEFAULT_FISCAL, localDate, resolvePeriod } from '../../../../shared/analytics/fiscal';
import { Segmented } from '../../components/segmented';
import { NAMED_PERIOD_KINDS, type NamedPeriodKind } from '../../lib/cockpit-params';
import { useFiscal } from './use-cockpit';

const PERIOD_WORDS: Record<NamedPeriodKind, string> = {
  'this-quarter': 'This quarter',
  'next-quarter': 'Next quarter',
  'last-quarter': 'Last quarter',
  'this-year': 'This fiscal year',
};

export function usePeriodLabel(): (kind: NamedPeriodKind) => string {
  const fiscal: FiscalSettings = useFiscal().data?.fiscal ?? DEFAULT_FISCAL;
  const today = localDate();
  return (kind) => `${PERIOD_WORDS[kind]} (${resolvePeriod({ kind }, today, fiscal).label})`;
}

export function PeriodPicker({
  value,
  onChange,
  label = 'Period',
  allowAny,
}: {
  value: PeriodInput | null;
  onChange: (period: PeriodInput | null) => void;
  label?: string;
  /** The board: "Any close date" is a choice. */
  allowAny?: boolean;
}) {
  const id = useId();
  const labelOf = usePeriodLabel();
  const today = localDate();
  const [from, setFrom] = useState(value?.kind === 'custom' ? value.start : today);
  const [to, setTo] = useState(value?.kind === 'custom' ? value.end : today);
  const kind = value?.kind ?? 'any';
  const applyCustom = (start: string, end: string) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(start) && /^\d{4}-\d{2}-\d{2}$/.test(end) && start <= end) onChange({ kind: 'custom', start, end });
  };
  return (
    <div className="period-picker">
      <label className="toolbar-label" htmlFor={id}>
        {label}
      </label>
      <div className="picker-row">
        <select
          id={id}
          className="select toolbar-select"
          value={kind}
          onChange={(event) => {
            const next = event.target.value;
            if (next === 'any') onChange(null);
            else if (next === 'custom') applyCustom(from, to);
            else onChange({ kind: next as NamedPeriodKind });
          }}
        >
          {allowAny && <option value="any">Any close date</option>}
          {NAMED_PERIOD_KINDS.map((k) => (
            <option key={k} value={k}>
              {labelOf(k)}
            </option>
          ))}
          <option value="custom">Custom dates…</option>
        </select>
        {kind === 'custom' && (
          <>
            <label className="toolbar-label" htmlFor={`${id}-from`}>
              From
            </label>
            <input
              id={`${id}-from`}
              type="date"
              className="input date-input"
              value={from}
              max={to}
              onChange={(e) => {
                setFrom(e.target.value);
                applyCustom(e.target.value, to);
              }}
            />
            <label className="toolbar-label" htmlFor={`${id}-to`}>
              To
            </label>
            <input
              id={`${id}-to`}
              type="date"
              className="input date-input"
              value={to}
              min={from}
              onChange={(e) => {
                setTo(e.target.value);
                applyCustom(from, e.target.value);
              }}
            />
          </>
        )}
      </div>
    </div>
  );
}

export function ScopeToggle({ value, onChange, legend = 'Deals' }: { value: Scope; onChange: (scope: Scope) => void; legend?: string }) {
  return (
    <Segmented
      legend={legend}
      value={value}
      onChange={onChange}
      options={[
        { value: 'mine', label: 'Mine' },
        { value: 'all', label: 'Everyone’s' },
      ]}
    />
  );
}

export function CurrencySelect({ currencies, value, onChange }: { currencies: Array<string | null>; value: string; onChange: (currency: string) => void }) {
  const id = useId();
  const codes = currencies.filter((c): c is string => c !== null);
  if (codes.length < 2) return null;
  return (
    <div className="period-picker">
      <label className="toolbar-label" htmlFor={id}>
        Currency
      </label>
      <select id={id} className="select toolbar-select toolbar-select-narrow" value={value || codes[0]} onChange={(e) => onChange(e.target.value)}>
        {codes.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}
