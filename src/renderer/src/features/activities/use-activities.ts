/**
 * Activities' reads and writes. Reads come from the core's cache (no API call), under
 * ['org', 'cache', 'activities', …]: a finished sync or any saved change (which invalidate
 * `cacheKeys.all`) refreshes them, and so does the outbox sending what waited (live-updates.ts).
 * Writes go through the outbox: they answer 'saved' or 'queued' (offline) at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityRow, NewActivity } from '../../../../shared/ipc/activities.contract';
import type { WriteOutcome } from '../../../../shared/ipc';
import { errorMessage } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { useActiveConnection } from '../connections/use-connections';

export const activityKeys = {
  all: ['org', 'cache', 'activities'] as const,
  timeline: (recordId: string, pastLimit: number) => ['org', 'cache', 'activities', 'timeline', recordId, pastLimit] as const,
  myTasks: ['org', 'cache', 'activities', 'my-tasks'] as const,
};

/** How many past activities a timeline reads at first, and at most. */
export const PAST_PAGE = 50;
export const PAST_MAX = 500;

export function useTimeline(recordId: string, pastLimit: number) {
  const enabled = Boolean(useActiveConnection());
  return useQuery({
    queryKey: activityKeys.timeline(recordId, pastLimit),
    queryFn: () => call(api.activityTimeline({ recordId, pastLimit })),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useMyTasks() {
  const enabled = Boolean(useActiveConnection());
  return useQuery({ queryKey: activityKeys.myTasks, queryFn: () => call(api.myTasks()), enabled, refetchOnMount: 'always' });
}

/** After a write: every read of the cache (records, lists, the cockpit, activities) and the outbox. */
export async function refreshAfterWrite(queryClient: ReturnType<typeof useQueryClient>): Promise<void> {
  await Promise.all([queryClient.invalidateQueries({ queryKey: cacheKeys.all }), queryClient.invalidateQueries({ queryKey: cacheKeys.outbox })]);
}

export function useCreateActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewActivity) => call(api.createActivity(input)),
    onSuccess: async (outcome) => {
      if (outcome.state !== 'needs-attention') await refreshAfterWrite(queryClient);
    },
  });
}

const quoted = (row: Pick<ActivityRow, 'subject'>) => (row.subject ? `“${row.subject}”` : 'The task');

/** What a completion's outcome means, in words (the toast's message and tone). */
export function completionMessage(row: Pick<ActivityRow, 'subject'>, outcome: WriteOutcome): { text: string; tone: 'success' | 'info' | 'error' } {
  switch (outcome.state) {
    case 'saved':
      return { text: `Completed ${quoted(row)}`, tone: 'success' };
    case 'queued':
      return { text: `Completed ${quoted(row)} on this computer — Salesforce is told when the org answers`, tone: 'info' };
    case 'conflict':
      return { text: `${quoted(row)} was changed in Salesforce too: choose which values to keep on Changes`, tone: 'error' };
    case 'needs-attention':
      return { text: `Salesforce refused to complete ${quoted(row)}: ${outcome.error?.message ?? 'see Changes'}`, tone: 'error' };
  }
}

/** Completes a task and says how it went; `onDone` runs once the lists were read again. */
export function useCompleteTask() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationKey: ['complete-task'],
    mutationFn: (row: Pick<ActivityRow, 'id' | 'subject'>) => call(api.completeTask({ id: row.id })),
    onSuccess: async (outcome, row) => {
      await refreshAfterWrite(queryClient);
      const message = completionMessage(row, outcome);
      toast(message.text, message.tone);
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
}
