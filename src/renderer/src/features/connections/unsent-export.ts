/**
 * The export offered before disconnecting an org whose changes have not reached Salesforce: one
 * JSON file with each change's object, record, values, state and Salesforce's message, so nothing
 * is lost silently (security checklist X8). Pure (no DOM), so it is unit-tested in Node; the
 * dialog saves it with a Blob link.
 */
import type { ConnectionSummary, UnsentChange, UnsentChanges } from '../../../../shared/ipc';

export const STATE_LABEL: Record<UnsentChange['state'], string> = {
  pending: 'waiting to be sent',
  'needs-attention': 'needs attention',
  conflict: 'conflict',
};

export const OP_LABEL: Record<UnsentChange['op'], string> = { create: 'New', update: 'Edit', delete: 'Delete' };

/** The change's record as a person knows it: its name, else its Id. */
export function changeTitle(change: UnsentChange): string {
  return change.title ?? change.recordId;
}

export interface UnsentExport {
  fileName: string;
  json: string;
}

export function buildUnsentExport(
  connection: Pick<ConnectionSummary, 'username' | 'orgId' | 'instanceUrl'>,
  unsent: UnsentChanges,
  now = new Date(),
): UnsentExport {
  const content = {
    exportedAt: now.toISOString(),
    note: 'Changes made in Atom for Salesforce that Salesforce does not have. Re-enter them in Salesforce to keep them.',
    org: { username: connection.username, orgId: connection.orgId, instanceUrl: connection.instanceUrl },
    counts: { total: unsent.total, pending: unsent.pending, needsAttention: unsent.needsAttention, conflicts: unsent.conflicts },
    changes: unsent.changes.map((change) => ({
      object: change.object,
      operation: change.op,
      recordId: change.recordId,
      recordName: change.title,
      createdOffline: change.recordId.startsWith('local-'),
      state: change.state,
      values: change.values,
      salesforceMessage: change.error?.message ?? null,
      salesforceErrorCode: change.error?.code ?? null,
      fields: change.error?.fields ?? [],
      ...(change.theirs ? { salesforceValues: change.theirs } : {}),
      madeAt: change.createdAt,
      attempts: change.attempts,
    })),
  };
  const stamp = now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d{3}Z$/, 'Z');
  const who = connection.username.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { fileName: `atom-unsent-changes-${who}-${stamp}.json`, json: `${JSON.stringify(content, null, 2)}\n` };
}
