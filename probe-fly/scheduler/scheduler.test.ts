import { describe, expect, it } from "vitest";
import { manualClock } from "../../adapters/clock/clock";
import { phaseOffsetMs } from "./phase";
import { createScheduler } from "./scheduler";

function aScheduler(over: { region?: string; start?: number } = {}) {
  const clock = manualClock(over.start ?? 1_000_000_000_000);
  const fired: { id: string; dueAt: number }[] = [];
  const scheduler = createScheduler({
    region: over.region ?? "ams",
    clock,
    random: () => 0,
    onDue: (id, dueAt) => fired.push({ id, dueAt }),
  });
  const advance = (ms: number, step = 100) => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      scheduler.runDue(clock.now());
    }
  };
  return { clock, fired, scheduler, advance };
}

describe("createScheduler", () => {
  it("fires each domain once per interval at its phase", () => {
    const { fired, scheduler, advance } = aScheduler();
    scheduler.upsert("a", 10_000);
    scheduler.upsert("b", 30_000);
    advance(60_000);
    expect(fired.filter((f) => f.id === "a")).toHaveLength(6);
    expect(fired.filter((f) => f.id === "b")).toHaveLength(2);
    const offset = phaseOffsetMs("a", "ams", 10_000);
    for (const f of fired.filter((x) => x.id === "a")) expect(f.dueAt % 10_000).toBe(offset);
  });

  it("puts the same domain at different moments in different regions", () => {
    const ams = aScheduler({ region: "ams" });
    const sin = aScheduler({ region: "sin" });
    for (const s of [ams, sin]) {
      s.scheduler.upsert("dom", 60_000);
      s.advance(60_000);
    }
    expect(ams.fired[0]!.dueAt).not.toBe(sin.fired[0]!.dueAt);
  });

  it("reschedules only the changed domain and stops a removed one", () => {
    const { fired, scheduler, advance } = aScheduler();
    scheduler.upsert("keep", 10_000);
    scheduler.upsert("change", 10_000);
    scheduler.upsert("gone", 10_000);
    advance(10_000);
    const keepDue = fired.find((f) => f.id === "keep")!.dueAt;
    scheduler.upsert("keep", 10_000); // same interval: untouched
    scheduler.upsert("change", 20_000);
    scheduler.remove("gone");
    fired.length = 0;
    advance(40_000);
    expect(fired.filter((f) => f.id === "keep").map((f) => f.dueAt)).toEqual([
      keepDue + 10_000,
      keepDue + 20_000,
      keepDue + 30_000,
      keepDue + 40_000,
    ]);
    expect(fired.filter((f) => f.id === "change")).toHaveLength(2);
    expect(fired.filter((f) => f.id === "gone")).toHaveLength(0);
    expect(scheduler.size).toBe(2);
  });

  it("fires on its own timer, every 100 ms interval, without falling behind", async () => {
    const fired: number[] = [];
    const s = createScheduler({
      region: "ams",
      clock: { now: () => Date.now() },
      onDue: (_id, dueAt, now) => fired.push(now - dueAt),
    });
    s.start();
    for (let i = 0; i < 50; i++) s.upsert(`d${i}`, 100);
    await new Promise((r) => setTimeout(r, 350));
    s.stop();
    expect(fired.length).toBeGreaterThanOrEqual(100);
    // bounded loosely: a busy CI machine delays timers, but a scheduler that fell behind
    // (or ran each slot a full interval late) would blow far past this
    expect(Math.max(...fired)).toBeLessThan(100);
  });
});
