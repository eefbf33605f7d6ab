import {
  addBucketToHistogram,
  emptyHistogram,
  type Histogram,
  histogramBucket,
  mergeHistogram,
} from "../../schema/timeseries/latency-histogram";
import type { IngestRecord, Series } from "./records";

/** Bucket width of a roll-up. */
export type RollupGrain = "hour" | "day";

const STEP_MS: Record<RollupGrain, number> = { hour: 3_600_000, day: 86_400_000 };
const GRAINS: readonly RollupGrain[] = ["hour", "day"];

/** What a batch adds to one roll-up row; every field merges by addition (min/max by min/max). */
export interface RollupDelta {
  bucket: Date;
  domainId: string;
  region: string;
  checks: number;
  failures: number;
  latencyCount: number;
  latencySum: number; // ms
  latencyMin: number | null; // ms
  latencyMax: number | null; // ms
  dnsMsSum: number;
  connectMsSum: number;
  tlsMsSum: number;
  ttfbMsSum: number;
  histogram: Histogram;
}

const emptyDelta = (bucketMs: number, row: IngestRecord): RollupDelta => ({
  bucket: new Date(bucketMs),
  domainId: row.domainId,
  region: row.region,
  checks: 0,
  failures: 0,
  latencyCount: 0,
  latencySum: 0,
  latencyMin: null,
  latencyMax: null,
  dnsMsSum: 0,
  connectMsSum: 0,
  tlsMsSum: 0,
  ttfbMsSum: 0,
  histogram: emptyHistogram(),
});

/** The delta of `bucketMs` among a series' deltas (few: the last one matches in time order). */
function deltaOf(list: RollupDelta[], bucketMs: number, row: IngestRecord): RollupDelta {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.bucket.getTime() === bucketMs) return list[i]!;
  }
  const d = emptyDelta(bucketMs, row);
  list.push(d);
  return d;
}

/** Adds one row into a delta; `bucket` is its latency's histogram bucket (passing rows). */
function addRow(d: RollupDelta, row: IngestRecord, bucket: number): void {
  d.checks += 1;
  if (!row.ok) {
    d.failures += 1;
    return;
  }
  const ms = row.totalMs;
  if (ms === null || ms === undefined) return;
  d.latencyCount += 1;
  d.latencySum += ms;
  d.latencyMin = d.latencyMin === null ? ms : Math.min(d.latencyMin, ms);
  d.latencyMax = d.latencyMax === null ? ms : Math.max(d.latencyMax, ms);
  d.dnsMsSum += row.dnsMs ?? 0;
  d.connectMsSum += row.connectMs ?? 0;
  d.tlsMsSum += row.tlsMs ?? 0;
  d.ttfbMsSum += row.ttfbMs ?? 0;
  addBucketToHistogram(d.histogram, bucket);
}

/**
 * Sums rows into per-bucket deltas of both grains in one pass. Latency figures cover passing
 * checks only: a timeout's 10 s or a refused connection's 1 ms is not a response time and
 * would bend the percentiles.
 */
export function rollupDeltas(records: readonly IngestRecord[]): Record<RollupGrain, RollupDelta[]> {
  const bySeries = new Map<Series, { hour: RollupDelta[]; day: RollupDelta[] }>();
  const out: Record<RollupGrain, RollupDelta[]> = { hour: [], day: [] };
  for (const row of records) {
    const series = row.series;
    let lists = bySeries.get(series);
    if (!lists) {
      lists = { hour: [], day: [] };
      bySeries.set(series, lists);
    }
    const t = row.ts.getTime();
    const bucket = row.ok && row.totalMs != null ? histogramBucket(row.totalMs) : 0;
    for (const grain of GRAINS) {
      const step = STEP_MS[grain];
      const list = lists[grain];
      const before = list.length;
      addRow(deltaOf(list, t - (((t % step) + step) % step), row), row, bucket);
      if (list.length > before) out[grain].push(list[list.length - 1]!);
    }
  }
  return out;
}

/** The region of an all-regions delta (rollups_daily_all has no region column). */
export const ALL_REGIONS = "*";

/**
 * The daily deltas of every region of a domain added together, one per domain and day: what
 * the same transaction adds to rollups_daily_all, so that table stays the sum of rollups_daily
 * exactly (a replay adds nothing to either).
 */
export function allRegionsDeltas(daily: readonly RollupDelta[]): RollupDelta[] {
  const byDay = new Map<string, RollupDelta>();
  for (const d of daily) {
    const key = `${d.domainId}|${d.bucket.getTime()}`;
    const m = byDay.get(key);
    if (!m) {
      const histogram = { offset: d.histogram.offset, counts: [...d.histogram.counts] };
      byDay.set(key, { ...d, region: ALL_REGIONS, histogram });
      continue;
    }
    m.checks += d.checks;
    m.failures += d.failures;
    m.latencyCount += d.latencyCount;
    m.latencySum += d.latencySum;
    m.latencyMin = either(m.latencyMin, d.latencyMin, Math.min);
    m.latencyMax = either(m.latencyMax, d.latencyMax, Math.max);
    m.dnsMsSum += d.dnsMsSum;
    m.connectMsSum += d.connectMsSum;
    m.tlsMsSum += d.tlsMsSum;
    m.ttfbMsSum += d.ttfbMsSum;
    mergeHistogram(m.histogram, d.histogram);
  }
  return [...byDay.values()];
}

/** `pick` of two optional latencies (SQL's least/greatest: a null is ignored). */
const either = (a: number | null, b: number | null, pick: (x: number, y: number) => number) =>
  a === null ? b : b === null ? a : pick(a, b);
