/**
 * The columns of an object's list and the user's changes to them (which, in what order, how wide),
 * kept for the org through use-list-prefs.ts. Until the stored choice arrives, or when it cannot be
 * read, the list shows its standard columns and choosing waits: a choice made then would start from
 * the standard columns and replace the stored one unseen.
 */
import { useMemo } from 'react';
import { COLUMN_CHOICES } from '../../../../shared/ipc/records.contract';
import type { ObjectName } from '../../lib/objects';
import { gridColumns } from './list-columns';
import { clampWidth, effectiveColumns } from './list-layout';
import { useListPrefs, useUpdateListPrefs } from './use-list-prefs';

/** Whose records the org's sync keeps (Settings → My data & sync): a list of only mine leaves out the owner. */
type SyncScope = Parameters<typeof effectiveColumns>[2];

export type ListColumnsState = ReturnType<typeof useListColumns>;

export function useListColumns(object: ObjectName, scope: SyncScope) {
  const prefs = useListPrefs(object);
  const update = useUpdateListPrefs(object);
  const shown = useMemo(() => effectiveColumns(object, prefs.data, scope), [object, prefs.data, scope]);
  const columns = useMemo(() => gridColumns(object, shown), [object, shown]);
  return {
    /** Every column the list can show, and the ones it shows, in order. */
    choices: COLUMN_CHOICES[object],
    shown,
    columns,
    widths: prefs.data?.widths,
    /** The stored choice is here, so the Columns dialog can start from it. */
    ready: prefs.data !== undefined,
    /** Why the stored choice could not be read (null while it loads or once it has). */
    loadError: prefs.isError && !prefs.data ? prefs.error : null,
    retryLoad: () => void prefs.refetch(),
    /** Why the last change was not kept (it is undone on screen); null after a later change is kept. */
    saveError: update.isError ? update.error : null,
    dismissSaveError: () => update.reset(),
    /** The chosen columns in order, or null for the standard ones (and their standard widths). */
    choose: (fields: string[] | null) => update.mutate(fields === null ? { columns: null, widths: null } : { columns: fields }),
    resize: (field: string, px: number) => update.mutate({ widths: { [field]: clampWidth(px) } }),
  };
}
