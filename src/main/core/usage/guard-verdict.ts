/**
 * The budget guard's decision, as a pure function of the figures (budget-guard.ts gathers them).
 *
 * Two ratios are watched: the org's own usage (Sforce-Limit-Info used/max, all apps and users) and
 * this app's calls of the last 24 hours against its share of the org's allowance (the user's
 * setting, default 10%). Salesforce counts a rolling 24 hours, so the app's side is rolling too
 * (hourly buckets), not "since midnight".
 *
 * - blocked: the metered path is backing off after 403 REQUEST_LIMIT_EXCEEDED;
 * - paused: org above 90%, or the app at or over its share: background work waits;
 * - slowed: either ratio above 50% (scheduled syncs twice as far apart) or 75% (four times);
 * - ok otherwise, and whenever the org's allowance is not known yet (no call answered so far).
 */
import type { GuardLevel } from '../../../shared/ipc/api-usage';

export const SLOW_AT = 0.5;
export const SLOWER_AT = 0.75;
export const PAUSE_ORG_AT = 0.9;

export interface BudgetFigures {
  now: number;
  /** The org's newest Sforce-Limit-Info figures (epoch ms), null before any. */
  org: { used: number; max: number; at: number } | null;
  /** This app's calls to the org in the rolling last 24 hours. */
  appCalls24h: number;
  /** The setting: percent of the org's daily allowance this app may use (1–100). */
  sharePercent: number;
  /** From the metered path: Salesforce refuses calls until then (null: not backing off). */
  blockedUntil: number | null;
  /** The scheduled-sync interval the user chose (0: off). */
  baseIntervalMinutes: number;
}

export interface BudgetVerdict {
  level: GuardLevel;
  reason: string | null;
  /** How many times the chosen interval scheduled syncs are now apart (1, 2 or 4). */
  intervalFactor: number;
  syncIntervalMinutes: number | null;
  /** Paused only because of the org's figures (the app is within its share): a stale figure may be rechecked. */
  pausedByOrgOnly: boolean;
}

const percent = (ratio: number) => `${Math.floor(ratio * 100)}%`;

export function assessBudget(f: BudgetFigures): BudgetVerdict {
  const orgRatio = f.org && f.org.max > 0 ? f.org.used / f.org.max : null;
  const allowance = f.org && f.org.max > 0 ? Math.max(1, Math.floor((f.org.max * f.sharePercent) / 100)) : null;
  const appRatio = allowance === null ? null : f.appCalls24h / allowance;
  const highest = Math.max(orgRatio ?? 0, appRatio ?? 0);
  const intervalFactor = highest > SLOWER_AT ? 4 : highest > SLOW_AT ? 2 : 1;
  const base = f.baseIntervalMinutes;
  const syncIntervalMinutes = base > 0 ? base * intervalFactor : null;
  const verdict = (level: GuardLevel, reason: string | null, pausedByOrgOnly = false): BudgetVerdict => ({
    level,
    reason,
    intervalFactor,
    syncIntervalMinutes,
    pausedByOrgOnly,
  });

  if (f.blockedUntil !== null && f.blockedUntil > f.now) {
    const minutes = Math.max(1, Math.ceil((f.blockedUntil - f.now) / 60_000));
    return verdict(
      'blocked',
      `Salesforce is refusing Atom's requests because your org has used up its daily API allowance; Atom will try again in about ${minutes} minute${minutes === 1 ? '' : 's'}. If this keeps happening, ask your Salesforce admin which apps use the allowance.`,
    );
  }
  const appOver = appRatio !== null && appRatio >= 1;
  if (orgRatio !== null && orgRatio > PAUSE_ORG_AT) {
    return verdict(
      'paused',
      `Your org has used ${percent(orgRatio)} of its daily API allowance; Atom has paused background syncs until usage falls. Syncs you start still run.`,
      !appOver,
    );
  }
  if (appOver) {
    return verdict(
      'paused',
      `Atom has used its share (${f.sharePercent}%) of your org's daily API allowance in the last 24 hours; background syncs are paused until usage falls. Syncs you start still run, and you can raise the share in Settings.`,
    );
  }
  if (intervalFactor > 1) {
    const whose =
      (orgRatio ?? 0) >= (appRatio ?? 0)
        ? `Your org has used ${percent(orgRatio ?? 0)} of its daily API allowance`
        : `Atom has used ${percent(appRatio ?? 0)} of its share of your org's daily API allowance`;
    const pace =
      syncIntervalMinutes === null
        ? 'Atom is holding back its background work to save calls.'
        : `Atom now syncs every ${syncIntervalMinutes} minutes instead of every ${base} to save calls.`;
    return verdict('slowed', `${whose}; ${pace}`);
  }
  return verdict('ok', null);
}
