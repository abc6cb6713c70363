/**
 * "Sync now", wherever the user asks for it: the top bar's button, Settings → My data & sync, and
 * Shift+S (the desktop menu's Sync now too). One place starts the sync and says in a message what
 * came of it, because no mutation has a global error handler: a sync that could not start would
 * otherwise say nothing at all.
 */
import { useCallback } from 'react';
import { errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { useActiveConnection } from '../connections/use-connections';
import { useStartSync } from './use-workspace';

export interface SyncNowOptions {
  /**
   * Say "Syncing now" when it starts: for a key press, which gives no other sign that it was heard.
   * The buttons leave it out (the top bar's progress shows the run).
   */
  confirm?: boolean;
}

export function useSyncNow(): { syncNow: (options?: SyncNowOptions) => void; isPending: boolean } {
  const active = useActiveConnection();
  const start = useStartSync();
  const toast = useToast();
  const { mutate, isPending } = start;
  const syncNow = useCallback(
    (options: SyncNowOptions = {}) => {
      if (!active) return toast('Connect an org to sync', 'error');
      if (active.status !== 'connected') return toast('Log in to the org again to sync', 'error');
      if (isPending) return;
      mutate(false, {
        // The budget guard holds background syncs back but never one the user asks for: it runs, and says so.
        onSuccess: (result) => {
          if (result.status.guardWarning) toast(`Syncing anyway. ${result.status.guardWarning}`, 'info');
          else if (options.confirm) toast('Syncing now', 'info');
        },
        onError: (error) => toast(errorMessage(error), 'error'),
      });
    },
    [active, isPending, mutate, toast],
  );
  return { syncNow, isPending };
}
