import { randomUUID } from "node:crypto";
import { afterAll, expect, it, vi } from "vitest";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { redisKeys } from "../schema/redis-keys";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { describeWith, serviceUrl } from "../test-support/services";
import { createEmitter } from "./emit";
import { toObservation } from "./observe";
import { aResult } from "./testing/builders";
import { streamedRecords } from "./testing/stream";

describeWith(["REDIS_URL"], "emitter on real Redis", () => {
  const url = serviceUrl("REDIS_URL")!;
  const region = `test-emit-${randomUUID()}`;
  const key = redisKeys.resultsStream(region);
  const redis = ioredisAdapter({ url });
  afterAll(async () => {
    await deleteKeysWithPrefix(url, key);
    await redis.close();
  });

  it("streams every result to Redis while the consensus queue never answers", async () => {
    const hung = { send: () => new Promise<void>(() => {}) };
    const emitter = createEmitter({ region, redis: redis.port, queue: hung, flushEveryMs: 10 });
    emitter.start();
    const down = aResult({ ok: false, error: { code: "TIMEOUT", message: "t" } });
    for (let i = 0; i < 200; i++) {
      const domainId = `d${i}`;
      // every tenth result is news, so the queue lane stays stuck on its first batch
      const obs =
        i % 10 === 0
          ? toObservation(down, { domainId, configVersion: 1, confirm: false, completedAt: i })
          : null;
      emitter.emit({ ...down, domainId, configVersion: 1 }, obs);
    }
    await vi.waitFor(async () => expect(await streamedRecords(redis.port, key)).toHaveLength(200), {
      timeout: 5_000,
      interval: 20,
    });
    expect((await streamedRecords(redis.port, key))[199]!.domainId).toBe("d199");
    expect(emitter.stats()).toMatchObject({
      resultsDepth: 0,
      observationsDepth: 20,
      observationsOverflowed: 0,
    });
  });
});
