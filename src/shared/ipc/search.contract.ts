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

export const searchContract = {
  /** Searches the active org's local cache (instant, offline): prefix match on every word. */
  'search:query': { method: 'searchRecords', input: SearchQuery, output: z.object({ hits: z.array(SearchHit) }) },
} as const satisfies Record<string, ChannelSpec>;
