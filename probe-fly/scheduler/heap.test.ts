import { describe, expect, it } from "vitest";
import { DueHeap } from "./heap";

describe("DueHeap", () => {
  it("pops entries in due order whatever the push order", () => {
    const heap = new DueHeap();
    const dues = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const [i, due] of dues.entries()) heap.push({ due, id: `d${i}`, gen: 1 });
    const out: number[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) out.push(e.due);
    expect(out).toEqual([...dues].sort((a, b) => a - b));
  });

  it("compacts away the entries it is told to drop and keeps the order", () => {
    const heap = new DueHeap();
    for (let i = 0; i < 100; i++) heap.push({ due: 100 - i, id: `d${i}`, gen: i % 2 });
    heap.compact((e) => e.gen === 1);
    expect(heap.size).toBe(50);
    expect(heap.pop()?.due).toBe(1); // odd i are kept: dues 99, 97, …, 1
  });
});
