import { describe, expect, it } from "vitest";
import {
  emptyHistogram,
  HISTOGRAM_BUCKETS,
  HISTOGRAM_GROWTH,
  histogramBucket,
  histogramQuantile,
  mergeHistogram,
} from "./latency-histogram";

function histogramOf(values: number[]): number[] {
  const h = emptyHistogram();
  for (const v of values) h[histogramBucket(v)]! += 1;
  return h;
}

describe("latency histogram", () => {
  it("puts sub-millisecond and negative or NaN latencies in bucket 0", () => {
    expect(histogramBucket(0.3)).toBe(0);
    expect(histogramBucket(-1)).toBe(0);
    expect(histogramBucket(Number.NaN)).toBe(0);
  });

  it("clamps huge latencies into the last bucket", () => {
    expect(histogramBucket(1e12)).toBe(HISTOGRAM_BUCKETS - 1);
  });

  it("reports quantiles within one bucket's relative error of the exact value", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 5 + i * 0.7);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      const approx = histogramQuantile(histogramOf(values), q)!;
      expect(approx).toBeGreaterThanOrEqual(exact);
      expect(approx / exact).toBeLessThanOrEqual(HISTOGRAM_GROWTH);
    }
  });

  it("merges element-wise so a merged quantile equals the quantile of all values", () => {
    const a = [10, 20, 30, 40];
    const b = [200, 300, 400, 500, 600];
    const merged = mergeHistogram(histogramOf(a), histogramOf(b));
    expect(histogramQuantile(merged, 0.5)).toBe(histogramQuantile(histogramOf([...a, ...b]), 0.5));
    expect(merged.reduce((s, c) => s + c, 0)).toBe(9);
  });

  it("answers null for an empty histogram", () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
  });
});
