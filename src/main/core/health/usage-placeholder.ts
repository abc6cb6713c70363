/**
 * Stand-ins for the usage statistics and the budget guard (usage/usage-store.ts and
 * usage/budget-guard.ts) until they are merged: they know of no call, so Health shows zero usage,
 * no org figure and the guard at "ok". app-core.ts uses them in exactly two marked lines; delete
 * this file when the real ones are wired there.
 */
import type { ApiUsageSnapshot } from '../../../shared/ipc/api-usage';
import type { BudgetGuard, DailyUsage, UsageReader } from '../usage/types';

const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

export function placeholderUsage(now: () => number = Date.now): UsageReader {
  return {
    today: () => ({ total: 0, byFeature: {}, org: null }),
    daily(_id, days) {
      const out: DailyUsage[] = [];
      for (let i = days - 1; i >= 0; i--) {
        const date = new Date(now());
        date.setDate(date.getDate() - i);
        out.push({ day: localDay(date), total: 0, byFeature: {}, errors: 0, orgUsed: null, orgMax: null });
      }
      return out;
    },
    connectivity: () => ({ lastSuccessAt: null, p50Ms: null, p95Ms: null, callsLastHour: 0, errorsByCode24h: {} }),
    recentErrors: () => [],
  };
}

export function placeholderGuard(syncIntervalMinutes: () => number): BudgetGuard {
  return {
    snapshot: (connectionId): ApiUsageSnapshot => ({
      connectionId,
      org: null,
      appToday: { total: 0, byFeature: {} },
      appSharePercent: 100,
      guard: { level: 'ok', reason: null, syncIntervalMinutes: syncIntervalMinutes() || null },
    }),
    allowBackground: () => true,
    onChange: () => () => undefined,
  };
}
