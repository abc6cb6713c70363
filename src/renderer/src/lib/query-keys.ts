/**
 * TanStack Query keys of the app itself. Org data lives under ['org', …] (the cache's keys are in
 * cache-records.ts) so switching or disconnecting an org can drop it all at once.
 */
export const queryKeys = {
  appInfo: ['app', 'info'] as const,
  settings: ['settings'] as const,
  connections: ['connections'] as const,
  org: ['org'] as const,
};
