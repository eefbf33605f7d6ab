import { isoUtc } from "../../../adapters/clock/iso";
import {
  emptyHistogram,
  type Histogram,
  histogramQuantiles,
  mergeHistogram,
  REPORTED_QUANTILES,
} from "../../../schema/timeseries/latency-histogram";
import { micros } from "../../../schema/timeseries/sealed-day";

/** Bucket width of an uptime query. */
export type Granularity = "hour" | "day";

/** One roll-up row of one region, as read from the time-series DB. */
export interface RollupRow {
  bucket: Date;
  checks: number;
  failures: number;
  histOffset: number;
  histogram: number[];
  /** Passing checks summed into the latency and phase sums (absent on old rows: 0). */
  latencyCount?: number;
  latencySum?: number;
  dnsMsSum?: number;
  connectMsSum?: number;
  tlsMsSum?: number;
  ttfbMsSum?: number;
  /**
   * A sealed day's figures (SEALED_COLUMNS, µs), read in place of its histogram and sums: the
   * row is its bucket's only one (an all-regions daily row), so there is nothing to merge.
   */
  sealed?: (number | null)[];
}

/** Mean timing phases (ms) of a bucket's passing checks. */
export interface MeanPhases {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  ttfbMs: number;
  totalMs: number;
}

/** One bucket as the API answers it; `uptime` is the passing share (0..1), null without checks. */
export interface UptimeBucket {
  start: string;
  checks: number;
  failures: number;
  uptime: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Means over passing checks; null without any. */
  mean: MeanPhases | null;
}

const ms3 = (q: number | null) => (q === null ? null : micros(q)! / 1000);
const fromMicros = (us: number | null) => (us === null ? null : us / 1000);

const STEP_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

/** The start (ms since epoch, UTC) of the bucket holding `ms`. */
export function bucketStart(ms: number, g: Granularity): number {
  return ms - (((ms % STEP_MS[g]) + STEP_MS[g]) % STEP_MS[g]);
}

/** How many buckets cover [from, to). */
export function bucketCount(fromMs: number, toMs: number, g: Granularity): number {
  if (toMs <= fromMs) return 0;
  return Math.ceil((toMs - bucketStart(fromMs, g)) / STEP_MS[g]);
}

interface Merged {
  /** A sealed row's figures, when that row is the bucket's only one. */
  sealed?: (number | null)[];
  checks: number;
  failures: number;
  histogram: Histogram;
  n: number;
  total: number;
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
}

const emptyMerged = (histogram: Histogram): Merged => ({
  checks: 0,
  failures: 0,
  histogram,
  n: 0,
  total: 0,
  dns: 0,
  connect: 0,
  tls: 0,
  ttfb: 0,
});

const meanOf = (m: Merged): MeanPhases => ({
  dnsMs: ms3(m.dns / m.n)!,
  connectMs: ms3(m.connect / m.n)!,
  tlsMs: ms3(m.tls / m.n)!,
  ttfbMs: ms3(m.ttfb / m.n)!,
  totalMs: ms3(m.total / m.n)!,
});

const sealedMean = (s: (number | null)[]): MeanPhases => ({
  dnsMs: fromMicros(s[3]!)!,
  connectMs: fromMicros(s[4]!)!,
  tlsMs: fromMicros(s[5]!)!,
  ttfbMs: fromMicros(s[6]!)!,
  totalMs: fromMicros(s[7]!)!,
});

/**
 * Every bucket of [from, to), oldest first, the regions' rows of a bucket added together
 * (counts sum; histograms merge, so percentiles cover all regions). A bucket without rows
 * has zero checks and null figures, so a graph has no gaps to guess about.
 */
export function uptimeBuckets(
  rows: readonly RollupRow[],
  fromMs: number,
  toMs: number,
  g: Granularity,
): UptimeBucket[] {
  const merged = new Map<number, Merged>();
  for (const r of rows) {
    const at = r.bucket.getTime();
    let m = merged.get(at);
    if (!m) {
      // the bucket's first row: its histogram is taken as is (mergeHistogram copies before
      // it adds), the usual case when one row holds every region
      m = emptyMerged({ offset: r.histOffset, counts: r.histogram });
      if (r.sealed) m.sealed = r.sealed;
      merged.set(at, m);
    } else if (m.sealed || r.sealed) {
      throw new Error(
        `a sealed row cannot merge with another row of its bucket (${r.bucket.toISOString()})`,
      );
    } else mergeHistogram(m.histogram, { offset: r.histOffset, counts: r.histogram });
    m.checks += r.checks;
    m.failures += r.failures;
    m.n += r.latencyCount ?? 0;
    m.total += r.latencySum ?? 0;
    m.dns += r.dnsMsSum ?? 0;
    m.connect += r.connectMsSum ?? 0;
    m.tls += r.tlsMsSum ?? 0;
    m.ttfb += r.ttfbMsSum ?? 0;
  }
  const out: UptimeBucket[] = [];
  const first = bucketStart(fromMs, g);
  for (let i = 0; i < bucketCount(fromMs, toMs, g); i++) {
    const at = first + i * STEP_MS[g];
    const m = merged.get(at);
    const checks = m?.checks ?? 0;
    const failures = m?.failures ?? 0;
    const s = m?.sealed;
    let p50: number | null;
    let p95: number | null;
    let p99: number | null;
    let mean: MeanPhases | null;
    if (s) {
      // a sealed day: its figures as its histogram and sums gave them when it was sealed
      p50 = fromMicros(s[0]!);
      p95 = fromMicros(s[1]!);
      p99 = fromMicros(s[2]!);
      mean = s[3] === null ? null : sealedMean(s);
    } else {
      const q = histogramQuantiles(m?.histogram ?? emptyHistogram(), REPORTED_QUANTILES);
      p50 = ms3(q[0] ?? null);
      p95 = ms3(q[1] ?? null);
      p99 = ms3(q[2] ?? null);
      mean = m && m.n > 0 ? meanOf(m) : null;
    }
    out.push({
      start: isoUtc(at),
      checks,
      failures,
      uptime: checks > 0 ? (checks - failures) / checks : null,
      p50Ms: p50,
      p95Ms: p95,
      p99Ms: p99,
      mean,
    });
  }
  return out;
}
