/**
 * What Salesforce computes and checks on save, beyond field-level validation: calculated fields
 * (names, opportunity stage effects, case/task closing), defaults, object-specific required
 * fields and the org's validation rule. Pure functions over a record of JS values, so both the
 * store (per write) and the generator (bulk) use the same logic.
 */
import { SalesforceError } from '../errors';
import { CLOSED_CASE_STATUSES, CLOSED_TASK_STATUSES, FORECAST_CATEGORY_BY_NAME, RESPONDED_MEMBER_STATUSES, opportunityStage } from './schema';
import { DEFAULT_FISCAL_YEAR, fiscalPeriodOfDate, type FiscalYearSettings } from './fiscal';
import type { ObjectDef } from './types';
import { formatDatetime, parseDatetimeInput } from './values';

export type RecordValues = Record<string, unknown>;

export interface DeriveContext {
  /** The org clock, as a stored datetime string and as a date. */
  nowDatetime: string;
  today: string;
  isCreate: boolean;
  /** The record as stored before this write (updates only). */
  previous?: RecordValues;
  /** Fields the caller set explicitly in this write (canonical names). */
  given: ReadonlySet<string>;
  /** The org's fiscal year, for Opportunity.FiscalYear/FiscalQuarter/Fiscal. */
  fiscal: FiscalYearSettings;
  /** AccountId of a Contact/Opportunity/Case, for Task/Event.AccountId; undefined when none. */
  accountIdOf(id: string): string | undefined;
}

export function fullName(first: unknown, last: unknown): string | null {
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length ? parts.join(' ') : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Opportunity fields that follow from StageName, Amount and CloseDate. The fiscal fields follow
 * the org's fiscal year: FiscalYear is the fiscal year's name, FiscalQuarter its quarter, and
 * Fiscal (the "Period" field) both as 'YYYY Q'.
 */
export function deriveOpportunity(r: RecordValues, stageChanged: boolean, given: ReadonlySet<string>, fiscal: FiscalYearSettings = DEFAULT_FISCAL_YEAR): void {
  const stage = opportunityStage(r.StageName);
  if (stageChanged && stage) {
    if (!given.has('Probability')) r.Probability = stage.probability;
    if (!given.has('ForecastCategoryName')) r.ForecastCategoryName = stage.forecastCategoryName;
  }
  if (r.Probability === undefined) r.Probability = stage?.probability ?? null;
  if (r.ForecastCategoryName === undefined || r.ForecastCategoryName === null) {
    r.ForecastCategoryName = stage?.forecastCategoryName ?? 'Pipeline';
  }
  r.IsClosed = stage?.closed ?? false;
  r.IsWon = stage?.won ?? false;
  r.ForecastCategory = FORECAST_CATEGORY_BY_NAME[r.ForecastCategoryName as string] ?? 'Pipeline';
  const amount = typeof r.Amount === 'number' ? r.Amount : null;
  const probability = typeof r.Probability === 'number' ? r.Probability : null;
  r.ExpectedRevenue = amount !== null && probability !== null ? round2((amount * probability) / 100) : null;
  const period = fiscalPeriodOfDate(r.CloseDate, fiscal);
  if (period) {
    r.FiscalYear = period.year;
    r.FiscalQuarter = period.quarter;
    r.Fiscal = `${period.year} ${period.quarter}`;
  } else {
    r.FiscalYear = r.FiscalQuarter = r.Fiscal = null;
  }
}

/**
 * The Opportunity fields whose change writes an OpportunityHistory row. The object reference:
 * "This object represents the history of a change to the Amount, Probability, Stage, or Close
 * Date fields"; "the system generates a new record whenever a user or client application changes
 * the value of any of the above fields [Amount, CloseDate, ExpectedRevenue, ForecastCategory,
 * Probability, StageName]; the then-current values of all of these major fields are saved in the
 * newly-generated object." ExpectedRevenue only moves with Amount or Probability.
 */
export const OPPORTUNITY_HISTORY_TRACKED = ['StageName', 'Amount', 'Probability', 'CloseDate', 'ForecastCategory'] as const;

/**
 * The values of the OpportunityHistory row a save of `r` writes, or undefined when none is due
 * (an update that changes no tracked field). `previous` is the opportunity before an update,
 * undefined on create. PrevAmount / PrevCloseDate hold "the value in the opportunity's Amount /
 * Close Date field before the update" (null on the row of the opportunity's creation).
 */
export function opportunityHistoryValues(r: RecordValues, previous: RecordValues | undefined): RecordValues | undefined {
  if (previous && OPPORTUNITY_HISTORY_TRACKED.every((f) => (r[f] ?? null) === (previous[f] ?? null))) return undefined;
  const row: RecordValues = {
    OpportunityId: r.Id,
    StageName: r.StageName,
    Amount: r.Amount ?? null,
    ExpectedRevenue: r.ExpectedRevenue ?? null,
    CloseDate: r.CloseDate ?? null,
    Probability: r.Probability ?? null,
    ForecastCategory: r.ForecastCategory ?? null,
    PrevAmount: previous ? (previous.Amount ?? null) : null,
    PrevCloseDate: previous ? (previous.CloseDate ?? null) : null,
  };
  if (r.CurrencyIsoCode !== undefined) row.CurrencyIsoCode = r.CurrencyIsoCode;
  return row;
}

/**
 * Task/Event.AccountId (Object Reference, Task and Event, AccountId): "If the value of WhatId is
 * any of the following objects, then Salesforce uses that object's AccountId: Account,
 * Opportunity, Contract, Custom object that is a child of Account. If the value of the WhatId
 * field is any other object, and the value of the WhoId field is a Contact object, then
 * Salesforce uses that contact's AccountId. Otherwise, Salesforce sets the value of the AccountId
 * field to null." A Case or a Campaign is such an "other object".
 */
function deriveActivityAccount(r: RecordValues, ctx: DeriveContext): void {
  const what = typeof r.WhatId === 'string' ? r.WhatId : undefined;
  const who = typeof r.WhoId === 'string' ? r.WhoId : undefined;
  let accountId: string | undefined;
  if (what?.startsWith('001')) accountId = what;
  else if (what?.startsWith('006')) accountId = ctx.accountIdOf(what);
  else if (who?.startsWith('003')) accountId = ctx.accountIdOf(who);
  r.AccountId = accountId ?? null;
}

function addMinutes(datetime: string, minutes: number): string {
  const start = parseDatetimeInput(datetime);
  return start ? formatDatetime(new Date(start.getTime() + minutes * 60_000)) : datetime;
}

function deriveEvent(r: RecordValues, ctx: DeriveContext): void {
  const { given } = ctx;
  if (given.has('StartDateTime') && r.StartDateTime) r.ActivityDateTime = r.StartDateTime;
  else if (given.has('ActivityDateTime') && r.ActivityDateTime) r.StartDateTime = r.ActivityDateTime;
  if (r.IsAllDayEvent === true) {
    if (!r.ActivityDate && typeof r.StartDateTime === 'string') r.ActivityDate = r.StartDateTime.slice(0, 10);
    if (typeof r.ActivityDate === 'string') {
      r.StartDateTime = r.ActivityDateTime = `${r.ActivityDate}T00:00:00.000+0000`;
    }
    if (r.DurationInMinutes === null || r.DurationInMinutes === undefined) r.DurationInMinutes = 1440;
  }
  const start = typeof r.StartDateTime === 'string' ? r.StartDateTime : undefined;
  if (start) {
    if (given.has('EndDateTime') && !given.has('DurationInMinutes') && typeof r.EndDateTime === 'string') {
      const ms = (parseDatetimeInput(r.EndDateTime)?.getTime() ?? 0) - (parseDatetimeInput(start)?.getTime() ?? 0);
      r.DurationInMinutes = Math.round(ms / 60_000);
    } else if (typeof r.DurationInMinutes === 'number') {
      r.EndDateTime = addMinutes(start, r.DurationInMinutes);
    }
    if (r.IsAllDayEvent !== true) r.ActivityDate = start.slice(0, 10);
  }
  deriveActivityAccount(r, ctx);
}

/**
 * Fills calculated fields and defaults on a merged record (existing values + this write).
 * `object` is the target sObject; the record uses canonical field names.
 */
export function deriveFields(object: ObjectDef, r: RecordValues, ctx: DeriveContext): void {
  const { given, isCreate } = ctx;
  switch (object.name) {
    case 'Contact':
    case 'Lead':
    case 'User':
      r.Name = fullName(r.FirstName, r.LastName);
      break;
  }
  switch (object.name) {
    case 'User':
      if (isCreate) {
        if (!given.has('IsActive')) r.IsActive = true;
        r.UserType = 'Standard';
        if (!r.CommunityNickname && typeof r.Username === 'string') {
          r.CommunityNickname = r.Username.split('@')[0].slice(0, 40);
        }
      }
      break;
    case 'Opportunity':
      deriveOpportunity(r, isCreate || given.has('StageName'), given, ctx.fiscal);
      if (isCreate || ctx.previous?.StageName !== r.StageName) r.LastStageChangeDate = ctx.nowDatetime;
      break;
    case 'Lead':
      if (isCreate && r.IsConverted === true && !r.ConvertedDate) r.ConvertedDate = ctx.today;
      break;
    case 'Case': {
      const closed = CLOSED_CASE_STATUSES.includes(String(r.Status));
      r.IsClosed = closed;
      if (closed && !r.ClosedDate) r.ClosedDate = ctx.nowDatetime;
      if (!closed) r.ClosedDate = null;
      break;
    }
    case 'Task': {
      const closed = CLOSED_TASK_STATUSES.includes(String(r.Status));
      r.IsClosed = closed;
      if (closed && !r.CompletedDateTime) r.CompletedDateTime = ctx.nowDatetime;
      if (!closed) r.CompletedDateTime = null;
      r.IsHighPriority = r.Priority === 'High';
      deriveActivityAccount(r, ctx);
      break;
    }
    case 'Event':
      deriveEvent(r, ctx);
      break;
    case 'CampaignMember': {
      const responded = RESPONDED_MEMBER_STATUSES.includes(String(r.Status));
      r.HasResponded = responded;
      if (responded && !r.FirstRespondedDate) r.FirstRespondedDate = ctx.today;
      break;
    }
  }
}

/** Required-field rules Salesforce applies beyond `nillable` (fields reported in its order). */
export function objectRequiredFields(object: ObjectDef, r: RecordValues): string[] {
  const missing: string[] = [];
  if (object.name === 'Event') {
    if (!r.ActivityDateTime && !(r.IsAllDayEvent === true && r.ActivityDate)) missing.push('ActivityDateTime');
    if (r.DurationInMinutes === null || r.DurationInMinutes === undefined) missing.push('DurationInMinutes');
  }
  return missing;
}

/** The org's validation rules, evaluated on the merged record after calculated fields. */
export function checkValidationRules(object: ObjectDef, r: RecordValues): void {
  if (object.name === 'Opportunity' && typeof r.Amount === 'number' && r.Amount < 0) {
    throw new SalesforceError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Amount cannot be negative.', ['Amount']);
  }
  // Task and Event, WhatId: "If the WhoId refers to a lead, then the WhatId field must be empty."
  // FIELD_INTEGRITY_EXCEPTION on WhoId and WhatId, as integrations report it; the wording is the emulator's.
  if ((object.name === 'Task' || object.name === 'Event') && typeof r.WhoId === 'string' && r.WhoId.startsWith('00Q') && r.WhatId) {
    throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: an activity on a lead cannot be related to another record', [
      'WhoId',
      'WhatId',
    ]);
  }
  if (object.name === 'Event' && typeof r.DurationInMinutes === 'number' && r.DurationInMinutes < 0) {
    throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Duration: value outside of valid range on numeric field: ' + r.DurationInMinutes, [
      'DurationInMinutes',
    ]);
  }
}
