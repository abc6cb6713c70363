import { z } from 'zod';
import type { ChannelSpec } from './common';
import { SYNC_OBJECTS, SyncObject } from './sync.contract';

export const SearchQuery = z
  .object({
    text: z.string().trim().max(100),
    objects: z.array(SyncObject).max(SYNC_OBJECTS.length).optional(),
    limit: z.number().int().min(1).max(200).default(20),
  })
  .strict();
export type SearchQuery = z.input<typeof SearchQuery>;

export const SearchHit = z.object({
  object: SyncObject,
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** The quick lookup's question: the text as typed, and how many records each object shows. */
export const LookupQuery = z
  .object({
    text: z.string().trim().max(100),
    /** Records shown per object; the group's total says how many match. */
    perObject: z.number().int().min(1).max(20).default(5),
    objects: z.array(SyncObject).max(SYNC_OBJECTS.length).optional(),
  })
  .strict();
export type LookupQuery = z.input<typeof LookupQuery>;

/**
 * One record as the quick lookup shows it: what a rep wants at a glance, each null where the
 * object has no such field or the record leaves it empty.
 */
export const LookupRecord = z.object({
  id: z.string(),
  /** The record's name (a case's subject). */
  title: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** The account a contact, opportunity or case belongs to. */
  accountName: z.string().nullable(),
  /** A lead's company. */
  company: z.string().nullable(),
  /** A contact's or lead's job title. */
  jobTitle: z.string().nullable(),
  /** An opportunity's stage. */
  stage: z.string().nullable(),
  amount: z.number().nullable(),
  /** The amount's currency in a multi-currency org; null in a single-currency org. */
  currency: z.string().nullable(),
  caseNumber: z.string().nullable(),
  /** A lead's, case's, task's or campaign's status. */
  status: z.string().nullable(),
  /** An opportunity's close date, an activity's date (YYYY-MM-DD). */
  date: z.string().nullable(),
});
export type LookupRecord = z.infer<typeof LookupRecord>;

export const LookupGroup = z.object({
  object: SyncObject,
  /** Every cached record of the object that matches (the group shows the best few). */
  total: z.number().int().nonnegative(),
  records: z.array(LookupRecord),
});
export type LookupGroup = z.infer<typeof LookupGroup>;

export const searchContract = {
  /** Searches the active org's local cache (instant, offline): prefix match on every word. */
  'search:query': { method: 'searchRecords', input: SearchQuery, output: z.object({ hits: z.array(SearchHit) }) },
  /**
   * The quick lookup: the same search over the local cache (no API call, works offline), grouped
   * by object in the registry's order, objects without a match left out.
   */
  'search:lookup': { method: 'lookupRecords', input: LookupQuery, output: z.object({ groups: z.array(LookupGroup) }) },
} as const satisfies Record<string, ChannelSpec>;
