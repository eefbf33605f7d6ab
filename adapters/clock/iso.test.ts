import { describe, expect, it } from "vitest";
import { isoUtc } from "./iso";

describe("isoUtc", () => {
  it("formats every instant as Date#toISOString does", () => {
    const edges = [
      0,
      -1,
      951_782_400_000, // 2000-02-29, a leap day of a century divisible by 400
      4_107_542_400_000, // 2100-03-01, after a century's February without a leap day
      -62_135_596_800_000, // 0001-01-01
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(1600, 1, 29, 12, 30, 5, 7),
    ];
    for (const ms of edges) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    // a deterministic walk across the four-digit years, at every kind of offset within a day
    let x = 12_345;
    for (let i = 0; i < 50_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const ms = -62_135_596_800_000 + Math.floor((x / 2_147_483_648) * 315_537_897_599_999);
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    // every day of four years around a leap year, at midnight (the uptime buckets' case)
    for (let d = 0; d < 4 * 366; d++) {
      const ms = Date.UTC(2027, 0, 1) + d * 86_400_000;
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("hands what it does not cover to Date: extended years and non-integers", () => {
    for (const ms of [-62_135_596_800_001, 253_402_300_800_000, 1.5]) {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
