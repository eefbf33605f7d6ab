import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

/** A write that stays open until released, keeping what each run was given. */
function heldWrites() {
  const runs: number[][] = [];
  const open: (() => void)[] = [];
  const write = async (items: number[]) => {
    runs.push(items);
    await new Promise<void>((r) => open.push(r));
    if (items.includes(-1)) throw new Error("bad item");
    return items.map((n) => n * 10);
  };
  const release = () => {
    for (const r of open.splice(0)) r();
  };
  return { runs, write, release };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("group commit", () => {
  it("starts a run at once while one is free, and merges what arrives while all are busy", async () => {
    const w = heldWrites();
    const submit = groupCommit(2, w.write);
    const first = [submit(1), submit(2)];
    await tick();
    expect(w.runs).toEqual([[1], [2]]); // nothing waited while a run was free
    const later = [submit(3), submit(4), submit(5)];
    await tick();
    expect(w.runs).toHaveLength(2);
    w.release();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await tick();
    expect(w.runs[2]).toEqual([3, 4, 5]); // one run for the three that waited
    w.release();
    expect(await Promise.all(later)).toEqual([30, 40, 50]);
  });

  it("gives every caller of a failed run its error, and the runs after it go on", async () => {
    const w = heldWrites();
    const submit = groupCommit(1, w.write, 2);
    const busy = submit(0);
    const merged = [submit(-1), submit(7), submit(8)];
    await tick();
    w.release();
    await busy;
    await tick();
    expect(w.runs[1]).toEqual([-1, 7]); // at most two in a run
    w.release();
    await expect(merged[0]).rejects.toThrow("bad item");
    await expect(merged[1]).rejects.toThrow("bad item");
    await tick();
    w.release();
    expect(await merged[2]).toBe(80);
  });
});
