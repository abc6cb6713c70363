/**
 * The org's limits as gauges, most used first: each a `role="meter"` with its figures in words, so
 * a screen reader hears "Data storage (MB): 4 of 5 used, 80%". Shown after "Check org limits".
 */
import { useState } from 'react';
import type { OrgLimit } from '../../../../shared/ipc';
import { formatCount } from '../../lib/format';
import { formatShare, shareTone } from './health-format';

const FIRST = 8;

function Gauge({ limit }: { limit: OrgLimit }) {
  const id = `limit-${limit.name}`;
  const tone = shareTone(limit.usedShare);
  const text = limit.max === 0 ? 'None allotted' : `${formatCount(limit.used)} of ${formatCount(limit.max)} used (${formatShare(limit.usedShare)})`;
  return (
    <li className="gauge" data-testid="limit-gauge">
      <div className="gauge-head">
        <span id={id} className="gauge-label">
          {limit.label}
        </span>
        <span className={`gauge-figure gauge-${tone}`}>{text}</span>
      </div>
      <div
        className="gauge-track"
        role="meter"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={Math.max(limit.max, 1)}
        aria-valuenow={Math.min(limit.used, Math.max(limit.max, 1))}
        aria-valuetext={text}
      >
        <span className={`gauge-fill gauge-fill-${tone}`} style={{ width: `${Math.min(100, (limit.usedShare ?? 0) * 100)}%` }} />
      </div>
    </li>
  );
}

export function LimitGauges({ limits }: { limits: OrgLimit[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? limits : limits.slice(0, FIRST);
  return (
    <>
      <ul className="gauges" aria-label="Org limits, most used first">
        {shown.map((limit) => (
          <Gauge key={limit.name} limit={limit} />
        ))}
      </ul>
      {limits.length > FIRST && (
        <button type="button" className="button button-small health-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show the most used only' : `Show all ${limits.length} limits`}
        </button>
      )}
    </>
  );
}
