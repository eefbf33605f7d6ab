/**
 * DDSketch-style log-bucket latency histogram, stored sparse in roll-ups as an offset and the
 * dense counts from that bucket on (`hist_offset`, `histogram`). The layout is fixed, so two
 * histograms merge by adding counts bucket by bucket: hours sum into days and days into a year,
 * and a percentile read from any merge is within HISTOGRAM_RELATIVE_ERROR of the exact value.
 *
 * Bucket k holds (GAMMA^(k-1), GAMMA^k] ms and reports 2·GAMMA^k / (GAMMA + 1), the point whose
 * relative distance to both ends is ALPHA. Latencies below MIN_MS share the lowest bucket.
 */
export const HISTOGRAM_RELATIVE_ERROR = 0.015;
export const HISTOGRAM_GAMMA = (1 + HISTOGRAM_RELATIVE_ERROR) / (1 - HISTOGRAM_RELATIVE_ERROR);
/** Below this (ms) the relative-error bound does not hold; loopback checks live here. */
export const HISTOGRAM_MIN_MS = 0.05;
/** Above this (ms) values are clamped: beyond any probe timeout. */
export const HISTOGRAM_MAX_MS = 3_600_000;

const LN_GAMMA = Math.log(HISTOGRAM_GAMMA);
const MIN_KEY = Math.ceil(Math.log(HISTOGRAM_MIN_MS) / LN_GAMMA);
const MAX_KEY = Math.ceil(Math.log(HISTOGRAM_MAX_MS) / LN_GAMMA);

/** The percentiles the API reports for a bucket (p50, p95, p99), and the ones sealed rows keep. */
export const REPORTED_QUANTILES: readonly number[] = [0.5, 0.95, 0.99];

/** A sparse histogram: counts[i] is the count of bucket offset + i. */
export interface Histogram {
  offset: number;
  counts: number[];
}

/** The bucket a latency (ms) falls in; NaN, negatives and tiny values go to the lowest. */
export function histogramBucket(ms: number): number {
  if (!(ms > HISTOGRAM_MIN_MS)) return MIN_KEY;
  const k = Math.ceil(Math.log(ms) / LN_GAMMA);
  return k > MAX_KEY ? MAX_KEY : k;
}

/** The value (ms) a bucket reports. */
export function histogramValue(bucket: number): number {
  return (2 * HISTOGRAM_GAMMA ** bucket) / (HISTOGRAM_GAMMA + 1);
}

/** An empty histogram. */
export function emptyHistogram(): Histogram {
  return { offset: 0, counts: [] };
}

/** Counts one latency into `h` in place and returns `h`. */
export function addToHistogram(h: Histogram, ms: number, n = 1): Histogram {
  return addBucketToHistogram(h, histogramBucket(ms), n);
}

/** Counts `n` into bucket `k` (see histogramBucket) of `h` in place and returns `h`. */
export function addBucketToHistogram(h: Histogram, k: number, n = 1): Histogram {
  if (h.counts.length === 0) {
    h.offset = k;
    h.counts.push(n);
    return h;
  }
  if (k < h.offset) {
    h.counts.unshift(...new Array<number>(h.offset - k).fill(0));
    h.offset = k;
  }
  const i = k - h.offset;
  while (h.counts.length <= i) h.counts.push(0);
  h.counts[i] = (h.counts[i] ?? 0) + n;
  return h;
}

/** Adds `b` into `a` in place and returns `a` (the same sum as the SQL dp_hist_merge). */
export function mergeHistogram(a: Histogram, b: Readonly<Histogram>): Histogram {
  if (b.counts.length === 0) return a;
  if (a.counts.length === 0) {
    a.offset = b.offset;
    a.counts = [...b.counts];
    return a;
  }
  const lo = Math.min(a.offset, b.offset);
  const hi = Math.max(a.offset + a.counts.length, b.offset + b.counts.length);
  const out = new Array<number>(hi - lo).fill(0);
  for (let i = 0; i < a.counts.length; i++) out[a.offset - lo + i]! += a.counts[i] ?? 0;
  for (let i = 0; i < b.counts.length; i++) out[b.offset - lo + i]! += b.counts[i] ?? 0;
  a.offset = lo;
  a.counts = out;
  return a;
}

const COMMA = 44;
const ZERO = 48;

/**
 * Adds counts written as PostgreSQL's array_to_string(histogram, ',') gives them (in `text`
 * from `start` to `end`; the first is bucket `offset`) into `h` in place. Digits are read in
 * place: a year graph or an ingest cycle carries a million counts, and splitting them into
 * strings first costs more than the database's part.
 */
export function addCountsText(
  h: Histogram,
  offset: number,
  text: string,
  start = 0,
  end = text.length,
): Histogram {
  if (start >= end) return h;
  const c = h.counts;
  if (c.length === 0) h.offset = offset;
  else if (offset < h.offset) {
    c.unshift(...new Array<number>(h.offset - offset).fill(0));
    h.offset = offset;
  }
  let k = offset - h.offset;
  while (c.length < k) c.push(0);
  let v = 0;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== COMMA) {
      v = v * 10 + (ch - ZERO);
      continue;
    }
    if (k < c.length) c[k]! += v;
    else c.push(v);
    k++;
    v = 0;
  }
  if (k < c.length) c[k]! += v;
  else c.push(v);
  return h;
}

/** Total count of a histogram. */
export function histogramTotal(h: Readonly<Histogram>): number {
  let total = 0;
  for (const c of h.counts) total += c;
  return total;
}

/** The q-quantile (0..1, nearest rank) of a histogram, or null when it is empty. */
export function histogramQuantile(h: Readonly<Histogram>, q: number): number | null {
  return histogramQuantiles(h, [q])[0] ?? null;
}

/** Several quantiles (ascending, 0..1, nearest rank) in one pass; nulls when `h` is empty. */
export function histogramQuantiles(
  h: Readonly<Histogram>,
  qs: readonly number[],
): (number | null)[] {
  const total = histogramTotal(h);
  if (total === 0) return qs.map(() => null);
  const out: number[] = [];
  let seen = 0;
  let i = 0;
  for (const q of qs) {
    const rank = Math.max(1, Math.ceil(q * total));
    while (i < h.counts.length && seen + (h.counts[i] ?? 0) < rank) seen += h.counts[i++] ?? 0;
    out.push(histogramValue(h.offset + Math.min(i, h.counts.length - 1)));
  }
  return out;
}
