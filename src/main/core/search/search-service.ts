/**
 * `search:query`: search as you type over the active org's local cache (instant, offline), and
 * `search:lookup`: the quick lookup's grouped form of it. The cache handle comes from the cache
 * pool, which also hears about damage a search runs into.
 */
import type { LookupGroup, SearchHit, SearchQuery } from '../../../shared/ipc';
import type { CachePool } from '../cache/cache-pool';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import type { ActiveOrg } from '../connections/active-org';
import { lookupCache } from './lookup.read';
import { searchCache } from './search.read';

export interface SearchService {
  search(input: { text: string; objects?: SearchQuery['objects']; limit: number }): { hits: SearchHit[] };
  lookup(input: { text: string; objects?: SearchQuery['objects']; perObject: number }): { groups: LookupGroup[] };
}

export interface SearchServiceDeps {
  activeOrg: Pick<ActiveOrg, 'require'>;
  caches: Pick<CachePool, 'cacheFor' | 'guarded'>;
  /** Which objects are searched and how hits read (default: the shared registry). */
  registry?: ObjectRegistry;
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  const registry = deps.registry ?? OBJECT_REGISTRY;
  return {
    search({ text, objects, limit }) {
      const { id } = deps.activeOrg.require();
      const db = deps.caches.cacheFor(id);
      return { hits: deps.caches.guarded(id, () => searchCache(db, text, { objects, limit, registry })) };
    },
    lookup({ text, objects, perObject }) {
      const { id } = deps.activeOrg.require();
      const db = deps.caches.cacheFor(id);
      return { groups: deps.caches.guarded(id, () => lookupCache(db, text, { objects, perObject, registry })) };
    },
  };
}
