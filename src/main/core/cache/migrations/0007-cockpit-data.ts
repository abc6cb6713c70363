import type Database from 'better-sqlite3';

/**
 * The data behind the cockpit (pipeline and lead analytics, the board), read with SQL, never by
 * parsing JSON row by row.
 *
 * Spare typed columns date_a, date_b (dates or date-times as Salesforce sends them) and flag_a,
 *   flag_b (1/0 checkboxes) on `records`, filled per object as the registry maps them: Opportunity
 *   flag_a = IsClosed, flag_b = IsWon, text_a = ForecastCategoryName, text_b = CurrencyIsoCode,
 *   number_a = Probability, date_a = LastActivityDate, date_b = LastStageChangeDate; Lead
 *   flag_a = IsConverted, text_a = LeadSource, text_b = ConvertedOpportunityId,
 *   date_a = ConvertedDate, date_b = LastActivityDate. Rows already cached are filled from their
 *   JSON here; the fields new to this version arrive with the re-read a changed field list causes.
 *
 * opportunity_history — OpportunityHistory rows (read-only in Salesforce: one per create and per
 *   change of stage, amount, probability, close date or forecast category), kept for the
 *   opportunities the cache holds. opportunity_history_checked lists opportunities whose history
 *   was read by Id (those that arrived in the cache after the history's watermark passed them).
 *
 * opportunity_stages, lead_statuses — the org's OpportunityStage and LeadStatus rows (their order,
 *   which stages are closed or won, default probabilities), refreshed by the sync.
 *
 * Frozen: SQL written out as it stands at version 7; the file imports nothing but types.
 */
export const cacheMigration0007 = {
  version: 7,
  name: 'cockpit-data',
  up(db: Database.Database) {
    db.exec(`
      ALTER TABLE records ADD COLUMN date_a TEXT;
      ALTER TABLE records ADD COLUMN date_b TEXT;
      ALTER TABLE records ADD COLUMN flag_a INTEGER;
      ALTER TABLE records ADD COLUMN flag_b INTEGER;

      UPDATE records SET text_a = nullif(json_extract(fields, '$.ForecastCategoryName'), ''),
                         text_b = nullif(json_extract(fields, '$.CurrencyIsoCode'), ''),
                         number_a = json_extract(fields, '$.Probability'),
                         flag_a = json_extract(fields, '$.IsClosed'),
                         flag_b = json_extract(fields, '$.IsWon'),
                         date_a = nullif(json_extract(fields, '$.LastActivityDate'), ''),
                         date_b = nullif(json_extract(fields, '$.LastStageChangeDate'), '')
        WHERE object = 'Opportunity';
      UPDATE records SET text_a = nullif(json_extract(fields, '$.LeadSource'), ''),
                         text_b = nullif(json_extract(fields, '$.ConvertedOpportunityId'), ''),
                         flag_a = json_extract(fields, '$.IsConverted'),
                         date_a = nullif(json_extract(fields, '$.ConvertedDate'), ''),
                         date_b = nullif(json_extract(fields, '$.LastActivityDate'), '')
        WHERE object = 'Lead';

      CREATE TABLE opportunity_history (
        id                TEXT PRIMARY KEY,
        opportunity_id    TEXT NOT NULL,
        created_date      TEXT NOT NULL,
        stage_name        TEXT,
        amount            REAL,
        probability       REAL,
        close_date        TEXT,
        forecast_category TEXT,
        prev_amount       REAL,
        prev_close_date   TEXT,
        system_modstamp   TEXT NOT NULL
      );
      CREATE INDEX opportunity_history_by_opportunity ON opportunity_history (opportunity_id, created_date);
      CREATE INDEX opportunity_history_by_created ON opportunity_history (created_date);
      CREATE TABLE opportunity_history_checked (opportunity_id TEXT PRIMARY KEY) WITHOUT ROWID;

      CREATE TABLE opportunity_stages (
        api_name               TEXT PRIMARY KEY,
        label                  TEXT NOT NULL,
        sort_order             INTEGER NOT NULL,
        is_active              INTEGER NOT NULL,
        is_closed              INTEGER NOT NULL,
        is_won                 INTEGER NOT NULL,
        default_probability    REAL,
        forecast_category_name TEXT
      );
      CREATE TABLE lead_statuses (
        api_name     TEXT PRIMARY KEY,
        label        TEXT NOT NULL,
        sort_order   INTEGER NOT NULL,
        is_converted INTEGER NOT NULL,
        is_default   INTEGER NOT NULL
      );
    `);
  },
};
