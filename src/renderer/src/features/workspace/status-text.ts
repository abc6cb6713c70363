/**
 * The top bar's words for the sync and the unsent changes, kept apart from the components so the
 * counts and their grammar can be checked on their own: a count and the sentence beside it must
 * agree ("1 change needs", "2 changes need"), and a change that needs attention is not counted as
 * pending (it waits for the user, not for the network).
 */
import type { SyncProgress } from '../../../../shared/ipc';
import { formatCount } from '../../lib/format';
import { OBJECTS } from '../../lib/objects';

const changes = (n: number) => `${formatCount(n)} change${n === 1 ? '' : 's'}`;
const records = (n: number) => `record${n === 1 ? '' : 's'}`;

/** "Starting sync…" until the first object reports, then the object and how far along it is. */
export function syncProgressText(progress: SyncProgress | null): { label: string; count: string | null } {
  if (!progress) return { label: 'Starting sync…', count: null };
  const label = `Syncing ${OBJECTS[progress.object].label.many}`;
  const total = progress.total ?? null;
  const count =
    total !== null ? `${formatCount(progress.done)} of ${formatCount(total)} ${records(total)}` : `${formatCount(progress.done)} ${records(progress.done)}`;
  return { label, count };
}

/**
 * The link to Changes: what waits to be sent and what needs the user, each counted once.
 * `title` is the tooltip, a full sentence; null when there is nothing more to say.
 */
export function pendingText(pendingCount: number, needsAttention: number): { label: string; title: string | null } {
  const needsVerb = needsAttention === 1 ? 'needs' : 'need';
  if (needsAttention === 0) {
    return { label: `${formatCount(pendingCount)} pending change${pendingCount === 1 ? '' : 's'}`, title: null };
  }
  const attention = `${changes(needsAttention)} ${needsVerb} your attention`;
  if (pendingCount === 0) {
    return {
      label: `${changes(needsAttention)} ${needsVerb} attention`,
      title: `${attention}: open Changes to fix or discard ${needsAttention === 1 ? 'it' : 'them'}.`,
    };
  }
  return {
    label: `${formatCount(pendingCount)} pending · ${formatCount(needsAttention)} ${needsVerb} attention`,
    title: `${changes(pendingCount)} waiting to be sent; ${attention}.`,
  };
}
