/**
 * The budget guard: decides from the usage statistics and the user's share setting whether
 * background work (scheduled sync, the daily reconciliation, probes that cost calls) may spend API
 * calls now, and how far apart scheduled syncs are (see guard-verdict.ts for the levels).
 *
 * It only reads: the figures come from the usage store (fed by the metered path), the backoff from
 * the metered path itself (`BackoffSource`, a small interface of this module that the meter's
 * per-org backoff after REQUEST_LIMIT_EXCEEDED satisfies). Reading a snapshot costs no API call.
 */
import type { ApiUsageSnapshot } from '../../../shared/ipc/api-usage';
import { DEFAULT_API_SHARE_PERCENT } from '../../../shared/ipc/settings.contract';
import { assessBudget, type BudgetVerdict } from './guard-verdict';
import type { BudgetGuard } from './types';
import type { UsageStore } from './usage-store';

/** What the guard needs of the metered path: whether it is backing off an org, and until when. */
export interface BackoffSource {
  backoffOf(connectionId: string): { blockedUntil: number | null };
}

export { DEFAULT_API_SHARE_PERCENT };
/**
 * While background work is paused because of the org's own figure, nothing refreshes that figure
 * (the usage falls as Salesforce's rolling 24 hours move on, but only a call's answer says so). A
 * figure older than this lets one background run through: its first call (an incremental sync
 * costs one) brings a fresh figure, and the guard pauses again at once if usage is still high.
 */
export const ORG_FIGURE_RECHECK_MS = 30 * 60_000;
const DEFAULT_DEBOUNCE_MS = 500;

export interface BudgetGuardDeps {
  usage: Pick<UsageStore, 'today' | 'callsLast24h' | 'orgFigures' | 'onRecorded'>;
  /** The setting "Atom may use at most N% of the org's daily API allowance" (1–100). */
  sharePercent: () => number;
  /** The scheduled-sync interval the user chose, in minutes (0: off). */
  baseIntervalMinutes: () => number;
  /** The metered path's backoff; absent until it is wired (the guard is then never `blocked`). */
  backoff?: BackoffSource;
  now?: () => number;
  /** How long `onChange` waits for further changes before firing. */
  debounceMs?: number;
}

export interface BudgetGuardService extends BudgetGuard {
  /** The full decision (level, interval factor…) for the scheduler. */
  verdict(connectionId: string): BudgetVerdict;
  /** Something outside the usage figures changed (the share setting, the sync interval): re-announce every org. */
  refresh(): void;
  close(): void;
}

export function createBudgetGuard(deps: BudgetGuardDeps): BudgetGuardService {
  const now = deps.now ?? Date.now;
  const listeners = new Set<(connectionId: string) => void>();
  const known = new Set<string>();
  const pending = new Set<string>();
  /** What each org's listeners were last told, so a change that changes nothing is not announced. */
  const announced = new Map<string, string>();
  let debounce: NodeJS.Timeout | undefined;
  let backoffEnd: NodeJS.Timeout | undefined;
  let closed = false;

  const sharePercent = () => {
    const v = deps.sharePercent();
    return Number.isFinite(v) ? Math.min(100, Math.max(1, Math.round(v))) : DEFAULT_API_SHARE_PERCENT;
  };

  const verdict = (connectionId: string): BudgetVerdict =>
    assessBudget({
      now: now(),
      org: deps.usage.orgFigures(connectionId),
      appCalls24h: deps.usage.callsLast24h(connectionId),
      sharePercent: sharePercent(),
      blockedUntil: deps.backoff?.backoffOf(connectionId).blockedUntil ?? null,
      baseIntervalMinutes: Math.max(0, deps.baseIntervalMinutes()),
    });

  const snapshot = (connectionId: string): ApiUsageSnapshot => {
    known.add(connectionId);
    const v = verdict(connectionId);
    const today = deps.usage.today(connectionId);
    return {
      connectionId,
      org: today.org,
      appToday: { total: today.total, byFeature: { ...today.byFeature } as Record<string, number> },
      appSharePercent: sharePercent(),
      guard: { level: v.level, reason: v.reason, syncIntervalMinutes: v.syncIntervalMinutes },
    };
  };

  const allowBackground = (connectionId: string): boolean => {
    const v = verdict(connectionId);
    if (v.level === 'ok' || v.level === 'slowed') return true;
    if (v.level === 'blocked' || !v.pausedByOrgOnly) return false;
    const org = deps.usage.orgFigures(connectionId);
    return org !== null && now() - org.at >= ORG_FIGURE_RECHECK_MS;
  };

  /** A backoff ends without any call being made: wake up then, so the level drops back. */
  const armBackoffEnd = (connectionId: string) => {
    const until = deps.backoff?.backoffOf(connectionId).blockedUntil ?? null;
    if (until === null || until <= now() || closed) return;
    if (backoffEnd) clearTimeout(backoffEnd);
    backoffEnd = setTimeout(() => changed(connectionId), until - now() + 50);
    backoffEnd.unref();
  };

  const announce = () => {
    debounce = undefined;
    const ids = [...pending];
    pending.clear();
    for (const id of ids) {
      const text = JSON.stringify(snapshot(id));
      if (announced.get(id) === text) continue;
      announced.set(id, text);
      armBackoffEnd(id);
      for (const listener of listeners) {
        try {
          listener(id);
        } catch {
          // A listener's failure is its own; the others still hear of the change.
        }
      }
    }
  };

  const changed = (connectionId: string) => {
    if (closed) return;
    known.add(connectionId);
    pending.add(connectionId);
    if (debounce) return;
    debounce = setTimeout(announce, deps.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    debounce.unref();
  };

  const unsubscribe = deps.usage.onRecorded(changed);

  return {
    snapshot,
    allowBackground,
    verdict,
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    refresh() {
      for (const id of known) changed(id);
    },
    close() {
      closed = true;
      unsubscribe();
      if (debounce) clearTimeout(debounce);
      if (backoffEnd) clearTimeout(backoffEnd);
    },
  };
}
