import type Database from 'better-sqlite3';

/**
 * Record lists and form metadata (src/main/core/records and src/main/core/describe).
 *
 * Sort indexes: each sort column `records:list` offers (SORT_FIELDS in records.contract.ts) on a
 * big object has an index ending in `id`, so a window at any offset of a 100,000-row list walks an
 * index in order instead of sorting the object's rows. They are partial (one object each) so a
 * sync pays only for the indexes of the object it writes, and lead with `object` so the planner
 * sees them serve both the WHERE and the ORDER BY. Queries repeat these expressions and
 * `object = '<literal>'` exactly (records/list-sql.ts). Name and LastModifiedDate use the
 * indexes of migration 0001; Campaigns are few and are sorted without one.
 *
 * Related lists look records up by AccountId (contacts, opportunities, cases), ContactId (cases)
 * and CampaignId (opportunities).
 *
 * describe_cache — the org's describe of each object, reduced to form metadata, with when it was
 * fetched (a 200) and last confirmed (a 200 or a 304 to If-Modified-Since), for the 24 h TTL.
 */
export const cacheMigration0003 = {
  version: 3,
  name: 'record-lists',
  up(db: Database.Database) {
    db.exec(`
      CREATE INDEX records_account_type     ON records (object, status COLLATE NOCASE, id) WHERE object = 'Account';
      CREATE INDEX records_account_industry ON records (object, json_extract(fields, '$.Industry') COLLATE NOCASE, id) WHERE object = 'Account';
      CREATE INDEX records_account_city     ON records (object, json_extract(fields, '$.BillingCity') COLLATE NOCASE, id) WHERE object = 'Account';
      CREATE INDEX records_account_revenue  ON records (object, json_extract(fields, '$.AnnualRevenue'), id) WHERE object = 'Account';

      CREATE INDEX records_contact_title    ON records (object, status COLLATE NOCASE, id) WHERE object = 'Contact';
      CREATE INDEX records_contact_account  ON records (object, account_name COLLATE NOCASE, id) WHERE object = 'Contact';
      CREATE INDEX records_contact_email    ON records (object, email COLLATE NOCASE, id) WHERE object = 'Contact';
      CREATE INDEX records_contact_by_account ON records (object, json_extract(fields, '$.AccountId')) WHERE object = 'Contact';

      CREATE INDEX records_opp_close        ON records (object, close_date, id) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_account      ON records (object, account_name COLLATE NOCASE, id) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_stage        ON records (object, status COLLATE NOCASE, id) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_amount       ON records (object, amount, id) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_by_account   ON records (object, json_extract(fields, '$.AccountId')) WHERE object = 'Opportunity';
      CREATE INDEX records_opp_by_campaign  ON records (object, json_extract(fields, '$.CampaignId')) WHERE object = 'Opportunity';

      CREATE INDEX records_lead_company     ON records (object, company COLLATE NOCASE, id) WHERE object = 'Lead';
      CREATE INDEX records_lead_email       ON records (object, email COLLATE NOCASE, id) WHERE object = 'Lead';
      CREATE INDEX records_lead_status      ON records (object, status COLLATE NOCASE, id) WHERE object = 'Lead';

      CREATE INDEX records_case_created     ON records (object, json_extract(fields, '$.CreatedDate'), id) WHERE object = 'Case';
      CREATE INDEX records_case_number      ON records (object, json_extract(fields, '$.CaseNumber') COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_status      ON records (object, status COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_priority    ON records (object, json_extract(fields, '$.Priority') COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_account     ON records (object, account_name COLLATE NOCASE, id) WHERE object = 'Case';
      CREATE INDEX records_case_by_account  ON records (object, json_extract(fields, '$.AccountId')) WHERE object = 'Case';
      CREATE INDEX records_case_by_contact  ON records (object, json_extract(fields, '$.ContactId')) WHERE object = 'Case';

      CREATE TABLE describe_cache (
        object       TEXT PRIMARY KEY,
        meta         TEXT NOT NULL CHECK (json_valid(meta)),
        fetched_at   TEXT NOT NULL,
        validated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
