import { afterAll, beforeAll, expect, it } from "vitest";
import { deleteKeysWithPrefix, realRedisTarget } from "../../test-support/redis";
import { describeWith, serviceUrl } from "../../test-support/services";
import { startUpstashBridge, type UpstashBridge } from "../../test-support/upstash-bridge";
import { configBroadcastContract } from "./config-broadcast.test-suite";
import { redisContract } from "./contract.test-suite";
import { ioredisAdapter } from "./ioredis";
import { upstashAdapter } from "./upstash";

describeWith(["REDIS_URL"], "upstash adapter through the REST bridge", () => {
  const url = serviceUrl("REDIS_URL")!;
  let bridge: UpstashBridge;
  beforeAll(async () => {
    bridge = await startUpstashBridge(url);
  });
  afterAll(async () => {
    await bridge?.close();
  });

  redisContract(
    "upstash",
    async () => {
      const a = upstashAdapter({ url: bridge.url, token: bridge.token });
      return { redis: a.port, close: (prefix) => deleteKeysWithPrefix(url, prefix) };
    },
    { pubsub: false },
  );

  configBroadcastContract("upstash", async () => {
    const a = upstashAdapter({ url: bridge.url, token: bridge.token });
    // REST cannot subscribe: notices are observed over TCP on the same server
    return realRedisTarget(url, a.port, ioredisAdapter({ url }));
  });

  it("fails a call with REDIS_UNAVAILABLE when nothing listens at the URL", async () => {
    const a = upstashAdapter({ url: "http://127.0.0.1:9", token: "t", retries: 0 });
    await expect(a.port.get("k")).rejects.toMatchObject({ code: "REDIS_UNAVAILABLE" });
  });

  it("serves the client's pipeline and transaction endpoints", async () => {
    const a = upstashAdapter({ url: bridge.url, token: bridge.token });
    const key = `test:bridge:${Date.now()}`;
    const tx = a.client.multi();
    tx.set(key, "1");
    tx.incr(key);
    expect(await tx.exec()).toEqual(["OK", 2]);
    const p = a.client.pipeline();
    p.get(key);
    p.hget(key, "x");
    const replies = await p.exec({ keepErrors: true });
    expect(replies[0]).toEqual({ result: "2", error: undefined });
    expect(replies[1]!.error).toMatch(/WRONGTYPE/);
    expect(bridge.requests["/multi-exec"]).toBe(1);
    expect(bridge.requests["/pipeline"]).toBe(1);
    await a.client.del(key);
  });

  it("refuses a request without the bearer token", async () => {
    const res = await fetch(bridge.url, { method: "POST", body: '["PING"]' });
    expect(res.status).toBe(401);
  });
});
