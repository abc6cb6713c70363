/** The API usage section (the org's figure, this app's calls by feature, 30 days) and Org limits on demand. */
import type { HealthSummary } from '../../../../shared/ipc';
import { errorMessage } from '../../components/feedback';
import { formatCount, formatDateTime } from '../../lib/format';
import { HealthCard } from './health-card';
import { featureLabel, formatShare, shareTone } from './health-format';
import { LimitGauges } from './limit-gauges';
import { UsageChart } from './usage-chart';
import { useCheckOrgLimits } from './use-health';

const GUARD_WORDS = { ok: 'Normal pace', slowed: 'Slowed down', paused: 'Background work paused', blocked: 'Blocked by Salesforce' } as const;

export function ApiUsageSection({ usage }: { usage: HealthSummary['apiUsage'] }) {
  const { snapshot, orgUsedShare, daily } = usage;
  const org = snapshot.org;
  const features = Object.entries(snapshot.appToday.byFeature)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const tone = snapshot.guard.level === 'blocked' ? 'danger' : shareTone(orgUsedShare);
  return (
    <HealthCard title="API usage" wide testId="health-api-usage">
      <div className="usage-top">
        <div className="stat">
          <div className={`stat-value usage-${tone}`} data-testid="org-usage">
            {org ? `${formatCount(org.used)} of ${formatCount(org.max)}` : 'Not known yet'}
          </div>
          <div className="stat-label">
            {org
              ? `Org's API requests in the last 24 hours, all apps (${formatShare(orgUsedShare)}), as of ${formatDateTime(org.at)}`
              : 'Salesforce reports it with the next request Atom makes'}
          </div>
        </div>
        <div className="stat">
          <div className="stat-value" data-testid="app-calls-today">
            {formatCount(snapshot.appToday.total)}
          </div>
          <div className="stat-label">Calls Atom made today (Atom may use up to {snapshot.appSharePercent}% of the org's allowance)</div>
        </div>
        <div className="stat">
          <div className="stat-value">{GUARD_WORDS[snapshot.guard.level]}</div>
          <div className="stat-label">
            {snapshot.guard.reason ??
              (snapshot.guard.syncIntervalMinutes ? `Scheduled sync every ${snapshot.guard.syncIntervalMinutes} minutes` : 'Scheduled sync is off')}
          </div>
        </div>
      </div>
      <h3 className="health-subtitle">Atom's calls today, by feature</h3>
      {features.length === 0 ? (
        <p className="muted">No calls yet today.</p>
      ) : (
        <ul className="feature-list" data-testid="calls-by-feature">
          {features.map(([feature, n]) => (
            <li key={feature}>
              <span>{featureLabel(feature)}</span>
              <span className="feature-count">{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="health-subtitle">Last 30 days</h3>
      <UsageChart daily={daily} />
    </HealthCard>
  );
}

export function OrgLimitsSection() {
  const check = useCheckOrgLimits();
  const data = check.data;
  return (
    <HealthCard
      title="Org limits"
      wide
      testId="health-org-limits"
      actions={
        <button type="button" className="button button-small" disabled={check.isPending} onClick={() => check.mutate()}>
          {check.isPending ? 'Checking…' : data ? 'Check again' : 'Check org limits'}
        </button>
      }
    >
      {!data && !check.error && (
        <p className="muted">Asks Salesforce for every allowance of your org (storage, API requests, Bulk jobs…). This uses one API request.</p>
      )}
      {check.error && (
        <p className="note note-error" role="alert">
          {errorMessage(check.error)}
        </p>
      )}
      {data && !data.available && (
        <p className="note note-warn" role="status" data-testid="limits-refused">
          {data.message}
        </p>
      )}
      {data?.available && (
        <>
          <p className="muted">Checked {formatDateTime(data.checkedAt)}. Most used first.</p>
          <LimitGauges limits={data.limits} />
        </>
      )}
    </HealthCard>
  );
}
