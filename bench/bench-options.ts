/** What every benchmark script shares: its command-line numbers, proxy-free networking and number formatting. */

/** `--name N` from the command line: a positive integer, or `fallback` when absent. */
export function intOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

/** jsforce sends even loopback requests through HTTP(S)_PROXY and ignores NO_PROXY: benchmarks talk to local servers only. */
export function clearProxyEnvironment(): void {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete process.env[name];
}

/** A whole number with thousands separators: 101,556. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
