import { describe, expect, it } from "vitest";
import { BoundedBuffer } from "./buffer";

describe("BoundedBuffer", () => {
  it("hands items out oldest first and forgets them once settled as delivered", () => {
    const b = new BoundedBuffer<number>(10);
    for (let i = 0; i < 5; i++) b.push(i);
    expect(b.take(3)).toEqual([0, 1, 2]);
    expect(b).toMatchObject({ depth: 5, waiting: 2, sending: 3 });
    b.settle();
    expect(b.take(10)).toEqual([3, 4]);
    b.settle();
    expect(b.depth).toBe(0);
  });

  it("puts what was not delivered back in front, oldest first", () => {
    const b = new BoundedBuffer<number>(10);
    for (let i = 0; i < 5; i++) b.push(i);
    b.take(3);
    b.push(5);
    b.settle([1, 2]);
    expect(b.take(10)).toEqual([1, 2, 3, 4, 5]);
  });

  it("drops the oldest when full and counts every dropped item", () => {
    const b = new BoundedBuffer<number>(3);
    for (let i = 0; i < 10_000; i++) b.push(i);
    expect(b.depth).toBe(3);
    expect(b.overflowed).toBe(9_997);
    expect(b.take(5)).toEqual([9_997, 9_998, 9_999]);
  });

  it("on overflow during a send drops the oldest unsent item, never one in flight", () => {
    const b = new BoundedBuffer<number>(5);
    for (let i = 0; i < 5; i++) b.push(i);
    expect(b.take(3)).toEqual([0, 1, 2]);
    for (let i = 5; i < 9; i++) b.push(i); // 4 over capacity: 3 and 4 go, then 5 and 6
    expect(b.overflowed).toBe(4);
    b.settle();
    expect(b.take(10)).toEqual([7, 8]);
  });

  it("drops the newcomer when everything held is in flight", () => {
    const b = new BoundedBuffer<number>(2);
    b.push(0);
    b.push(1);
    b.take(2);
    b.push(2);
    expect(b.overflowed).toBe(1);
    b.settle([0, 1]);
    expect(b.take(5)).toEqual([0, 1]);
  });
});
