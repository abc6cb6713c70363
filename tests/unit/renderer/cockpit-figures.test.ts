import { describe, expect, it } from 'vitest';
import {
  cumulativeForecastBars,
  forecastBars,
  parseQuota,
  pickCurrency,
  waterfallBalances,
  waterfallBars,
  waterfallFloor,
} from '../../../src/renderer/src/features/cockpit/figures';

const t = (count: number, amount: number, weighted = amount / 2) => ({ count, amount, weighted });
const byForecast = [
  { category: 'Closed', totals: t(2, 100) },
  { category: 'Commit', totals: t(3, 200) },
  { category: 'Best Case', totals: t(4, 400) },
  { category: 'Pipeline', totals: t(5, 800) },
];

describe('forecast bars', () => {
  it('one bar per category, each listing the deals of its category', () => {
    const bars = forecastBars(byForecast);
    expect(bars.map((b) => [b.label, b.amount])).toEqual([
      ['Closed', 100],
      ['Commit', 200],
      ['Best Case', 400],
      ['Pipeline', 800],
    ]);
    expect(bars[0].filters).toEqual([{ kind: 'forecast', category: 'Closed' }]);
    expect(bars[2].filters).toEqual([{ kind: 'forecast', category: 'Best Case' }]);
  });

  it("adds up Salesforce's cumulative rollups; Open Pipeline leaves Closed out", () => {
    const bars = cumulativeForecastBars(byForecast);
    expect(bars.map((b) => [b.label, b.count, b.amount])).toEqual([
      ['Closed', 2, 100],
      ['Commit forecast', 5, 300],
      ['Best Case forecast', 9, 700],
      ['Open pipeline', 12, 1400],
    ]);
    expect(bars[1].filters).toEqual([
      { kind: 'forecast', category: 'Closed' },
      { kind: 'forecast', category: 'Commit' },
    ]);
    expect(bars[3].weighted).toBe(700);
  });

  it('a category the core left out counts as nothing', () => {
    expect(cumulativeForecastBars([{ category: 'Commit', totals: t(1, 50) }]).map((b) => b.amount)).toEqual([0, 50, 50, 50]);
  });
});

describe('the waterfall', () => {
  const slice = {
    start: t(10, 1000),
    steps: [
      { step: 'new' as const, amount: 300, deals: 2 },
      { step: 'pushed-out' as const, amount: -200, deals: 1 },
      { step: 'won' as const, amount: -100, deals: 1 },
      { step: 'other' as const, amount: -50, deals: 3 },
    ],
    end: t(11, 950),
  };

  it('floats each step from the running total; start and end stand on zero', () => {
    const bars = waterfallBars(slice);
    expect(bars.map((b) => [b.key, b.range, b.delta, b.kind])).toEqual([
      ['start', [0, 1000], 1000, 'total'],
      ['new', [1000, 1300], 300, 'up'],
      ['pushed-out', [1100, 1300], -200, 'down'],
      ['won', [1000, 1100], -100, 'down'],
      ['other', [950, 1000], -50, 'down'],
      ['end', [0, 950], 950, 'total'],
    ]);
    expect(bars.map((b) => b.count)).toEqual([10, 2, 1, 1, 3, 11]);
    expect(waterfallBalances(bars)).toBe(true);
  });

  it('says when the steps do not lead to the end', () => {
    expect(waterfallBalances(waterfallBars({ ...slice, end: t(11, 900) }))).toBe(false);
  });
});

describe('currencies and quota', () => {
  it('shows the asked currency, else the one with the most open deals', () => {
    const slices = [
      { currency: 'EUR', open: t(2, 10) },
      { currency: 'USD', open: t(9, 10) },
    ];
    expect(pickCurrency(slices, 'EUR')?.currency).toBe('EUR');
    expect(pickCurrency(slices, '')?.currency).toBe('USD');
    expect(pickCurrency(slices, 'GBP')?.currency).toBe('USD');
    expect(pickCurrency([{ currency: null }], '')?.currency).toBeNull();
    expect(pickCurrency([], '')).toBeUndefined();
  });

  it('reads a quota as an amount, empty as no quota, anything else as invalid', () => {
    expect(parseQuota('250,000')).toBe(250000);
    expect(parseQuota(' 1 000.50 ')).toBe(1000.5);
    expect(parseQuota('')).toBeNull();
    expect(parseQuota('-5')).toBeUndefined();
    expect(parseQuota('lots')).toBeUndefined();
  });
});

describe('the waterfall axis', () => {
  it('starts below the lowest step, rounded, so a week of changes is not a sliver on a tall pipeline', () => {
    const bars = waterfallBars({
      start: t(30, 3_000_000),
      steps: [
        { step: 'new', amount: 400_000, deals: 2 },
        { step: 'lost', amount: -160_000, deals: 1 },
      ],
      end: t(31, 3_240_000),
    });
    const floor = waterfallFloor(bars);
    expect(floor).toBeGreaterThan(0);
    expect(floor).toBeLessThan(3_000_000);
    expect(floor % 10_000).toBe(0);
  });

  it('starts at zero when a step comes near it', () => {
    const bars = waterfallBars({ start: t(2, 1000), steps: [{ step: 'won', amount: -1000, deals: 2 }], end: t(0, 0) });
    expect(waterfallFloor(bars)).toBe(0);
    expect(waterfallFloor([])).toBe(0);
  });
});
