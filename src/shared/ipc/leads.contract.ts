/**
 * Converting a lead, as Salesforce offers it: into a new or an existing account, a new or an
 * existing contact, with or without a new opportunity, to one of the org's converted statuses
 * (LeadStatus.IsConverted), for an owner.
 *
 * Salesforce converts only through the SOAP API's `convertLead` call, and a conversion is not
 * idempotent (a second try of the same lead fails, a retried first one could create twice), so it
 * is never queued offline: `leads:convert` needs the org to answer and says so when it does not.
 * After a conversion the core reads the lead and the records it created or filled back into the
 * cache, so the lead's page shows its links at once.
 */
import { z } from 'zod';
import { SalesforceId, type ChannelSpec } from './common';

const Choice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('new') }).strict(),
  z.object({ mode: z.literal('existing'), id: SalesforceId }).strict(),
]);

export const ConvertLeadInput = z
  .object({
    leadId: SalesforceId,
    /** One of the org's LeadStatus values with IsConverted. */
    convertedStatus: z.string().trim().min(1, 'Choose a converted status').max(255),
    account: Choice,
    contact: Choice,
    opportunity: z.discriminatedUnion('create', [
      z.object({ create: z.literal(false) }).strict(),
      z.object({ create: z.literal(true), name: z.string().trim().min(1, 'Give the opportunity a name').max(120, 'At most 120 characters') }).strict(),
    ]),
    /** The owner of the new records (default: the lead's owner, as in Salesforce). */
    ownerId: SalesforceId.optional(),
  })
  .strict()
  .refine((v) => v.contact.mode === 'new' || v.account.mode === 'existing', {
    message: 'An existing contact needs its existing account',
    path: ['account'],
  });
export type ConvertLeadInput = z.input<typeof ConvertLeadInput>;

const Match = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });

export const ConvertOptions = z.object({
  lead: z.object({
    id: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    status: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    isConverted: z.boolean(),
    convertedAccountId: z.string().nullable(),
    convertedContactId: z.string().nullable(),
    convertedOpportunityId: z.string().nullable(),
  }),
  /** The org's converted statuses in LeadStatus order (the first is the default). */
  convertedStatuses: z.array(z.string()),
  /** Cached accounts whose name is like the lead's company, best first. */
  accountMatches: z.array(Match),
  /** Cached contacts with the lead's email or name, best first (detail: their account). */
  contactMatches: z.array(Match.extend({ accountId: z.string().nullable() })),
  /** Salesforce's default when no name is given: the lead's company (convertLead()). */
  opportunityName: z.string(),
  /** Whether the org answered recently: converting needs it. */
  online: z.boolean(),
});
export type ConvertOptions = z.infer<typeof ConvertOptions>;

export const ConvertResult = z.object({
  leadId: z.string(),
  accountId: z.string(),
  contactId: z.string(),
  opportunityId: z.string().nullable(),
});
export type ConvertResult = z.infer<typeof ConvertResult>;

export const leadsContract = {
  'leads:convert-options': {
    method: 'leadConvertOptions',
    input: z.object({ leadId: SalesforceId }).strict(),
    output: ConvertOptions,
  },
  'leads:convert': {
    method: 'convertLead',
    input: ConvertLeadInput,
    output: ConvertResult,
  },
} as const satisfies Record<string, ChannelSpec>;
