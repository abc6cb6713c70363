/** Words and numbers of the Health panel: feature names, shares, sizes, latency. Pure (unit-tested). */
import type { ApiFeature } from '../../../../shared/ipc/api-usage';

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
