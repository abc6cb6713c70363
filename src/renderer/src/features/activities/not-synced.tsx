/**
 * Before a sync has read the org's tasks and events, an empty list would lie ("no activity"): the
 * timeline, My tasks and Home say that activities are not on this computer yet, and offer a sync.
 */
import { errorMessage } from '../../components/feedback';
import { SyncIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { useStartSync, useSyncStatus } from '../workspace/use-workspace';

export function ActivitiesNotSynced({ what }: { what: string }) {
  const status = useSyncStatus();
  const sync = useStartSync();
  const toast = useToast();
  const running = Boolean(status.data?.running) || sync.isPending;
  return (
    <div className="activities-not-synced" data-testid="activities-not-synced">
      <p>
        {running
          ? `A sync is running: ${what} appear as soon as it has read your tasks and events.`
          : `Your tasks and events are not on this computer yet, so ${what} can’t be shown. They arrive with the next sync.`}
      </p>
      <button
        type="button"
        className="button button-small"
        disabled={running}
        onClick={() => sync.mutate(false, { onError: (e) => toast(errorMessage(e), 'error') })}
      >
        <SyncIcon size={14} /> {running ? 'Syncing…' : 'Sync now'}
      </button>
    </div>
  );
}
