/** Words and numbers of the Health panel: feature names, shares, sizes, latency. Pure (unit-tested). */
import type { DailyUsagePoint } from '../../../../shared/ipc';
import type { ApiFeature, ApiUsageSnapshot } from '../../../../shared/ipc/api-usage';
import { formatCount } from '../../lib/format';

export const FEATURE_LABELS: Record<ApiFeature, string> = {
  sync: 'Sync',
  outbox: 'Sending changes',
  records: 'Opening records',
  describe: 'Forms and fields',
  auth: 'Login',
  health: 'Health',
  'query-console': 'Query console',
  analytics: 'Analytics',
  notifications: 'Notifications',
  agent: 'Assistant',
};

export function featureLabel(feature: string): string {
  return (FEATURE_LABELS as Record<string, string>)[feature] ?? feature;
}

/** 0.1234 → "12%"; below 1% but above 0 → "<1%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  if (share > 0 && share < 0.01) return '<1%';
  return `${Math.floor(share * 100)}%`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The colour band of a share of an allowance: amber from 75%, red from 90%. */
export function shareTone(share: number | null | undefined): 'ok' | 'warn' | 'danger' {
  if (share === null || share === undefined) return 'ok';
  if (share >= 0.9) return 'danger';
  if (share >= 0.75) return 'warn';
  return 'ok';
}

/** The status bar indicator: red when Salesforce refuses calls or the org is at 90%+, amber when the guard slows or pauses. */
export function indicatorState(snapshot: ApiUsageSnapshot): { tone: 'ok' | 'warn' | 'danger'; text: string; sentence: string } {
  const org = snapshot.org;
  const share = org && org.max > 0 ? org.used / org.max : null;
  const level = snapshot.guard.level;
  const tone = level === 'blocked' || (share !== null && share >= 0.9) ? 'danger' : level === 'slowed' || level === 'paused' ? 'warn' : 'ok';
  const figures = org
    ? `Your org has used ${formatCount(org.used)} of its ${formatCount(org.max)} API requests in the last 24 hours (all apps); Atom made ${formatCount(snapshot.appToday.total)} today.`
    : "Salesforce reports your org's API usage with the next request Atom makes.";
  return { tone, text: `API ${org ? formatShare(share) : '—'}`, sentence: snapshot.guard.reason ? `${snapshot.guard.reason} ${figures}` : figures };
}

export const dayLabel = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/** Features that spent at least one call in the period, busiest first. */
export function featuresIn(daily: DailyUsagePoint[]): string[] {
  const totals = new Map<string, number>();
  for (const point of daily) for (const [feature, n] of Object.entries(point.byFeature)) totals.set(feature, (totals.get(feature) ?? 0) + n);
  return [...totals.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([f]) => f);
}

/** One sentence for the caption: the period's total, the busiest day, the org's highest figure. */
export function usageSummary(daily: DailyUsagePoint[]): string {
  const total = daily.reduce((sum, p) => sum + p.total, 0);
  if (daily.length === 0) return 'No usage recorded yet.';
  const busiest = daily.reduce((a, b) => (b.total > a.total ? b : a));
  const org = daily.filter((p) => p.orgUsed !== null).reduce<DailyUsagePoint | null>((a, b) => (!a || (b.orgUsed ?? 0) > (a.orgUsed ?? 0) ? b : a), null);
  const parts = [`Atom made ${formatCount(total)} API call${total === 1 ? '' : 's'} to this org in the last ${daily.length} days`];
  if (total > 0) parts.push(`the busiest day was ${dayLabel(busiest.day)} with ${formatCount(busiest.total)}`);
  if (org?.orgUsed !== null && org?.orgUsed !== undefined) {
    parts.push(`the org's highest daily figure (all apps) was ${formatCount(org.orgUsed)} of ${formatCount(org.orgMax)}`);
  }
  return `${parts.join('; ')}.`;
}
