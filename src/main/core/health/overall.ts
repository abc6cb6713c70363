/**
 * The rules behind the Health headline: from the org's state, the reasons (one sentence each, most
 * serious first) and the level they add up to. Pure, so every rule has a unit test.
 */
import type { CacheNotice, HealthLevel, HealthOverall, HealthReason } from '../../../shared/ipc';
import type { ApiUsageSnapshot } from '../../../shared/ipc/api-usage';
import type { SessionRenewals } from '../auth/token-vault';

export interface OverallInputs {
  connectionStatus: 'connected' | 'needs-login';
  /** null: the outbox could not be read (the cache is damaged or closing). */
  outbox: { online: boolean; paused: boolean; needsAttention: number; conflicts: number } | null;
  guard: ApiUsageSnapshot['guard'];
  /** org used / max from the last Sforce-Limit-Info, null before the first call. */
  orgUsedShare: number | null;
  renewals: SessionRenewals;
  syncOutcome: 'ok' | 'partial' | 'cancelled' | 'failed' | null;
  cacheNotice: CacheNotice | null;
}

/** At or above this share of the org's daily allowance, Health says so even when the guard has not acted yet. */
export const ORG_USAGE_WARN_SHARE = 0.9;

const HEADLINES: Record<HealthLevel, string> = {
  healthy: 'Everything is working',
  attention: 'Working, but something needs your attention',
  blocked: "Stopped: Atom can't exchange anything with Salesforce until this is fixed",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const percent = (share: number) => `${Math.floor(share * 100)}%`;

function blockingReasons(input: OverallInputs): HealthReason[] {
  const reasons: HealthReason[] = [];
  if (input.connectionStatus === 'needs-login' || input.outbox?.paused) {
    reasons.push({
      code: 'needs-login',
      level: 'blocked',
      message: 'Your Salesforce session has ended. Log in again: until then nothing syncs and your changes wait on this computer.',
      action: 'log-in',
    });
  }
  if (input.cacheNotice?.kind === 'damaged') {
    reasons.push({
      code: 'cache-damaged',
      level: 'blocked',
      message: 'The copy of this org on this computer is damaged. Restart Atom to repair it; your unsent changes are kept.',
      action: 'restart',
    });
  }
  if (input.guard.level === 'blocked' || (input.orgUsedShare !== null && input.orgUsedShare >= 1)) {
    reasons.push({
      code: 'api-blocked',
      level: 'blocked',
      message:
        input.guard.level === 'blocked' && input.guard.reason
          ? input.guard.reason
          : "Your org has used its whole daily API allowance, so Salesforce refuses requests for now. Your changes are kept and sent once it frees up; if this keeps happening, ask your Salesforce admin about the org's API limits.",
      action: 'wait',
    });
  }
  return reasons;
}

function guardReasons(input: OverallInputs): HealthReason[] {
  const { guard, orgUsedShare } = input;
  if (guard.level === 'paused') {
    return [
      {
        code: 'api-paused',
        level: 'attention',
        message: guard.reason ?? "Scheduled syncs are paused to save your org's API allowance. What you do yourself still goes through.",
        action: 'wait',
      },
    ];
  }
  if (guard.level === 'slowed') {
    return [
      {
        code: 'api-slowed',
        level: 'attention',
        message: guard.reason ?? "Your org's API usage is rising, so Atom syncs less often to save it.",
        action: null,
      },
    ];
  }
  if (guard.level === 'ok' && orgUsedShare !== null && orgUsedShare >= ORG_USAGE_WARN_SHARE && orgUsedShare < 1) {
    return [
      {
        code: 'org-usage-high',
        level: 'attention',
        message: `Your org has used ${percent(orgUsedShare)} of its daily API allowance (all apps together). If it runs out, Salesforce refuses requests until it frees up.`,
        action: 'ask-admin',
      },
    ];
  }
  return [];
}

function workReasons(input: OverallInputs, suppressSync: boolean): HealthReason[] {
  const reasons: HealthReason[] = [];
  const { outbox, renewals } = input;
  if (input.connectionStatus === 'connected' && renewals.failures > 0) {
    reasons.push({
      code: 'session-refresh-failing',
      level: 'attention',
      message:
        'Atom could not renew your Salesforce session on its last try (the Login section says why). It tries again with the next request; if this keeps happening, log in again.',
      action: 'log-in',
    });
  }
  if (!suppressSync && (input.syncOutcome === 'failed' || input.syncOutcome === 'partial')) {
    reasons.push({
      code: 'sync-failing',
      level: 'attention',
      message: 'The last sync did not finish, so some records on this computer may be out of date. Try "Sync now"; the Sync section shows what went wrong.',
      action: 'sync-now',
    });
  }
  if (outbox && outbox.conflicts > 0) {
    reasons.push({
      code: 'conflicts',
      level: 'attention',
      message: `${plural(outbox.conflicts, 'change conflicts', 'changes conflict')} with edits made in Salesforce. Open Changes to choose which version to keep.`,
      action: 'open-changes',
    });
  }
  if (outbox && outbox.needsAttention > 0) {
    reasons.push({
      code: 'changes-refused',
      level: 'attention',
      message: `Salesforce refused ${plural(outbox.needsAttention, 'change', 'changes')}. Open Changes to correct or discard ${outbox.needsAttention === 1 ? 'it' : 'them'}.`,
      action: 'open-changes',
    });
  }
  const notice = input.cacheNotice;
  if (notice?.kind === 'repaired' && notice.lostChanges !== 0) {
    reasons.push({ code: 'cache-rebuilt-with-losses', level: 'attention', message: notice.message, action: 'open-changes' });
  }
  return reasons;
}

export function overallHealth(input: OverallInputs): HealthOverall {
  const blocking = blockingReasons(input);
  const offline = input.outbox !== null && !input.outbox.online && !blocking.some((r) => r.code === 'needs-login');
  const reasons: HealthReason[] = [...blocking];
  if (offline) {
    reasons.push({
      code: 'offline',
      level: 'attention',
      message: "Salesforce can't be reached from this computer. Check your internet connection; your changes are kept and sent when it answers.",
      action: 'check-connection',
    });
  }
  if (!blocking.some((r) => r.code === 'api-blocked')) reasons.push(...guardReasons(input));
  // A sync that failed because the org is unreachable, refusing calls or waiting for a login is already explained.
  reasons.push(...workReasons(input, offline || blocking.length > 0));
  const level: HealthLevel = reasons.some((r) => r.level === 'blocked') ? 'blocked' : reasons.length > 0 ? 'attention' : 'healthy';
  return { level, headline: HEADLINES[level], reasons };
}
