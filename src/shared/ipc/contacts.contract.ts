import { z } from 'zod';
import { PageRequest, SalesforceId, SearchText, SortDirection, optionalText, type ChannelSpec } from './common';

export const CONTACT_SORT_FIELDS = ['Name', 'Email', 'Title', 'Account.Name', 'LastModifiedDate'] as const;

export const ContactListQuery = z
  .object({
    search: SearchText.optional(),
    sortBy: z.enum(CONTACT_SORT_FIELDS).default('Name'),
    sortDir: SortDirection.default('asc'),
    /** Only this account's contacts (account detail page). */
    accountId: SalesforceId.optional(),
    ...PageRequest,
  })
  .strict();
export type ContactListQuery = z.input<typeof ContactListQuery>;

export const ContactRow = z.object({
  Id: z.string(),
  Name: z.string(),
  FirstName: z.string().nullable(),
  LastName: z.string(),
  Title: z.string().nullable(),
  Email: z.string().nullable(),
  Phone: z.string().nullable(),
  AccountId: z.string().nullable(),
  AccountName: z.string().nullable(),
  OwnerName: z.string().nullable(),
  LastModifiedDate: z.string(),
});
export type ContactRow = z.infer<typeof ContactRow>;

export const ContactPage = z.object({
  records: z.array(ContactRow),
  totalSize: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type ContactPage = z.infer<typeof ContactPage>;

export const ContactDetail = ContactRow.extend({
  MobilePhone: z.string().nullable(),
  Department: z.string().nullable(),
  LeadSource: z.string().nullable(),
  Description: z.string().nullable(),
  MailingStreet: z.string().nullable(),
  MailingCity: z.string().nullable(),
  MailingState: z.string().nullable(),
  MailingPostalCode: z.string().nullable(),
  MailingCountry: z.string().nullable(),
  CreatedDate: z.string(),
  LastActivityDate: z.string().nullable(),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

/** Mirrors Salesforce's own limits so most mistakes are caught before a round trip. */
export const ContactCreateInput = z
  .object({
    FirstName: optionalText(40),
    LastName: z.string().trim().min(1, 'Last name is required').max(80, 'Must be at most 80 characters'),
    Email: z
      .string()
      .trim()
      .max(80)
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(z.string().email('Enter a valid email address').optional()),
    Phone: optionalText(40),
    MobilePhone: optionalText(40),
    Title: optionalText(128),
    Department: optionalText(80),
    LeadSource: optionalText(255),
    Description: optionalText(32_000),
    AccountId: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(SalesforceId.optional()),
  })
  .strict();
export type ContactCreateInput = z.input<typeof ContactCreateInput>;

export const contactsContract = {
  'contacts:list': { method: 'listContacts', input: ContactListQuery, output: ContactPage },
  'contacts:get': { method: 'getContact', input: z.object({ id: SalesforceId }).strict(), output: ContactDetail },
  'contacts:create': { method: 'createContact', input: ContactCreateInput, output: z.object({ id: z.string() }) },
} as const satisfies Record<string, ChannelSpec>;
