/**
 * Child process of the SIGKILL test (outbox-sigkill.test.ts): opens the org cache, drains its
 * outbox against the parent's emulator through the real gateway (jsforce) and transport, and exits
 * 0 once nothing is left. The parent kills it with SIGKILL at random points.
 *
 * argv: <dataDir> <connectionId> <instanceUrl>; the access token arrives in OUTBOX_CHILD_TOKEN.
 */
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import type { TokenVault } from '../../src/main/core/auth/token-vault';
import { createCacheLocalRecords } from '../../src/main/core/outbox/cache-local-records';
import { createOutboxService } from '../../src/main/core/outbox/outbox-service';
import { createSessionTransport } from '../../src/main/core/outbox/transport';
import { createApiMeter } from '../../src/main/core/salesforce/api-meter';
import { createSalesforceGateway } from '../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../src/main/core/storage/connections.repo';

const [dataDir, connectionId, instanceUrl] = process.argv.slice(2);
const token = process.env.OUTBOX_CHILD_TOKEN ?? '';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const vault = {
  storage: 'memory',
  accessToken: async () => token,
  refresh: async () => {
    throw new Error('no refresh in the kill test');
  },
} as unknown as TokenVault;
const gateway = createSalesforceGateway({
  vault,
  apiVersion: async () => '62.0',
  log: silent,
  retry: { maxRetries: 0, minTimeout: 10 },
  meter: createApiMeter(),
});
const record = { id: connectionId, instanceUrl, status: 'connected' } as ConnectionRecord;

const db = openOrgCache(dataDir, connectionId);
const outbox = createOutboxService({
  cacheFor: () => ({ db, local: createCacheLocalRecords(db) }),
  transportFor: () => createSessionTransport(() => gateway.session(record, { feature: 'outbox' })),
  log: silent,
  // Tight backoff: the parent's rounds are short.
  backoff: { serverBaseMs: 20, serverMaxMs: 100, limitBaseMs: 20, limitMaxMs: 100 },
  probeIntervalMs: 20,
});

process.stdout.write('ready\n');
for (let pass = 0; pass < 200; pass++) {
  await outbox.drain(connectionId);
  const status = outbox.status(connectionId);
  if (status.pendingCount === 0) {
    const stuck = status.conflicts.length + status.needsAttention.length;
    process.stdout.write(`done ${stuck}\n`);
    await outbox.close();
    db.close();
    process.exit(stuck === 0 ? 0 : 3);
  }
  await new Promise((r) => setTimeout(r, 25));
}
process.stdout.write('gave up\n');
process.exit(2);
