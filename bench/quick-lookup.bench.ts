/**
 * Quick lookup benchmark: browser mode (`startWebMode`, the real bridge and core) over the Demo org
 * synced into the per-org cache at 100,000+ records, the quick-lookup page (`#/quick-lookup`) driven
 * in Chromium through Playwright, as first-paint.bench.ts does for the main screens.
 *
 *   npx tsx bench/quick-lookup.bench.ts [--scale 12000] [--passes 3] [--key-delay 100]
 *
 * The Demo org's database is generated first at --scale (12,000 Accounts: about 160,000 records of
 * the eight objects), then connected through the UI and synced ("everything I can see").
 *
 * Measured, per search prefix (bench-options.ts' SEARCH_PREFIXES that find something): the prefix
 * is typed into the box key by key, --key-delay ms apart (a quick typist; earlier keys' lookups are
 * still being answered, as when a rep types), and timed from the last key's keydown to the first
 * task after the frame showing that text's results was painted (the listbox says which text its
 * results answer; a MutationObserver sees them, a requestAnimationFrame callback runs before that
 * frame's paint and a message posted from it arrives after). Each pass goes through every prefix
 * once in a freshly loaded page, so no answer comes from the page's own query cache; one untimed
 * warm-up pass first. Beside it, the bridge round trip of `search:lookup` alone for each prefix.
 *
 * Goal (the issue's): p95 ≤ 50 ms at ≥ 100,000 cached records. Exit status: 0 met, 2 missed,
 * anything else failed to run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from '@playwright/test';
import { generateDemoOrg } from '../src/emulator/org/generate';
import { openOrgStore } from '../src/emulator/org/store';
import { DEMO_ORG_FILE_NAME } from '../src/main/core/demo/demo-org';
import { PROJECT_ROOT } from '../src/main/web/build-renderer';
import { SECRET_HEADER } from '../src/main/web/server';
import { startWebMode, type WebMode } from '../src/main/web/web-mode';
import type { LookupGroup, SyncStatus } from '../src/shared/ipc';
import { connectDemoOrg } from '../tests/e2e/support/demo-org-login';
import { clearProxyEnvironment, formatCount, intOption, SEARCH_PREFIXES } from './bench-options';

clearProxyEnvironment();

const scale = intOption('scale', 12_000);
const passes = intOption('passes', 3);
const keyDelay = intOption('key-delay', 100, 0);
const GOAL_P95_MS = 50;
const RECORDS_GOAL = 100_000;
/** The Demo org host's own seed (src/main/core/demo/demo-org.ts): the same org it would generate. */
const DEMO_SEED = 42;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const BOX = 'input[aria-label="Look up a record"]';

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

function stats(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { median: at(50), p95: at(95), max: sorted[sorted.length - 1] };
}

async function call<T>(web: WebMode, channel: string, payload: unknown = {}): Promise<T> {
  const response = await fetch(`${web.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: web.secret },
    body: JSON.stringify(payload),
  });
  const result = (await response.json()) as { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.data;
}

async function waitForFirstSync(web: WebMode): Promise<SyncStatus> {
  let lastLine = '';
  for (;;) {
    const status = await call<SyncStatus>(web, 'sync:status');
    if (!status.running && status.lastRun) {
      process.stdout.write('\n');
      return status;
    }
    const progress = status.progress;
    const line = progress
      ? `  syncing ${progress.object}: ${formatCount(progress.done)}${progress.total ? ` of ${formatCount(progress.total)}` : ''}`
      : '  waiting for the first sync…';
    if (line !== lastLine) process.stdout.write(`\r${line.padEnd(60)}`);
    lastLine = line;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * In the page: resolves with the time from the keydown that completes `text` to the first task
 * after the frame that painted results answering `text` (the page marks which text the results on
 * screen answer: data-answered).
 */
const ARM = (text: string) => `void (window.__benchLookup = new Promise((resolve, reject) => {
  const text = ${JSON.stringify(text)};
  const input = document.querySelector(${JSON.stringify(BOX)});
  const answered = '[data-answered="' + CSS.escape(text) + '"] [role="listbox"] [role="option"]';
  const timer = setTimeout(() => reject(new Error('no results for "' + text + '" within 30 s; the box holds "' + input.value + '"')), 30000);
  let start;
  const onKey = (event) => {
    // The keydown whose character completes the text.
    if (input.value + event.key !== text) return;
    start = event.timeStamp;
    input.removeEventListener('keydown', onKey);
    const check = () => {
      if (!document.querySelector(answered)) return;
      const inserted = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          clearTimeout(timer);
          // Where the time went: the lookup's request as the page saw it (the last one sent after the key).
          const request = performance
            .getEntriesByType('resource')
            .filter((e) => e.name.endsWith('/api/search:lookup') && e.startTime >= start)
            .pop();
          resolve({
            painted: performance.now() - start,
            requestStart: request ? request.startTime - start : null,
            requestEnd: request ? request.responseEnd - start : null,
            inserted: inserted - start,
          });
        };
        channel.port2.postMessage(null);
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  };
  input.addEventListener('keydown', onKey);
}))`;

/** One lookup's times from the key (ms): painted, and on the way the request's start and end and the results in the DOM. */
interface Timing {
  painted: number;
  requestStart: number | null;
  requestEnd: number | null;
  inserted: number;
}

/** One pass: a fresh page, each prefix typed into the cleared box once. */
async function pass(page: Page, origin: string, prefixes: string[]): Promise<Map<string, Timing>> {
  await page.goto(`${origin}/#/quick-lookup`);
  await page.reload();
  await page.locator(BOX).waitFor();
  // Let the page's start-up requests (connections, app info) finish first.
  await page.waitForTimeout(400);
  const times = new Map<string, Timing>();
  for (const prefix of prefixes) {
    await page.locator(BOX).fill('');
    await page.waitForTimeout(150);
    await page.evaluate(ARM(prefix));
    await page.locator(BOX).pressSequentially(prefix, { delay: keyDelay });
    times.set(prefix, (await page.evaluate('window.__benchLookup')) as Timing);
  }
  return times;
}

async function roundTrips(web: WebMode, prefixes: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (const text of prefixes) {
      const start = performance.now();
      await call(web, 'search:lookup', { text, perObject: 5 });
      times.push(performance.now() - start);
    }
  }
  return times;
}

async function setUp(workDir: string): Promise<{ web: WebMode; browser: Browser; page: Page; cached: number }> {
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir);
  const generateStart = performance.now();
  const store = openOrgStore({ file: join(dataDir, DEMO_ORG_FILE_NAME) });
  try {
    generateDemoOrg(store, { seed: DEMO_SEED, scale });
  } finally {
    store.close();
  }
  console.log(`Demo org generated at --scale ${scale} in ${((performance.now() - generateStart) / 1000).toFixed(1)} s`);
  // Built into this run's own directory: dist/renderer is shared with other runs.
  const staticDir = join(workDir, 'renderer');
  const { build } = await import('vite');
  await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const env = { ...process.env };
  for (const name of ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_REDIRECT_URI', 'SALESFORCE_API_VERSION']) delete env[name];
  const web = await startWebMode({ dataDir, env, staticDir });
  await call(web, 'sync:settings-update', { scope: 'all', intervalMinutes: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 620, height: 460 } });
  const page = await context.newPage();
  const syncStart = performance.now();
  await connectDemoOrg(page, web.url);
  const synced = await waitForFirstSync(web);
  if (synced.lastRun?.outcome !== 'ok') throw new Error(`first sync: ${synced.lastRun?.outcome} ${synced.lastRun?.error ?? ''}`);
  const cached = synced.objects.reduce((sum, o) => sum + o.count, 0);
  console.log(`Connected and synced through the UI in ${((performance.now() - syncStart) / 1000).toFixed(1)} s: ${formatCount(cached)} records cached`);
  console.log(`  ${synced.objects.map((o) => `${o.object} ${formatCount(o.count)}`).join(', ')}`);
  return { web, browser, page, cached };
}

function report(timings: Timing[], byPrefix: Map<string, number[]>, trips: number[], cached: number): boolean {
  const all = timings.map((t) => t.painted);
  const { median, p95, max } = stats(all);
  const part = (pick: (t: Timing) => number | null) => stats(timings.map(pick).filter((v): v is number => v !== null)).median.toFixed(1);
  const worst = [...byPrefix]
    .map(([prefix, times]) => [prefix, Math.max(...times)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const trip = stats(trips);
  console.log(
    `\nBridge round trip of search:lookup alone (${trips.length} calls): median ${trip.median.toFixed(1)} ms, p95 ${trip.p95.toFixed(1)} ms, max ${trip.max.toFixed(1)} ms`,
  );
  console.log(`Keypress → results painted (${all.length} lookups): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  console.log(
    `  medians from the key: request sent ${part((t) => t.requestStart)} ms, answered ${part((t) => t.requestEnd)} ms, results in the DOM ${part((t) => t.inserted)} ms, painted ${median.toFixed(1)} ms`,
  );
  console.log(`  slowest prefixes: ${worst.map(([prefix, ms]) => `"${prefix}" ${ms.toFixed(1)} ms`).join(', ')}`);
  const recordsMet = cached >= RECORDS_GOAL;
  const goalMet = p95 <= GOAL_P95_MS;
  console.log(`Scale ${scale}: ${formatCount(cached)} records cached (goal ≥ ${formatCount(RECORDS_GOAL)}) — ${recordsMet ? 'met' : 'MISSED'}`);
  console.log(`Quick lookup, keypress to results painted: p95 ${p95.toFixed(1)} ms (goal ≤ ${GOAL_P95_MS} ms) — ${goalMet ? 'met' : 'MISSED'}`);
  return recordsMet && goalMet;
}

if (!existsSync(CHROMIUM))
  throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium); Playwright's own browsers cannot be downloaded here`);
console.log(`Load average at start: ${load()} (1, 5, 15 min) on ${cpus().length} CPUs`);
const workDir = mkdtempSync(join(tmpdir(), 'atom-quick-lookup-bench-'));
let setup: Awaited<ReturnType<typeof setUp>> | undefined;
try {
  setup = await setUp(workDir);
  const { web, page, cached } = setup;
  const prefixes: string[] = [];
  for (const text of SEARCH_PREFIXES) {
    if ((await call<{ groups: LookupGroup[] }>(web, 'search:lookup', { text })).groups.length > 0) prefixes.push(text);
  }
  if (prefixes.length === 0) throw new Error('none of the search prefixes finds anything in the cache');
  console.log(
    `\nQuick lookup in Chromium (headless, 620×460, the desktop window's size): ${passes} passes of ${prefixes.length} prefixes, typed ${keyDelay} ms a key, after one warm-up pass; load average ${load()}.`,
  );
  console.log(`  (prefixes: ${prefixes.join(', ')})`);
  await pass(page, web.origin, prefixes);
  const all: Timing[] = [];
  const byPrefix = new Map<string, number[]>();
  for (let i = 0; i < passes; i++) {
    const times = await pass(page, web.origin, prefixes);
    for (const [prefix, timing] of times) {
      all.push(timing);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), timing.painted]);
    }
    const pStats = stats([...times.values()].map((t) => t.painted));
    console.log(`  pass ${i + 1}: median ${pStats.median.toFixed(1)} ms, p95 ${pStats.p95.toFixed(1)} ms, max ${pStats.max.toFixed(1)} ms`);
  }
  const met = report(all, byPrefix, await roundTrips(web, prefixes), cached);
  console.log(`Load average at the end: ${load()}`);
  process.exitCode = met ? 0 : 2;
} finally {
  await setup?.browser.close();
  await setup?.web.close();
  rmSync(workDir, { recursive: true, force: true });
}
