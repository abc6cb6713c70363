/**
 * Reads of the local cache (records:list, records:get, describe:form) as the workspace screens use
 * them, with their TanStack Query keys. Everything lives under ['org', …] so switching orgs drops it.
 */
import type { CrmObject, RecordListQuery } from '../../../shared/ipc/records.contract';
import { api, call } from './api';

export type ListRow = { Id: string; localState: 'synced' | 'created' | 'modified' } & Record<string, string | number | boolean | null>;

export const cacheKeys = {
  all: ['org', 'cache'] as const,
  list: (object: CrmObject, view: unknown) => ['org', 'cache', 'list', object, view] as const,
  lists: (object: CrmObject) => ['org', 'cache', 'list', object] as const,
  record: (object: CrmObject, id: string) => ['org', 'cache', 'record', object, id] as const,
  form: (object: CrmObject) => ['org', 'describe', object] as const,
  sync: ['org', 'sync-status'] as const,
  outbox: ['org', 'outbox'] as const,
  /** The outbox's counts (status bar), kept current by the 'outbox-summary' event. */
  outboxSummary: ['org', 'outbox-summary'] as const,
  search: (text: string) => ['org', 'search', text] as const,
};

export async function listWindow(query: RecordListQuery): Promise<{ rows: ListRow[]; total: number; neverSynced: boolean }> {
  const page = await call(api.listRecords(query));
  return { rows: page.rows as ListRow[], total: page.totalCount, neverSynced: page.freshness.state === 'never-synced' };
}

export function getRecord(object: CrmObject, id: string) {
  return call(api.getRecord({ object, id }));
}

export function describeForm(object: CrmObject) {
  return call(api.describeForm({ object }));
}
