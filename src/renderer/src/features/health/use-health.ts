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

export function useHealthSummary() {
  const active = useActiveConnection();
  return useQuery({
    queryKey: healthKeys.summary,
    queryFn: () => call(api.healthSummary()),
    enabled: Boolean(active),
    staleTime: 0,
    refetchOnMount: 'always',
    // No polling: the `api-usage` event (live-updates.ts) marks it stale when the figures move.
  });
}

/** "Check org limits": a mutation, not a query, so it never runs (and spends a call) by itself. */
export function useCheckOrgLimits() {
  return useMutation({ mutationFn: () => call(api.orgLimits()) });
}

export function useDiagnosticsBundle() {
  return useMutation({ mutationFn: () => call(api.healthDiagnostics()) });
}
