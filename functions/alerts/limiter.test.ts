import { describe, expect, it } from "vitest";
import { keyedLimiter } from "./limiter";

/** A task that stays in flight until released, counting how many of its kind run at once. */
function gate() {
  const open: (() => void)[] = [];
  let running = 0;
  let peak = 0;
  return {
    task: () => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => open.push(r));
      running -= 1;
      return "done";
    },
    release: () => {
      for (const r of open.splice(0)) r();
    },
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("keyed limiter", () => {
  it("caps one origin across its channels while another origin's sends go straight through", async () => {
    const limit = keyedLimiter(100, {
      channel: { inFlight: 8, waiting: 16 },
      origin: { inFlight: 2, waiting: 3 },
    });
    const slow = gate();
    const runs = Array.from({ length: 5 }, (_, i) =>
      limit([`channel:c${i}`, "origin:http://slow.example"], slow.task()),
    );
    await tick();
    expect(slow.running).toBe(2);
    const fast = await limit(["channel:other", "origin:http://fast.example"], async () => "fast");
    expect(fast).toBe("fast");
    // past its cap and its queue, the slow origin's next send is turned away (deferred)
    const more = await Promise.all(
      [5, 6].map((i) => limit([`channel:c${i}`, "origin:http://slow.example"], slow.task())),
    );
    expect(more).toEqual([null, null]);
    for (let i = 0; i < 3; i++) {
      slow.release();
      await tick();
    }
    expect(await Promise.all(runs)).toEqual(Array(5).fill("done"));
    expect(slow.peak).toBe(2);
  });

  it("caps one channel's sends and keeps the global limit", async () => {
    const limit = keyedLimiter(3, { channel: { inFlight: 2, waiting: 10 } });
    const g = gate();
    const runs = [
      ...Array.from({ length: 4 }, () => limit(["channel:a"], g.task())),
      ...Array.from({ length: 4 }, () => limit(["channel:b"], g.task())),
    ];
    await tick();
    expect(g.running).toBe(3);
    for (let i = 0; i < 5; i++) {
      g.release();
      await tick();
    }
    expect(await Promise.all(runs)).toEqual(Array(8).fill("done"));
    expect(g.peak).toBe(3);
  });
});
