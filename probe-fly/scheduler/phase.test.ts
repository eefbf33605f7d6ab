import { describe, expect, it } from "vitest";
import { fnv1a, jitterMs, nextSlot, phaseOffsetMs } from "./phase";

describe("phaseOffsetMs", () => {
  it("is stable for a (domain, region) pair and within the interval", () => {
    const a = phaseOffsetMs("dom_1", "ams", 60_000);
    expect(phaseOffsetMs("dom_1", "ams", 60_000)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(60_000);
  });

  it("differs between regions, so regions spread their load", () => {
    const offsets = ["ams", "iad", "sin"].map((r) => phaseOffsetMs("dom_1", r, 60_000));
    expect(new Set(offsets).size).toBe(3);
  });

  it("spreads 10k domains evenly over the interval (no tenth holds more than 12%)", () => {
    const buckets = Array(10).fill(0);
    for (let i = 0; i < 10_000; i++)
      buckets[Math.floor(phaseOffsetMs(`d${i}`, "ams", 60_000) / 6000)]++;
    for (const b of buckets) expect(b).toBeLessThan(1200);
  });

  it("hashes with FNV-1a", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});

describe("nextSlot", () => {
  it("returns the first grid time strictly after now", () => {
    expect(nextSlot(125_000, 60_000, 5_000)).toBe(185_000);
    expect(nextSlot(124_999, 60_000, 5_000)).toBe(125_000);
    expect(nextSlot(0, 60_000, 0)).toBe(60_000);
  });

  it("lands on the same grid after a restart at any moment", () => {
    const a = nextSlot(1_000_000, 30_000, 7_777);
    const b = nextSlot(1_013_456, 30_000, 7_777);
    expect((a - 7_777) % 30_000).toBe(0);
    expect((b - 7_777) % 30_000).toBe(0);
  });
});

describe("jitterMs", () => {
  it("stays below 1% of the interval and below the cap", () => {
    expect(jitterMs(10_000, 0.999)).toBe(99);
    expect(jitterMs(300_000, 0.999)).toBe(249);
    expect(jitterMs(300_000, 0)).toBe(0);
  });
});
