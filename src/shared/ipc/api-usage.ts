/**
 * What the app knows about an org's API allowance and its own spending, shared by the Health
 * requests and the `api-usage` push event. The figures come from the metered path (every HTTP call
 * the core makes to an org) and from the `Sforce-Limit-Info: api-usage=used/max` header Salesforce
 * returns on REST responses, so reading them costs no extra API call.
 */
import { z } from 'zod';

/** Who in the app spent an API call. New capabilities add their name here (and nowhere else). */
export const API_FEATURES = ['sync', 'outbox', 'records', 'describe', 'auth', 'health', 'query-console', 'analytics', 'notifications', 'agent'] as const;
export const ApiFeature = z.enum(API_FEATURES);
export type ApiFeature = z.infer<typeof ApiFeature>;

/** What kind of Salesforce resource a call reached (for usage statistics). */
export const RESOURCE_FAMILIES = ['query', 'sobjects', 'composite', 'bulk', 'describe', 'limits', 'identity', 'oauth', 'other'] as const;
export const ResourceFamily = z.enum(RESOURCE_FAMILIES);
export type ResourceFamily = z.infer<typeof ResourceFamily>;

/**
 * The budget guard's verdict for the active org:
 * - ok: background work runs at its normal pace;
 * - slowed: usage is rising, scheduled syncs are spaced further apart;
 * - paused: background work (scheduled sync, reconciliation) waits; what the user starts still runs, with a warning;
 * - blocked: Salesforce refuses calls (REQUEST_LIMIT_EXCEEDED) until its 24-hour window frees some.
 */
export const GuardLevel = z.enum(['ok', 'slowed', 'paused', 'blocked']);
export type GuardLevel = z.infer<typeof GuardLevel>;

export const ApiUsageSnapshot = z.object({
  connectionId: z.string(),
  /** The org's own figures from the last Sforce-Limit-Info header (null before the first call). */
  org: z.object({ used: z.number().int(), max: z.number().int(), at: z.string() }).nullable(),
  /** This app's calls to the org since local midnight, in all and by feature. */
  appToday: z.object({ total: z.number().int(), byFeature: z.record(z.string(), z.number().int()) }),
  /** The setting: the share (percent) of the org's daily allowance this app may use. */
  appSharePercent: z.number().min(1).max(100),
  guard: z.object({
    level: GuardLevel,
    /** One sentence for a salesperson: why, and what to do (null when ok). */
    reason: z.string().nullable(),
    /** The scheduled-sync interval now in force, in minutes (longer as usage rises; null when off). */
    syncIntervalMinutes: z.number().nullable(),
  }),
});
export type ApiUsageSnapshot = z.infer<typeof ApiUsageSnapshot>;
