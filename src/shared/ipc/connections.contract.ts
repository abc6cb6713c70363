import { z } from 'zod';
import { NoInput, type ChannelSpec } from './common';

export const ORG_ENVIRONMENTS = ['production', 'sandbox', 'custom', 'demo'] as const;
export const OrgEnvironment = z.enum(ORG_ENVIRONMENTS);
export type OrgEnvironment = z.infer<typeof OrgEnvironment>;

/** A connected org as the renderer sees it: identity and status, never a token. */
export const ConnectionSummary = z.object({
  id: z.string(),
  environment: OrgEnvironment,
  loginUrl: z.string(),
  instanceUrl: z.string(),
  orgId: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** connected: tokens usable; needs-login: refresh token rejected (or never persisted). */
  status: z.enum(['connected', 'needs-login']),
  active: z.boolean(),
  /** encrypted: tokens persisted encrypted; memory: OS has no safe key store, tokens kept in memory only. */
  tokenStorage: z.enum(['encrypted', 'memory']),
  connectedAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

export const StartLoginInput = z
  .object({
    environment: OrgEnvironment,
    /** For 'custom': a My Domain such as `acme.my.salesforce.com` or `https://acme.my.salesforce.com`. */
    myDomain: z.string().trim().max(255).optional(),
    /** Re-login of an existing connection that needs it. */
    connectionId: z.string().max(64).optional(),
  })
  .strict()
  .refine((v) => v.environment !== 'custom' || (v.myDomain && v.myDomain.length > 0), {
    message: 'Enter your My Domain URL',
    path: ['myDomain'],
  });
export type StartLoginInput = z.input<typeof StartLoginInput>;

export const PendingLogin = z.object({
  loginId: z.string(),
  /** The Salesforce login page. In the desktop app it is already open in the system browser. */
  authorizeUrl: z.string(),
  /** false in browser mode: the renderer opens authorizeUrl itself (in a new tab). */
  openedInSystemBrowser: z.boolean(),
  expiresAt: z.string(),
});
export type PendingLogin = z.infer<typeof PendingLogin>;

export const LoginStatus = z.object({
  status: z.enum(['pending', 'completed', 'failed', 'expired', 'cancelled']),
  connection: ConnectionSummary.optional(),
  error: z.string().optional(),
});
export type LoginStatus = z.infer<typeof LoginStatus>;

export const ConnectionRef = z.object({ connectionId: z.string().min(1).max(64) }).strict();

export const connectionsContract = {
  'connections:list': { method: 'listConnections', input: NoInput, output: z.array(ConnectionSummary) },
  'connections:start-login': { method: 'startLogin', input: StartLoginInput, output: PendingLogin },
  /** Long-poll: resolves when the login finishes or after waitMs with status 'pending'. */
  'connections:await-login': {
    method: 'awaitLogin',
    input: z.object({ loginId: z.string().min(1).max(128), waitMs: z.number().int().min(0).max(30_000).default(20_000) }).strict(),
    output: LoginStatus,
  },
  'connections:cancel-login': {
    method: 'cancelLogin',
    input: z.object({ loginId: z.string().min(1).max(128) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'connections:activate': { method: 'activateConnection', input: ConnectionRef, output: ConnectionSummary },
  /** Revokes the refresh token at Salesforce, then wipes it locally. */
  'connections:disconnect': { method: 'disconnect', input: ConnectionRef, output: z.object({ revoked: z.boolean() }) },
} as const satisfies Record<string, ChannelSpec>;
