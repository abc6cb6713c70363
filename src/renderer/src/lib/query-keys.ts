/**
 * Every TanStack Query key in one place. Org data lives under ['org', …] so switching or
 * disconnecting an org can drop it all at once.
 */
import type { AccountListQuery, ContactListQuery } from '../../../shared/ipc';

export const queryKeys = {
  appInfo: ['app', 'info'] as const,
  settings: ['settings'] as const,
  connections: ['connections'] as const,
  org: ['org'] as const,
  contacts: {
    all: ['org', 'contacts'] as const,
    list: (query: ContactListQuery) => ['org', 'contacts', 'list', query] as const,
    detail: (id: string) => ['org', 'contacts', 'detail', id] as const,
  },
  accounts: {
    all: ['org', 'accounts'] as const,
    list: (query: AccountListQuery) => ['org', 'accounts', 'list', query] as const,
    detail: (id: string) => ['org', 'accounts', 'detail', id] as const,
    lookup: (search: string) => ['org', 'accounts', 'lookup', search] as const,
  },
  picklists: (object: 'Account' | 'Contact') => ['org', 'picklists', object] as const,
};
