/**
 * Rows every org has before it holds any data: the values of the standard Stage, Lead Status and
 * Task Status picklists (OpportunityStage, LeadStatus, TaskStatus) and, in a multi-currency org, its currencies
 * (CurrencyType). The store writes them when it creates an org's tables, so they exist whether or
 * not the org is then generated; the generator only re-stamps their audit fields with its users.
 */
import type Database from 'better-sqlite3';
import { currencyTypeValues } from './currencies';
import { makeId } from './ids';
import {
  CLOSED_TASK_STATUSES,
  CONVERTED_LEAD_STATUS,
  DEFAULT_TASK_STATUS,
  FORECAST_CATEGORY_BY_NAME,
  LEAD_STATUSES,
  OPPORTUNITY_STAGES,
  PICKLIST_VALUE_KEY_PREFIX,
  TASK_STATUSES,
} from './schema';
import type { OrgSchema } from './types';

/** The default Lead Status, as the Lead.Status picklist has it. */
export const DEFAULT_LEAD_STATUS = 'Open - Not Contacted';

/** Tables whose rows are org metadata rather than data (the generator re-stamps their audit fields). */
export const METADATA_OBJECTS = ['OpportunityStage', 'LeadStatus', 'TaskStatus', 'CurrencyType'] as const;

type Row = Record<string, string | number | null>;

function insertRows(db: Database.Database, table: string, rows: Row[]): void {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  for (const row of rows) statement.run(columns.map((c) => row[c]));
}

const isEmpty = (db: Database.Database, table: string) => !db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get();

/**
 * Writes the metadata rows the schema calls for into empty tables. `stamp` is the audit time;
 * the creating user is unknown until the org has users (null until the generator sets it).
 */
export function seedOrgMetadata(db: Database.Database, schema: OrgSchema, stamp: string, currencies: readonly string[] | undefined): void {
  const audit = { CreatedDate: stamp, CreatedById: null, LastModifiedDate: stamp, LastModifiedById: null, SystemModstamp: stamp };
  // Picklist-value objects share the 01J prefix, so their Ids share one counter: each object's
  // rows take a fixed block (stages, then lead statuses, then task statuses), so an org kept in a
  // file by an older emulator gains the newer objects' rows without an Id clash.
  const picklistId = (offset: number, i: number) => makeId(PICKLIST_VALUE_KEY_PREFIX, offset + i + 1);
  const leadOffset = OPPORTUNITY_STAGES.length;
  const taskOffset = leadOffset + LEAD_STATUSES.length;
  if (schema.getObject('OpportunityStage') && isEmpty(db, 'OpportunityStage')) {
    insertRows(
      db,
      'OpportunityStage',
      OPPORTUNITY_STAGES.map((s, i) => ({
        Id: picklistId(0, i),
        MasterLabel: s.value,
        ApiName: s.value,
        IsActive: 1,
        SortOrder: i + 1,
        IsClosed: s.closed ? 1 : 0,
        IsWon: s.won ? 1 : 0,
        ForecastCategory: FORECAST_CATEGORY_BY_NAME[s.forecastCategoryName],
        ForecastCategoryName: s.forecastCategoryName,
        DefaultProbability: s.probability,
        Description: null,
        ...audit,
      })),
    );
  }
  if (schema.getObject('LeadStatus') && isEmpty(db, 'LeadStatus')) {
    insertRows(
      db,
      'LeadStatus',
      LEAD_STATUSES.map((status, i) => ({
        Id: picklistId(leadOffset, i),
        MasterLabel: status,
        ApiName: status,
        SortOrder: i + 1,
        IsDefault: status === DEFAULT_LEAD_STATUS ? 1 : 0,
        IsConverted: status === CONVERTED_LEAD_STATUS ? 1 : 0,
        ...audit,
      })),
    );
  }
  if (schema.getObject('TaskStatus') && isEmpty(db, 'TaskStatus')) {
    insertRows(
      db,
      'TaskStatus',
      TASK_STATUSES.map((status, i) => ({
        Id: picklistId(taskOffset, i),
        MasterLabel: status,
        ApiName: status,
        SortOrder: i + 1,
        IsClosed: CLOSED_TASK_STATUSES.includes(status) ? 1 : 0,
        IsDefault: status === DEFAULT_TASK_STATUS ? 1 : 0,
        ...audit,
      })),
    );
  }
  const currencyType = schema.getObject('CurrencyType');
  if (currencies && currencyType && isEmpty(db, 'CurrencyType')) {
    insertRows(
      db,
      'CurrencyType',
      currencyTypeValues(currencies).map((c, i) => ({
        Id: makeId(currencyType.keyPrefix, i + 1),
        IsoCode: c.IsoCode,
        ConversionRate: c.ConversionRate,
        DecimalPlaces: c.DecimalPlaces,
        IsActive: c.IsActive ? 1 : 0,
        IsCorporate: c.IsCorporate ? 1 : 0,
        ...audit,
      })),
    );
  }
}
