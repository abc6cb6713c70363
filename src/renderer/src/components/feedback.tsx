/** Loading, empty and error states shared by every screen. */
import type { ReactNode } from 'react';
import { useActiveConnection } from '../features/connections/use-connections';
import { LogInAgainButton } from '../features/connections/log-in-again-button';
import { isAppError } from '../lib/api';
import { AlertIcon } from './icons';

export function Skeleton({ className = '' }: { className?: string }) {
  return <span className={`skeleton ${className}`} aria-hidden="true" />;
}

export function PageLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      <Skeleton className="skeleton-title" />
      <Skeleton className="skeleton-line" />
      <Skeleton className="skeleton-line skeleton-short" />
      <div className="skeleton-grid">
        <Skeleton className="skeleton-block" />
        <Skeleton className="skeleton-block" />
      </div>
    </div>
  );
}

/**
 * `level` keeps the page's heading outline: 3 (the default) inside a section with its own h2, 2
 * right under the page's h1, 1 when it is the whole page (focusable, like PageHeader's h1: the
 * shell moves focus to a new page's h1).
 */
export function EmptyState({
  title,
  children,
  action,
  icon,
  level = 3,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  level?: 1 | 2 | 3;
}) {
  const Heading = `h${level}` as const;
  return (
    <div className="empty-state">
      {icon && <div className="empty-icon">{icon}</div>}
      <Heading className="empty-title" tabIndex={level === 1 ? -1 : undefined}>
        {title}
      </Heading>
      {children && <div className="empty-text">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

const ERROR_TITLES: Record<string, string> = {
  SESSION_EXPIRED: 'Your Salesforce session has ended',
  NOT_CONNECTED: 'No org connected',
  NETWORK: 'Can’t reach Salesforce',
  API_LIMIT: 'Salesforce API limit reached',
  PERMISSION_DENIED: 'You don’t have access to this',
  NOT_FOUND: 'Not found',
  FORBIDDEN: 'This window isn’t linked to Atom',
  CONFIG: 'Settings need attention',
};

function errorTitle(error: unknown): string {
  return (isAppError(error) && ERROR_TITLES[error.code]) || 'Something went wrong';
}

export function errorMessage(error: unknown): string {
  if (isAppError(error)) return error.message;
  return 'An unexpected problem occurred. Please try again.';
}

/** A plain-language error with the one action that helps: retry, log in again, or connect. */
export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const active = useActiveConnection();
  const code = isAppError(error) ? error.code : 'INTERNAL';
  let action: ReactNode = null;
  if (code === 'SESSION_EXPIRED' && active) {
    action = <LogInAgainButton />;
  } else if (code === 'NOT_CONNECTED' || code === 'SESSION_EXPIRED') {
    action = (
      <a className="button button-primary" href="#/connections">
        Go to Connections
      </a>
    );
  } else if (code === 'CONFIG') {
    action = (
      <a className="button" href="#/settings">
        Open Settings
      </a>
    );
  } else if (onRetry && code !== 'FORBIDDEN' && code !== 'NOT_FOUND') {
    action = (
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    );
  }
  return (
    <div className={`error-state${compact ? ' error-state-compact' : ''}`} role="alert">
      <div className="error-icon">
        <AlertIcon size={compact ? 18 : 22} />
      </div>
      <div className="error-body">
        <h3>{errorTitle(error)}</h3>
        <p>{errorMessage(error)}</p>
        {action && <div className="error-action">{action}</div>}
      </div>
    </div>
  );
}
