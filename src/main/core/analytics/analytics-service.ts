/**
 * The salesperson's cockpit for the active org (`analytics:*`): Home, the pipeline, slipped deals,
 * the waterfall, drill-downs, the board, lead analytics, fiscal periods, cockpit settings and
 * "recently viewed". Everything is read from the org's cache with SQL: zero API calls, offline.
 * The cache handle comes from the cache pool, which also hears about damage a read runs into; the
 * settings live in the app database. "Today" is the process's local date, from `now`.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { resolvePeriod } from '../../../shared/analytics/fiscal';
import {
  NAMED_PERIODS,
  type analyticsContract,
  type Board,
  type CockpitSettings,
  type DealsList,
  type HomeSummary,
  type LeadAnalytics,
  type PipelineSummary,
  type SlippedDeals,
  type Waterfall,
} from '../../../shared/ipc/analytics.contract';
import type { CachePool } from '../cache/cache-pool';
import type { CachedObject } from '../cache/objects';
import type { ActiveOrg } from '../connections/active-org';
import { readBoard } from './board.read';
import { readCockpitSettings, updateCockpitSettings } from './cockpit-settings.repo';
import { buildContext, type AnalyticsContext } from './context';
import { listDeals } from './deals.read';
import { readHome } from './home.read';
import { readLeadAnalytics } from './leads.read';
import { readPipeline } from './pipeline.read';
import { recordViewed } from './recent-items';
import { readSlipped } from './slipped.read';
import { readWaterfall } from './waterfall.read';

type In<C extends keyof typeof analyticsContract> = z.output<(typeof analyticsContract)[C]['input']>;
type Out<C extends keyof typeof analyticsContract> = z.output<(typeof analyticsContract)[C]['output']>;

export interface AnalyticsService {
  home(): HomeSummary;
  pipeline(query: In<'analytics:pipeline'>): PipelineSummary;
  slipped(query: In<'analytics:slipped'>): SlippedDeals;
  waterfall(query: In<'analytics:waterfall'>): Waterfall;
  deals(query: In<'analytics:deals'>): DealsList;
  board(query: In<'analytics:board'>): Board;
  leads(query: In<'analytics:leads'>): LeadAnalytics;
  fiscal(): Out<'analytics:fiscal'>;
  settings(): CockpitSettings;
  updateSettings(change: In<'analytics:settings-update'>): CockpitSettings;
  viewed(input: In<'analytics:viewed'>): { ok: true };
}

export interface AnalyticsServiceDeps {
  /** The app database (cockpit settings). */
  db: Database.Database;
  activeOrg: Pick<ActiveOrg, 'require'>;
  caches: Pick<CachePool, 'cacheFor' | 'guarded'>;
  /** The clock: "today" is its local date (default: the system clock). */
  now?: () => Date;
}

export function createAnalyticsService(deps: AnalyticsServiceDeps): AnalyticsService {
  const now = deps.now ?? (() => new Date());
  /** Runs a read of the active org's cache with its context. */
  const read = <T>(work: (ctx: AnalyticsContext) => T): T => {
    const connection = deps.activeOrg.require();
    const db = deps.caches.cacheFor(connection.id);
    return deps.caches.guarded(connection.id, () =>
      work(buildContext(db, { now: now(), userId: connection.userId, settings: readCockpitSettings(deps.db, connection.id) })),
    );
  };
  const periodOf = (ctx: AnalyticsContext, input: In<'analytics:pipeline'>['period']) => resolvePeriod(input, ctx.today, ctx.fiscal);

  return {
    home: () => read((ctx) => readHome(ctx)),
    pipeline: (q) => read((ctx) => readPipeline(ctx, periodOf(ctx, q.period), q.scope)),
    slipped: (q) => read((ctx) => readSlipped(ctx, periodOf(ctx, q.period), q.scope)),
    waterfall: (q) => read((ctx) => readWaterfall(ctx, periodOf(ctx, q.period), q.scope, q.days)),
    deals: (q) => read((ctx) => listDeals(ctx, periodOf(ctx, q.period), q)),
    board: (q) => read((ctx) => readBoard(ctx, q)),
    leads: (q) => read((ctx) => readLeadAnalytics(ctx, periodOf(ctx, q.period), q.scope)),
    fiscal: () =>
      read((ctx) => ({
        fiscal: ctx.fiscal,
        periods: NAMED_PERIODS.map((kind) => resolvePeriod({ kind }, ctx.today, ctx.fiscal)),
      })),
    settings: () => readCockpitSettings(deps.db, deps.activeOrg.require().id),
    updateSettings: (change) => updateCockpitSettings(deps.db, deps.activeOrg.require().id, change, now()),
    viewed({ object, id }) {
      const connection = deps.activeOrg.require();
      const db = deps.caches.cacheFor(connection.id);
      deps.caches.guarded(connection.id, () => recordViewed(db, object as CachedObject, id, now()));
      return { ok: true };
    },
  };
}
