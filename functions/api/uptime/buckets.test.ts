import { describe, expect, it } from "vitest";
import { addToHistogram, emptyHistogram } from "../../../schema/timeseries/latency-histogram";
import { bucketStart, uptimeBuckets } from "./buckets";

const H = 3_600_000;
const T0 = Date.parse("2026-11-24T00:00:00.000Z");

function histogramOf(latencies: number[]): { histOffset: number; histogram: number[] } {
  const h = emptyHistogram();
  for (const ms of latencies) addToHistogram(h, ms);
  return { histOffset: h.offset, histogram: h.counts };
}

describe("uptimeBuckets", () => {
  it("adds the regions of a bucket together and fills buckets without checks", () => {
    const rows = [
      { bucket: new Date(T0), checks: 60, failures: 0, ...histogramOf([10, 10, 10]) },
      { bucket: new Date(T0), checks: 60, failures: 6, ...histogramOf([10, 500]) },
    ];
    const out = uptimeBuckets(rows, T0 + 10 * 60_000, T0 + 2 * H, "hour");
    expect(out.map((b) => b.start)).toEqual([
      "2026-11-24T00:00:00.000Z",
      "2026-11-24T01:00:00.000Z",
    ]);
    expect(out[0]).toMatchObject({ checks: 120, failures: 6, uptime: 0.95 });
    expect(out[0]!.p50Ms).toBeGreaterThanOrEqual(9.8);
    expect(out[0]!.p50Ms).toBeLessThan(10.2);
    expect(out[0]!.p99Ms).toBeGreaterThanOrEqual(490);
    expect(out[1]).toEqual({
      start: "2026-11-24T01:00:00.000Z",
      checks: 0,
      failures: 0,
      uptime: null,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
      mean: null,
    });
  });

  it("starts day buckets at UTC midnight", () => {
    expect(new Date(bucketStart(T0 + 13 * H, "day")).toISOString()).toBe(
      "2026-11-24T00:00:00.000Z",
    );
    expect(uptimeBuckets([], T0 + 13 * H, T0 + 3 * 24 * H, "day")).toHaveLength(3);
  });
});
