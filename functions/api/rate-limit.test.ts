import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../adapters/db/types";
import { memoryRedis } from "../../adapters/redis/memory";
import { RedisError, type RedisPort } from "../../adapters/redis/port";
import { migratedPglite } from "../../test-support/pglite";
import { apiHarness } from "./testing/harness";

describe("rate limit", () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await migratedPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("answers 429 with Retry-After past the key's requests per minute, per key", async () => {
    const h = apiHarness({ db, redis: memoryRedis().port, config: { rateLimitPerMinute: 3 } });
    const a = await h.org();
    const b = await h.org();
    for (let i = 0; i < 3; i++)
      expect((await h.call("GET", "/v1/domains", a.key)).status).toBe(200);
    const res = await h.app.request("/v1/domains", {
      headers: { authorization: `Bearer ${a.key}` },
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await h.call("GET", "/v1/domains", b.key)).status).toBe(200);
  });

  it("lets requests through when Redis is unreachable", async () => {
    const down = new RedisError("REDIS_UNAVAILABLE", "connection refused");
    const m = memoryRedis().port;
    const broken: RedisPort = { ...m, incr: () => Promise.reject(down) };
    const h = apiHarness({ db, redis: broken, config: { rateLimitPerMinute: 1 } });
    const { key } = await h.org();
    expect((await h.call("GET", "/v1/domains", key)).status).toBe(200);
    expect((await h.call("GET", "/v1/domains", key)).status).toBe(200);
    expect(h.log.lines.some((l) => l.msg.startsWith("rate limit unavailable"))).toBe(true);
  });
});
