/**
 * The org's reference data in its cache (cache migrations 0007 and 0009): OpportunityStage,
 * LeadStatus and TaskStatus rows, the org settings the cockpit needs (fiscal year, currencies) and
 * OpportunityHistory.
 * Written by the sync (sync/reference-sync.ts, sync/history-sync.ts), read by the cockpit
 * (analytics/). Plain functions over the db handle; callers own the transactions.
 *
 * Until a sync has read them, readers get Salesforce's standard sales process, lead and task
 * statuses and a January fiscal year, flagged `fromOrg: false`, so a cache filled by an older version still
 * shows a board in the right order.
 */
import type { CacheDb } from './org-cache';

export interface StageRow {
  name: string;
  label: string;
  sortOrder: number;
  isActive: boolean;
  isClosed: boolean;
  isWon: boolean;
  defaultProbability: number | null;
  forecastCategory: string | null;
}

export interface LeadStatusRow {
  name: string;
  label: string;
  sortOrder: number;
  isConverted: boolean;
  isDefault: boolean;
}

export interface TaskStatusRow {
  name: string;
  label: string;
  sortOrder: number;
  isClosed: boolean;
  isDefault: boolean;
}

export interface OrgCurrency {
  isoCode: string;
  isCorporate: boolean;
  conversionRate: number | null;
  decimalPlaces: number | null;
}

export interface OrgSettings {
  fiscalYearStartMonth: number;
  usesStartDateAsFiscalYearName: boolean;
  /** Whether the org has CurrencyIsoCode fields (a CurrencyType table answered). */
  multiCurrency: boolean;
  currencies: OrgCurrency[];
  /** When the sync last read them (ISO). */
  refreshedAt: string;
}

export interface HistoryRow {
  id: string;
  opportunityId: string;
  createdDate: string;
  stageName: string | null;
  amount: number | null;
  probability: number | null;
  closeDate: string | null;
  forecastCategory: string | null;
  prevAmount: number | null;
  prevCloseDate: string | null;
  systemModstamp: string;
}

// Salesforce's standard sales process and lead statuses (Setup's defaults), used until the org's are read.
const STANDARD_STAGES: Array<[string, number, string, boolean, boolean]> = [
  ['Prospecting', 10, 'Pipeline', false, false],
  ['Qualification', 10, 'Pipeline', false, false],
  ['Needs Analysis', 20, 'Pipeline', false, false],
  ['Value Proposition', 50, 'Pipeline', false, false],
  ['Id. Decision Makers', 60, 'Pipeline', false, false],
  ['Perception Analysis', 70, 'Pipeline', false, false],
  ['Proposal/Price Quote', 75, 'Pipeline', false, false],
  ['Negotiation/Review', 90, 'Pipeline', false, false],
  ['Closed Won', 100, 'Closed', true, true],
  ['Closed Lost', 0, 'Omitted', true, false],
];
const STANDARD_LEAD_STATUSES: Array<[string, boolean, boolean]> = [
  ['Open - Not Contacted', false, true],
  ['Working - Contacted', false, false],
  ['Closed - Converted', true, false],
  ['Closed - Not Converted', false, false],
];

// Salesforce's standard Task Status values: Not Started the default, Completed the one closed value.
const STANDARD_TASK_STATUSES: Array<[string, boolean, boolean]> = [
  ['Not Started', false, true],
  ['In Progress', false, false],
  ['Completed', true, false],
  ['Waiting on someone else', false, false],
  ['Deferred', false, false],
];

const ORG_SETTINGS_KEY = 'org_settings';

/** The org's stages in its order (active and inactive), or the standard ones before the first read. */
export function readStages(db: CacheDb): { stages: StageRow[]; fromOrg: boolean } {
  const rows = db
    .prepare(
      `SELECT api_name, label, sort_order, is_active, is_closed, is_won, default_probability, forecast_category_name
         FROM opportunity_stages ORDER BY sort_order, api_name`,
    )
    .all() as Array<Record<string, string | number | null>>;
  if (!rows.length) {
    const stages = STANDARD_STAGES.map(([name, p, fc, closed, won], i) => ({
      name,
      label: name,
      sortOrder: i + 1,
      isActive: true,
      isClosed: closed,
      isWon: won,
      defaultProbability: p,
      forecastCategory: fc,
    }));
    return { stages, fromOrg: false };
  }
  const stages = rows.map((r) => ({
    name: String(r.api_name),
    label: String(r.label),
    sortOrder: Number(r.sort_order),
    isActive: r.is_active === 1,
    isClosed: r.is_closed === 1,
    isWon: r.is_won === 1,
    defaultProbability: r.default_probability === null ? null : Number(r.default_probability),
    forecastCategory: r.forecast_category_name === null ? null : String(r.forecast_category_name),
  }));
  return { stages, fromOrg: true };
}

export function readLeadStatuses(db: CacheDb): { statuses: LeadStatusRow[]; fromOrg: boolean } {
  const rows = db.prepare(`SELECT api_name, label, sort_order, is_converted, is_default FROM lead_statuses ORDER BY sort_order, api_name`).all() as Array<
    Record<string, string | number>
  >;
  if (!rows.length) {
    const statuses = STANDARD_LEAD_STATUSES.map(([name, converted, isDefault], i) => ({
      name,
      label: name,
      sortOrder: i + 1,
      isConverted: converted,
      isDefault,
    }));
    return { statuses, fromOrg: false };
  }
  const statuses = rows.map((r) => ({
    name: String(r.api_name),
    label: String(r.label),
    sortOrder: Number(r.sort_order),
    isConverted: r.is_converted === 1,
    isDefault: r.is_default === 1,
  }));
  return { statuses, fromOrg: true };
}

function standardTaskStatuses(): TaskStatusRow[] {
  return STANDARD_TASK_STATUSES.map(([name, closed, isDefault], i) => ({ name, label: name, sortOrder: i + 1, isClosed: closed, isDefault }));
}

/** The org's task statuses in its order, or Salesforce's standard ones before the first read. */
export function readTaskStatuses(db: CacheDb): { statuses: TaskStatusRow[]; fromOrg: boolean } {
  const rows = db.prepare(`SELECT api_name, label, sort_order, is_closed, is_default FROM task_statuses ORDER BY sort_order, api_name`).all() as Array<
    Record<string, string | number>
  >;
  if (!rows.length) return { statuses: standardTaskStatuses(), fromOrg: false };
  const statuses = rows.map((r) => ({
    name: String(r.api_name),
    label: String(r.label),
    sortOrder: Number(r.sort_order),
    isClosed: r.is_closed === 1,
    isDefault: r.is_default === 1,
  }));
  return { statuses, fromOrg: true };
}

/**
 * The statuses a new task takes: `open`, the picklist's default when it is an open one (else the
 * first open value); `closed`, the first closed value in the org's order — what "Log a call" and
 * "Complete" set (the default when it is itself a closed value).
 */
export function defaultTaskStatuses(db: CacheDb): { open: string; closed: string } {
  const { statuses } = readTaskStatuses(db);
  const fallback = standardTaskStatuses();
  const pick = (list: TaskStatusRow[], closed: boolean) =>
    list.find((s) => s.isDefault && s.isClosed === closed)?.name ?? list.find((s) => s.isClosed === closed)?.name;
  return {
    open: pick(statuses, false) ?? (pick(fallback, false) as string),
    closed: pick(statuses, true) ?? (pick(fallback, true) as string),
  };
}

/** Whether a task in `status` is closed (the org's TaskStatus.IsClosed); null for a status the cache does not know. */
export function taskStatusIsClosed(db: CacheDb, status: string): boolean | null {
  const found = readTaskStatuses(db).statuses.find((s) => s.name === status);
  return found ? found.isClosed : null;
}

/**
 * What Salesforce sets from an opportunity's stage (IsClosed, IsWon, ForecastCategoryName), for a
 * stage changed offline: the cached row then reads as it will once the change is sent (a deal moved
 * to Closed Won leaves the open pipeline at once). Null for a stage the cache does not know.
 */
export function stageDerivedFields(db: CacheDb, stageName: string): { IsClosed: boolean; IsWon: boolean; ForecastCategoryName?: string } | null {
  const stage = readStages(db).stages.find((s) => s.name === stageName);
  if (!stage) return null;
  return { IsClosed: stage.isClosed, IsWon: stage.isWon, ...(stage.forecastCategory ? { ForecastCategoryName: stage.forecastCategory } : {}) };
}

/** Replaces the org's stages and lead statuses (call inside a transaction). */
export function writeStagesAndStatuses(db: CacheDb, stages: readonly StageRow[], statuses: readonly LeadStatusRow[]): void {
  db.prepare(`DELETE FROM opportunity_stages`).run();
  const stage = db.prepare(
    `INSERT INTO opportunity_stages (api_name, label, sort_order, is_active, is_closed, is_won, default_probability, forecast_category_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of stages) {
    stage.run(s.name, s.label, s.sortOrder, s.isActive ? 1 : 0, s.isClosed ? 1 : 0, s.isWon ? 1 : 0, s.defaultProbability, s.forecastCategory);
  }
  db.prepare(`DELETE FROM lead_statuses`).run();
  const status = db.prepare(`INSERT INTO lead_statuses (api_name, label, sort_order, is_converted, is_default) VALUES (?, ?, ?, ?, ?)`);
  for (const s of statuses) status.run(s.name, s.label, s.sortOrder, s.isConverted ? 1 : 0, s.isDefault ? 1 : 0);
}

/** Replaces the org's task statuses (call inside a transaction). */
export function writeTaskStatuses(db: CacheDb, statuses: readonly TaskStatusRow[]): void {
  db.prepare(`DELETE FROM task_statuses`).run();
  const insert = db.prepare(`INSERT INTO task_statuses (api_name, label, sort_order, is_closed, is_default) VALUES (?, ?, ?, ?, ?)`);
  for (const s of statuses) insert.run(s.name, s.label, s.sortOrder, s.isClosed ? 1 : 0, s.isDefault ? 1 : 0);
}

/** The org settings the sync last read, or null before the first read. */
export function readOrgSettings(db: CacheDb): OrgSettings | null {
  const value = db.prepare(`SELECT value FROM cache_meta WHERE key = ?`).pluck().get(ORG_SETTINGS_KEY) as string | undefined;
  if (!value) return null;
  try {
    return JSON.parse(value) as OrgSettings;
  } catch {
    return null;
  }
}

export function writeOrgSettings(db: CacheDb, settings: OrgSettings): void {
  db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
    ORG_SETTINGS_KEY,
    JSON.stringify(settings),
  );
}

/** Stores history rows (they never change in Salesforce; a row seen again is replaced as is). */
export function upsertHistory(db: CacheDb, rows: readonly HistoryRow[]): number {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO opportunity_history
       (id, opportunity_id, created_date, stage_name, amount, probability, close_date, forecast_category, prev_amount, prev_close_date, system_modstamp)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  for (const r of rows) {
    n += insert.run(
      r.id,
      r.opportunityId,
      r.createdDate,
      r.stageName,
      r.amount,
      r.probability,
      r.closeDate,
      r.forecastCategory,
      r.prevAmount,
      r.prevCloseDate,
      r.systemModstamp,
    ).changes;
  }
  return n;
}
