/**
 * Disconnecting an org: first asks the core what of this org's work Salesforce does not have yet.
 * Nothing unsent: a plain confirmation. Unsent changes: a warning with the count and the list,
 * and three ways out — Cancel, Export the changes (a JSON file), Disconnect anyway (the only path
 * that tells the core to discard them). If changes appear between the check and the click, the
 * core refuses and the warning is shown with the fresh list.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConnectionSummary, DisconnectResult } from '../../../../shared/ipc';
import { ConfirmDialog } from '../../components/dialog';
import { errorMessage } from '../../components/feedback';
import { AlertIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { api, call, isAppError } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { saveJsonFile } from '../../lib/save-file';
import { buildUnsentExport, changeTitle, OP_LABEL, STATE_LABEL } from './unsent-export';

/** The core's refusal to drop unsent changes without being told to. */
const isUnsentRefusal = (error: unknown) => isAppError(error) && error.code === 'UNSENT_CHANGES';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function DisconnectDialog({ connection, open, onClose }: { connection: ConnectionSummary; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const name = connection.displayName || connection.username;
  const [exportedAs, setExportedAs] = useState<string | null>(null);
  const unsent = useQuery({
    queryKey: ['unsent-changes', connection.id],
    queryFn: () => call(api.unsentChanges({ connectionId: connection.id })),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const disconnect = useMutation({
    mutationFn: (discardUnsentChanges: boolean) =>
      call(api.disconnect({ connectionId: connection.id, ...(discardUnsentChanges ? { discardUnsentChanges: true } : {}) })),
    onSuccess: async (result: DisconnectResult) => {
      onClose();
      if (connection.active) queryClient.removeQueries({ queryKey: queryKeys.org });
      await queryClient.invalidateQueries({ queryKey: queryKeys.connections });
      const lost = result.discardedChanges > 0 ? ` ${count(result.discardedChanges, 'unsent change was', 'unsent changes were')} discarded.` : '';
      toast(
        result.revoked
          ? `Disconnected ${connection.username}.${lost}`
          : `Disconnected ${connection.username}. Salesforce could not be reached to revoke access; it was removed from this computer.${lost}`,
        result.revoked && !lost ? 'success' : 'info',
      );
    },
    onError: (error) => {
      // Changes arrived after the check: show them rather than an error.
      if (isUnsentRefusal(error)) void unsent.refetch();
    },
  });

  const close = () => {
    if (disconnect.isPending) return;
    disconnect.reset();
    setExportedAs(null);
    onClose();
  };
  const data = unsent.data;
  const hasUnsent = Boolean(data && data.total > 0);
  const busy = disconnect.isPending;
  const failure = disconnect.isError && !isUnsentRefusal(disconnect.error) ? errorMessage(disconnect.error) : null;

  const exportChanges = () => {
    if (!data) return;
    const file = buildUnsentExport(connection, data);
    saveJsonFile(file);
    setExportedAs(file.fileName);
  };

  return (
    <ConfirmDialog
      open={open}
      title={`Disconnect ${name}?`}
      confirmLabel={hasUnsent ? 'Disconnect anyway' : 'Disconnect'}
      busy={busy}
      confirmDisabled={unsent.isPending}
      onConfirm={() => disconnect.mutate(hasUnsent)}
      onCancel={close}
    >
      {unsent.isPending && <p aria-live="polite">Checking for changes that haven’t reached Salesforce…</p>}
      {unsent.isError && <p className="dialog-error">Atom could not check this org’s unsent changes: {errorMessage(unsent.error)}</p>}
      {data && hasUnsent && (
        <>
          <div className="callout callout-warn" role="alert" data-testid="unsent-warning">
            <AlertIcon size={18} />
            <div>
              <strong>{count(data.total, 'change hasn’t', 'changes haven’t')} reached Salesforce yet.</strong> Disconnecting removes{' '}
              {data.total === 1 ? 'it' : 'them'} from this computer with the rest of this org’s local data; {data.total === 1 ? 'it' : 'they'} will never be
              sent.
              <ul aria-label="Unsent changes">
                {data.changes.map((change) => (
                  <li key={change.id}>
                    {OP_LABEL[change.op]} {change.object} “{changeTitle(change)}” — {STATE_LABEL[change.state]}
                    {change.error && change.state !== 'pending' ? `: ${change.error.message}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <p>
            <strong>Export the changes</strong> to keep a copy: a file with each change’s object, record, values, state and Salesforce’s message.
            {connection.active && (
              <>
                {' '}
                To send them instead, cancel and open <a href="#/changes">Changes</a>.
              </>
            )}
          </p>
          <div>
            <button type="button" className="button" onClick={exportChanges} disabled={busy}>
              Export the changes
            </button>
          </div>
          {exportedAs && (
            <p className="note" role="status">
              Exported to {exportedAs}
            </p>
          )}
        </>
      )}
      {data && !hasUnsent && (
        <p>
          Atom will revoke its access at Salesforce and forget <strong>{connection.username}</strong> on this computer, including its records cached here. Your
          Salesforce data is not touched. You can connect again at any time.
        </p>
      )}
      {failure && <p className="dialog-error">{failure}</p>}
    </ConfirmDialog>
  );
}
