import { describe, expect, it } from 'vitest';
import {
  boardQueryOf,
  DEFAULT_BOARD_PARAMS,
  DEFAULT_LEAD_PARAMS,
  DEFAULT_PIPELINE_PARAMS,
  parseBoardParams,
  samePeriod,
} from '../../../src/renderer/src/lib/cockpit-params';
import { boardRoute, leadAnalyticsRoute, parseRoute, pipelineRoute, routeHref, type Route } from '../../../src/renderer/src/lib/router';

describe('cockpit routes', () => {
  it('prints the defaults as bare addresses and parses them back', () => {
    expect(routeHref({ name: 'home' })).toBe('#/home');
    expect(routeHref({ name: 'start' })).toBe('#/');
    expect(routeHref(pipelineRoute())).toBe('#/pipeline');
    expect(routeHref(boardRoute())).toBe('#/board');
    expect(routeHref(leadAnalyticsRoute())).toBe('#/lead-analytics');
    expect(parseRoute('#/pipeline')).toEqual({ name: 'pipeline', params: DEFAULT_PIPELINE_PARAMS });
    expect(parseRoute('#/board')).toEqual({ name: 'board', params: DEFAULT_BOARD_PARAMS });
    expect(parseRoute('#/lead-analytics')).toEqual({ name: 'lead-analytics', params: DEFAULT_LEAD_PARAMS });
  });

  it('round-trips a period, a scope, a currency and the board filters', () => {
    const routes: Route[] = [
      pipelineRoute({ period: { kind: 'next-quarter' }, scope: 'all', currency: 'EUR' }),
      pipelineRoute({ period: { kind: 'custom', start: '2026-01-15', end: '2026-03-31' } }),
      leadAnalyticsRoute({ period: { kind: 'this-quarter' }, scope: 'all' }),
      boardRoute({ owner: 'all', period: { kind: 'this-year' }, minAmount: 1000, maxAmount: 25000.5 }),
      boardRoute({ owner: '005000000000001AAA' }),
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref(routes[0])).toBe('#/pipeline?period=next-quarter&scope=all&currency=EUR');
    expect(routeHref(routes[1])).toBe('#/pipeline?period=custom&from=2026-01-15&to=2026-03-31');
  });

  it('falls back to the defaults for anything outside the whitelists', () => {
    expect(parseRoute('#/pipeline?period=forever&scope=nobody&currency=euro')).toEqual(pipelineRoute());
    // A custom range must be two real dates, the first not after the second.
    expect(parseRoute('#/pipeline?period=custom&from=2026-03-31&to=2026-01-01')).toEqual(pipelineRoute());
    expect(parseRoute('#/pipeline?period=custom&from=2026-02-30x&to=2026-03-01')).toEqual(pipelineRoute());
    expect(parseBoardParams(new URLSearchParams('owner=<script>&min=-5&max=1e9&period=custom'))).toEqual(DEFAULT_BOARD_PARAMS);
  });

  it('turns the board filters into the contract query ("all" owners is no owner filter; a reversed range is read the right way round)', () => {
    expect(boardQueryOf(DEFAULT_BOARD_PARAMS)).toEqual({ owner: 'me' });
    expect(boardQueryOf({ owner: 'all', period: { kind: 'this-quarter' }, minAmount: 50000, maxAmount: 1000 })).toEqual({
      period: { kind: 'this-quarter' },
      minAmount: 1000,
      maxAmount: 50000,
    });
  });

  it('compares periods by kind and, for custom ones, by dates', () => {
    expect(samePeriod({ kind: 'this-year' }, { kind: 'this-year' })).toBe(true);
    expect(samePeriod({ kind: 'custom', start: '2026-01-01', end: '2026-01-31' }, { kind: 'custom', start: '2026-01-01', end: '2026-02-01' })).toBe(false);
    expect(samePeriod(null, null)).toBe(true);
    expect(samePeriod({ kind: 'this-year' }, null)).toBe(false);
  });
});
