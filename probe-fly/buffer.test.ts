import { describe, expect, it } from "vitest";
import { BoundedBuffer } from "./buffer";

describe("BoundedBuffer", () => {
  it("hands items out oldest first and keeps them until dropped", () => {
    const b = new BoundedBuffer<number>(10);
    for (let i = 0; i < 5; i++) b.push(i);
    expect(b.peek(3)).toEqual([0, 1, 2]);
    expect(b.peek(3)).toEqual([0, 1, 2]);
    b.drop(3);
    expect(b.peek(10)).toEqual([3, 4]);
    expect(b.depth).toBe(2);
  });

  it("drops the oldest when full and counts every dropped item", () => {
    const b = new BoundedBuffer<number>(3);
    for (let i = 0; i < 10_000; i++) b.push(i);
    expect(b.depth).toBe(3);
    expect(b.overflowed).toBe(9_997);
    expect(b.peek(5)).toEqual([9_997, 9_998, 9_999]);
  });
});
