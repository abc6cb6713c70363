import type Database from 'better-sqlite3';

/**
 * What the cockpit keeps of its own (analytics/): daily states of the opportunities for the
 * week-over-week waterfall, and the records the user opened.
 *
 * opportunity_states — each opportunity's analytic values as intervals of days: one row per
 *   opportunity per state, valid from `valid_from` (the day of the snapshot that first saw it) to
 *   `valid_to` (the day of the snapshot that saw it change or disappear, excluded; NULL while it is
 *   the current state). The state on day D is the row with valid_from <= D < valid_to. A snapshot
 *   after each sync (analytics/snapshots.ts) closes the rows whose values changed and opens new
 *   ones, so an unchanged pipeline costs nothing but the comparison. Closed deals are kept too, so
 *   a deal won or lost since the start day is seen as such. Owner, stage, amount, probability,
 *   close date, forecast category, currency, IsClosed, IsWon: the values the waterfall classifies by.
 *   Indexes: the primary key finds a deal's state on a day; opportunity_states_current the rows a
 *   snapshot compares; opportunity_states_open[_owner] the open pipeline of a period on a day,
 *   covering what the waterfall reads of it.
 *
 * pipeline_snapshots — the days a snapshot was taken (the first one says from when the states are
 *   the app's own rather than rebuilt from OpportunityHistory).
 *
 * recent_items — records the user opened (object, id, when), the newest 50 kept.
 *
 * opportunity_history — rebuilt clustered by deal: a WITHOUT ROWID table keyed (opportunity_id,
 *   created_date, id), so a deal's rows in order are one range of the table (days in stage, slipped
 *   deals and the rebuilt start of a waterfall read them deal by deal), `id` still unique for the
 *   sync's INSERT OR REPLACE. The rows are copied as they are. Its indexes:
 *   opportunity_history_by_created (with PrevCloseDate) finds the changes since a day and the close
 *   date each deal had before them; _by_prev_close the rows whose previous close date was in a
 *   period (pushes out of it); opportunity_history_no_prev the deals with rows that have no
 *   PrevCloseDate (history written before Salesforce recorded it).
 *
 * Frozen: SQL written out as it stands at version 8; the file imports nothing but types.
 */
export const cacheMigration0008 = {
  version: 8,
  name: 'pipeline-snapshots',
  up(db: Database.Database) {
    db.exec(`
      CREATE TABLE opportunity_states (
        opportunity_id    TEXT NOT NULL,
        valid_from        TEXT NOT NULL,
        valid_to          TEXT,
        owner_id          TEXT,
        stage_name        TEXT,
        amount            REAL,
        probability       REAL,
        close_date        TEXT,
        forecast_category TEXT,
        currency          TEXT,
        is_closed         INTEGER NOT NULL,
        is_won            INTEGER NOT NULL,
        PRIMARY KEY (opportunity_id, valid_from)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX opportunity_states_current ON opportunity_states (opportunity_id) WHERE valid_to IS NULL;
      CREATE INDEX opportunity_states_open ON opportunity_states (close_date, valid_from, valid_to, owner_id, amount, probability, currency) WHERE is_closed = 0;
      CREATE INDEX opportunity_states_open_owner ON opportunity_states (owner_id, close_date, valid_from, valid_to, amount, probability, currency) WHERE is_closed = 0;

      CREATE TABLE pipeline_snapshots (
        day           TEXT PRIMARY KEY,
        taken_at      TEXT NOT NULL,
        opportunities INTEGER NOT NULL,
        opened        INTEGER NOT NULL,
        closed        INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE recent_items (
        object    TEXT NOT NULL,
        id        TEXT NOT NULL,
        viewed_at TEXT NOT NULL,
        PRIMARY KEY (object, id)
      ) STRICT;
      CREATE INDEX recent_items_by_time ON recent_items (viewed_at);

      CREATE TABLE opportunity_history_0008 (
        id                TEXT NOT NULL UNIQUE,
        opportunity_id    TEXT NOT NULL,
        created_date      TEXT NOT NULL,
        stage_name        TEXT,
        amount            REAL,
        probability       REAL,
        close_date        TEXT,
        forecast_category TEXT,
        prev_amount       REAL,
        prev_close_date   TEXT,
        system_modstamp   TEXT NOT NULL,
        PRIMARY KEY (opportunity_id, created_date, id)
      ) WITHOUT ROWID;
      INSERT INTO opportunity_history_0008 (id, opportunity_id, created_date, stage_name, amount, probability, close_date, forecast_category,
                                            prev_amount, prev_close_date, system_modstamp)
        SELECT id, opportunity_id, created_date, stage_name, amount, probability, close_date, forecast_category,
               prev_amount, prev_close_date, system_modstamp
          FROM opportunity_history;
      DROP TABLE opportunity_history;
      ALTER TABLE opportunity_history_0008 RENAME TO opportunity_history;
      CREATE INDEX opportunity_history_by_created ON opportunity_history (created_date, prev_close_date);
      CREATE INDEX opportunity_history_by_prev_close ON opportunity_history (prev_close_date, close_date);
      CREATE INDEX opportunity_history_no_prev ON opportunity_history (opportunity_id, prev_close_date) WHERE prev_close_date IS NULL;
    `);
  },
};
