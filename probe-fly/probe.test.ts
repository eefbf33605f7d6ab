import { afterEach, describe, expect, it } from "vitest";
import { guardPolicy } from "../adapters/net/guard";
import { memoryQueue } from "../adapters/queue/memory";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { memoryRedis } from "../adapters/redis/memory";
import { redisKeys } from "../schema/redis-keys";
import { Observation } from "../schema/wire";
import { aDomainConfig } from "../test-support/builders";
import { waitFor } from "../test-support/until";
import { buildSecureContext } from "./checks/secure-context";
import { createProbe, type Probe } from "./probe";
import { httpServer, type TestServer } from "./testing/servers";
import { streamedRecords } from "./testing/stream";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function world(handler: Parameters<typeof httpServer>[0]) {
  const redis = memoryRedis();
  const queue = memoryQueue();
  const server: TestServer = await httpServer(handler);
  cleanup.push(() => server.close());
  const broadcast = createConfigBroadcast({ redis: redis.port });
  const secureContext = buildSecureContext();
  const probe = (region: string): Probe => {
    const p = createProbe({
      region,
      redis: redis.port,
      subscriber: redis.subscriber,
      queue,
      policy: guardPolicy(true),
      secureContext,
      flushEveryMs: 50,
      resyncIntervalMs: 200,
    });
    cleanup.push(() => p.stop());
    return p;
  };
  const results = (region: string) => streamedRecords(redis.port, redisKeys.resultsStream(region));
  const observations = () => queue.sent.map((s) => Observation.parse(s.body));
  const url = `http://127.0.0.1:${server.port}/`;
  return { redis, queue, server, broadcast, probe, results, observations, url };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createProbe", () => {
  it("checks its region's domains on schedule and streams every result", async () => {
    const w = await world((_req, res) => res.end("ok"));
    await w.broadcast.upsert(
      aDomainConfig({ id: "d1", url: w.url, intervalSeconds: 1, regions: ["ams"] }),
    );
    await w.broadcast.upsert(
      aDomainConfig({ id: "elsewhere", url: w.url, intervalSeconds: 1, regions: ["sin"] }),
    );
    const ams = w.probe("ams");
    await ams.start();
    await waitFor(async () => (await w.results("ams")).length >= 2, 3500);
    const rs = await w.results("ams");
    expect(new Set(rs.map((r) => r.domainId))).toEqual(new Set(["d1"]));
    expect(rs[0]).toMatchObject({ ok: true, httpStatus: 200, region: "ams", configVersion: 1 });
    // consensus hears the first result (the region's vote), then nothing while it stays up
    expect(w.observations().map((o) => [o.domainId, o.ok])).toEqual([["d1", true]]);
  });

  it("asks the other region to confirm a fresh failure, which rechecks at once", async () => {
    const w = await world((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    // an hour-long interval: any check within the test is a first slot or a confirm recheck
    await w.broadcast.upsert(
      aDomainConfig({ id: "d1", url: w.url, intervalSeconds: 3600, regions: ["ams", "iad"] }),
    );
    const ams = w.probe("ams");
    const iad = w.probe("iad");
    await Promise.all([ams.start(), iad.start()]);
    // stand in for ams's slot coming up: the confirm path is what is under test
    await w.redis.port.publish(
      redisKeys.confirmRequests,
      JSON.stringify({ domainId: "d1", region: "ams", t: Date.now() }),
    );
    await waitFor(() => w.observations().some((o) => o.region === "iad" && o.confirm));
    const iadObs = w.observations().filter((o) => o.region === "iad");
    expect(iadObs[0]).toMatchObject({
      domainId: "d1",
      ok: false,
      error: "HTTP_STATUS",
      confirm: true,
    });
    // a recheck never asks for a recheck in turn: one request, one round, no ping-pong
    await sleep(300);
    expect(w.observations().filter((o) => o.confirm)).toHaveLength(1);
    expect(w.redis.published.filter((p) => p.channel === redisKeys.confirmRequests)).toHaveLength(
      1,
    );
  });

  it("reports a failure to consensus and asks for confirmation once, not on every failure", async () => {
    const w = await world((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    await w.broadcast.upsert(
      aDomainConfig({ id: "d1", url: w.url, intervalSeconds: 1, regions: ["ams"] }),
    );
    const ams = w.probe("ams");
    await ams.start();
    await waitFor(() => w.observations().length >= 2, 3500);
    expect(w.observations()[0]).toMatchObject({
      domainId: "d1",
      region: "ams",
      ok: false,
      error: "HTTP_STATUS",
      confirm: false,
    });
    const requests = w.redis.published.filter((p) => p.channel === redisKeys.confirmRequests);
    expect(requests.map((p) => JSON.parse(p.message))).toEqual([
      expect.objectContaining({ domainId: "d1", region: "ams" }),
    ]);
  });

  it("stops checking a domain once it is removed", async () => {
    const w = await world((_req, res) => res.end("ok"));
    await w.broadcast.upsert(
      aDomainConfig({ id: "d1", url: w.url, intervalSeconds: 1, regions: ["ams"] }),
    );
    const ams = w.probe("ams");
    await ams.start();
    await waitFor(async () => (await w.results("ams")).length >= 1, 3000);
    await w.broadcast.remove("d1");
    await waitFor(() => !ams.configs.has("d1"));
    await sleep(100);
    const before = w.server.connections();
    await sleep(1300);
    expect(w.server.connections()).toBe(before);
  });

  it("finishes the check in flight and flushes its result when stopped", async () => {
    let started = false;
    const w = await world((_req, res) => {
      started = true;
      setTimeout(() => res.end("slow"), 300);
    });
    await w.broadcast.upsert(
      aDomainConfig({ id: "d1", url: w.url, intervalSeconds: 1, regions: ["ams"] }),
    );
    const ams = w.probe("ams");
    await ams.start();
    await waitFor(() => started, 3000);
    await ams.stop();
    expect(ams.state()).toBe("stopped");
    const rs = await w.results("ams");
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ domainId: "d1", ok: true });
  });
});
