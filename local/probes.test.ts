import { afterEach, describe, expect, it } from "vitest";
import { memoryQueue } from "../adapters/queue/memory";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { memoryRedis } from "../adapters/redis/memory";
import { httpServer, type TestServer } from "../probe-fly/testing/servers";
import { redisKeys } from "../schema/redis-keys";
import { aDomainConfig } from "../test-support/builders";
import { startRegionProbe } from "./probes";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe("startRegionProbe", () => {
  it("checks from the region's own loopback source address", async () => {
    const sources: string[] = [];
    const server: TestServer = await httpServer((req, res) => {
      sources.push(req.socket.remoteAddress ?? "");
      res.end("ok");
    });
    stops.push(() => server.close());
    const redis = memoryRedis();
    await createConfigBroadcast({ redis: redis.port }).upsert(
      aDomainConfig({
        id: "d1",
        url: `http://127.0.0.1:${server.port}/`,
        intervalSeconds: 1,
        regions: ["ams"],
      }),
    );
    const region = startRegionProbe({
      region: "ams",
      localAddress: "127.0.0.11",
      redis: redis.port,
      subscriber: redis.subscriber,
      queue: memoryQueue(),
      allowPrivate: true,
    });
    stops.push(() => region.stop());
    await region.ready;
    const end = Date.now() + 3000;
    while (sources.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(sources[0]).toBe("127.0.0.11");
    await region.stop();
    expect(await redis.port.xlen(redisKeys.resultsStream("ams"))).toBeGreaterThanOrEqual(1);
  });
});
