/**
 * Meter benchmark: what the metered path to Salesforce (src/main/core/salesforce/metered-transport.ts
 * and api-meter.ts) costs per call, beside what a query page of 2,000 records costs.
 *
 *   npx tsx bench/meter.bench.ts [--scale 800] [--runs 40] [--calls 2000]
 *
 * Prints:
 * - a query page of 2,000 Contacts through the gateway (metered) against the in-process emulator,
 *   and the same request through a bare jsforce Connection (unmetered, as before the meter): the
 *   medians and their ratio, runs interleaved. On a shared machine the two medians move by more
 *   than the meter costs, so this pair is printed for context only;
 * - the meter's own work per call, timed in isolation: the metered transport handling a request
 *   whose underlying HTTP send is replaced by a canned answer (the real 2,000-record page), minus
 *   that canned send alone. It includes the origin pin, the per-org slot and backoff admission,
 *   the record (family, path, status, error code, bytes, Sforce-Limit-Info) and one listener.
 * Exit status: 0 when the meter's own work is at most 2% of the metered page's median time, 2 when
 * not, anything else when the bench failed to run.
 */
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Connection } from 'jsforce';
import { HttpProxyTransport, Transport } from 'jsforce/lib/transport.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { startEmulator } from '../src/emulator/index';
import { buildAuthorizeUrl, exchangeCode } from '../src/main/core/auth/oauth-flow';
import { createPkcePair } from '../src/main/core/auth/pkce';
import type { TokenVault } from '../src/main/core/auth/token-vault';
import { createApiMeter } from '../src/main/core/salesforce/api-meter';
import { createSalesforceGateway } from '../src/main/core/salesforce/gateway';
import { MeteredTransport } from '../src/main/core/salesforce/metered-transport';
import type { ConnectionRecord } from '../src/main/core/storage/connections.repo';
import { openDatabase } from '../src/main/core/storage/database';
import { createUsageStore } from '../src/main/core/usage/usage-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearProxyEnvironment, formatCount, intOption } from './bench-options';

clearProxyEnvironment();

const scale = intOption('scale', 800);
const runs = intOption('runs', 40);
const isolatedCalls = intOption('calls', 2_000);
const GOAL_SHARE = 0.02;
const VERSION = '62.0';
const SOQL = 'SELECT Id, FirstName, LastName, Email, Phone, AccountId FROM Contact';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** A real OAuth login against the emulator (auto-approve), for an access token. */
async function loginToken(url: string, clientId: string): Promise<string> {
  const pkce = createPkcePair();
  const redirectUri = 'http://127.0.0.1:45999/oauth/callback';
  const authorize = buildAuthorizeUrl({ loginHost: url, clientId, redirectUri, verifier: pkce.verifier, state: 'bench-state' });
  const location = (await fetch(authorize, { redirect: 'manual' })).headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (!code) throw new Error('the emulator did not hand out a code');
  const tokens = await exchangeCode({ loginHost: url, policy: { kind: 'demo', origin: url }, clientId, code, verifier: pkce.verifier, redirectUri });
  return tokens.accessToken;
}

const emulator = await startEmulator({ scale, seed: 1, autoApprove: true, log: () => {} });
try {
  const contacts = (emulator.store.db.prepare(`SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0`).get() as { n: number }).n;
  if (contacts < 2_000) throw new Error(`only ${contacts} Contacts at --scale ${scale}: raise --scale`);
  const token = await loginToken(emulator.url, emulator.consumerKey);

  // Metered: the gateway as the app uses it, recording into the real usage store (its flushes to
  // the app database included) in a scratch data folder.
  const meter = createApiMeter();
  const usageDir = mkdtempSync(join(tmpdir(), 'atom-meter-bench-'));
  const usageDb = openDatabase(usageDir);
  const usage = createUsageStore({ db: usageDb, flushIntervalMs: 1_000 });
  meter.subscribe((call) => usage.record(call));
  const vault = { accessToken: async () => token, refresh: async () => token } as unknown as TokenVault;
  const gateway = createSalesforceGateway({ vault, apiVersion: async () => VERSION, log: { debug() {}, info() {}, warn() {}, error() {} }, meter });
  const record = { id: 'bench', instanceUrl: emulator.url, status: 'connected' } as ConnectionRecord;
  const session = await gateway.session(record, { feature: 'records' });

  // Unmetered: a bare jsforce Connection, proxy bypassed as the app did before the meter.
  const bare = new Connection({ instanceUrl: emulator.url, accessToken: token, version: VERSION });
  bare._transport = new HttpProxyTransport(undefined as unknown as string);
  const pageUrl = `${emulator.url}/services/data/v${VERSION}/query?q=${encodeURIComponent(SOQL)}`;

  const metered = async () => (await session.query<unknown>(SOQL)).records.length;
  const unmetered = async () =>
    ((await bare.request({ method: 'GET', url: pageUrl }, { retry: { maxRetries: 2, minTimeout: 400 }, timeout: 60_000 })) as { records: unknown[] }).records
      .length;
  for (const warm of [metered, unmetered]) if ((await warm()) !== 2_000) throw new Error('a query page did not hold 2,000 records');

  const times = { metered: [] as number[], unmetered: [] as number[] };
  for (let i = 0; i < runs; i++) {
    // Interleaved, alternating which goes first, so drift on the machine hits both alike.
    const order = i % 2 ? (['unmetered', 'metered'] as const) : (['metered', 'unmetered'] as const);
    for (const which of order) {
      const t0 = performance.now();
      await (which === 'metered' ? metered() : unmetered());
      times[which].push(performance.now() - t0);
    }
  }
  const pageMetered = median(times.metered);
  const pageUnmetered = median(times.unmetered);
  console.log(`Query page of 2,000 Contacts (of ${formatCount(contacts)}) against the in-process emulator (--scale ${scale}), median of ${runs} runs each:`);
  console.log(`  through the gateway (metered)      ${pageMetered.toFixed(2)} ms`);
  console.log(`  bare jsforce Connection (unmetered) ${pageUnmetered.toFixed(2)} ms`);
  console.log(`  ratio metered / unmetered           ${(pageMetered / pageUnmetered).toFixed(3)} (context only: run-to-run noise exceeds the meter's cost)`);

  const perCall = await isolatedMeterCost(pageUrl, token, meter);
  const share = perCall.meterUs / 1000 / pageMetered;
  console.log(
    `\nThe meter's own work per call, in isolation (${formatCount(isolatedCalls)} calls per batch, median of ${runs} batches, real 2,000-record answer):`,
  );
  console.log(`  metered transport with a canned send  ${perCall.totalUs.toFixed(1)} µs`);
  console.log(`  the canned send alone                 ${perCall.baseUs.toFixed(1)} µs`);
  console.log(
    `  the meter's work                      ${perCall.meterUs.toFixed(1)} µs = ${(share * 100).toFixed(3)}% of a metered query page (goal ≤ ${GOAL_SHARE * 100}%)`,
  );
  const stored = usage.today('bench').total + usage.today('bench-isolated').total;
  console.log(`\nCalls the usage store recorded today: ${formatCount(stored)}; meter totals: ${formatCount(meter.totals().total)} calls`);
  usage.close();
  usageDb.close();
  rmSync(usageDir, { recursive: true, force: true });
  process.exitCode = share <= GOAL_SHARE ? 0 : 2;
} finally {
  await emulator.close();
}

/**
 * Times the metered transport on a canned answer: jsforce's Transport.httpRequest (the HTTP send
 * the transport delegates to) is replaced by one that resolves at once with the captured page, so
 * what remains is the meter's own work plus that stub, which is timed alone and subtracted.
 */
async function isolatedMeterCost(pageUrl: string, token: string, meter: ReturnType<typeof createApiMeter>) {
  const answer = await captureAnswer(pageUrl, token);
  const original = Transport.prototype.httpRequest;
  const canned = () => StreamPromise.create(() => ({ stream: new PassThrough(), promise: Promise.resolve(answer) }));
  Transport.prototype.httpRequest = canned as typeof original;
  try {
    const transport = new MeteredTransport(meter, { connectionId: 'bench-isolated', instanceUrl: new URL(pageUrl).origin });
    const request = { method: 'GET' as const, url: pageUrl, headers: { Authorization: 'Bearer x' } };
    const options = { use: { feature: 'records' as const }, retry: { maxRetries: 0 } };
    const batch = async (send: () => Promise<unknown>) => {
      const t0 = performance.now();
      for (let i = 0; i < isolatedCalls; i++) await send();
      return ((performance.now() - t0) * 1000) / isolatedCalls;
    };
    const total: number[] = [];
    const base: number[] = [];
    await batch(() => transport.httpRequest(request, options)); // warm-up
    await batch(() => canned());
    for (let i = 0; i < runs; i++) {
      total.push(await batch(() => transport.httpRequest(request, options)));
      base.push(await batch(() => canned()));
    }
    const totalUs = median(total);
    const baseUs = median(base);
    return { totalUs, baseUs, meterUs: Math.max(0, totalUs - baseUs) };
  } finally {
    Transport.prototype.httpRequest = original;
  }
}

/** The emulator's real answer to the page request (status, headers with Sforce-Limit-Info, body). */
async function captureAnswer(pageUrl: string, token: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(pageUrl, { headers: { Authorization: `Bearer ${token}` } });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return { statusCode: res.status, headers, body: await res.text() };
}
