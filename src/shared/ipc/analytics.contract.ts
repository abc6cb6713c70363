/**
 * The salesperson's cockpit: Home, pipeline analytics, the opportunity board and lead analytics.
 *
 * Everything here is computed from the active org's local cache with SQL (src/main/core/analytics):
 * zero API calls, offline, instant. Amounts are never added across currencies: every money figure
 * sits in a `CurrencySlice` (one per CurrencyIsoCode in a multi-currency org; one slice with
 * `currency: null`, the org's single currency, otherwise).
 *
 * Periods are the org's fiscal periods (Organization.FiscalYearStartMonth, cached at sync) or a
 * custom date range; dates are 'YYYY-MM-DD' and ranges include both ends, as SOQL's CloseDate
 * ranges do. "mine" is OwnerId = the connected user; "all" is every opportunity the cache holds.
 *
 * Moving a deal to another stage is not a channel of its own: it is `records:update` through the
 * offline outbox, with the fields `stageChangeFields` (src/shared/analytics/stages.ts) computes, so
 * it works offline and its conflicts surface like any other edit.
 */
import { z } from 'zod';
import { NoInput, SalesforceId, type ChannelSpec } from './common';
import { RecordRef } from './outbox.contract';
import { SyncObject } from './sync.contract';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date looks like 2026-12-31');

// ---- inputs ------------------------------------------------------------------------------------

export const NAMED_PERIODS = ['this-quarter', 'next-quarter', 'last-quarter', 'this-year'] as const;
export const PeriodInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(NAMED_PERIODS) }).strict(),
  z
    .object({ kind: z.literal('custom'), start: IsoDate, end: IsoDate })
    .strict()
    .refine((p) => p.start <= p.end, { message: 'The period must end on or after its start', path: ['end'] }),
]);
export type PeriodInput = z.input<typeof PeriodInput>;

export const Scope = z.enum(['mine', 'all']);
export type Scope = z.infer<typeof Scope>;

// ---- shared shapes -----------------------------------------------------------------------------

/** A resolved period: its dates and the words a salesperson reads ("Q4 FY2026"). */
export const Period = z.object({
  kind: z.enum([...NAMED_PERIODS, 'custom']),
  start: IsoDate,
  end: IsoDate,
  label: z.string(),
});
export type Period = z.infer<typeof Period>;

export const FiscalSettings = z.object({
  /** 1 = January (Salesforce's default). */
  startMonth: z.number().int().min(1).max(12),
  /** Whether a fiscal year is named after the calendar year it starts in (else the one it ends in). */
  nameByStartYear: z.boolean(),
  /** False until a sync has read the org's settings (the default January year is used meanwhile). */
  fromOrg: z.boolean(),
});
export type FiscalSettings = z.infer<typeof FiscalSettings>;

/** A deal as the cockpit lists it (drill-downs, Home's lists, the board's cards). */
export const DealRow = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  stage: z.string().nullable(),
  forecastCategory: z.string().nullable(),
  amount: z.number().nullable(),
  /** null in a single-currency org. */
  currency: z.string().nullable(),
  /** Percent, 0–100. */
  probability: z.number().nullable(),
  closeDate: z.string().nullable(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  /** Whole days since the deal entered its stage (LastStageChangeDate, else its last stage history row, else CreatedDate). */
  daysInStage: z.number().int().nullable(),
  lastActivityDate: z.string().nullable(),
  /** A pending offline change of this deal. */
  localState: z.enum(['synced', 'created', 'modified']),
  /** Why the deal is listed where that needs saying ("pushed 3 times", "no activity for 41 days"). */
  note: z.string().nullable().optional(),
});
export type DealRow = z.infer<typeof DealRow>;

/** Count, amount and weighted amount (Σ Amount × Probability ÷ 100) of a group of deals. */
export const Totals = z.object({ count: z.number().int(), amount: z.number(), weighted: z.number() });
export type Totals = z.infer<typeof Totals>;

export const FORECAST_CATEGORIES = ['Closed', 'Commit', 'Best Case', 'Pipeline'] as const;

export const StageInfo = z.object({
  /** The StageName value (OpportunityStage.ApiName). */
  name: z.string(),
  label: z.string(),
  sortOrder: z.number().int(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  defaultProbability: z.number().nullable(),
  forecastCategory: z.string().nullable(),
});
export type StageInfo = z.infer<typeof StageInfo>;

/** What the cockpit knows about how fresh its figures are. */
export const CacheBasis = z.object({
  /** 'never-synced': no opportunity is cached yet (the figures are empty, not zero). */
  state: z.enum(['never-synced', 'ready']),
  /** The last time the cache's opportunities were brought up to date. */
  syncedAt: z.string().nullable(),
  /** Whether the org's stage list and fiscal settings have been read (else the standard ones are used). */
  orgSettingsKnown: z.boolean(),
});
export type CacheBasis = z.infer<typeof CacheBasis>;

// ---- Home --------------------------------------------------------------------------------------

export const RecentItem = z.object({ object: SyncObject, id: z.string(), title: z.string(), subtitle: z.string().nullable(), viewedAt: z.string() });
export type RecentItem = z.infer<typeof RecentItem>;

export const HomeCurrency = z.object({
  currency: z.string().nullable(),
  open: Totals,
  /** Open deals of the period by forecast category (Omitted left out), in FORECAST_CATEGORIES order. */
  byForecast: z.array(z.object({ category: z.string(), totals: Totals })),
  closedWon: Totals,
});

export const HomeSummary = z.object({
  basis: CacheBasis,
  period: Period,
  /** My open pipeline closing in the current fiscal quarter, one entry per currency. */
  pipeline: z.array(HomeCurrency),
  /** My open deals closing from today to the end of this week (Monday–Sunday). */
  closingThisWeek: z.array(DealRow),
  /** My open deals whose close date has passed. */
  overdue: z.array(DealRow),
  overdueCount: z.number().int(),
  /** My open deals over their stage's threshold or without activity for the set number of days. */
  stale: z.array(DealRow),
  staleCount: z.number().int(),
  /** Records I opened in the app, newest first (kept locally, never sent anywhere). */
  recent: z.array(RecentItem),
});
export type HomeSummary = z.infer<typeof HomeSummary>;

// ---- Pipeline ----------------------------------------------------------------------------------

export const PipelineQuery = z.object({ period: PeriodInput, scope: Scope.default('mine') }).strict();
export type PipelineQuery = z.input<typeof PipelineQuery>;

export const PipelineCurrency = z.object({
  currency: z.string().nullable(),
  /** Open deals closing in the period, per open stage in the org's order (stages with none included, count 0). */
  byStage: z.array(z.object({ stage: z.string(), label: z.string(), totals: Totals })),
  /** Deals closing in the period by forecast category (Closed counts won deals; Omitted left out). */
  byForecast: z.array(z.object({ category: z.string(), totals: Totals })),
  open: Totals,
  won: Totals,
  lost: Totals,
  /** Won ÷ (won + lost) of deals closed in the period; null when none closed. */
  winRateByCount: z.number().nullable(),
  winRateByAmount: z.number().nullable(),
  /** Mean amount of won deals closed in the period. */
  averageDealSize: z.number().nullable(),
  /** Mean days from CreatedDate to CloseDate of won deals closed in the period. */
  averageSalesCycleDays: z.number().nullable(),
  /** Open ÷ (quota − won), when a quota is set for this currency and the quota is not yet met. */
  coverage: z.object({ quota: z.number(), remaining: z.number(), ratio: z.number().nullable() }).nullable(),
});
export type PipelineCurrency = z.infer<typeof PipelineCurrency>;

export const PipelineSummary = z.object({
  basis: CacheBasis,
  period: Period,
  scope: Scope,
  stages: z.array(StageInfo),
  currencies: z.array(PipelineCurrency),
  /** Days in the current stage of open deals closing in the period, per open stage. */
  daysInStage: z.array(z.object({ stage: z.string(), count: z.number().int(), averageDays: z.number().nullable(), medianDays: z.number().nullable() })),
});
export type PipelineSummary = z.infer<typeof PipelineSummary>;

/** How many slipped deals `analytics:slipped` lists. */
export const SLIPPED_LIST_LIMIT = 200;

/** Deals whose close date moved out of the period (a later period), from OpportunityHistory. */
export const SlippedDeals = z.object({
  basis: CacheBasis,
  period: Period,
  /**
   * Deals with a history row in which CloseDate moved from inside the period to after its end, the
   * most pushed first (then the latest pushed); at most SLIPPED_LIST_LIMIT of them.
   */
  deals: z.array(DealRow.extend({ pushes: z.number().int(), firstCloseDate: z.string().nullable(), lastPushedAt: z.string().nullable() })),
  /** How many deals slipped (`deals` may list fewer). */
  total: z.number().int(),
  /** Σ pushes out of the period, over all of them. */
  pushCount: z.number().int(),
});
export type SlippedDeals = z.infer<typeof SlippedDeals>;

export const WATERFALL_STEPS = ['new', 'pulled-in', 'pushed-out', 'increased', 'decreased', 'won', 'lost', 'other'] as const;
export const WaterfallStep = z.enum(WATERFALL_STEPS);
export type WaterfallStep = z.infer<typeof WaterfallStep>;

export const WaterfallQuery = z
  .object({
    period: PeriodInput,
    scope: Scope.default('mine'),
    /** Days back of the start snapshot (7 = week over week). */ days: z.number().int().min(1).max(90).default(7),
  })
  .strict();
export type WaterfallQuery = z.input<typeof WaterfallQuery>;

/**
 * The open pipeline of the period then and now: start + Σ steps = end, per currency. The start is
 * the app's snapshot of the open pipeline on `startDate` (kept at each sync; before the first
 * snapshot the state is rebuilt from OpportunityHistory and `reconstructed` says so).
 */
export const Waterfall = z.object({
  basis: CacheBasis,
  period: Period,
  startDate: IsoDate,
  endDate: IsoDate,
  reconstructed: z.boolean(),
  currencies: z.array(
    z.object({
      currency: z.string().nullable(),
      start: Totals,
      /**
       * `count` and `amount` are the signed changes each step makes (pushed out: −1 a deal and −its
       * start amount; increased: count 0 and +the increase), so start + Σ steps = end; `deals` is how
       * many deals are behind the step (what its drill-down lists).
       */
      steps: z.array(z.object({ step: WaterfallStep, count: z.number().int(), amount: z.number(), deals: z.number().int() })),
      end: Totals,
    }),
  ),
});
export type Waterfall = z.infer<typeof Waterfall>;

/**
 * Which deals a drill-down lists (a click on a bar, a tile, a waterfall step): exactly the deals
 * behind the figure. Every kind but `overdue` (and `stale` with `anyCloseDate`) lists deals closing
 * in the query's period.
 * - open (optionally of a stage or forecast category): the by-stage bars, Home's tiles, days in stage;
 * - won, lost: deals closed in the period (Home's closed won, the pipeline's won and lost);
 * - forecast: deals of a forecast category, open or closed (the pipeline's by-forecast bars);
 * - stale: open deals over their stage's threshold or without activity; `anyCloseDate` for Home's list;
 * - overdue: open deals whose close date has passed, whatever the period (Home's list);
 * - waterfall: the deals of a step.
 */
export const DealsFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open'), stage: z.string().max(255).optional(), forecastCategory: z.string().max(40).optional() }).strict(),
  z.object({ kind: z.literal('won') }).strict(),
  z.object({ kind: z.literal('lost') }).strict(),
  z.object({ kind: z.literal('forecast'), category: z.string().max(40) }).strict(),
  z.object({ kind: z.literal('stale'), anyCloseDate: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('overdue') }).strict(),
  z.object({ kind: z.literal('waterfall'), step: WaterfallStep, days: z.number().int().min(1).max(90).default(7) }).strict(),
]);
export type DealsFilter = z.input<typeof DealsFilter>;

export const DealsQuery = z
  .object({
    period: PeriodInput,
    scope: Scope.default('mine'),
    /** undefined: every currency; null: the single-currency org's. */
    currency: z.string().max(3).nullable().optional(),
    filter: DealsFilter,
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export type DealsQuery = z.input<typeof DealsQuery>;

export const DealsList = z.object({ deals: z.array(DealRow), total: z.number().int() });
export type DealsList = z.infer<typeof DealsList>;

// ---- the board ---------------------------------------------------------------------------------

export const BoardQuery = z
  .object({
    /** undefined: every owner the cache holds; 'me': the connected user. */
    owner: z.union([z.literal('me'), SalesforceId]).optional(),
    /** Deals closing in this period; undefined: any close date. */
    period: PeriodInput.optional(),
    minAmount: z.number().min(0).optional(),
    maxAmount: z.number().min(0).optional(),
  })
  .strict();
export type BoardQuery = z.input<typeof BoardQuery>;

export const Board = z.object({
  basis: CacheBasis,
  /** Every active stage in the org's order (closed ones too: a card can be dropped on them). */
  stages: z.array(StageInfo),
  /** One column per open stage, in the org's order; cards sorted by close date. */
  columns: z.array(z.object({ stage: z.string(), totals: z.array(Totals.extend({ currency: z.string().nullable() })), cards: z.array(DealRow) })),
  /** Owners of open deals in the cache (for the owner filter). */
  owners: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type Board = z.infer<typeof Board>;

// ---- leads -------------------------------------------------------------------------------------

export const LeadAnalyticsQuery = z.object({ period: PeriodInput, scope: Scope.default('mine') }).strict();
export type LeadAnalyticsQuery = z.input<typeof LeadAnalyticsQuery>;

export const LeadAnalytics = z.object({
  basis: CacheBasis,
  /** The creation cohort: leads created in the period. */
  period: Period,
  /** Leads of the cohort by status, in LeadStatus order. */
  funnel: z.array(z.object({ status: z.string(), sortOrder: z.number().int(), isConverted: z.boolean(), count: z.number().int() })),
  created: z.number().int(),
  converted: z.number().int(),
  /** Per lead source of the cohort: created, converted, converted ÷ created. */
  bySource: z.array(z.object({ source: z.string(), created: z.number().int(), converted: z.number().int(), rate: z.number().nullable() })),
  /** Days from CreatedDate to ConvertedDate of the cohort's converted leads. */
  timeToConvert: z.object({ count: z.number().int(), medianDays: z.number().nullable(), p90Days: z.number().nullable() }),
  /** Open (unconverted, not in a closed status) leads of the scope by age, whatever their creation date. */
  aging: z.array(z.object({ bucket: z.string(), sinceCreated: z.number().int(), sinceActivity: z.number().int() })),
  /** Converted leads of the cohort, those with a ConvertedOpportunityId, and those whose opportunity is won. */
  toWon: z.object({
    converted: z.number().int(),
    withOpportunity: z.number().int(),
    won: z.number().int(),
    wonAmount: z.array(z.object({ currency: z.string().nullable(), amount: z.number() })),
  }),
});
export type LeadAnalytics = z.infer<typeof LeadAnalytics>;

// ---- settings ------------------------------------------------------------------------------------

/** The user's own cockpit settings for an org (kept in the app database: they survive a cache rebuild). */
export const CockpitSettings = z.object({
  /** Quota per fiscal quarter, per currency ('' = the single-currency org's). */
  quarterlyQuota: z.record(z.string().max(3), z.number().min(0).max(1e15)),
  /** A deal is stale after this many days in a stage (per StageName; missing = `defaultStaleDays`). */
  staleDaysByStage: z.record(z.string().max(255), z.number().int().min(1).max(3650)),
  defaultStaleDays: z.number().int().min(1).max(3650),
  /** Or after this many days without activity (LastActivityDate, else CreatedDate). */
  noActivityDays: z.number().int().min(1).max(3650),
});
export type CockpitSettings = z.infer<typeof CockpitSettings>;
export const DEFAULT_COCKPIT_SETTINGS: CockpitSettings = { quarterlyQuota: {}, staleDaysByStage: {}, defaultStaleDays: 30, noActivityDays: 21 };

export const analyticsContract = {
  'analytics:home': { method: 'getHome', input: NoInput, output: HomeSummary },
  'analytics:pipeline': { method: 'getPipeline', input: PipelineQuery, output: PipelineSummary },
  'analytics:slipped': { method: 'getSlippedDeals', input: PipelineQuery, output: SlippedDeals },
  'analytics:waterfall': { method: 'getWaterfall', input: WaterfallQuery, output: Waterfall },
  'analytics:deals': { method: 'getDeals', input: DealsQuery, output: DealsList },
  'analytics:board': { method: 'getBoard', input: BoardQuery, output: Board },
  'analytics:leads': { method: 'getLeadAnalytics', input: LeadAnalyticsQuery, output: LeadAnalytics },
  'analytics:fiscal': { method: 'getFiscalSettings', input: NoInput, output: z.object({ fiscal: FiscalSettings, periods: z.array(Period) }) },
  'analytics:settings-get': { method: 'getCockpitSettings', input: NoInput, output: CockpitSettings },
  'analytics:settings-update': { method: 'updateCockpitSettings', input: CockpitSettings.partial().strict(), output: CockpitSettings },
  /** The detail page says a record was opened (Home's "recently viewed"; kept in the org's cache). */
  'analytics:viewed': { method: 'recordViewed', input: z.object({ object: SyncObject, id: RecordRef }).strict(), output: z.object({ ok: z.literal(true) }) },
} as const satisfies Record<string, ChannelSpec>;
