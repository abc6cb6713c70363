/**
 * A deal moved to another stage offline (the board's drag, through the outbox's local records)
 * counts where it will be once the change is sent: the cached row takes IsClosed, IsWon and the
 * forecast category the org's stage gives it, while the queued change carries only what was written.
 */
import { afterEach, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/shared/analytics/fiscal';
import { readBoard } from '../../../src/main/core/analytics/board.read';
import { readPipeline } from '../../../src/main/core/analytics/pipeline.read';
import { getCachedRecord } from '../../../src/main/core/cache/records.read';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { contextOf, ME, openTestCache, opportunity, oppId, putOpportunities, writeOrg, type TestCache } from './analytics-fixture';

let cache: TestCache | undefined;
afterEach(() => cache?.close());

it('a stage changed offline moves the deal in the pipeline and off the board at once', () => {
  cache = openTestCache();
  const db = cache.db;
  writeOrg(db);
  putOpportunities(db, [
    opportunity(oppId(1), { OwnerId: ME, StageName: 'Negotiation', Amount: 5000, Probability: 80, CloseDate: '2026-05-25', ForecastCategoryName: 'Commit' }),
  ]);
  const local = createCacheLocalRecords(db);
  const values = { StageName: 'Closed Won', Probability: 100 };
  db.transaction(() => local.applyLocal('Opportunity', oppId(1), values, 'update'))();
  expect(values).toEqual({ StageName: 'Closed Won', Probability: 100 });
  expect(getCachedRecord(db, 'Opportunity', oppId(1))).toMatchObject({
    localState: 'modified',
    fields: { StageName: 'Closed Won', IsClosed: true, IsWon: true, ForecastCategoryName: 'Closed', Probability: 100 },
  });
  const ctx = contextOf(db, '2026-05-20');
  const pipeline = readPipeline(ctx, resolvePeriod({ kind: 'this-quarter' }, ctx.today, ctx.fiscal), 'mine').currencies[0];
  expect([pipeline.open.count, pipeline.won.count, pipeline.won.amount]).toEqual([0, 1, 5000]);
  expect(readBoard(ctx, {}).columns.every((c) => c.cards.length === 0)).toBe(true);

  // A forecast category the user set is kept; an unknown stage derives nothing.
  db.transaction(() => local.applyLocal('Opportunity', oppId(1), { StageName: 'Proposal', ForecastCategoryName: 'Commit' }, 'update'))();
  expect(getCachedRecord(db, 'Opportunity', oppId(1))?.fields).toMatchObject({
    StageName: 'Proposal',
    IsClosed: false,
    IsWon: false,
    ForecastCategoryName: 'Commit',
  });
  db.transaction(() => local.applyLocal('Opportunity', oppId(1), { StageName: 'Nowhere' }, 'update'))();
  expect(getCachedRecord(db, 'Opportunity', oppId(1))?.fields).toMatchObject({ StageName: 'Nowhere', IsClosed: false, ForecastCategoryName: 'Commit' });
});
