import type { ConnectionSummary, OrgEnvironment } from '../../../shared/ipc';

export const ENVIRONMENT_LABELS: Record<OrgEnvironment, string> = {
  production: 'Production',
  sandbox: 'Sandbox',
  custom: 'My Domain',
  demo: 'Demo',
};

export function EnvBadge({ environment }: { environment: OrgEnvironment }) {
  return <span className={`badge badge-env-${environment}`}>{ENVIRONMENT_LABELS[environment]}</span>;
}

export function StatusBadge({ status }: { status: ConnectionSummary['status'] }) {
  return status === 'connected' ? (
    <span className="status status-ok">
      <span className="status-dot" aria-hidden="true" />
      Connected
    </span>
  ) : (
    <span className="status status-warn">
      <span className="status-dot" aria-hidden="true" />
      Needs login
    </span>
  );
}
