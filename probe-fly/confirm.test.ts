import { describe, expect, it } from "vitest";
import { manualClock } from "../adapters/clock/clock";
import { memoryRedis } from "../adapters/redis/memory";
import { redisKeys } from "../schema/redis-keys";
import { createConfirm } from "./confirm";

function regions(names: string[], minGapMs = 30_000) {
  const redis = memoryRedis();
  const { port, subscriber } = redis;
  const clock = manualClock(1_000_000);
  const rechecks: Record<string, string[]> = {};
  const probes = Object.fromEntries(
    names.map((region) => {
      rechecks[region] = [];
      const c = createConfirm({
        region,
        redis: port,
        subscriber,
        clock,
        minGapMs,
        onRecheck: (id) => rechecks[region]!.push(id),
      });
      return [region, c];
    }),
  );
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { redis, port, clock, probes, rechecks, settle };
}

describe("createConfirm", () => {
  it("makes every other region recheck the failing domain, but not the requester", async () => {
    const { probes, rechecks, settle } = regions(["ams", "iad", "sin"]);
    await Promise.all(Object.values(probes).map((p) => p.start()));
    await probes.ams!.request("dom_1");
    await settle();
    expect(rechecks).toEqual({ ams: [], iad: ["dom_1"], sin: ["dom_1"] });
  });

  it("rechecks a domain once per window however many regions ask", async () => {
    const { probes, rechecks, settle, clock } = regions(["ams", "iad", "sin"]);
    await Promise.all(Object.values(probes).map((p) => p.start()));
    await probes.ams!.request("dom_1");
    await probes.iad!.request("dom_1");
    await settle();
    expect(rechecks.sin).toEqual(["dom_1"]);
    clock.advance(30_000);
    await probes.ams!.request("dom_1");
    await settle();
    expect(rechecks.sin).toEqual(["dom_1", "dom_1"]);
  });

  it("sends at most one request per domain per window", async () => {
    const { redis, probes } = regions(["ams"]);
    await probes.ams!.request("dom_1");
    await probes.ams!.request("dom_1");
    await probes.ams!.request("dom_2");
    const sent = redis.published.filter((p) => p.channel === redisKeys.confirmRequests);
    expect(sent.map((p) => JSON.parse(p.message).domainId)).toEqual(["dom_1", "dom_2"]);
  });

  it("drops a malformed request without rechecking anything", async () => {
    const { port, probes, rechecks, settle } = regions(["iad"]);
    await probes.iad!.start();
    await port.publish(redisKeys.confirmRequests, "{not json");
    await port.publish(redisKeys.confirmRequests, JSON.stringify({ domainId: "" }));
    await settle();
    expect(rechecks.iad).toEqual([]);
  });
});
