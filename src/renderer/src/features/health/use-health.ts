/**
 * The Health panel's data: the summary (local figures, no API call once who-am-I is known), the
 * org's limits only when asked (one call each time), and the diagnostics bundle for export.
 * Keys live under ['org', …] so switching or disconnecting an org drops them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';
import { useActiveConnection } from '../connections/use-connections';

export const healthKeys = {
  summary: ['org', 'health', 'summary'] as const,
};

/** How often the open panel re-reads the summary until the push channel tells it when to. */
const SUMMARY_REFRESH_MS = 30_000;

export function useHealthSummary() {
  const active = useActiveConnection();
  return useQuery({
    queryKey: healthKeys.summary,
    queryFn: () => call(api.healthSummary()),
    enabled: Boolean(active),
    staleTime: 0,
    refetchOnMount: 'always',
    // push: api-usage — replace this interval with an invalidation of healthKeys.summary on the event.
    refetchInterval: SUMMARY_REFRESH_MS,
  });
}

/** "Check org limits": a mutation, not a query, so it never runs (and spends a call) by itself. */
export function useCheckOrgLimits() {
  return useMutation({ mutationFn: () => call(api.orgLimits()) });
}

export function useDiagnosticsBundle() {
  return useMutation({ mutationFn: () => call(api.healthDiagnostics()) });
}
