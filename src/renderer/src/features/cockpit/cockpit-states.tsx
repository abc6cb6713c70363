/**
 * The states every cockpit screen shares: no org, nothing synced yet (figures would be empty, not
 * zero: the screen says so and offers a sync), and the line saying how fresh the figures are.
 */
import type { CacheBasis } from '../../../../shared/ipc/analytics.contract';
import { EmptyState, errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { formatRelative } from '../../lib/format';
import { useStartSync, useSyncStatus } from '../workspace/use-workspace';

export function NoOrg({ what }: { what: string }) {
  return (
    <EmptyState
      level={2}
      title="No org connected"
      action={
        <a className="button button-primary" href="#/connections">
          Go to Connections
        </a>
      }
    >
      {what} is computed from the records Atom keeps on this computer once an org is connected.
    </EmptyState>
  );
}

export function NeverSynced({ what }: { what: string }) {
  const status = useSyncStatus();
  const sync = useStartSync();
  const toast = useToast();
  const running = Boolean(status.data?.running) || sync.isPending;
  return (
    <div data-testid="never-synced">
      <EmptyState
        level={2}
        title={running ? 'Your first sync is running' : 'Nothing synced to this computer yet'}
        action={
          <button
            type="button"
            className="button button-primary"
            disabled={running}
            onClick={() => sync.mutate(false, { onError: (e) => toast(errorMessage(e), 'error') })}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </button>
        }
      >
        {what} is computed from your org’s records on this computer. {running ? 'It appears as soon as the sync has brought them.' : 'Sync once to see it.'}
      </EmptyState>
    </div>
  );
}

/** "From the records synced 3 minutes ago", and a note while the org's stages and fiscal year are not yet known. */
export function BasisNote({ basis }: { basis: CacheBasis }) {
  return (
    <>
      {basis.syncedAt ? `From your records as synced ${formatRelative(basis.syncedAt)}` : 'From your records on this computer'}
      {!basis.orgSettingsKnown && ' · standard stages and a January fiscal year until the next sync reads your org’s'}
    </>
  );
}
