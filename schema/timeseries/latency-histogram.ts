/**
 * Fixed-layout log-bucket latency histogram stored as int[] in roll-ups. Fixed layout means two
 * histograms merge by adding element-wise, so hourly rows sum into days and days into a year.
 * Bucket 0 holds [0, 1) ms; bucket i ≥ 1 holds [GROWTH^(i-1), GROWTH^i) ms; the last bucket is open.
 */
export const HISTOGRAM_GROWTH = 1.2;
export const HISTOGRAM_BUCKETS = 64; // 1.2^63 ms ≈ 97 min: beyond any probe timeout

const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);

/** The bucket a latency (ms) falls in. */
export function histogramBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  const i = Math.floor(Math.log(ms) / LOG_GROWTH) + 1;
  return i >= HISTOGRAM_BUCKETS ? HISTOGRAM_BUCKETS - 1 : i;
}

/** The upper bound (ms) of a bucket; a percentile read from the histogram reports it. */
export function histogramUpperBound(bucket: number): number {
  return bucket === 0 ? 1 : HISTOGRAM_GROWTH ** bucket;
}

/** An empty histogram. */
export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

/** Adds `b` into `a` in place and returns `a`. */
export function mergeHistogram(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return a;
}

/** The q-quantile (0..1) of a histogram as its bucket's upper bound, or null when empty. */
export function histogramQuantile(h: readonly number[], q: number): number | null {
  let total = 0;
  for (const c of h) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return histogramUpperBound(i);
  }
  return histogramUpperBound(h.length - 1);
}
