/** The Health panel's pure pieces: shares, sizes, the status bar indicator's colour and sentence, the chart caption, the export file. */
import { describe, expect, it } from 'vitest';
import type { DailyUsagePoint, DiagnosticsBundle } from '../../../src/shared/ipc';
import type { ApiUsageSnapshot } from '../../../src/shared/ipc/api-usage';
import { buildDiagnosticsFile } from '../../../src/renderer/src/features/health/diagnostics-export';
import { parseRoute, routeHref } from '../../../src/renderer/src/lib/router';
import { featuresIn, formatBytes, formatShare, indicatorState, usageSummary } from '../../../src/renderer/src/features/health/health-format';

const snapshot = (level: ApiUsageSnapshot['guard']['level'], used: number | null, reason: string | null = null): ApiUsageSnapshot => ({
  connectionId: 'c',
  org: used === null ? null : { used, max: 1000, at: '2026-12-02T08:00:00Z' },
  appToday: { total: 7, byFeature: { sync: 7 } },
  appSharePercent: 50,
  guard: { level, reason, syncIntervalMinutes: 5 },
});

describe('Health formatting', () => {
  it('has its route', () => {
    expect(parseRoute('#/health')).toEqual({ name: 'health' });
    expect(routeHref({ name: 'health' })).toBe('#/health');
  });

  it('shares and sizes', () => {
    expect(formatShare(0.129)).toBe('12%');
    expect(formatShare(0.004)).toBe('<1%');
    expect(formatShare(null)).toBe('—');
    expect(formatBytes(2_100_000)).toBe('2.0 MB');
    expect(formatBytes(null)).toBe('—');
  });

  it('the indicator is red when blocked or at 90%, amber when slowed or paused, with the guard’s sentence', () => {
    expect(indicatorState(snapshot('ok', 120))).toMatchObject({ tone: 'ok', text: 'API 12%' });
    expect(indicatorState(snapshot('ok', 905)).tone).toBe('danger');
    expect(indicatorState(snapshot('blocked', 1000, 'Salesforce refuses calls for now.'))).toMatchObject({
      tone: 'danger',
      sentence: expect.stringMatching(/^Salesforce refuses calls for now\. Your org has used/),
    });
    expect(indicatorState(snapshot('paused', 700, 'Paused.')).tone).toBe('warn');
    expect(indicatorState(snapshot('ok', null))).toMatchObject({ tone: 'ok', text: 'API —' });
  });

  it('the chart caption sums up the month', () => {
    const daily: DailyUsagePoint[] = [
      { day: '2026-12-01', total: 3, byFeature: { sync: 2, records: 1 }, errors: 0, orgUsed: 100, orgMax: 15000 },
      { day: '2026-12-02', total: 9, byFeature: { sync: 9 }, errors: 0, orgUsed: 400, orgMax: 15000 },
    ];
    expect(featuresIn(daily)).toEqual(['sync', 'records']);
    expect(usageSummary(daily)).toMatch(
      /^Atom made 12 API calls to this org in the last 2 days; the busiest day was .+ with 9; the org's highest daily figure \(all apps\) was 400 of 15,000\.$/,
    );
  });

  it('the export file is the bundle as JSON with a dated name', () => {
    const bundle = { format: 'atom-diagnostics/1', createdAt: '2026-12-02T08:01:02.345Z', recentErrors: [] } as unknown as DiagnosticsBundle;
    const file = buildDiagnosticsFile(bundle);
    expect(file.fileName).toBe('atom-diagnostics-2026-12-02T08-01-02Z.json');
    expect(JSON.parse(file.json)).toEqual(bundle);
  });
});
