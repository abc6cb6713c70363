/**
 * Health: is everything working with the active org, and if not, why and what to do — in words a
 * salesperson understands, then the details an admin asks for (API usage over 30 days, the org's
 * limits, sync, offline changes, cache, who am I, recent errors) and a diagnostics export.
 */
import type { HealthReason, HealthSummary } from '../../../../shared/ipc';
import { EmptyState, ErrorState, PageLoading, errorMessage } from '../../components/feedback';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { formatRelative } from '../../lib/format';
import { LogInAgainButton } from '../connections/log-in-again-button';
import { saveJsonFile } from '../../lib/save-file';
import { useActiveConnection } from '../connections/use-connections';
import { useStartSync } from '../workspace/use-workspace';
import { buildDiagnosticsFile } from './diagnostics-export';
import { CacheSection, ConnectivitySection, LoginSection, OutboxSection, RecentErrorsSection, SyncSection, WhoAmISection } from './status-sections';
import { ApiUsageSection, OrgLimitsSection } from './usage-sections';
import { useDiagnosticsBundle, useHealthSummary } from './use-health';

const TONE = { healthy: 'callout-ok', attention: 'callout-warn', blocked: 'callout-error' } as const;

function ReasonAction({ reason }: { reason: HealthReason }) {
  const sync = useStartSync();
  const toast = useToast();
  switch (reason.action) {
    case 'log-in':
      return <LogInAgainButton className="button button-small button-primary" />;
    case 'open-changes':
      return (
        <a className="button button-small" href="#/changes">
          Open Changes
        </a>
      );
    case 'sync-now':
      return (
        <button
          type="button"
          className="button button-small"
          disabled={sync.isPending}
          onClick={() => sync.mutate(false, { onError: (e) => toast(errorMessage(e), 'error') })}
        >
          Sync now
        </button>
      );
    default:
      return null;
  }
}

function Headline({ overall }: { overall: HealthSummary['overall'] }) {
  return (
    <div className={`callout health-headline ${TONE[overall.level]}`} role="status" aria-live="polite" data-testid="health-status" data-level={overall.level}>
      {overall.level === 'healthy' ? <CheckIcon size={22} /> : <AlertIcon size={22} />}
      <div className="health-headline-body">
        <strong className="health-headline-text">{overall.headline}</strong>
        {overall.reasons.length > 0 && (
          <ul className="health-reasons">
            {overall.reasons.map((reason) => (
              <li key={reason.code} data-testid={`reason-${reason.code}`}>
                <span>{reason.message}</span> <ReasonAction reason={reason} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function HeaderActions({ onRefresh, refreshing }: { onRefresh: () => void; refreshing: boolean }) {
  const diagnostics = useDiagnosticsBundle();
  const toast = useToast();
  const exportDiagnostics = () =>
    diagnostics.mutate(undefined, {
      onSuccess: (bundle) => {
        const file = buildDiagnosticsFile(bundle);
        saveJsonFile(file);
        toast(`Saved ${file.fileName}. It holds no password, login token or record data.`);
      },
      onError: (e) => toast(errorMessage(e), 'error'),
    });
  return (
    <>
      <button type="button" className="button" disabled={refreshing} onClick={onRefresh}>
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </button>
      <button type="button" className="button" disabled={diagnostics.isPending} onClick={exportDiagnostics}>
        Export diagnostics
      </button>
    </>
  );
}

export function HealthPage() {
  const active = useActiveConnection();
  const summary = useHealthSummary();
  const data = summary.data;
  const header = (
    <PageHeader
      title="Health"
      subtitle={data ? `Checked ${formatRelative(data.generatedAt)}` : 'How Atom and your org are doing'}
      actions={<HeaderActions onRefresh={() => void summary.refetch()} refreshing={summary.isFetching} />}
    />
  );
  if (!active) {
    return (
      <div className="page">
        {header}
        <EmptyState
          level={2}
          title="No org connected"
          action={
            <a className="button button-primary" href="#/connections">
              Go to Connections
            </a>
          }
        >
          Health shows how Atom and your Salesforce org are doing once an org is connected. You can still export diagnostics for support.
        </EmptyState>
      </div>
    );
  }
  if (summary.isPending && summary.fetchStatus !== 'idle')
    return (
      <div className="page">
        {header}
        <PageLoading label="Checking health…" />
      </div>
    );
  if (summary.error || !data) {
    return (
      <div className="page">
        {header}
        <ErrorState error={summary.error ?? new Error('No active org')} onRetry={() => void summary.refetch()} />
      </div>
    );
  }
  return (
    <div className="page health-page">
      {header}
      <Headline overall={data.overall} />
      <div className="health-grid">
        <ApiUsageSection usage={data.apiUsage} />
        <OrgLimitsSection />
        <LoginSection login={data.login} />
        <ConnectivitySection connectivity={data.connectivity} />
        <SyncSection sync={data.sync} />
        <OutboxSection outbox={data.outbox} />
        <CacheSection cache={data.cache} />
        <WhoAmISection who={data.whoAmI} />
        <RecentErrorsSection errors={data.recentErrors} />
      </div>
    </div>
  );
}
