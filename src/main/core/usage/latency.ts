/**
 * Latency figures. Per day the store keeps a histogram over fixed buckets (a handful of counters,
 * so p50/p95 of any past day can be estimated without keeping every sample); for the last hour it
 * keeps the samples themselves and computes exact percentiles.
 */

/** Upper bounds (ms, inclusive) of the histogram's buckets; a last, open bucket holds the rest. */
export const LATENCY_BUCKETS_MS = [25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000] as const;
export const OPEN_BUCKET = 'inf';

/** The histogram key of a latency: its bucket's upper bound as text, or 'inf'. */
export function latencyBucket(ms: number): string {
  for (const bound of LATENCY_BUCKETS_MS) if (ms <= bound) return String(bound);
  return OPEN_BUCKET;
}

/**
 * Estimates the p-th percentile (0–1) from bucket counts: finds the bucket where the cumulative
 * count reaches p and interpolates linearly inside it. The open bucket answers its lower bound
 * (the estimate cannot say how far above it the calls were). null without calls.
 */
export function percentileFromHistogram(buckets: Record<string, number>, p: number): number | null {
  const total = Object.values(buckets).reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  let lower = 0;
  for (const bound of LATENCY_BUCKETS_MS) {
    const n = buckets[String(bound)] ?? 0;
    if (n > 0 && seen + n >= rank) return Math.round(lower + ((rank - seen) / n) * (bound - lower));
    seen += n;
    lower = bound;
  }
  return lower;
}

/** Nearest-rank percentile of raw samples (0–1); null without samples. */
export function percentileOfSamples(samples: number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index];
}
