/**
 * Daily states of the opportunities, for the waterfall (cache migration 0008, opportunity_states):
 * each opportunity's analytic values as intervals of days. `takePipelineSnapshot` runs after each
 * sync: set-based SQL in one transaction, comparing the cache with the current intervals, so its
 * cost is a few index lookups per opportunity whatever changed.
 */
import type { CacheDb } from '../cache/org-cache';
import { BY_ID_INDEX, indexHint } from './deal-sql';

export interface SnapshotResult {
  /** The day the states were recorded for ('YYYY-MM-DD'; a day before the last snapshot's is moved up to it). */
  day: string;
  /** Opportunities in the cache (not deleted offline). */
  opportunities: number;
  /** States opened or rewritten (new deals, changed values). */
  opened: number;
  /** States closed (changed values, deals gone from the cache). */
  closed: number;
}

/** Intervals that ended this many days ago are dropped: a waterfall looks back 90 days at most. */
export const STATES_KEPT_DAYS = 120;

/** The current analytic values of each cached opportunity, as the states store them. */
const current = (hint: string) => `SELECT r.id, r.owner_id, r.status, r.amount, r.number_a, r.close_date, r.text_a, r.text_b,
  coalesce(r.flag_a, 0) AS is_closed, coalesce(r.flag_b, 0) AS is_won
  FROM records r ${hint} WHERE r.object = 'Opportunity' AND r.local_state <> 'deleted'`;

/** A state row `s` equal to the cached row `r`. */
const SAME = `r.owner_id IS s.owner_id AND r.status IS s.stage_name AND r.amount IS s.amount AND r.number_a IS s.probability
  AND r.close_date IS s.close_date AND r.text_a IS s.forecast_category AND r.text_b IS s.currency
  AND coalesce(r.flag_a, 0) = s.is_closed AND coalesce(r.flag_b, 0) = s.is_won`;
const CACHED = `r.object = 'Opportunity' AND r.id = s.opportunity_id AND r.local_state <> 'deleted'`;

const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Records the opportunities' states as of `day` (the user's local date, 'YYYY-MM-DD'): states whose
 * values changed are closed on `day` and new ones opened; deals gone from the cache (or deleted
 * offline) are closed; a second snapshot the same day rewrites that day's states. Every opportunity
 * of the cache counts, open and closed, so won and lost transitions are seen. To be called after
 * each sync (and safe to call at any time: one immediate transaction).
 */
export function takePipelineSnapshot(db: CacheDb, day: string, now: Date = new Date()): SnapshotResult {
  return db
    .transaction((): SnapshotResult => {
      const last = db.prepare(`SELECT max(day) FROM pipeline_snapshots`).pluck().get() as string | null;
      const d = last !== null && last > day ? last : day;
      const p = { day: d };
      // Every comparison reads the covering index by Id, never the rows (see indexHint).
      const hint = indexHint(db, BY_ID_INDEX);
      const cached = `records r ${hint} WHERE ${CACHED}`;
      // Earlier states that no longer hold: closed on this day.
      const closed = db
        .prepare(
          `UPDATE opportunity_states AS s SET valid_to = @day
            WHERE s.valid_to IS NULL AND s.valid_from < @day AND NOT EXISTS (SELECT 1 FROM ${cached} AND ${SAME})`,
        )
        .run(p).changes;
      // States opened earlier today: rewritten in place, or dropped when the deal is gone.
      const dropped = db
        .prepare(
          `DELETE FROM opportunity_states AS s WHERE s.valid_to IS NULL AND s.valid_from = @day AND NOT EXISTS (SELECT 1 FROM records r WHERE ${CACHED})`,
        )
        .run(p).changes;
      const rewritten = db
        .prepare(
          `UPDATE opportunity_states AS s
              SET (owner_id, stage_name, amount, probability, close_date, forecast_category, currency, is_closed, is_won) =
                  (SELECT r.owner_id, r.status, r.amount, r.number_a, r.close_date, r.text_a, r.text_b, coalesce(r.flag_a, 0), coalesce(r.flag_b, 0)
                     FROM ${cached})
            WHERE s.valid_to IS NULL AND s.valid_from = @day AND NOT EXISTS (SELECT 1 FROM ${cached} AND ${SAME})`,
        )
        .run(p).changes;
      const inserted = db
        .prepare(
          `INSERT INTO opportunity_states (opportunity_id, valid_from, valid_to, owner_id, stage_name, amount, probability, close_date, forecast_category, currency, is_closed, is_won)
           SELECT c.id, @day, NULL, c.owner_id, c.status, c.amount, c.number_a, c.close_date, c.text_a, c.text_b, c.is_closed, c.is_won
             FROM (${current(hint)}) c
            WHERE NOT EXISTS (SELECT 1 FROM opportunity_states s WHERE s.opportunity_id = c.id AND s.valid_to IS NULL)`,
        )
        .run(p).changes;
      db.prepare(`DELETE FROM opportunity_states WHERE valid_to IS NOT NULL AND valid_to < ?`).run(addDays(d, -STATES_KEPT_DAYS));
      // Every cached deal now has its current state.
      const opportunities = db
        .prepare(`SELECT COUNT(*) FROM records r ${hint} WHERE r.object = 'Opportunity' AND r.local_state <> 'deleted'`)
        .pluck()
        .get() as number;
      const result = { day: d, opportunities, opened: inserted + rewritten, closed: closed + dropped };
      db.prepare(
        `INSERT INTO pipeline_snapshots (day, taken_at, opportunities, opened, closed) VALUES (@day, @takenAt, @opportunities, @opened, @closed)
         ON CONFLICT (day) DO UPDATE SET taken_at = excluded.taken_at, opportunities = excluded.opportunities,
           opened = pipeline_snapshots.opened + excluded.opened, closed = pipeline_snapshots.closed + excluded.closed`,
      ).run({ ...result, takenAt: now.toISOString() });
      return result;
    })
    .immediate();
}

/** The first day the app recorded states, or null before the first snapshot. */
export function firstSnapshotDay(db: CacheDb): string | null {
  return db.prepare(`SELECT min(day) FROM pipeline_snapshots`).pluck().get() as string | null;
}
