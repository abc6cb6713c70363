import { useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/ipc';
import { EnvBadge, StatusBadge } from '../../components/badges';
import { EmptyState, ErrorState, Skeleton } from '../../components/feedback';
import { ConnectionsIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { formatDate, formatRelative } from '../../lib/format';
import { ConnectOrgPanel } from './connect-org-panel';
import { DisconnectDialog } from './disconnect-dialog';
import { LoginStorageNote } from './login-storage-note';
import { useLoginFlow } from './login-flow';
import { useActivateConnection, useActiveConnection, useConnections } from './use-connections';
import { setConnectNotice, useConnectNotice } from '../../lib/connect-notice';

export function ConnectionsPage() {
  const connections = useConnections();
  const list = connections.data ?? [];
  return (
    <div className="page page-narrow">
      <PageHeader title="Connections" subtitle="The Salesforce orgs Atom can work with. The active org is the one you see everywhere else." />
      <ConnectNotice />
      <LoginStorageNote />
      <section aria-labelledby="connected-orgs-heading" className="section">
        <h2 id="connected-orgs-heading" className="section-title">
          Connected orgs
        </h2>
        {connections.isPending && (
          <div className="card-list" aria-hidden="true">
            <div className="card connection-card">
              <Skeleton className="skeleton-title" />
              <Skeleton className="skeleton-line" />
            </div>
          </div>
        )}
        {connections.isError && <ErrorState error={connections.error} onRetry={() => void connections.refetch()} />}
        {connections.isSuccess && list.length === 0 && (
          <EmptyState icon={<ConnectionsIcon size={28} />} title="No orgs connected yet">
            Connect your Salesforce org below, or try Atom with the Demo org — a local practice org with sample accounts and contacts.
          </EmptyState>
        )}
        {list.length > 0 && (
          <ul className="card-list" aria-label="Connected orgs">
            {list.map((connection) => (
              <ConnectionCard key={connection.id} connection={connection} />
            ))}
          </ul>
        )}
      </section>
      <ConnectOrgPanel />
    </div>
  );
}

/** Why the app brought the user here (a screen that needs an org), until they leave or connect one. */
function ConnectNotice() {
  const live = useConnectNotice();
  // Kept for as long as the page shows; the shared notice is forgotten when the page goes (coming
  // back later needs no reason).
  const [notice, setNotice] = useState(live);
  const active = useActiveConnection();
  useEffect(() => {
    if (live) setNotice(live);
  }, [live]);
  useEffect(() => () => setConnectNotice(null), []);
  if (!notice || active) return null;
  return (
    <div className="callout connect-notice" role="status" data-testid="connect-notice">
      <ConnectionsIcon size={18} />
      <div>
        <strong>{notice}.</strong> No Salesforce org is connected yet: connect yours below, or try the Demo org.
      </div>
    </div>
  );
}

function ConnectionCard({ connection }: { connection: ConnectionSummary }) {
  const toast = useToast();
  const login = useLoginFlow();
  const activate = useActivateConnection();
  const [confirming, setConfirming] = useState(false);
  const name = connection.displayName || connection.username;

  return (
    <li className={`card connection-card${connection.active ? ' connection-active' : ''}`} aria-label={`${name} (${connection.username})`}>
      <div className="connection-main">
        <div className="connection-title">
          <span className="connection-name">{name}</span>
          <EnvBadge environment={connection.environment} />
          {connection.active && <span className="badge badge-active">Active</span>}
        </div>
        <div className="connection-meta">
          <span>{connection.username}</span>
          <span className="dot-sep">·</span>
          <span className="mono">{connection.instanceUrl.replace(/^https?:\/\//, '')}</span>
        </div>
        <div className="connection-meta">
          <StatusBadge status={connection.status} />
          <span className="dot-sep">·</span>
          <span title={connection.connectedAt}>Connected {formatDate(connection.connectedAt)}</span>
          {connection.lastUsedAt && (
            <>
              <span className="dot-sep">·</span>
              <span>Last used {formatRelative(connection.lastUsedAt)}</span>
            </>
          )}
        </div>
        {activate.isError && <p className="note note-error">{(activate.error as Error).message}</p>}
      </div>
      <div className="connection-actions">
        {connection.status === 'needs-login' && (
          <button
            type="button"
            className="button button-primary"
            onClick={() =>
              void login.start({
                environment: connection.environment,
                connectionId: connection.id,
                ...(connection.environment === 'custom' ? { myDomain: connection.loginUrl } : {}),
              })
            }
          >
            Log in again
          </button>
        )}
        {!connection.active && (
          <button
            type="button"
            className="button"
            disabled={activate.isPending}
            onClick={() => activate.mutate(connection.id, { onSuccess: () => toast(`${name} is now the active org`) })}
          >
            {activate.isPending ? 'Switching…' : 'Make active'}
          </button>
        )}
        <button type="button" className="button button-quiet-danger" onClick={() => setConfirming(true)}>
          Disconnect
        </button>
      </div>
      <DisconnectDialog connection={connection} open={confirming} onClose={() => setConfirming(false)} />
    </li>
  );
}
