/**
 * What Salesforce's standard schema says about the fields the cache keeps, for the SOQL the cache
 * answers: each field's SOQL type (the registry only knows text, number, boolean, date, datetime),
 * the lookups between cached objects and the child relationships over them.
 *
 * These are facts of the standard objects (the Object Reference; the emulator's schema in
 * src/emulator/org/schema.ts declares the same). The org's own describe, when the cache holds it
 * (describe_cache), overrides the types and gives the picklists' order (./cache-schema.ts).
 */
import type { FieldKind } from '../../../../shared/objects/registry';

export type SoqlType =
  | 'id'
  | 'reference'
  | 'string'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime';

const ALL_TYPES = new Set<string>([
  'id',
  'reference',
  'string',
  'picklist',
  'multipicklist',
  'combobox',
  'textarea',
  'email',
  'phone',
  'url',
  'int',
  'double',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
]);

export const TEXT_TYPES: ReadonlySet<SoqlType> = new Set(['string', 'picklist', 'multipicklist', 'combobox', 'textarea', 'email', 'phone', 'url']);
export const ID_TYPES: ReadonlySet<SoqlType> = new Set(['id', 'reference']);
export const NUMBER_TYPES: ReadonlySet<SoqlType> = new Set(['int', 'double', 'currency', 'percent']);

/** A describe's type name as a SoqlType (types the cache never keeps read as text). */
export function soqlTypeOf(describeType: string): SoqlType {
  return ALL_TYPES.has(describeType) ? (describeType as SoqlType) : 'string';
}

const PICKLISTS: Readonly<Record<string, readonly string[]>> = {
  Account: ['Type', 'Industry', 'Rating'],
  Contact: ['LeadSource'],
  Opportunity: ['StageName', 'Type', 'LeadSource', 'ForecastCategoryName', 'CurrencyIsoCode'],
  Lead: ['Status', 'LeadSource', 'Industry', 'Rating'],
  Case: ['Status', 'Priority', 'Origin', 'Type'],
  Task: ['Status', 'Priority', 'TaskSubtype', 'CallType'],
  Event: ['EventSubtype', 'ShowAs'],
  Campaign: ['Type', 'Status'],
};

/** Other fields whose type is not the registry kind's plain one. */
const TYPED: Readonly<Record<string, SoqlType>> = {
  'Account.AnnualRevenue': 'currency',
  'Account.NumberOfEmployees': 'int',
  'Account.Phone': 'phone',
  'Account.Website': 'url',
  'Contact.Email': 'email',
  'Contact.Phone': 'phone',
  'Contact.MobilePhone': 'phone',
  'Opportunity.Amount': 'currency',
  'Opportunity.Probability': 'percent',
  'Lead.Email': 'email',
  'Lead.Phone': 'phone',
  'Lead.MobilePhone': 'phone',
  'Case.SuppliedEmail': 'email',
  'Case.SuppliedPhone': 'phone',
  'Task.Subject': 'combobox',
  'Task.CallDurationInSeconds': 'int',
  'Event.Subject': 'combobox',
  'Campaign.BudgetedCost': 'currency',
  'Campaign.ExpectedRevenue': 'currency',
};

export interface Reference {
  /** The relationship's name in SOQL paths (`Account` for AccountId). */
  relationship: string;
  /** The objects the Id may point at (more than one: a polymorphic lookup). */
  targets: readonly string[];
}

/** The standard lookups among the registry's fields, by field name. */
const REFERENCES: Readonly<Record<string, Reference>> = {
  OwnerId: { relationship: 'Owner', targets: ['User'] },
  AccountId: { relationship: 'Account', targets: ['Account'] },
  ContactId: { relationship: 'Contact', targets: ['Contact'] },
  CampaignId: { relationship: 'Campaign', targets: ['Campaign'] },
  ConvertedAccountId: { relationship: 'ConvertedAccount', targets: ['Account'] },
  ConvertedContactId: { relationship: 'ConvertedContact', targets: ['Contact'] },
  ConvertedOpportunityId: { relationship: 'ConvertedOpportunity', targets: ['Opportunity'] },
  WhoId: { relationship: 'Who', targets: ['Contact', 'Lead'] },
  WhatId: { relationship: 'What', targets: ['Account', 'Opportunity', 'Case', 'Campaign'] },
};

export function standardReference(field: string): Reference | undefined {
  return REFERENCES[field];
}

/** The SOQL type of a registry field, from the standard schema and the registry's kind. */
export function standardType(object: string, field: string, kind: FieldKind): SoqlType {
  if (field === 'Id') return 'id';
  if (REFERENCES[field]) return 'reference';
  if (field === 'Description') return 'textarea';
  if (PICKLISTS[object]?.includes(field)) return 'picklist';
  const typed = TYPED[`${object}.${field}`];
  if (typed) return typed;
  switch (kind) {
    case 'number':
      return 'double';
    case 'text':
      return 'string';
    default:
      return kind;
  }
}

export interface ChildRelationship {
  parent: string;
  /** Its name in a subquery's FROM (`Contacts`). */
  name: string;
  child: string;
  /** The child's lookup to the parent. */
  field: string;
}

/**
 * The standard child relationships between cached objects. Activities hang off their What
 * (accounts, opportunities, cases, campaigns) and Who (contacts, leads); Task.AccountId is a
 * derived roll-up with no relationship of its own.
 */
export const CHILD_RELATIONSHIPS: readonly ChildRelationship[] = [
  { parent: 'Account', name: 'Contacts', child: 'Contact', field: 'AccountId' },
  { parent: 'Account', name: 'Opportunities', child: 'Opportunity', field: 'AccountId' },
  { parent: 'Account', name: 'Cases', child: 'Case', field: 'AccountId' },
  { parent: 'Contact', name: 'Cases', child: 'Case', field: 'ContactId' },
  { parent: 'Campaign', name: 'Opportunities', child: 'Opportunity', field: 'CampaignId' },
  ...['Account', 'Opportunity', 'Case', 'Campaign'].flatMap((parent) => [
    { parent, name: 'Tasks', child: 'Task', field: 'WhatId' },
    { parent, name: 'Events', child: 'Event', field: 'WhatId' },
  ]),
  ...['Contact', 'Lead'].flatMap((parent) => [
    { parent, name: 'Tasks', child: 'Task', field: 'WhoId' },
    { parent, name: 'Events', child: 'Event', field: 'WhoId' },
  ]),
];
