import { describe, expect, it } from "vitest";
import type { Logger } from "../adapters/log/logger";
import { memoryQueue } from "../adapters/queue/memory";
import { memoryRedis } from "../adapters/redis/memory";
import { redisKeys } from "../schema/redis-keys";
import { startAlerting } from "./alerting";

const quiet: Logger = { info() {}, warn() {}, error() {} };
const ID = "00000000-0000-4000-8000-0000000000d1";

describe("local alerting", () => {
  it("turns observations on the consensus queue into alert jobs and a status", async () => {
    const queue = memoryQueue();
    const redis = memoryRedis();
    const config = {
      id: ID,
      orgId: "00000000-0000-4000-8000-000000000001",
      url: "https://example.com/",
      name: "x",
      regions: ["ams", "iad", "sin"],
      intervalSeconds: 60,
      timeoutMs: 10_000,
      version: 1,
    };
    await redis.hset(redisKeys.configHash, { [ID]: JSON.stringify(config) });
    const alerting = startAlerting({ queue, redis: redis.port, log: quiet });
    const now = Date.now();
    const fail = (region: string, t: number) => ({
      domainId: ID,
      region,
      t,
      ok: false,
      error: "CONNECTION_REFUSED",
      latencyMs: 3,
      configVersion: 1,
    });
    await queue.send("consensus", [fail("ams", now - 2_000), fail("iad", now - 1_000)]);
    await queue.idle();
    alerting.stop();
    const jobs = queue.sent
      .filter((s) => s.queue === "alerts")
      .map((s) => s.body as { type: string });
    expect(jobs.map((j) => j.type)).toEqual(["incident.opened"]);
    const status = JSON.parse((await redis.get(redisKeys.domainStatus(ID)))!);
    expect(status.status).toBe("down");
  });
});
