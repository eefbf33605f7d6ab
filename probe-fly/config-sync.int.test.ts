import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { configKeys } from "../adapters/redis/config-keys";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { aDomainConfig } from "../test-support/builders";
import { droppingSubscriber } from "../test-support/dropping-subscriber";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { describeWith, serviceUrl } from "../test-support/services";
import { type ConfigSync, createConfigSync } from "./config-sync";

describeWith(["REDIS_URL"], "config-sync on real Redis", () => {
  const url = serviceUrl("REDIS_URL")!;
  const prefix = `test:sync:${randomUUID()}:`;
  const keys = configKeys(prefix);
  const regions = ["ams", "iad", "sin"];
  const writer = ioredisAdapter({ url });
  const probes = regions.map(() => ioredisAdapter({ url }));
  let dropping = false;
  let syncs: ConfigSync[];
  const bcast = createConfigBroadcast({ redis: writer.port, keys });

  beforeAll(async () => {
    await bcast.upsert(aDomainConfig({ regions: ["ams"] }));
    syncs = regions.map((region, i) =>
      createConfigSync({
        redis: probes[i]!.port,
        subscriber: droppingSubscriber(probes[i]!.subscriber, () => dropping),
        region,
        keys,
        resyncIntervalMs: 100,
      }),
    );
    await Promise.all(syncs.map((s) => s.start()));
  });
  afterAll(async () => {
    await Promise.all((syncs ?? []).map((s) => s.stop()));
    await deleteKeysWithPrefix(url, prefix);
    await Promise.all([writer.close(), ...probes.map((p) => p.close())]);
  });

  const until = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    return check();
  };

  it("brings a change to every region's map within milliseconds of the write", async () => {
    const c = aDomainConfig({ regions });
    const start = performance.now();
    await bcast.upsert(c);
    expect(await until(() => syncs.every((s) => s.configs.has(c.id)), 1_000)).toBe(true);
    expect(performance.now() - start).toBeLessThan(250);
    expect(syncs.map((s) => s.configs.size)).toEqual([2, 1, 1]);
  });

  it("converges through the version check when every notice is lost", async () => {
    dropping = true;
    const c = aDomainConfig({ regions: ["iad", "sin"] });
    const v = await bcast.upsert(c);
    expect(await until(() => syncs.every((s) => s.version() === v), 2_000)).toBe(true);
    expect(syncs.map((s) => s.configs.has(c.id))).toEqual([false, true, true]);
    await bcast.remove(c.id);
    expect(await until(() => !syncs.some((s) => s.configs.has(c.id)), 2_000)).toBe(true);
    dropping = false;
  });
});
