import { describe, expect, it } from "vitest";
import { scheduleName } from "./port";
import { timerScheduler } from "./timers";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("in-process timer scheduler", () => {
  it("fires the payload once at its time", async () => {
    const fired: unknown[] = [];
    const s = timerScheduler({ onFire: (p) => fired.push(p) });
    await s.scheduleOnce({ name: "a", at: Date.now() + 30, payload: { n: 1 } });
    await s.scheduleOnce({ name: "a", at: Date.now() + 30, payload: { n: 2 } });
    expect(fired).toEqual([]);
    await wait(80);
    expect(fired).toEqual([{ n: 1 }]);
    expect(s.pending()).toEqual([]);
  });

  it("does not fire a cancelled schedule, nor any after stop", async () => {
    const fired: unknown[] = [];
    const s = timerScheduler({ onFire: (p) => fired.push(p) });
    await s.scheduleOnce({ name: "a", at: Date.now() + 20, payload: "a" });
    await s.scheduleOnce({ name: "b", at: Date.now() + 20, payload: "b" });
    await s.cancel("a");
    expect(s.pending()).toEqual(["b"]);
    s.stop();
    await wait(60);
    expect(fired).toEqual([]);
  });

  it("passes a failing handler's error to onError", async () => {
    const errors: unknown[] = [];
    const s = timerScheduler({
      onFire: () => {
        throw new Error("nope");
      },
      onError: (e) => errors.push(e),
    });
    await s.scheduleOnce({ name: "a", at: 0, payload: null });
    await wait(30);
    expect(String(errors[0])).toMatch(/nope/);
  });
});

describe("schedule names", () => {
  it("joins parts and replaces characters EventBridge refuses", () => {
    expect(scheduleName("dp", "wake", "a:b", 12)).toBe("dp-wake-a_b-12");
  });

  it("refuses a name longer than 64 characters, naming it", () => {
    expect(() => scheduleName("x".repeat(65))).toThrow(/longer than 64/);
  });
});
