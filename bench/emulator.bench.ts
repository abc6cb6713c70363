/**
 * Emulator benchmark: how long generating a large org takes, and how many records per second a
 * full `autoFetch` Contact query serves to the real jsforce client over HTTP.
 *
 *   npx tsx bench/emulator.bench.ts [--scale 20000] [--runs 3]
 *
 * Target: at least 100,000 records/s for the query at scale 20000.
 *
 * Besides the headline figure it prints where the time goes: the SOQL engine alone (no HTTP),
 * jsforce against an emulator in the same process (how the app's Demo org runs), and jsforce
 * against an emulator in its own process (how `npm run emulator` runs), where client and server
 * no longer share one thread, and the ceiling of the client itself (jsforce against a server that
 * replays pre-serialized pages).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import jsforce from 'jsforce';
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_PASSWORD, DEMO_USERNAME } from '../src/emulator/demo-app';
import { startEmulator } from '../src/emulator/index';
import { generateDemoOrg } from '../src/emulator/org/generate';
import { openOrgStore } from '../src/emulator/org/store';
import { runQuery, runQueryCursor } from '../src/emulator/soql/engine';
import { clearProxyEnvironment, formatCount, intOption } from './bench-options';

const TARGET_RECORDS_PER_SECOND = 100_000;
const SOQL = 'SELECT Id, FirstName, LastName, Email, Phone, AccountId FROM Contact';
const API_VERSION = '62.0';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const option = intOption;

clearProxyEnvironment();

const scale = option('scale', 20_000);
const runs = option('runs', 3);
const seed = 1;
const format = formatCount;
const rate = (records: number, ms: number) => (records / ms) * 1000;

interface Timing {
  median: number;
  best: number;
}

/** One untimed warm-up, then `runs` timed runs; the median and best in records per second. */
async function measure(label: string, records: number, run: () => Promise<number>): Promise<Timing> {
  const check = (got: number) => {
    if (got !== records) throw new Error(`${label}: got ${got} records, expected ${records}`);
  };
  check(await run());
  const rates: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    check(await run());
    rates.push(rate(records, performance.now() - started));
  }
  rates.sort((a, b) => a - b);
  const timing = { median: rates[Math.floor(rates.length / 2)], best: rates[rates.length - 1] };
  console.log(`  ${label}: median ${format(timing.median)} records/s (best ${format(timing.best)})`);
  return timing;
}

async function jsforceQuery(loginUrl: string): Promise<() => Promise<number>> {
  const conn = new jsforce.Connection({
    oauth2: { clientId: DEMO_CONSUMER_KEY, clientSecret: DEMO_CONSUMER_SECRET, loginUrl },
    version: API_VERSION,
  });
  await conn.login(DEMO_USERNAME, DEMO_PASSWORD);
  return async () => {
    const result = await conn.query(SOQL).run({ autoFetch: true, maxFetch: 1_000_000 });
    const first = result.records[0] as { attributes?: { type?: string }; Id?: unknown } | undefined;
    if (first?.attributes?.type !== 'Contact' || typeof first.Id !== 'string') throw new Error('not Contact rows');
    if (result.totalSize !== result.records.length) throw new Error('autoFetch stopped early');
    return result.records.length;
  };
}

/** Starts `src/emulator/cli.ts` on a free port over the database file; resolves its URL. */
function startEmulatorProcess(dbFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/emulator/cli.ts'), '--port', '0', '--db', dbFile, '--allow-password-grant'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.removeAllListeners('exit');
        resolve({ url: match[1], child });
      }
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A server that answers the query and its locators with pages serialized up front (Contact-shaped
 * records, 2000 a page): everything jsforce costs, nothing the emulator costs.
 */
async function staticPageServer(total: number): Promise<{ url: string; server: Server }> {
  const batch = 2000;
  const id = (prefix: string, n: number) => `${prefix}8d0${n.toString(36).padStart(12, '0')}`;
  const pages: Buffer[] = [];
  for (let offset = 0; offset < total; offset += batch) {
    const records = [];
    for (let n = offset; n < Math.min(total, offset + batch); n += 1) {
      records.push({
        attributes: { type: 'Contact', url: `/services/data/v${API_VERSION}/sobjects/Contact/${id('003', n)}` },
        Id: id('003', n),
        FirstName: `First${n}`,
        LastName: `Last${n}`,
        Email: `person${n}@example.com`,
        Phone: `(555) 010-${String(n % 10_000).padStart(4, '0')}`,
        AccountId: id('001', Math.floor(n / 3)),
      });
    }
    const more = offset + batch < total;
    const locator = `/services/data/v${API_VERSION}/query/01g8d0000000001AAA-${offset + batch}`;
    pages.push(Buffer.from(JSON.stringify({ totalSize: total, done: !more, ...(more ? { nextRecordsUrl: locator } : {}), records })));
  }
  const server = createServer((req, res) => {
    const offset = /-(\d+)$/.exec((req.url ?? '').split('?')[0]);
    const page = pages[offset ? Number(offset[1]) / batch : 0];
    res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(page.length) });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const workDir = mkdtempSync(join(tmpdir(), 'atom-emulator-bench-'));
const dbFile = join(workDir, 'org.sqlite');
const verdicts: boolean[] = [];
try {
  // 1. Generation, into a file the emulators then reuse (the org is generated once).
  const store = openOrgStore({ file: dbFile });
  const generationStarted = performance.now();
  generateDemoOrg(store, { seed, scale });
  const generationMs = performance.now() - generationStarted;
  const counts = Object.fromEntries(
    ['Account', 'Contact', 'Opportunity', 'Lead', 'Case'].map((name) => [
      name,
      (store.db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE "IsDeleted" = 0`).get() as { n: number }).n,
    ]),
  );
  console.log(`generateDemoOrg(scale ${format(scale)}, seed ${seed}): ${(generationMs / 1000).toFixed(2)} s`);
  console.log(
    `  rows: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${format(v)}`)
      .join(', ')}`,
  );
  const contacts = counts.Contact;

  console.log(`\n${SOQL}: ${format(contacts)} records, ${Math.ceil(contacts / 2000)} pages of 2000, ${runs} timed runs each`);

  // 2. The SOQL engine alone: what any HTTP path can at best serve.
  await measure(
    'SOQL engine only (runQuery, no HTTP)',
    contacts,
    async () => runQuery(store, SOQL, { includeDeleted: false, apiVersion: API_VERSION }).records.length,
  );
  // What the REST query resource runs: records serialized once into a cursor, read page by page.
  await measure('SOQL engine paging cursor (runQueryCursor + every page, no HTTP)', contacts, async () => {
    const source = runQueryCursor(store, SOQL, { includeDeleted: false, apiVersion: API_VERSION });
    let bytes = 0;
    for (let start = 0; start < source.size; start += 2000) {
      for (const piece of source.json?.(start, start + 2000, API_VERSION) ?? []) bytes += piece.length;
    }
    if (bytes === 0) throw new Error('the cursor produced no JSON text');
    return source.size;
  });
  store.close();

  // 3. jsforce over HTTP, emulator in this process (the app's Demo org).
  // The bench's jsforce client logs in with the username-password grant, which only an emulator
  // started with allowPasswordGrant accepts (the Demo org refuses it).
  const emulator = await startEmulator({ dbFile, allowPasswordGrant: true, log: (line) => console.error(line) });
  try {
    const timing = await measure('jsforce autoFetch, emulator in-process', contacts, await jsforceQuery(emulator.url));
    verdicts.push(timing.median >= TARGET_RECORDS_PER_SECOND);
  } finally {
    await emulator.close();
  }

  // 4. jsforce over HTTP, emulator in its own process (`npm run emulator`).
  const { url, child } = await startEmulatorProcess(dbFile);
  try {
    const timing = await measure('jsforce autoFetch, emulator in its own process', contacts, await jsforceQuery(url));
    verdicts.push(timing.median >= TARGET_RECORDS_PER_SECOND);
  } finally {
    await stopProcess(child);
  }

  // 5. The client's ceiling: jsforce against a server that only replays pre-serialized pages.
  const ceiling = await staticPageServer(contacts);
  try {
    const conn = new jsforce.Connection({ instanceUrl: ceiling.url, accessToken: '00D000000000000AAA!static', version: API_VERSION });
    await measure('jsforce autoFetch ceiling (static pre-serialized pages)', contacts, async () => {
      const result = await conn.query(SOQL).run({ autoFetch: true, maxFetch: 1_000_000 });
      return result.records.length;
    });
  } finally {
    await new Promise((resolve) => ceiling.server.close(resolve));
  }

  const met = verdicts.some(Boolean);
  console.log(`\ntarget ≥${format(TARGET_RECORDS_PER_SECOND)} records/s through jsforce: ${met ? 'met' : 'MISSED'}`);
  if (!met) process.exitCode = 2;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
