/**
 * Checklist X2's last clause: an upsert by client UUID that matches several records (Salesforce
 * answers 300 Multiple Choices, which jsforce returns as a list of URLs rather than an error) is
 * not retried and not guessed at: the change goes to needs-attention with the user's data kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxService, type OutboxService } from '../../../src/main/core/outbox/outbox-service';
import { CLIENT_UUID_FIELD, createSessionTransport } from '../../../src/main/core/outbox/transport';
import { SendFailure } from '../../../src/main/core/outbox/types';
import type { SalesforceSession } from '../../../src/main/core/salesforce/gateway';
import { FakeOrg } from './outbox-fake-org';

const CONN = 'conn-300';
let dir: string;
let db: CacheDb;
let org: FakeOrg;
let outbox: OutboxService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-300-'));
  db = openOrgCache(dir, CONN);
  org = new FakeOrg();
  outbox = createOutboxService({
    cacheFor: () => ({ db, local: createCacheLocalRecords(db) }),
    transportFor: () => org,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    probeIntervalMs: 10,
    writeWaitMs: 2_000,
  });
});
afterEach(async () => {
  await outbox.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an upsert that matches several records (300)', () => {
  it('the session transport turns the 300 list of URLs into a "multiple" failure', async () => {
    const sent: string[] = [];
    const session = {
      send: async (method: string, path: string) => {
        sent.push(`${method} ${path}`);
        return ['/services/data/v62.0/sobjects/Contact/003000000000001', '/services/data/v62.0/sobjects/Contact/003000000000002'];
      },
    } as unknown as SalesforceSession;
    const transport = createSessionTransport(async () => session);
    const failure = await transport.upsert('Contact', CLIENT_UUID_FIELD, 'uuid-1', { LastName: 'Twice' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure).toMatchObject({ kind: 'multiple', info: { code: 'MULTIPLE_CHOICES' } });
    expect(sent).toEqual([`PATCH /sobjects/Contact/${CLIENT_UUID_FIELD}/uuid-1`]);
  });

  it('the queued create goes to needs-attention, once, with the user’s values; nothing is created', async () => {
    org.down = 'network';
    const queued = await outbox.create(CONN, 'Contact', { LastName: 'Ambiguous' });
    expect(queued.state).toBe('queued');
    const uuid = db.prepare(`SELECT client_uuid FROM outbox WHERE id = ?`).pluck().get(queued.outboxId) as string;
    // Two records already carry that value (a non-unique external ID, or data loaded by hand).
    org.seed('Contact', { LastName: 'A', [CLIENT_UUID_FIELD]: uuid });
    org.seed('Contact', { LastName: 'B', [CLIENT_UUID_FIELD]: uuid });
    org.down = null;
    await outbox.drain(CONN);
    await outbox.drain(CONN);
    const status = outbox.status(CONN);
    expect(status.pendingCount).toBe(0);
    expect(status.needsAttention).toEqual([
      expect.objectContaining({
        id: queued.outboxId,
        op: 'create',
        mine: { LastName: 'Ambiguous' },
        error: expect.objectContaining({ code: 'MULTIPLE_CHOICES' }),
      }),
    ]);
    expect(org.calls.filter((c) => c === 'upsert')).toHaveLength(1);
    expect(org.live('Contact')).toHaveLength(2);
  });
});
