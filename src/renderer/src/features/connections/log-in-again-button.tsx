/**
 * "Log in again" for the active org whose session ended: starts the same login the org was
 * connected with (its environment, and its My Domain for custom logins). Shown by the status bar,
 * error panels and Health; renders nothing without an active org.
 */
import { useActiveConnection } from './use-connections';
import { useLoginFlow } from './login-flow';

export function LogInAgainButton({ className = 'button button-primary', testId }: { className?: string; testId?: string }) {
  const active = useActiveConnection();
  const login = useLoginFlow();
  if (!active) return null;
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      disabled={login.state.phase === 'starting' || login.state.phase === 'waiting'}
      onClick={() =>
        void login.start({
          environment: active.environment,
          connectionId: active.id,
          ...(active.environment === 'custom' ? { myDomain: active.loginUrl } : {}),
        })
      }
    >
      Log in again
    </button>
  );
}
