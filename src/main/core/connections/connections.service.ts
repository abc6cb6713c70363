/**
 * Connected orgs: the login flow from start to callback, the list, the active org, disconnect.
 *
 * A login is tracked twice: the secret half (state → verifier, host, redirect) in the login-state
 * store, consumed once by the callback; and the public half (loginId → status) that the renderer
 * long-polls. The callback can arrive by deep link, loopback listener or the browser-mode route;
 * all three call `completeLogin`.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ConnectionSummary, LoginStatus, ParsedInputOf, PendingLogin } from '../../../shared/ipc';
import { createLoginStateStore, LOGIN_TTL_MS, LoginStateError, type LoginBinding, type LoginStateStore } from '../auth/login-state';
import { startLoopbackListener, type CallbackOutcome, type LoopbackListener } from '../auth/loopback-listener';
import { buildAuthorizeUrl, callbackMatchesRedirect, describeAuthorizeError, exchangeCode, parseCallbackUrl, OAuthEndpointError } from '../auth/oauth-flow';
import { createPkcePair } from '../auth/pkce';
import { loginHostFor, normalizeMyDomain, type HostPolicy } from '../auth/salesforce-hosts';
import type { TokenVault } from '../auth/token-vault';
import type { DemoOrgHost } from '../demo/demo-org';
import type { EventPublisher } from '../events/event-bus';
import { createActiveOrg, type ActiveOrg } from './active-org';
import type { Logger } from '../logger';
import { mapSalesforceError } from '../salesforce/errors';
import type { CallUse, SalesforceGateway, SalesforceSession } from '../salesforce/gateway';
import type { RedirectTarget, SettingsService } from '../settings/settings';
import { type ConnectionRecord, getConnection, listConnections, setActiveConnection } from '../storage/connections.repo';

/** Opens the message of a login to a real org refused before it started (Settings has the fix). */
export const NEEDS_SETTINGS = 'The login can’t start until Settings are complete.';

/** How many changes of an org Salesforce does not have yet, by kind. */
export interface UnsentCounts {
  total: number;
  pending: number;
  needsAttention: number;
  conflicts: number;
}

/** What an org leaves on this computer besides its tokens: the offline outbox and the record cache. */
export interface OrgLocalData {
  unsentCounts(connectionId: string): UnsentCounts;
  /** Stops everything that uses the org's local data, then removes it from disk. */
  remove(connectionId: string): Promise<{ removed: boolean }>;
}

/** The input field a caller sets to disconnect anyway; named by the refusal. */
export const DISCARD_UNSENT_FIELD = 'discardUnsentChanges';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Disconnecting would drop changes Salesforce does not have (X8): refused unless the caller says
 * to discard them. Its own code, UNSENT_CHANGES, so the renderer can tell it from a bad payload and
 * ask; `fields` names the `discardUnsentChanges` override.
 */
export class UnsentChangesError extends AppError {
  constructor(readonly counts: UnsentCounts) {
    const parts = [
      counts.pending ? `${counts.pending} waiting to be sent` : '',
      counts.needsAttention ? `${counts.needsAttention} needing attention` : '',
      counts.conflicts ? plural(counts.conflicts, 'conflict', 'conflicts') : '',
    ].filter(Boolean);
    super(
      'UNSENT_CHANGES',
      `Disconnecting would lose ${plural(counts.total, 'change', 'changes')} that Salesforce does not have yet (${parts.join(', ')}). ` +
        'Send or export them first, or confirm that they should be discarded.',
      [DISCARD_UNSENT_FIELD],
    );
    this.name = 'UnsentChangesError';
  }
}

export interface DisconnectOutcome {
  /** Salesforce confirmed the refresh token is revoked. */
  revoked: boolean;
  /** The org's cache and outbox were removed from this computer. */
  localDataRemoved: boolean;
  /** Unsent changes that were discarded because the caller said so. */
  discardedChanges: number;
}

export interface CallbackPage {
  ok: boolean;
  title: string;
  message: string;
}

export interface ConnectionsService {
  list(): ConnectionSummary[];
  startLogin(input: ParsedInputOf<'connections:start-login'>): Promise<PendingLogin>;
  awaitLogin(loginId: string, waitMs: number): Promise<LoginStatus>;
  cancelLogin(loginId: string): { cancelled: boolean };
  /** Never throws. */
  completeLogin(callbackUrl: string): Promise<CallbackPage>;
  activate(connectionId: string): ConnectionSummary;
  /**
   * Revokes the org's token, forgets the connection and removes its local data. Refused with
   * UnsentChangesError while its outbox holds changes, unless `discardUnsentChanges` is set.
   */
  disconnect(connectionId: string, options?: { discardUnsentChanges?: boolean }): Promise<DisconnectOutcome>;
  /** A Salesforce session for the active org (NOT_CONNECTED when there is none), its calls attributed to `use`. */
  activeSession(use: CallUse): Promise<SalesforceSession>;
  close(): Promise<void>;
}

/** What the host's opener is told about a login page, so it can allow no more than that login needs. */
export interface LoginPageContext {
  /** Set only for a Demo org login: the emulator's loopback origin, the one http origin to allow. */
  demoOrigin?: string;
}

export interface ConnectionsServiceDeps {
  db: Database.Database;
  vault: TokenVault;
  gateway: SalesforceGateway;
  settings: SettingsService;
  demo: DemoOrgHost;
  log: Logger;
  openExternal?: (url: string, context: LoginPageContext) => Promise<void>;
  /** The org's cache and outbox (absent: nothing local to check or remove). */
  localData?: OrgLocalData;
  /** Who is active and their session (default: one over `db`, `gateway` and `demo`). */
  activeOrg?: ActiveOrg;
  /** For the token endpoint (tests count requests through it). */
  fetchImpl?: typeof fetch;
  now?: () => number;
  loginTtlMs?: number;
  /** The push channel ('connections-changed' after a login, an activation, a disconnect). */
  events?: EventPublisher;
}

type LoginOutcome = Exclude<LoginStatus['status'], 'pending'>;

interface TrackedLogin {
  loginId: string;
  expiresAt: number;
  status: LoginStatus['status'];
  connection?: ConnectionSummary;
  error?: string;
  usesLoopback: boolean;
  settled: Promise<void>;
  settle(): void;
  timer: NodeJS.Timeout;
}

const page = (ok: boolean, title: string, message: string): CallbackPage => ({ ok, title, message });
const NOT_A_LOGIN = page(
  false,
  'This link is not a login in progress',
  'Nothing was changed. If you are trying to connect an org, start the login again from Atom for Salesforce.',
);

export function createConnectionsService(deps: ConnectionsServiceDeps): ConnectionsService {
  const { db, vault, gateway, settings, demo, log } = deps;
  const now = deps.now ?? Date.now;
  const ttlMs = deps.loginTtlMs ?? LOGIN_TTL_MS;
  const states: LoginStateStore = createLoginStateStore({ ttlMs, now });
  const logins = new Map<string, TrackedLogin>();
  let listener: { server: LoopbackListener; port: number; path: string; users: number } | undefined;

  // The Demo org's emulator and the active org's session belong to the active org (active-org.ts).
  const activeOrg = deps.activeOrg ?? createActiveOrg({ db, gateway, demo });
  const publishChanged = (reason: 'login' | 'activated' | 'disconnected', connectionId: string) =>
    deps.events?.publish('connections-changed', { reason, connectionId, activeConnectionId: activeOrg.current()?.id ?? null });

  const summary = (record: ConnectionRecord): ConnectionSummary => ({
    id: record.id,
    environment: record.environment,
    loginUrl: record.loginUrl,
    instanceUrl: record.instanceUrl,
    orgId: record.orgId,
    userId: record.userId,
    username: record.username,
    displayName: record.displayName,
    status: record.status,
    active: record.active,
    tokenStorage: vault.storage,
    connectedAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
  });

  // ---- loopback listener: one shared by every pending loopback login --------------------------

  const acquireListener = async (target: Extract<RedirectTarget, { kind: 'loopback' }>) => {
    if (listener) {
      if (listener.port !== target.port || listener.path !== target.path) {
        throw new AppError('CONFIG', 'Another login is still waiting for its callback. Finish or cancel it first.');
      }
      listener.users++;
      listener.server.extend(ttlMs);
      return;
    }
    const server = await startLoopbackListener({
      port: target.port,
      path: target.path,
      timeoutMs: ttlMs,
      onCallback: (url) => handleCallback(url),
      onClose: () => {
        if (listener?.server === server) listener = undefined;
      },
    });
    listener = { server, port: target.port, path: target.path, users: 1 };
  };

  const releaseListener = () => {
    if (!listener) return;
    listener.users--;
    if (listener.users <= 0) {
      const { server } = listener;
      listener = undefined;
      void server.close();
    }
  };

  // ---- login tracking ------------------------------------------------------------------------

  const finish = (tracked: TrackedLogin, status: LoginOutcome, details: { connection?: ConnectionSummary; error?: string } = {}) => {
    if (tracked.status !== 'pending') return;
    tracked.status = status;
    tracked.connection = details.connection;
    tracked.error = details.error;
    clearTimeout(tracked.timer);
    if (tracked.usesLoopback) releaseListener();
    tracked.settle();
    // Keep the outcome around for late pollers, then forget it.
    setTimeout(() => logins.delete(tracked.loginId), ttlMs).unref();
  };

  const track = (loginId: string, expiresAt: number, usesLoopback: boolean): TrackedLogin => {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const tracked: TrackedLogin = {
      loginId,
      expiresAt,
      status: 'pending',
      usesLoopback,
      settled,
      settle,
      timer: setTimeout(() => finish(tracked, 'expired', { error: 'The login took longer than 10 minutes. Start it again.' }), Math.max(0, expiresAt - now())),
    };
    tracked.timer.unref();
    logins.set(loginId, tracked);
    return tracked;
  };

  // ---- Demo org ------------------------------------------------------------------------------

  const ensureDemo = () => activeOrg.ensureDemo();

  // ---- callback ------------------------------------------------------------------------------

  const exchangeAndSave = async (binding: LoginBinding, code: string): Promise<ConnectionRecord> => {
    const policy: HostPolicy =
      binding.environment === 'demo' ? { kind: 'demo', origin: new URL(binding.loginHost).origin } : { kind: 'salesforce', loginHost: binding.loginHost };
    let clientSecret: string | undefined;
    if (binding.environment !== 'demo') {
      const resolved = await settings.resolve();
      if (resolved.clientId === binding.clientId) clientSecret = resolved.clientSecret;
    }
    const tokens = await exchangeCode({
      loginHost: binding.loginHost,
      policy,
      clientId: binding.clientId,
      clientSecret,
      code,
      verifier: binding.verifier,
      redirectUri: binding.redirectUri,
      fetchImpl: deps.fetchImpl,
    });
    const identity = await gateway.fetchLoginIdentity({ instanceUrl: tokens.instanceUrl, accessToken: tokens.accessToken, userId: tokens.userId });
    const record = await vault.saveLogin(
      {
        environment: binding.environment,
        loginUrl: binding.loginHost,
        instanceUrl: tokens.instanceUrl,
        clientId: binding.clientId,
        orgId: tokens.orgId,
        userId: tokens.userId,
        profileId: identity.profileId,
        username: identity.username,
        displayName: identity.displayName,
        scope: tokens.scope ?? null,
        issuedAt: tokens.issuedAt,
      },
      { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
    );
    gateway.forget(record.id);
    // The org the user just logged in to is the one they want to work in.
    setActiveConnection(db, record.id);
    if (!tokens.refreshToken) log.warn(`Connection ${record.id} got no refresh token; it will need a new login when the session ends`);
    return getConnection(db, record.id) as ConnectionRecord;
  };

  const loginFailureText = (err: unknown): string => {
    if (err instanceof OAuthEndpointError) {
      if (err.error === 'invalid_grant') return 'Salesforce did not accept the login (the code expired or was already used). Start the login again.';
      return describeAuthorizeError(err.error, err.description);
    }
    const mapped = mapSalesforceError(err);
    if (mapped) return mapped.message;
    log.error('Login failed unexpectedly', err);
    return 'Something went wrong while finishing the login. Start it again.';
  };

  const handleCallback = async (callbackUrl: string): Promise<CallbackOutcome> => {
    const parsed = parseCallbackUrl(callbackUrl);
    if (!parsed?.params.state) return { ...NOT_A_LOGIN, handled: false };
    const { url, params } = parsed;

    let loginId: string;
    let binding: LoginBinding;
    try {
      ({ loginId, binding } = states.consume(params.state!, params.iss ? { loginHost: params.iss } : undefined));
    } catch (err) {
      if (!(err instanceof LoginStateError)) throw err;
      const tracked = err.loginId ? logins.get(err.loginId) : undefined;
      if (!tracked) return { ...NOT_A_LOGIN, handled: false };
      if (err.reason === 'wrong-host') finish(tracked, 'failed', { error: err.message });
      else if (err.reason === 'expired') finish(tracked, 'expired', { error: err.message });
      return { ...page(false, 'Login not completed', `${err.message} Return to the app and start again.`), handled: true };
    }

    const tracked = logins.get(loginId);
    if (!tracked || tracked.status !== 'pending') {
      return { ...page(false, 'Login not completed', 'This login was cancelled in the app. Start again if you still want to connect.'), handled: true };
    }
    const fail = (message: string): CallbackOutcome => {
      finish(tracked, 'failed', { error: message });
      return { ...page(false, 'Login not completed', `${message}`), handled: true };
    };
    if (!callbackMatchesRedirect(url, binding.redirectUri)) {
      return fail('The login answer arrived at a different address than the one it was started with, so it was refused.');
    }
    if (params.error) return fail(describeAuthorizeError(params.error, params.errorDescription));
    if (!params.code) return fail('Salesforce did not send a login code. Start the login again.');

    try {
      const record = await exchangeAndSave(binding, params.code);
      finish(tracked, 'completed', { connection: summary(record) });
      publishChanged('login', record.id);
      return {
        ...page(true, "You're connected", `Atom for Salesforce is now connected to ${record.username}. You can close this tab and return to the app.`),
        handled: true,
      };
    } catch (err) {
      return fail(loginFailureText(err));
    }
  };

  return {
    list: () => listConnections(db).map(summary),

    async startLogin(input) {
      const existing = input.connectionId ? getConnection(db, input.connectionId) : undefined;
      if (input.connectionId && !existing) throw new AppError('NOT_FOUND', 'That connection no longer exists.');

      let loginHost: string;
      let clientId: string;
      let redirect: RedirectTarget;
      if (input.environment === 'demo') {
        const emulator = await ensureDemo();
        loginHost = emulator.url;
        clientId = emulator.consumerKey;
        redirect = await settings.demoRedirect();
      } else {
        const resolved = await settings.resolve();
        if (resolved.problems.length > 0) throw new AppError('CONFIG', `${NEEDS_SETTINGS} ${resolved.problems.join(' ')}`);
        loginHost = input.environment === 'custom' ? normalizeMyDomain(input.myDomain ?? '') : loginHostFor(input.environment);
        clientId = resolved.clientId;
        redirect = resolved.redirect;
      }
      if (redirect.kind === 'invalid') throw new AppError('CONFIG', redirect.problem);

      const pkce = createPkcePair();
      const begun = states.begin({
        loginHost,
        verifier: pkce.verifier,
        redirectUri: redirect.uri,
        environment: input.environment,
        clientId,
        connectionId: input.connectionId,
      });
      const usesLoopback = redirect.kind === 'loopback';
      if (redirect.kind === 'loopback') {
        try {
          await acquireListener(redirect);
        } catch (err) {
          states.cancel(begun.loginId);
          throw err;
        }
      }
      track(begun.loginId, begun.expiresAt, usesLoopback);

      // Show Salesforce's login form (not a silent SSO) when re-logging in or adding a second
      // user of the same login server: otherwise the browser's session picks the user.
      const forceLogin = Boolean(input.connectionId) || listConnections(db).some((c) => c.loginUrl === loginHost);
      const authorizeUrl = buildAuthorizeUrl({
        loginHost,
        clientId,
        redirectUri: redirect.uri,
        verifier: pkce.verifier,
        state: begun.state,
        forceLogin,
      });
      let openedInSystemBrowser = false;
      if (deps.openExternal) {
        try {
          await deps.openExternal(authorizeUrl, input.environment === 'demo' ? { demoOrigin: new URL(loginHost).origin } : {});
          openedInSystemBrowser = true;
        } catch (err) {
          log.warn('Could not open the system browser for the login; the app will show the link instead', err);
        }
      }
      return { loginId: begun.loginId, authorizeUrl, openedInSystemBrowser, expiresAt: new Date(begun.expiresAt).toISOString() };
    },

    async awaitLogin(loginId, waitMs) {
      const tracked = logins.get(loginId);
      if (!tracked) return { status: 'expired', error: 'This login is no longer pending. Start it again.' };
      if (tracked.status === 'pending' && waitMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([tracked.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      return {
        status: tracked.status,
        ...(tracked.connection ? { connection: tracked.connection } : {}),
        ...(tracked.error ? { error: tracked.error } : {}),
      };
    },

    cancelLogin(loginId) {
      const tracked = logins.get(loginId);
      if (!tracked || tracked.status !== 'pending') return { cancelled: false };
      states.cancel(loginId);
      finish(tracked, 'cancelled');
      return { cancelled: true };
    },

    async completeLogin(callbackUrl) {
      try {
        const { ok, title, message } = await handleCallback(callbackUrl);
        return { ok, title, message };
      } catch (err) {
        log.error('Login callback failed unexpectedly', err);
        return page(false, 'Login not completed', 'Something went wrong. Return to the app and start the login again.');
      }
    },

    activate(connectionId) {
      if (!setActiveConnection(db, connectionId)) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      publishChanged('activated', connectionId);
      return summary(getConnection(db, connectionId) as ConnectionRecord);
    },

    async disconnect(connectionId, options = {}) {
      const record = getConnection(db, connectionId);
      if (!record) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      const unsent = deps.localData?.unsentCounts(connectionId) ?? { total: 0, pending: 0, needsAttention: 0, conflicts: 0 };
      if (unsent.total > 0 && !options.discardUnsentChanges) throw new UnsentChangesError(unsent);
      if (unsent.total > 0) log.warn(`Disconnecting connection ${connectionId}: the user discarded ${unsent.total} unsent change(s)`);
      // Local data first, while the connection still exists (its cache is found by it). A failure
      // here must not keep the tokens alive: the leftover files are swept at the next start.
      let localDataRemoved = !deps.localData;
      if (deps.localData) {
        try {
          localDataRemoved = (await deps.localData.remove(connectionId)).removed;
        } catch (err) {
          log.warn(`Could not remove the local data of connection ${connectionId}; it will be removed at the next start`, err);
        }
      }
      if (record.environment === 'demo') {
        // The revoke has to reach the emulator where the token lives.
        await ensureDemo().catch((err: unknown) => log.warn('Demo org could not start for the revoke', err));
      }
      const { revoked } = await vault.revokeAndForget(connectionId);
      gateway.forget(connectionId);
      if (record.active) {
        const next = listConnections(db)[0];
        if (next) setActiveConnection(db, next.id);
      }
      publishChanged('disconnected', connectionId);
      return { revoked, localDataRemoved, discardedChanges: unsent.total };
    },

    activeSession: (use) => activeOrg.session(use),

    async close() {
      for (const tracked of logins.values()) {
        if (tracked.status === 'pending') finish(tracked, 'cancelled');
        clearTimeout(tracked.timer);
      }
      if (listener) {
        const { server } = listener;
        listener = undefined;
        await server.close();
      }
    },
  };
}
