/**
 * What every endpoint of one running emulator shares, and the result type endpoints return (the
 * HTTP server writes it, so endpoints never touch sockets).
 */
import type { OrgStore } from '../org/types';
import type { ApiUsage } from './api-usage';
import type { FaultController } from './faults';
import type { TokenStore } from './oauth-tokens';
import type { PendingAuthorizations } from './pending-authorizations';
import type { QueryCursors } from './rest/query-cursors';
import type { RecentItems } from './recent-items';

export interface EmulatorState {
  store: OrgStore;
  /** `http://127.0.0.1:<port>`, set once the socket listens. */
  baseUrl: string;
  tokens: TokenStore;
  apiUsage: ApiUsage;
  /**
   * Every HTTP request received outside the admin routes (login, OAuth, identity, REST, whatever
   * its answer, counted or not against the API allowance): what a client's own request count
   * should equal.
   */
  received: { requests: number };
  faults: FaultController;
  cursors: QueryCursors;
  recent: RecentItems;
  pending: PendingAuthorizations;
  autoApprove: boolean;
  rotateRefreshTokens: boolean;
  /** The username-password grant is answered (off by default, as in orgs created since Summer '23). */
  allowPasswordGrant: boolean;
  /** The user auto-approve logs in, and the one the CLI prints. */
  demoUserId: string;
  /** Wall clock for token, code and cursor lifetimes (the org clock may be pinned by tests). */
  clock: () => number;
  log: (line: string) => void;
}

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** Sent as application/json;charset=UTF-8. */
  json?: unknown;
  html?: string;
  text?: { contentType: string; data: string };
}
