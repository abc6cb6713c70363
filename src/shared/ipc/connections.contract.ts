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

/** One change Salesforce does not have yet, as the disconnect warning lists and exports it. */
export const UnsentChange = z.object({
  id: z.number().int(),
  object: z.string(),
  op: z.enum(['create', 'update', 'delete']),
  /** The record's Id, or the temporary `local-…` id of a record created offline. */
  recordId: z.string(),
  /** The record's name (from the change or the local cache), when known. */
  title: z.string().nullable(),
  state: z.enum(['pending', 'needs-attention', 'conflict']),
  /** The user's values ({} for a delete). */
  values: z.record(z.string(), z.unknown()),
  /** Conflicts: Salesforce's values of the same fields. */
  theirs: z.record(z.string(), z.unknown()).nullable(),
  /** Salesforce's message (needs-attention, conflict) or the last failed attempt. */
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(z.string()).optional() }).nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
});
export type UnsentChange = z.infer<typeof UnsentChange>;

export const UnsentChanges = z.object({
  connectionId: z.string(),
  total: z.number().int(),
  pending: z.number().int(),
  needsAttention: z.number().int(),
  conflicts: z.number().int(),
  changes: z.array(UnsentChange),
});
export type UnsentChanges = z.infer<typeof UnsentChanges>;

export const DisconnectResult = z.object({
  /** Salesforce confirmed the token is revoked (false: it could not be reached; removed locally anyway). */
  revoked: z.boolean(),
  /** The org's cached records and outbox were removed from this computer. */
  localDataRemoved: z.boolean(),
  /** Unsent changes dropped because the caller said so. */
  discardedChanges: z.number().int(),
});
export type DisconnectResult = z.infer<typeof DisconnectResult>;

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
  /**
   * Revokes the refresh token at Salesforce, wipes it locally and removes the org's cache. While
   * the org's outbox holds changes Salesforce does not have, refused with INVALID_INPUT naming the
   * field `discardUnsentChanges` (and how many would be lost) unless that field is true.
   */
  'connections:disconnect': {
    method: 'disconnect',
    input: z.object({ connectionId: z.string().min(1).max(64), discardUnsentChanges: z.boolean().optional() }).strict(),
    output: DisconnectResult,
  },
  /** The org's changes that Salesforce does not have yet, with the user's values: for the disconnect warning and its export. */
  'connections:unsent-changes': { method: 'unsentChanges', input: ConnectionRef, output: UnsentChanges },
} as const satisfies Record<string, ChannelSpec>;
