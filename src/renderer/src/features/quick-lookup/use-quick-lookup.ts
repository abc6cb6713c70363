/**
 * The quick lookup's state: the text, the grouped answer for it (`search:lookup`, from the local
 * cache, no typing delay: an answer takes a few milliseconds), the results in reading order and
 * which one is highlighted.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { LookupGroup, LookupRecord } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import type { ObjectName } from '../../lib/objects';

/** Records shown per object: the group's total says how many more there are. */
export const PER_OBJECT = 5;

export interface LookupItem {
  object: ObjectName;
  record: LookupRecord;
  /** Position in reading order (the option's index). */
  index: number;
}

export function useQuickLookup() {
  const [text, setText] = useState('');
  // The highlighted result, of the answer it was chosen in: a new answer starts from its first result.
  const [chosen, setChosen] = useState<{ in: unknown; index: number }>({ in: null, index: 0 });
  const query = text.trim();
  const results = useQuery({
    queryKey: ['org', 'cache', 'lookup', query],
    queryFn: () => call(api.lookupRecords({ text: query, perObject: PER_OBJECT })),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 2_000,
    // Each answer is new: comparing it with the last one, key by key, would only cost time.
    structuralSharing: false,
    // No org yet is said on this page; the app's usual move to Connections would replace it.
    meta: { stayOnPage: true },
  });
  const groups: LookupGroup[] = useMemo(() => (query.length > 0 ? (results.data?.groups ?? []) : []), [query, results.data]);
  const items = useMemo(() => {
    const flat: LookupItem[] = [];
    for (const group of groups) for (const record of group.records) flat.push({ object: group.object, record, index: flat.length });
    return flat;
  }, [groups]);
  const highlight = chosen.in === groups ? chosen.index : 0;
  const setHighlight = useCallback((index: number) => setChosen({ in: groups, index }), [groups]);
  const active = items[Math.min(highlight, items.length - 1)];
  // The text the results on screen answer (while the next answer is on its way, the last one stays).
  const answered = results.isPlaceholderData || !results.isSuccess ? undefined : query;

  return {
    text,
    setText,
    query,
    answered,
    results,
    groups,
    items,
    active,
    highlight: active?.index ?? -1,
    setHighlight,
    move: (step: 1 | -1) => setHighlight(Math.max(0, Math.min(items.length - 1, highlight + step))),
  };
}
