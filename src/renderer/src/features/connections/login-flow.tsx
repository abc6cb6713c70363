/**
 * One login at a time, reachable from anywhere (Connections, or "Log in again" on an expired
 * session). start → open the Salesforce login page → long-poll awaitLogin until it finishes.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OrgEnvironment, StartLoginInput } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { Dialog } from '../../components/dialog';
import { ExternalIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { api, call, isAppError } from '../../lib/api';
import { ENVIRONMENT_LABELS } from '../../components/badges';

type LoginState =
  | { phase: 'idle' }
  | { phase: 'starting'; input: StartLoginInput }
  | { phase: 'waiting'; input: StartLoginInput; loginId: string; authorizeUrl: string; inSystemBrowser: boolean }
  /** `started`: the login page was opened (it "didn't finish"); false when it was refused before that. */
  | { phase: 'failed'; input: StartLoginInput; message: string; code?: string; started: boolean };

interface LoginFlow {
  state: LoginState;
  start(input: StartLoginInput): Promise<void>;
  cancel(): void;
}

const LoginFlowContext = createContext<LoginFlow | null>(null);

export function useLoginFlow(): LoginFlow {
  const flow = useContext(LoginFlowContext);
  if (!flow) throw new Error('useLoginFlow outside LoginFlowProvider');
  return flow;
}

const FINISHED_MESSAGES: Record<string, string> = {
  expired: 'The login took too long and expired. Start again when you are ready.',
  cancelled: 'The login was cancelled.',
};

export function LoginFlowProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LoginState>({ phase: 'idle' });
  // Each attempt gets a number; a loop whose attempt is no longer current stops quietly.
  const attempt = useRef(0);
  const queryClient = useQueryClient();
  const toast = useToast();

  const start = useCallback(
    async (input: StartLoginInput) => {
      const current = ++attempt.current;
      setState({ phase: 'starting', input });
      let attemptStarted = false;
      try {
        const pending = await call(api.startLogin(input));
        if (attempt.current !== current) return;
        attemptStarted = true;
        if (!pending.openedInSystemBrowser) {
          // noopener: the login page must not be able to script this tab (window.open then returns null).
          window.open(pending.authorizeUrl, '_blank', 'noopener');
        }
        setState({
          phase: 'waiting',
          input,
          loginId: pending.loginId,
          authorizeUrl: pending.authorizeUrl,
          inSystemBrowser: pending.openedInSystemBrowser,
        });
        for (;;) {
          const status = await call(api.awaitLogin({ loginId: pending.loginId, waitMs: 20_000 }));
          if (attempt.current !== current) return;
          if (status.status === 'pending') continue;
          if (status.status === 'completed') {
            setState({ phase: 'idle' });
            queryClient.removeQueries({ queryKey: ['org'] });
            await queryClient.invalidateQueries();
            toast(status.connection ? `Connected to ${status.connection.displayName || status.connection.username}` : 'Connected');
            // A fresh login lands on Home (it offers the first sync's progress until there is data).
            navigate({ name: 'home' });
            return;
          }
          if (status.status === 'cancelled') {
            setState({ phase: 'idle' });
            return;
          }
          setState({
            phase: 'failed',
            input,
            message: status.error ?? FINISHED_MESSAGES[status.status] ?? 'The login did not finish.',
            started: true,
          });
          return;
        }
      } catch (error) {
        if (attempt.current !== current) return;
        setState({
          phase: 'failed',
          input,
          message: isAppError(error) ? error.message : 'Something went wrong while starting the login.',
          code: isAppError(error) ? error.code : undefined,
          // An error once the login page is open comes from waiting for it (awaitLogin).
          started: attemptStarted,
        });
      }
    },
    [queryClient, toast],
  );

  const cancel = useCallback(() => {
    const current = state;
    attempt.current++;
    setState({ phase: 'idle' });
    if (current.phase === 'waiting') void api.cancelLogin({ loginId: current.loginId });
  }, [state]);

  const value = useMemo(() => ({ state, start, cancel }), [state, start, cancel]);
  return (
    <LoginFlowContext.Provider value={value}>
      {children}
      <LoginDialog state={state} onCancel={cancel} onRetry={() => state.phase === 'failed' && void start(state.input)} />
    </LoginFlowContext.Provider>
  );
}

function describeTarget(environment: OrgEnvironment): string {
  return environment === 'demo' ? 'the Demo org' : `your ${ENVIRONMENT_LABELS[environment]} org`;
}

function LoginDialog({ state, onCancel, onRetry }: { state: LoginState; onCancel: () => void; onRetry: () => void }) {
  if (state.phase === 'idle') return <Dialog open={false} title="" onClose={onCancel} children={null} />;
  const target = describeTarget(state.input.environment);
  if (state.phase === 'failed') {
    return (
      <Dialog
        open
        title={state.started ? 'Login didn’t finish' : 'Login didn’t start'}
        onClose={onCancel}
        footer={
          <>
            <button type="button" className="button" onClick={onCancel}>
              Close
            </button>
            {state.code === 'CONFIG' ? (
              // Usually a missing consumer key: trying again cannot help, Settings can.
              <a className="button button-primary" href="#/settings" onClick={onCancel}>
                Open Settings
              </a>
            ) : (
              <button type="button" className="button button-primary" onClick={onRetry}>
                Try again
              </button>
            )}
          </>
        }
      >
        <p className="dialog-error">{state.message}</p>
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      title={`Log in to ${target}`}
      onClose={onCancel}
      footer={
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      }
    >
      <div className="login-waiting" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <div>
          <p className="login-waiting-title">{state.phase === 'starting' ? 'Opening the login page…' : 'Waiting for you to finish logging in…'}</p>
          {state.phase === 'waiting' && (
            <p className="muted">
              {state.inSystemBrowser
                ? 'The Salesforce login page opened in your web browser. Log in and allow access, then come back here.'
                : 'The Salesforce login page opened in a new tab. Log in and allow access; this window updates by itself.'}
            </p>
          )}
        </div>
      </div>
      {state.phase === 'waiting' && !state.inSystemBrowser && (
        <p className="login-reopen">
          Didn’t see it?{' '}
          <a href={state.authorizeUrl} target="_blank" rel="noopener noreferrer">
            Open the login page again <ExternalIcon size={14} />
          </a>
        </p>
      )}
    </Dialog>
  );
}
