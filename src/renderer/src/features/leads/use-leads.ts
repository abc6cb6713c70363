/**
 * Converting a lead: what the dialog offers (from the cache: the org's converted statuses, the
 * accounts and contacts that look like the lead) and the conversion itself, which needs the org.
 * Afterwards every read of the cache is refreshed: the core has read the lead and the records it
 * created or filled back into it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConvertLeadInput } from '../../../../shared/ipc/leads.contract';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';

export const leadKeys = {
  all: ['org', 'cache', 'leads'] as const,
  convertOptions: (leadId: string) => ['org', 'cache', 'leads', 'convert-options', leadId] as const,
};

export function useConvertOptions(leadId: string, enabled: boolean) {
  return useQuery({
    queryKey: leadKeys.convertOptions(leadId),
    queryFn: () => call(api.leadConvertOptions({ leadId })),
    enabled,
    staleTime: 0,
    refetchOnMount: 'always',
  });
}

export function useConvertLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConvertLeadInput) => call(api.convertLead(input)),
    // The dialog shows the result first; the page behind it reads the converted lead meanwhile.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cacheKeys.all }),
  });
}
