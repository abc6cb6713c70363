/**
 * The org's reference data for the cockpit, read in one Composite call: the fiscal year
 * (Organization.FiscalYearStartMonth, UsesStartDateAsFiscalYearName), the active currencies
 * (CurrencyType, which exists only in multi-currency orgs: INVALID_TYPE elsewhere), the sales
 * stages (OpportunityStage: order, closed, won, default probability, forecast category), the
 * lead statuses (LeadStatus: order, converted) and the task statuses (TaskStatus: order, closed,
 * default). Five queries: the most a Composite may hold.
 *
 * They change rarely (an admin's Setup change), so they are read at the first sync, then once a
 * day, and on a full sync the user asks for: a quiet incremental sync still costs one call.
 */
import { AppError } from '../../../shared/errors';
import type { CacheDb } from '../cache/org-cache';
import {
  readOrgSettings,
  writeOrgSettings,
  writeStagesAndStatuses,
  writeTaskStatuses,
  type LeadStatusRow,
  type OrgCurrency,
  type OrgSettings,
  type StageRow,
  type TaskStatusRow,
} from '../cache/reference.repo';
import type { CompositeAnswer, SyncApi } from './sync-api';

const DAY = 24 * 60 * 60_000;

const QUERIES = {
  org: 'SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization',
  currencies: 'SELECT IsoCode, IsCorporate, ConversionRate, DecimalPlaces FROM CurrencyType WHERE IsActive = true',
  stages:
    'SELECT ApiName, MasterLabel, SortOrder, IsActive, IsClosed, IsWon, DefaultProbability, ForecastCategoryName FROM OpportunityStage ORDER BY SortOrder',
  statuses: 'SELECT ApiName, MasterLabel, SortOrder, IsConverted, IsDefault FROM LeadStatus ORDER BY SortOrder',
  taskStatuses: 'SELECT ApiName, MasterLabel, SortOrder, IsClosed, IsDefault FROM TaskStatus ORDER BY SortOrder',
} as const;

type Row = Record<string, unknown>;

/** Whether the reference data is due: never read, older than a day, or a full sync. */
export function referenceDataDue(db: CacheDb, options: { full?: boolean; now?: number }): boolean {
  const settings = readOrgSettings(db);
  if (!settings || options.full) return true;
  const at = Date.parse(settings.refreshedAt);
  return Number.isNaN(at) || (options.now ?? Date.now()) - at >= DAY;
}

const rowsOf = (answer: CompositeAnswer | undefined): Row[] | null => {
  if (!answer || answer.status !== 200) return null;
  const records = (answer.body as { records?: unknown }).records;
  return Array.isArray(records) ? (records as Row[]) : null;
};

const errorCodeOf = (answer: CompositeAnswer | undefined): string | undefined => {
  const body = answer?.body;
  return Array.isArray(body) ? (body[0] as { errorCode?: string } | undefined)?.errorCode : undefined;
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function stageRows(rows: Row[]): StageRow[] {
  return rows
    .filter((r) => text(r.ApiName))
    .map((r, i) => ({
      name: String(r.ApiName),
      label: text(r.MasterLabel) ?? String(r.ApiName),
      sortOrder: num(r.SortOrder) ?? i + 1,
      isActive: r.IsActive !== false,
      isClosed: r.IsClosed === true,
      isWon: r.IsWon === true,
      defaultProbability: num(r.DefaultProbability),
      forecastCategory: text(r.ForecastCategoryName),
    }));
}

function statusRows(rows: Row[]): LeadStatusRow[] {
  return rows
    .filter((r) => text(r.ApiName))
    .map((r, i) => ({
      name: String(r.ApiName),
      label: text(r.MasterLabel) ?? String(r.ApiName),
      sortOrder: num(r.SortOrder) ?? i + 1,
      isConverted: r.IsConverted === true,
      isDefault: r.IsDefault === true,
    }));
}

function taskStatusRows(rows: Row[]): TaskStatusRow[] {
  return rows
    .filter((r) => text(r.ApiName))
    .map((r, i) => ({
      name: String(r.ApiName),
      label: text(r.MasterLabel) ?? String(r.ApiName),
      sortOrder: num(r.SortOrder) ?? i + 1,
      isClosed: r.IsClosed === true,
      isDefault: r.IsDefault === true,
    }));
}

function currencyRows(rows: Row[]): OrgCurrency[] {
  return rows
    .filter((r) => text(r.IsoCode))
    .map((r) => ({
      isoCode: String(r.IsoCode),
      isCorporate: r.IsCorporate === true,
      conversionRate: num(r.ConversionRate),
      decimalPlaces: num(r.DecimalPlaces),
    }))
    .sort((a, b) => Number(b.isCorporate) - Number(a.isCorporate) || a.isoCode.localeCompare(b.isoCode));
}

/**
 * Reads and stores the reference data (one call). Throws AppError('SALESFORCE') when the org's
 * settings or stages could not be read; what was stored before stays.
 */
export async function refreshReferenceData(db: CacheDb, api: SyncApi, now: () => number = Date.now): Promise<OrgSettings> {
  const answers = await api.composite(Object.entries(QUERIES).map(([referenceId, soql]) => ({ referenceId, path: `/query?q=${encodeURIComponent(soql)}` })));
  const org = rowsOf(answers.get('org'))?.[0];
  const stages = rowsOf(answers.get('stages'));
  const statuses = rowsOf(answers.get('statuses'));
  const taskStatuses = rowsOf(answers.get('taskStatuses'));
  if (!org || !stages || !statuses || !taskStatuses) {
    throw new AppError('SALESFORCE', "Salesforce did not send the org's fiscal year, sales stages, lead statuses or task statuses.");
  }
  const currencyAnswer = answers.get('currencies');
  const currencies = rowsOf(currencyAnswer);
  // CurrencyType is not an object of single-currency orgs: that answer is the org saying so.
  if (!currencies && errorCodeOf(currencyAnswer) !== 'INVALID_TYPE') throw new AppError('SALESFORCE', 'Salesforce did not say which currencies the org uses.');
  const month = num(org.FiscalYearStartMonth);
  const settings: OrgSettings = {
    fiscalYearStartMonth: month !== null && month >= 1 && month <= 12 ? month : 1,
    usesStartDateAsFiscalYearName: org.UsesStartDateAsFiscalYearName === true,
    multiCurrency: currencies !== null,
    currencies: currencies ? currencyRows(currencies) : [],
    refreshedAt: new Date(now()).toISOString(),
  };
  db.transaction(() => {
    writeStagesAndStatuses(db, stageRows(stages), statusRows(statuses));
    writeTaskStatuses(db, taskStatusRows(taskStatuses));
    writeOrgSettings(db, settings);
  })();
  return settings;
}
