/** What every benchmark script shares: its command-line numbers, proxy-free networking and number formatting. */

/** `--name N` from the command line: an integer of at least `min` (1 unless given), or `fallback` when absent. */
export function intOption(name: string, fallback: number, min = 1): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} needs an integer of at least ${min}`);
  return value;
}

/** `--name` on the command line (a switch with no value). */
export function flagOption(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** jsforce sends even loopback requests through HTTP(S)_PROXY and ignores NO_PROXY: benchmarks talk to local servers only. */
export function clearProxyEnvironment(): void {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete process.env[name];
}

/** A whole number with thousands separators: 101,556. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Common search-as-you-type prefixes (single letters, names, phone digits, two words) the search figures are measured with. */
export const SEARCH_PREFIXES: readonly string[] = [
  'a',
  'ma',
  'jo',
  'sm',
  'ac',
  'in',
  'co',
  'gl',
  'ch',
  'da',
  'sa',
  'ro',
  'li',
  'te',
  'ex',
  'mi',
  '555',
  '41',
  'ann',
  'joh s',
  'acme',
  'kel',
  'br',
  'pe',
];
