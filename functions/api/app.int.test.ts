import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { configKeys } from "../../adapters/redis/config-keys";
import { ioredisAdapter } from "../../adapters/redis/ioredis";
import { upstashAdapter } from "../../adapters/redis/upstash";
import { createConfigSync } from "../../probe-fly/config-sync";
import { deleteKeysWithPrefix } from "../../test-support/redis";
import { startRedisServer } from "../../test-support/redis-server";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { startUpstashBridge } from "../../test-support/upstash-bridge";
import { reconcileConfig } from "../maintenance/reconcile";
import { apiContract } from "./api.test-suite";
import { aDomainBody, apiHarness } from "./testing/harness";

describeWith(["DATABASE_URL", "REDIS_URL"], "API on PostgreSQL and Redis", () => {
  /**
   * A migrated control database of its own and a key prefix of its own on the shared Redis;
   * `close` deletes the keys, closes the Redis side with `closeRedis`, then the database.
   */
  async function apiStores(label: string) {
    const scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, label);
    const db = await openDatabase(scratch.url);
    await migrateDatabase(db, "control");
    const redisUrl = serviceUrl("REDIS_URL")!;
    const prefix = `test:api:${randomUUID()}:`;
    return {
      db,
      redisUrl,
      keys: configKeys(prefix),
      async close(closeRedis: () => Promise<void>) {
        await deleteKeysWithPrefix(redisUrl, prefix);
        await closeRedis();
        await db.close();
        await scratch.drop();
      },
    };
  }

  apiContract("PostgreSQL and Redis (ioredis)", async () => {
    const stores = await apiStores("api");
    const redis = ioredisAdapter({ url: stores.redisUrl, failFast: true });
    return {
      db: stores.db,
      redis: redis.port,
      keys: stores.keys,
      close: () => stores.close(() => redis.close()),
    };
  });

  apiContract("PostgreSQL and Upstash REST (as in Lambda)", async () => {
    const stores = await apiStores("api_rest");
    const bridge = await startUpstashBridge(stores.redisUrl);
    return {
      db: stores.db,
      redis: upstashAdapter({ url: bridge.url, token: bridge.token }).port,
      keys: stores.keys,
      close: () => stores.close(() => bridge.close()),
    };
  });

  let db: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "api_outage");
    drop = scratch.drop;
    db = await openDatabase(scratch.url);
    await migrateDatabase(db, "control");
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it("keeps answering while Redis is down, and the reconcile makes Redis equal the DB again", async () => {
    const server = await startRedisServer();
    const redis = ioredisAdapter({ url: server.url, failFast: true, commandTimeoutMs: 500 });
    const probe = ioredisAdapter({ url: server.url });
    const h = apiHarness({ db, redis: redis.port });
    const sync = createConfigSync({
      redis: probe.port,
      subscriber: probe.subscriber,
      region: "ams",
      resyncIntervalMs: 100,
    });
    try {
      const { key } = await h.org("business");
      const kept = (await h.call("POST", "/v1/domains", key, aDomainBody({ regions: ["ams"] })))
        .body;
      const doomed = (await h.call("POST", "/v1/domains", key, aDomainBody({ regions: ["ams"] })))
        .body;
      await h.expectRedisMatchesDb();
      await sync.start();
      expect(sync.configs.size).toBe(2);

      await server.stop();
      const created = await h.call("POST", "/v1/domains", key, aDomainBody({ regions: ["ams"] }));
      expect(created.status).toBe(201);
      const patched = await h.call("PATCH", `/v1/domains/${kept.id}`, key, { intervalSeconds: 45 });
      expect(patched.status).toBe(200);
      expect((await h.call("DELETE", `/v1/domains/${doomed.id}`, key)).status).toBe(204);
      expect((await h.call("GET", `/v1/domains/${kept.id}/status`, key)).body.status).toBe(
        "unknown",
      );
      expect(h.log.lines.filter((l) => l.level === "warn").length).toBeGreaterThanOrEqual(3);

      await server.restart();
      // the API's client reconnects on its own backoff; the reconcile runs once it has
      const back = Date.now() + 5_000;
      while (
        !(await redis.port.ping().then(
          () => true,
          () => false,
        )) &&
        Date.now() < back
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const report = await reconcileConfig({
        db: db.db,
        redis: redis.port,
        broadcast: h.deps.broadcast,
      });
      expect(report.put).toBe(2);
      await h.expectRedisMatchesDb();
      const until = Date.now() + 5_000;
      while (
        Date.now() < until &&
        !(sync.configs.size === 2 && sync.configs.has(created.body.id))
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect([...sync.configs.keys()].sort()).toEqual([kept.id, created.body.id].sort());
      expect(sync.configs.get(kept.id)!.intervalSeconds).toBe(45);
    } finally {
      await sync.stop();
      await probe.close();
      await redis.close();
      await server.stop();
    }
  });
});
