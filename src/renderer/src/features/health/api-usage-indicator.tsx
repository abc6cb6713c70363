/**
 * The status bar's API figure: the org's usage of its daily allowance ("API 12%"), neutral while
 * all is well, amber when the budget guard slows or pauses background work, red when Salesforce
 * refuses calls or the org is at 90% or more. Its tooltip is the guard's sentence; it links to Health.
 */
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';
import { useActiveConnection } from '../connections/use-connections';
import { indicatorState } from './health-format';

export const usageSnapshotKey = ['org', 'health', 'usage-snapshot'] as const;

export function ApiUsageIndicator() {
  const active = useActiveConnection();
  const snapshot = useQuery({
    queryKey: usageSnapshotKey,
    queryFn: () => call(api.healthUsageSnapshot()),
    enabled: active?.status === 'connected',
    // One snapshot when shown; after that the `api-usage` event (live-updates.ts) writes it.
    staleTime: Infinity,
  });
  if (!snapshot.data) return null;
  const { tone, text, sentence } = indicatorState(snapshot.data);
  return (
    <a
      className={`api-indicator api-indicator-${tone}`}
      href="#/health"
      title={sentence}
      aria-label={`${text}. ${sentence} Open Health.`}
      data-testid="api-usage-indicator"
      data-tone={tone}
    >
      <span className="status-dot" aria-hidden="true" />
      {text}
    </a>
  );
}
