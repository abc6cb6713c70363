import { z } from 'zod';
import { PageRequest, SalesforceId, SearchText, SortDirection, optionalText, type ChannelSpec } from './common';

export const ACCOUNT_SORT_FIELDS = ['Name', 'Industry', 'Type', 'BillingCity', 'AnnualRevenue', 'LastModifiedDate'] as const;

export const AccountListQuery = z
  .object({
    search: SearchText.optional(),
    sortBy: z.enum(ACCOUNT_SORT_FIELDS).default('Name'),
    sortDir: SortDirection.default('asc'),
    ...PageRequest,
  })
  .strict();
export type AccountListQuery = z.input<typeof AccountListQuery>;

export const AccountRow = z.object({
  Id: z.string(),
  Name: z.string(),
  Industry: z.string().nullable(),
  Type: z.string().nullable(),
  Phone: z.string().nullable(),
  Website: z.string().nullable(),
  BillingCity: z.string().nullable(),
  BillingCountry: z.string().nullable(),
  AnnualRevenue: z.number().nullable(),
  NumberOfEmployees: z.number().nullable(),
  OwnerName: z.string().nullable(),
  LastModifiedDate: z.string(),
});
export type AccountRow = z.infer<typeof AccountRow>;

export const AccountPage = z.object({
  records: z.array(AccountRow),
  totalSize: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type AccountPage = z.infer<typeof AccountPage>;

export const AccountDetail = AccountRow.extend({
  Description: z.string().nullable(),
  Rating: z.string().nullable(),
  BillingStreet: z.string().nullable(),
  BillingState: z.string().nullable(),
  BillingPostalCode: z.string().nullable(),
  ParentId: z.string().nullable(),
  ParentName: z.string().nullable(),
  CreatedDate: z.string(),
  LastActivityDate: z.string().nullable(),
  contactCount: z.number().int(),
  openOpportunityCount: z.number().int(),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

const optionalNumber = (min: number, max: number) =>
  z.number().finite().min(min).max(max).nullable().optional();

export const AccountCreateInput = z
  .object({
    Name: z.string().trim().min(1, 'Account name is required').max(255, 'Must be at most 255 characters'),
    Industry: optionalText(255),
    Type: optionalText(255),
    Rating: optionalText(255),
    Phone: optionalText(40),
    Website: optionalText(255),
    BillingStreet: optionalText(255),
    BillingCity: optionalText(40),
    BillingState: optionalText(80),
    BillingPostalCode: optionalText(20),
    BillingCountry: optionalText(80),
    AnnualRevenue: optionalNumber(0, 1e15),
    NumberOfEmployees: z.number().int().min(0).max(99_999_999).nullable().optional(),
    Description: optionalText(32_000),
  })
  .strict();
export type AccountCreateInput = z.input<typeof AccountCreateInput>;

export const AccountLookupResult = z.array(z.object({ Id: z.string(), Name: z.string(), BillingCity: z.string().nullable() }));

/** Picklist values for the create form, read from the org's describe (cached). */
export const PicklistOptions = z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string() })));

export const accountsContract = {
  'accounts:list': { method: 'listAccounts', input: AccountListQuery, output: AccountPage },
  'accounts:get': { method: 'getAccount', input: z.object({ id: SalesforceId }).strict(), output: AccountDetail },
  'accounts:create': { method: 'createAccount', input: AccountCreateInput, output: z.object({ id: z.string() }) },
  /** Type-ahead for the contact form's account field. */
  'accounts:lookup': {
    method: 'lookupAccounts',
    input: z.object({ search: SearchText }).strict(),
    output: AccountLookupResult,
  },
  /** Picklists of the Account and Contact create forms (Industry, Type, Rating, LeadSource). */
  'accounts:picklists': {
    method: 'getFormPicklists',
    input: z.object({ object: z.enum(['Account', 'Contact']) }).strict(),
    output: PicklistOptions,
  },
} as const satisfies Record<string, ChannelSpec>;
