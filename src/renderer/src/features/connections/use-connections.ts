import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectionSummary } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

export function useConnections() {
  return useQuery({ queryKey: queryKeys.connections, queryFn: () => call(api.listConnections()) });
}

export function useActiveConnection(): ConnectionSummary | undefined {
  return useConnections().data?.find((c) => c.active);
}

/** Switching orgs: everything cached under ['org'] belonged to the previous one. */
export function useActivateConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (connectionId: string) => call(api.activateConnection({ connectionId })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.org });
      await queryClient.invalidateQueries({ queryKey: queryKeys.connections });
    },
  });
}
