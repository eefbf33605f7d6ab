import {
  addToHistogram,
  emptyHistogram,
  type Histogram,
} from "../../schema/timeseries/latency-histogram";
import type { IngestRecord } from "./records";

/** Bucket width of a roll-up. */
export type RollupGrain = "hour" | "day";

const STEP_MS: Record<RollupGrain, number> = { hour: 3_600_000, day: 86_400_000 };

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

/**
 * Sums rows into per-bucket deltas. Latency figures cover passing checks only: a timeout's
 * 10 s or a refused connection's 1 ms is not a response time and would bend the percentiles.
 */
export function rollupDeltas(records: readonly IngestRecord[], grain: RollupGrain): RollupDelta[] {
  const step = STEP_MS[grain];
  const out = new Map<string, RollupDelta>();
  for (const { row } of records) {
    const t = row.ts.getTime();
    const bucketMs = t - (((t % step) + step) % step);
    const key = `${bucketMs}|${row.domainId}|${row.region}`;
    let d = out.get(key);
    if (!d) {
      d = {
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
      };
      out.set(key, d);
    }
    d.checks += 1;
    if (!row.ok) {
      d.failures += 1;
      continue;
    }
    const ms = row.totalMs;
    if (ms === null || ms === undefined) continue;
    d.latencyCount += 1;
    d.latencySum += ms;
    d.latencyMin = d.latencyMin === null ? ms : Math.min(d.latencyMin, ms);
    d.latencyMax = d.latencyMax === null ? ms : Math.max(d.latencyMax, ms);
    d.dnsMsSum += row.dnsMs ?? 0;
    d.connectMsSum += row.connectMs ?? 0;
    d.tlsMsSum += row.tlsMs ?? 0;
    d.ttfbMsSum += row.ttfbMs ?? 0;
    addToHistogram(d.histogram, ms);
  }
  return [...out.values()];
}
