import { describe, expect, it } from "vitest";
import { manualClock } from "../clock/clock";
import { configBroadcastContract } from "./config-broadcast.test-suite";
import { redisContract } from "./contract.test-suite";
import { memoryRedis } from "./memory";

redisContract("memory", async () => {
  const m = memoryRedis();
  return { redis: m.port, subscriber: m.subscriber, close: async () => {} };
});

describe("memoryRedis", () => {
  it("expires keys on the injected clock, not wall time", async () => {
    const clock = manualClock(1_000);
    const m = memoryRedis({ clock });
    await m.set("k", "v", { px: 500 });
    clock.advance(499);
    expect(await m.get("k")).toBe("v");
    clock.advance(1);
    expect(await m.get("k")).toBeNull();
  });

  it("keeps only the latest 10k publishes on record, so a long run does not grow", async () => {
    const m = memoryRedis();
    for (let i = 0; i < 10_050; i++) await m.publish("c", String(i));
    expect(m.published).toHaveLength(10_000);
    expect(m.published.at(-1)!.message).toBe("10049");
  });

  it("records what was published, for tests of publishers", async () => {
    const m = memoryRedis();
    await m.publish("c", "x");
    expect(m.published).toEqual([{ channel: "c", message: "x" }]);
  });
});

configBroadcastContract("memory", async () => {
  const m = memoryRedis();
  return { redis: m.port, subscriber: m.subscriber, close: async () => {} };
});
