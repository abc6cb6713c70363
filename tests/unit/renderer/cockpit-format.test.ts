import { describe, expect, it } from 'vitest';
import { formatCurrency, formatDays, formatMoney, formatPercent } from '../../../src/renderer/src/lib/format';

describe('cockpit formatting', () => {
  it("writes an amount in the deal's own currency; a single-currency org's like every other amount", () => {
    const euro = formatCurrency(1234, 'EUR');
    expect(euro).toMatch(/1[,.\u202f\u00a0]?234/);
    expect(euro).toMatch(/€|EUR/);
    expect(formatCurrency(1234, null)).toBe(formatMoney(1234));
    expect(formatCurrency(null, 'EUR')).toBe('—');
    expect(formatCurrency(2_500_000, 'USD', true)).toMatch(/2\.5M/);
  });

  it('never shows a code Intl refuses in another currency’s symbol', () => {
    expect(formatCurrency(10, 'E1R')).toBe('E1R 10');
  });

  it('shares as whole percents and days with their unit', () => {
    expect(formatPercent(0.437)).toBe('44%');
    expect(formatPercent(null)).toBe('—');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(12.4)).toBe('12 days');
    expect(formatDays(null)).toBe('—');
  });
});
