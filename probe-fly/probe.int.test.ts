import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { guardPolicy } from "../adapters/net/guard";
import { memoryQueue } from "../adapters/queue/memory";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { configKeys } from "../adapters/redis/config-keys";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { redisKeys } from "../schema/redis-keys";
import { aDomainConfig } from "../test-support/builders";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { describeWith, serviceUrl } from "../test-support/services";
import { waitFor } from "../test-support/until";
import { buildSecureContext } from "./checks/secure-context";
import { createProbe } from "./probe";
import { httpServer } from "./testing/servers";
import { streamedRecords } from "./testing/stream";
import { tcpProxy } from "./testing/tcp-proxy";

describeWith(["REDIS_URL"], "probe against a real Redis", () => {
  it("keeps checking through a Redis outage and delivers every held result afterwards", async () => {
    const url = new URL(serviceUrl("REDIS_URL")!);
    const tag = randomUUID().slice(0, 8);
    const prefix = `it-probe-${tag}:`;
    const region = `it-${tag}`;
    const keys = configKeys(prefix);
    const proxy = await tcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    const direct = ioredisAdapter({ url: url.href });
    const probeRedis = ioredisAdapter({ url: viaProxy.href, commandTimeoutMs: 300 });
    const server = await httpServer((_req, res) => res.end("ok"));
    const probe = createProbe({
      region,
      redis: probeRedis.port,
      subscriber: probeRedis.subscriber,
      queue: memoryQueue(),
      policy: guardPolicy(true),
      secureContext: buildSecureContext(),
      configKeys: keys,
      flushEveryMs: 50,
    });
    const stream = redisKeys.resultsStream(region);
    const streamed = () => streamedRecords(direct.port, stream);
    try {
      await createConfigBroadcast({ redis: direct.port, keys }).upsert(
        aDomainConfig({
          id: `d-${tag}`,
          url: `http://127.0.0.1:${server.port}/`,
          intervalSeconds: 1,
          regions: [region],
        }),
      );
      await probe.start();
      await waitFor(async () => (await streamed()).length >= 1, 4000);

      proxy.cut();
      const before = server.connections();
      await waitFor(() => probe.stats().resultsDepth >= 2, 5000);
      expect(server.connections()).toBeGreaterThan(before); // checking goes on without Redis

      proxy.restore();
      await waitFor(() => probe.stats().resultsDepth === 0, 8000);
      await probe.stop();
      const all = await streamed();
      // at least once: a batch whose reply was lost in the cut is sent again, so ingest
      // dedupes on (domainId, region, checkedAt); every check made is there
      expect(new Set(all.map((r) => r.checkedAt)).size).toBe(server.connections());
      expect(probe.stats().resultsOverflowed).toBe(0);
    } finally {
      await probe.stop();
      await server.close();
      await proxy.close();
      await deleteKeysWithPrefix(url.href, prefix);
      await direct.port.del(stream);
      await Promise.all([direct.close(), probeRedis.close()]);
    }
  });
});
