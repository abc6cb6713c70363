/**
 * How the user shaped an object's list in the active org (records:list-prefs): read once, changed
 * through records:list-prefs-update, the stored answer written back into the query.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CrmObject, ListPrefs, ListPrefsUpdate } from '../../../../shared/ipc/records.contract';
import { api, call } from '../../lib/api';

/** Under ['org', …]: switching orgs drops every org's prefs with the rest of its data. */
export const listPrefsKey = (object: CrmObject) => ['org', 'list-prefs', object] as const;

export function useListPrefs(object: CrmObject) {
  return useQuery({ queryKey: listPrefsKey(object), queryFn: () => call(api.listPrefs({ object })), staleTime: Infinity });
}

export function useUpdateListPrefs(object: CrmObject) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Omit<ListPrefsUpdate, 'object'>) => call(api.updateListPrefs({ object, ...change })),
    // Shown at once (a dragged width must not spring back while the core answers).
    onMutate: (change) => {
      const before = queryClient.getQueryData<ListPrefs>(listPrefsKey(object));
      if (before) {
        queryClient.setQueryData<ListPrefs>(listPrefsKey(object), {
          ...before,
          ...(change.columns !== undefined ? { columns: change.columns } : {}),
          ...(change.widths !== undefined ? { widths: change.widths === null ? {} : { ...before.widths, ...change.widths } } : {}),
        });
      }
      return { before };
    },
    onError: (_err, _change, context) => {
      if (context?.before) queryClient.setQueryData(listPrefsKey(object), context.before);
    },
    onSuccess: (stored) => queryClient.setQueryData(listPrefsKey(object), stored),
  });
}
