/**
 * The local Salesforce org emulator: start it in-process (the app's Demo org, tests) or from the
 * command line (cli.ts). One origin on 127.0.0.1 serves login, OAuth, identity and REST.
 */
import type { AddressInfo } from 'node:net';
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_PASSWORD, DEMO_USERNAME } from './demo-app';
import { validateCurrencies } from './org/currencies';
import { isFiscalStartMonth } from './org/fiscal';
import { generateDemoOrg } from './org/generate';
import { openOrgStore } from './org/store';
import type { OrgStore } from './org/types';
import { ApiUsage } from './server/api-usage';
import { findActiveUserByUsername } from './server/connected-app';
import { FaultController, type FaultControls } from './server/faults';
import { createEmulatorServer, MAX_BODY_BYTES } from './server/http-server';
import { TokenStore } from './server/oauth-tokens';
import { PendingAuthorizations } from './server/pending-authorizations';
import { RecentItems } from './server/recent-items';
import { RestRouter } from './server/rest-router';
import { limitsRoutes } from './server/rest/limits';
import { queryRoutes } from './server/rest/query';
import { QueryCursors } from './server/rest/query-cursors';
import { searchRoutes } from './server/rest/search';
import { sobjectRoutes } from './server/rest/sobjects';
import { versionRootRoutes } from './server/rest/versions';
import { compositeRoutes } from './server/rest/composite';
import { bulkRoutes } from './server/rest/bulk';
import type { EmulatorState } from './server/state';

export { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_PASSWORD, DEMO_USERNAME } from './demo-app';
export type { FaultControls, FaultSettings } from './server/faults';

/** A Developer Edition org's daily API allocation. */
export const DEFAULT_API_LIMIT = 15_000;
/** Salesforce's default session timeout: two hours. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 2 * 60 * 60;
export const DEFAULT_SEED = 1;
/** Number of Accounts generated; every other volume follows from it. */
export const DEFAULT_SCALE = 250;

export interface StartEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Seed of the generated org (same seed, same org). */
  seed?: number;
  /** Size of the generated org: the number of Accounts (contacts, opportunities, … follow). */
  scale?: number;
  /**
   * Month (1-12) the generated org's standard fiscal year starts in: Organization
   * .FiscalYearStartMonth, which the FISCAL date literals and functions and Opportunity.FiscalYear /
   * FiscalQuarter follow. Default 1 (January), as in Salesforce. A reused `dbFile` org keeps its own.
   */
  fiscalYearStartMonth?: number;
  /**
   * Name each fiscal year after the calendar year it starts in (Organization
   * .UsesStartDateAsFiscalYearName); by default it is named after the year it ends in.
   */
  usesStartDateAsFiscalYearName?: boolean;
  /**
   * Make the org multi-currency with these ISO codes, the corporate currency first (e.g.
   * ['USD', 'EUR', 'GBP']): CurrencyIsoCode fields, a CurrencyType object, records in a mix of
   * currencies. Omitted (the Demo org): single-currency, where neither exists.
   */
  currencies?: string[];
  /** Skip the login and consent pages: authorize logs the demo user in at once. */
  autoApprove?: boolean;
  /** Daily API request allocation (Sforce-Limit-Info, /limits, 403 once spent). */
  apiLimit?: number;
  /** SQLite file for the org; an existing org in it is reused. In memory when omitted. */
  dbFile?: string;
  /** Pins the org clock (audit dates, SOQL date literals). */
  now?: Date | (() => Date);
  /** Issue a new refresh token on every refresh and retire the old one. */
  rotateRefreshTokens?: boolean;
  /**
   * Answer the OAuth username-password grant (`grant_type=password`). Off by default, as
   * Salesforce blocks that flow in orgs created since Summer '23: the demo password is published,
   * so with it on, any program on this computer could take a token without the login page. The
   * app's Demo org never turns it on; tests and tools that need it must ask.
   */
  allowPasswordGrant?: boolean;
  accessTokenTtlSeconds?: number;
  /** Wall clock for token, code and cursor lifetimes (tests). Defaults to Date.now. */
  clock?: () => number;
  /** Largest request body accepted (413 beyond it); Bulk CSV uploads may be three times this. */
  maxBodyBytes?: number;
  /** Where unexpected server errors are reported (never with tokens or query strings). */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** Instance URL and login URL: `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  consumerKey: string;
  consumerSecret: string;
  /** The demo user's credentials (every generated user shares the password). */
  username: string;
  password: string;
  demoUserId: string;
  orgId: string;
  /** True when `dbFile` already held an org and it was reused rather than generated. */
  reusedExistingOrg: boolean;
  store: OrgStore;
  faults: FaultControls;
  /** HTTP requests received so far, admin routes excepted (every request, whatever its answer). */
  requestsReceived(): number;
  /** Calls counted against the API allowance so far (what Sforce-Limit-Info's `used` reports). */
  apiUsageCount(): number;
  close(): Promise<void>;
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function validateOptions(options: StartEmulatorOptions): void {
  const { port, seed, scale } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new RangeError('port must be an integer from 0 to 65535');
  }
  if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 0)) throw new RangeError('scale must be a whole number ≥ 0');
  if (options.fiscalYearStartMonth !== undefined && !isFiscalStartMonth(options.fiscalYearStartMonth)) {
    throw new RangeError('fiscalYearStartMonth must be an integer from 1 to 12');
  }
  if (options.currencies !== undefined) validateCurrencies(options.currencies);
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  validateOptions(options);
  const apiLimit = positiveInteger(options.apiLimit, 'apiLimit', DEFAULT_API_LIMIT);
  const ttlSeconds = positiveInteger(options.accessTokenTtlSeconds, 'accessTokenTtlSeconds', DEFAULT_ACCESS_TOKEN_TTL_SECONDS);
  const pinned = options.now;
  const now = pinned === undefined ? undefined : typeof pinned === 'function' ? pinned : () => new Date(pinned.getTime());
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const store = openOrgStore({ file: options.dbFile, now, currencies: options.currencies });
  let demoUserId: string;
  let reusedExistingOrg = false;
  try {
    const { n: organizations } = store.db.prepare('SELECT COUNT(*) AS n FROM "Organization"').get() as { n: number };
    if (organizations > 0) {
      const demoUser = findActiveUserByUsername(store, DEMO_USERNAME);
      if (!demoUser) throw new Error(`the org in ${options.dbFile ?? 'memory'} has no active user ${DEMO_USERNAME}`);
      demoUserId = demoUser.id;
      reusedExistingOrg = true;
    } else {
      demoUserId = generateDemoOrg(store, {
        seed: options.seed ?? DEFAULT_SEED,
        scale: options.scale ?? DEFAULT_SCALE,
        fiscalYearStartMonth: options.fiscalYearStartMonth,
        usesStartDateAsFiscalYearName: options.usesStartDateAsFiscalYearName,
      }).demoUserId;
    }
  } catch (err) {
    store.close();
    throw err;
  }

  const apiUsage = new ApiUsage(apiLimit);
  const tokens = new TokenStore(store.db, store.orgId, { accessTokenTtlMs: ttlSeconds * 1000, clock });
  const faults = new FaultController({
    expireAllAccessTokens: () => tokens.expireAllAccessTokens(),
    exhaustApiLimit: () => apiUsage.exhaust(),
    resetApiUsage: () => apiUsage.reset(),
  });
  const state: EmulatorState = {
    store,
    baseUrl: '',
    tokens,
    apiUsage,
    received: { requests: 0 },
    faults,
    cursors: new QueryCursors(clock),
    recent: new RecentItems(),
    pending: new PendingAuthorizations(clock),
    autoApprove: options.autoApprove ?? false,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    allowPasswordGrant: options.allowPasswordGrant ?? false,
    demoUserId,
    clock,
    log,
  };
  const router = new RestRouter(
    [...versionRootRoutes, ...queryRoutes(state), ...sobjectRoutes(state), ...searchRoutes(state), ...limitsRoutes(state), ...compositeRoutes, ...bulkRoutes],
    log,
  );
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, 'maxBodyBytes', MAX_BODY_BYTES);
  const { server } = createEmulatorServer(state, router, { maxBodyBytes });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: state.baseUrl,
    port,
    consumerKey: DEMO_CONSUMER_KEY,
    consumerSecret: DEMO_CONSUMER_SECRET,
    username: DEMO_USERNAME,
    password: DEMO_PASSWORD,
    demoUserId,
    orgId: store.orgId,
    reusedExistingOrg,
    store,
    faults,
    requestsReceived: () => state.received.requests,
    apiUsageCount: () => apiUsage.count,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
