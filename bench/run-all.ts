/**
 * Runs every `bench/*.bench.ts` in turn, each in its own process (so one benchmark's heap and
 * open handles cannot skew the next). Exits 1 if any benchmark failed to run, 2 if all ran but
 * some missed their target, 0 otherwise.
 *
 *   npx tsx bench/run-all.ts              # all benchmarks
 *   npx tsx bench/run-all.ts emulator     # only those whose file name contains "emulator"
 *   npx tsx bench/run-all.ts first-paint  # browser mode in Chromium (needs /usr/bin/chromium)
 *   npx tsx bench/run-all.ts quick-lookup # the quick lookup in Chromium (needs /usr/bin/chromium)
 *
 * Today: emulator.bench.ts (the emulator's query throughput), first-paint.bench.ts (browser mode,
 * click to first rows painted at 100,000 cached records), sync.bench.ts (sync into the cache and
 * search over it), cache-write.bench.ts (the cache's write path alone), meter.bench.ts (what the
 * metered path to Salesforce costs per call), analytics.bench.ts (the cockpit's reads and daily
 * snapshot over 100,000 cached opportunities), quick-lookup.bench.ts (browser mode, keypress to the
 * quick lookup's results painted at 100,000+ cached records), query-export.bench.ts (the SOQL
 * console's exports to CSV, rows/s from the cache and through a Bulk API 2.0 job),
 * query-bundle.bench.ts (the renderer's initial JavaScript: the Query page's editor stays out of it). Each file
 * describes itself; bench/README.md lists the figures and goals.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !filter || name.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(filter ? `No benchmark matches "${filter}".` : 'No benchmarks found.');
  process.exit(1);
}

// jsforce sends even loopback requests through HTTP(S)_PROXY and ignores NO_PROXY.
const env = { ...process.env };
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
  delete env[name];
}

// Exit status of a benchmark: 0 ok, 2 ran but missed its target, anything else failed to run.
const TARGET_MISSED = 2;
const failed: string[] = [];
const missed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], {
    stdio: 'inherit',
    env,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status === 0) {
    console.log(`=== ${file} done in ${seconds}s ===`);
  } else if (run.status === TARGET_MISSED) {
    missed.push(file);
    console.log(`=== ${file} missed its target (${seconds}s) ===`);
  } else {
    failed.push(file);
    console.log(`=== ${file} FAILED (exit ${run.status ?? run.signal}) after ${seconds}s ===`);
  }
}

if (missed.length > 0) console.error(`\n${missed.length} benchmark(s) missed their target: ${missed.join(', ')}`);
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark(s) failed to run: ${failed.join(', ')}`);
  process.exit(1);
}
if (missed.length > 0) process.exit(TARGET_MISSED);
