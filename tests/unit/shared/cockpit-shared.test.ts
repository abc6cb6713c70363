/** The cockpit's shared rules: fiscal periods of a standard fiscal year, the stage-move fields, an org's registry. */
import { describe, expect, it } from 'vitest';
import { fiscalQuarterOf, resolvePeriod, weekOf, daysBetween } from '../../../src/shared/analytics/fiscal';
import { stageChangeFields } from '../../../src/shared/analytics/stages';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { orgRegistryFor } from '../../../src/main/core/cache/org-registry';
import type { StageInfo } from '../../../src/shared/ipc';

const jan = { startMonth: 1, nameByStartYear: false, fromOrg: true };
const april = { startMonth: 4, nameByStartYear: false, fromOrg: true };

describe('fiscal periods', () => {
  it('a January year is the calendar year', () => {
    const today = '2026-12-02';
    expect(resolvePeriod({ kind: 'this-quarter' }, today, jan)).toEqual({ kind: 'this-quarter', start: '2026-10-01', end: '2026-12-31', label: 'Q4 FY2026' });
    expect(resolvePeriod({ kind: 'next-quarter' }, today, jan)).toEqual({ kind: 'next-quarter', start: '2027-01-01', end: '2027-03-31', label: 'Q1 FY2027' });
    expect(resolvePeriod({ kind: 'last-quarter' }, today, jan)).toEqual({ kind: 'last-quarter', start: '2026-07-01', end: '2026-09-30', label: 'Q3 FY2026' });
    expect(resolvePeriod({ kind: 'this-year' }, today, jan)).toEqual({ kind: 'this-year', start: '2026-01-01', end: '2026-12-31', label: 'FY2026' });
  });

  it('an April year is named after the year it ends in, unless the org names it by its start', () => {
    const today = '2026-12-02';
    expect(resolvePeriod({ kind: 'this-quarter' }, today, april)).toMatchObject({ start: '2026-10-01', end: '2026-12-31', label: 'Q3 FY2027' });
    expect(resolvePeriod({ kind: 'next-quarter' }, today, april)).toMatchObject({ start: '2027-01-01', end: '2027-03-31', label: 'Q4 FY2027' });
    expect(resolvePeriod({ kind: 'last-quarter' }, today, april)).toMatchObject({ start: '2026-07-01', end: '2026-09-30', label: 'Q2 FY2027' });
    expect(resolvePeriod({ kind: 'this-year' }, today, april)).toMatchObject({ start: '2026-04-01', end: '2027-03-31', label: 'FY2027' });
    expect(resolvePeriod({ kind: 'this-year' }, today, { ...april, nameByStartYear: true })).toMatchObject({ label: 'FY2026' });
    expect(fiscalQuarterOf('2027-03-31', april)).toEqual({ year: 2027, quarter: 4 });
    expect(fiscalQuarterOf('2026-04-01', april)).toEqual({ year: 2027, quarter: 1 });
  });

  it('a year starting in February crosses the calendar year', () => {
    const feb = { startMonth: 2, nameByStartYear: false, fromOrg: true };
    expect(resolvePeriod({ kind: 'this-quarter' }, '2026-01-15', feb)).toMatchObject({ start: '2025-11-01', end: '2026-01-31', label: 'Q4 FY2026' });
    expect(resolvePeriod({ kind: 'next-quarter' }, '2026-01-15', feb)).toMatchObject({ start: '2026-02-01', end: '2026-04-30', label: 'Q1 FY2027' });
  });

  it('custom ranges, weeks and day counts', () => {
    expect(resolvePeriod({ kind: 'custom', start: '2026-02-01', end: '2026-02-28' }, '2026-12-02')).toEqual({
      kind: 'custom',
      start: '2026-02-01',
      end: '2026-02-28',
      label: 'Feb 1, 2026 – Feb 28, 2026',
    });
    expect(weekOf('2026-12-02')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(weekOf('2026-12-06')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(daysBetween('2026-11-30', '2026-12-02T10:00:00.000Z')).toBe(2);
  });
});

describe('moving a deal to another stage', () => {
  const stage = (name: string, defaultProbability: number | null, isClosed = false, isWon = false): StageInfo => ({
    name,
    label: name,
    sortOrder: 0,
    isClosed,
    isWon,
    defaultProbability,
    forecastCategory: null,
  });
  const stages = [stage('Prospecting', 10), stage('Negotiation/Review', 90), stage('Closed Won', 100, true, true), stage('Custom', null)];

  it("follows the new stage's default unless the user set the probability", () => {
    expect(stageChangeFields({ stage: 'Prospecting', probability: 10 }, 'Negotiation/Review', stages)).toEqual({
      StageName: 'Negotiation/Review',
      Probability: 90,
    });
    expect(stageChangeFields({ stage: 'Prospecting', probability: null }, 'Closed Won', stages)).toEqual({ StageName: 'Closed Won', Probability: 100 });
    expect(stageChangeFields({ stage: 'Prospecting', probability: 35 }, 'Negotiation/Review', stages)).toEqual({
      StageName: 'Negotiation/Review',
      Probability: 35,
    });
    expect(stageChangeFields({ stage: 'Prospecting', probability: 10 }, 'Custom', stages)).toEqual({ StageName: 'Custom' });
  });
});

describe("an org's registry", () => {
  it('leaves CurrencyIsoCode out unless the org is multi-currency', () => {
    const fields = (r: typeof OBJECT_REGISTRY) => r.get('Opportunity').fields.map((f) => f.name);
    expect(fields(orgRegistryFor(OBJECT_REGISTRY, null))).not.toContain('CurrencyIsoCode');
    const single = { fiscalYearStartMonth: 1, usesStartDateAsFiscalYearName: false, multiCurrency: false, currencies: [], refreshedAt: '' };
    expect(fields(orgRegistryFor(OBJECT_REGISTRY, single))).not.toContain('CurrencyIsoCode');
    expect(orgRegistryFor(OBJECT_REGISTRY, single).get('Opportunity').columns.textB).toBeUndefined();
    const multi = orgRegistryFor(OBJECT_REGISTRY, { ...single, multiCurrency: true });
    expect(fields(multi)).toContain('CurrencyIsoCode');
    expect(multi.get('Opportunity').columns.textB).toBe('CurrencyIsoCode');
    // The same answer for the same settings (the registry is built once).
    expect(orgRegistryFor(OBJECT_REGISTRY, single)).toBe(orgRegistryFor(OBJECT_REGISTRY, null));
  });
});
