import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { LockIcon } from '../../components/icons';

/**
 * Says where logins are kept, whichever it is: in memory only (log in again after a restart, and
 * why: no safe key store, or browser mode not started with --remember-logins) or remembered,
 * encrypted on this computer. Shown once for the page, connected orgs or not.
 */
export function LoginStorageNote() {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  if (!info.data) return null;
  const { loginStorage, mode } = info.data;
  if (loginStorage.kind === 'memory') {
    return (
      <div className="callout callout-warn login-storage" role="status" data-testid="login-storage" data-kind="memory">
        <LockIcon size={16} />
        <div>
          <strong>Logins are kept in memory only.</strong> You’ll log in again after restarting {mode === 'browser' ? 'browser mode' : 'Atom'}.
          {loginStorage.reason && <div className="login-storage-reason">{loginStorage.reason}</div>}
        </div>
      </div>
    );
  }
  return (
    <div className="callout callout-ok login-storage" role="status" data-testid="login-storage" data-kind="encrypted">
      <LockIcon size={16} />
      <div>
        <strong>Logins are remembered</strong> on this computer, encrypted{' '}
        {mode === 'browser' ? 'with a key kept outside Atom’s data folder (--remember-logins)' : 'by your system’s keychain'}.
      </div>
    </div>
  );
}
