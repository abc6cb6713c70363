/** The export file offered before disconnecting an org with unsent changes (X8). */
import { describe, expect, it } from 'vitest';
import type { UnsentChanges } from '../../../src/shared/ipc';
import { buildUnsentExport, changeTitle } from '../../../src/renderer/src/features/connections/unsent-export';

const connection = { username: 'dana@acme.example', orgId: '00D000000000001AAA', instanceUrl: 'https://acme.my.salesforce.com' };
const unsent: UnsentChanges = {
  connectionId: 'c1',
  total: 2,
  pending: 1,
  needsAttention: 1,
  conflicts: 0,
  changes: [
    {
      id: 7,
      object: 'Opportunity',
      op: 'update',
      recordId: '006000000000001AAA',
      title: 'Big deal',
      state: 'needs-attention',
      values: { Amount: -3 },
      theirs: null,
      error: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Amount cannot be negative.', fields: ['Amount'] },
      attempts: 1,
      createdAt: '2026-01-02T03:04:05.000Z',
    },
    {
      id: 8,
      object: 'Lead',
      op: 'create',
      recordId: `local-${'a'.repeat(32)}`,
      title: null,
      state: 'pending',
      values: { LastName: 'Hopper', Company: 'Navy' },
      theirs: null,
      error: null,
      attempts: 0,
      createdAt: '2026-01-02T03:05:00.000Z',
    },
  ],
};

describe('unsent changes export', () => {
  it('has each change’s object, record, values, state and Salesforce’s message', () => {
    const file = buildUnsentExport(connection, unsent, new Date('2026-01-02T10:11:12.345Z'));
    expect(file.fileName).toBe('atom-unsent-changes-dana_acme.example-2026-01-02T10-11-12Z.json');
    const parsed = JSON.parse(file.json);
    expect(parsed).toMatchObject({
      exportedAt: '2026-01-02T10:11:12.345Z',
      org: connection,
      counts: { total: 2, pending: 1, needsAttention: 1, conflicts: 0 },
    });
    expect(parsed.changes).toEqual([
      expect.objectContaining({
        object: 'Opportunity',
        operation: 'update',
        recordId: '006000000000001AAA',
        recordName: 'Big deal',
        createdOffline: false,
        state: 'needs-attention',
        values: { Amount: -3 },
        salesforceMessage: 'Amount cannot be negative.',
        salesforceErrorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        fields: ['Amount'],
      }),
      expect.objectContaining({
        object: 'Lead',
        operation: 'create',
        createdOffline: true,
        state: 'pending',
        values: { LastName: 'Hopper', Company: 'Navy' },
        salesforceMessage: null,
      }),
    ]);
  });

  it('names a change by its record, else by its Id', () => {
    expect(unsent.changes.map(changeTitle)).toEqual(['Big deal', `local-${'a'.repeat(32)}`]);
  });
});
