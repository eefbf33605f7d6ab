import { describe, expect, it } from "vitest";
import { shardOf } from "./shard";

describe("shardOf", () => {
  it("puts every key in shard 0 of one", () => {
    expect(shardOf("anything", 1)).toBe(0);
  });

  it("spreads 10k domain ids evenly over 4 shards, the same way on every call", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
      const k = shardOf(id, 4);
      expect(shardOf(id, 4)).toBe(k);
      counts[k]! += 1;
    }
    for (const c of counts) expect(Math.abs(c - 2_500)).toBeLessThan(250);
  });
});
