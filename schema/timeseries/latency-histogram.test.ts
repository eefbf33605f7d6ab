import { describe, expect, it } from "vitest";
import { rng } from "../../test-support/rng";
import {
  addCountsText,
  addToHistogram,
  emptyHistogram,
  HISTOGRAM_MIN_MS,
  type Histogram,
  histogramBucket,
  histogramQuantile,
  histogramQuantiles,
  histogramTotal,
  histogramValue,
  mergeHistogram,
} from "./latency-histogram";

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const distributions: Record<string, (r: () => number) => number> = {
  uniform: (r) => 5 + r() * 2_000,
  "log-normal": (r) => Math.exp(Math.log(120) + 0.8 * normal(r)),
  bimodal: (r) => (r() < 0.7 ? 20 + 3 * normal(r) : 900 + 120 * normal(r)),
};

/** Splits values into many small histograms (hours), then merges them, as a year query does. */
function mergedHistogramOf(values: number[], parts: number): Histogram {
  const hours = Array.from({ length: parts }, () => emptyHistogram());
  values.forEach((v, i) => {
    addToHistogram(hours[i % parts]!, v);
  });
  return hours.reduce((acc, h) => mergeHistogram(acc, h), emptyHistogram());
}

describe("latency histogram", () => {
  for (const [name, draw] of Object.entries(distributions)) {
    it(`reports p50/p95/p99 of merged histograms within 2% of exact on ${name} data`, () => {
      const r = rng(name.length * 7919);
      const values = Array.from({ length: 50_000 }, () => Math.max(1, draw(r)));
      const merged = mergedHistogramOf(values, 500);
      expect(histogramTotal(merged)).toBe(values.length);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
        const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
        const approx = histogramQuantile(merged, q)!;
        expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.02);
      }
    });
  }

  it("puts tiny, negative and NaN latencies in the lowest bucket and clamps huge ones", () => {
    const low = histogramBucket(HISTOGRAM_MIN_MS);
    expect(histogramBucket(0)).toBe(low);
    expect(histogramBucket(-1)).toBe(low);
    expect(histogramBucket(Number.NaN)).toBe(low);
    expect(histogramBucket(1e12)).toBe(histogramBucket(1e13));
  });

  it("merges histograms whose ranges do not overlap without losing counts", () => {
    const a = addToHistogram(addToHistogram(emptyHistogram(), 10), 12);
    const b = addToHistogram(emptyHistogram(), 5_000, 3);
    const merged = mergeHistogram(a, b);
    expect(histogramTotal(merged)).toBe(5);
    expect(merged.offset).toBe(histogramBucket(10));
    expect(merged.counts.at(-1)).toBe(3);
    expect(Math.abs(histogramQuantile(merged, 0.5)! / 5_000 - 1)).toBeLessThanOrEqual(0.015);
  });

  it("answers null for an empty histogram", () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
    expect(histogramQuantiles(emptyHistogram(), [0.5, 0.99])).toEqual([null, null]);
  });

  it("reads several quantiles in one pass, each the nearest-rank bucket of the counts", () => {
    const next = rng(7);
    const qs = [0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
    for (let round = 0; round < 50; round++) {
      const h = emptyHistogram();
      for (let i = 0; i < 1 + round * 7; i++) addToHistogram(h, 5 + next() ** 3 * 3000);
      // every check's bucket, in order: the nearest rank is read off this list
      const ranked = h.counts.flatMap((c, i) => new Array<number>(c).fill(h.offset + i));
      const want = qs.map((q) =>
        histogramValue(ranked[Math.max(1, Math.ceil(q * ranked.length)) - 1]!),
      );
      expect(histogramQuantiles(h, qs)).toEqual(want);
    }
  });

  it("adds counts read from PostgreSQL's text as a merge would, below, above and across gaps", () => {
    const cases: [Histogram, Histogram][] = [
      [
        { offset: 100, counts: [3, 0, 12] },
        { offset: 97, counts: [1, 20] },
      ],
      [
        { offset: 100, counts: [3] },
        { offset: 104, counts: [0, 7, 123456] },
      ],
      [
        { offset: 100, counts: [3, 4, 5, 6] },
        { offset: 101, counts: [1] },
      ],
      [emptyHistogram(), { offset: 50, counts: [9, 10] }],
      [
        { offset: 100, counts: [3] },
        { offset: 7, counts: [] },
      ],
    ];
    for (const [a, b] of cases) {
      const want = mergeHistogram({ offset: a.offset, counts: [...a.counts] }, b);
      const got = addCountsText(
        { offset: a.offset, counts: [...a.counts] },
        b.offset,
        `x|${b.counts.join(",")}|y`,
        2,
        2 + b.counts.join(",").length,
      );
      expect(got).toEqual(want);
    }
  });
});
