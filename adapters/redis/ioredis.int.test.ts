import { expect, it } from "vitest";
import { realRedisTarget } from "../../test-support/redis";
import { describeWith, serviceUrl } from "../../test-support/services";
import { configBroadcastContract } from "./config-broadcast.test-suite";
import { type ContractTarget, redisContract } from "./contract.test-suite";
import { ioredisAdapter } from "./ioredis";

describeWith(["REDIS_URL"], "ioredis adapter", () => {
  const open = async (): Promise<ContractTarget> => {
    const url = serviceUrl("REDIS_URL")!;
    const a = ioredisAdapter({ url });
    return realRedisTarget(url, a.port, a);
  };
  redisContract("ioredis", open);
  configBroadcastContract("ioredis", open);
});

describeWith(["REDIS_URL"], "ioredis adapter for the API (failFast)", () => {
  it("serves a command sent while its first connection is still opening", async () => {
    const a = ioredisAdapter({ url: serviceUrl("REDIS_URL")!, failFast: true });
    await expect(a.port.ping()).resolves.toBeUndefined();
    await a.close();
  });

  it("fails a command within its timeout when nothing listens", async () => {
    const a = ioredisAdapter({ url: "redis://127.0.0.1:9", failFast: true, commandTimeoutMs: 200 });
    const start = Date.now();
    await expect(a.port.get("k")).rejects.toMatchObject({ code: "REDIS_UNAVAILABLE" });
    expect(Date.now() - start).toBeLessThan(1_000);
    await a.close();
  });
});

describeWith(["REDIS_URL"], "ioredis subscriber connection", () => {
  it("subscribes after the connection's ready check, so the check never meets subscriber mode", async () => {
    const url = serviceUrl("REDIS_URL")!;
    const a = ioredisAdapter({ url });
    const conn = a.subscriberConnection();
    const errors: string[] = [];
    conn.on("error", (e: Error) => errors.push(e.message));
    // the socket is open and the ready check (INFO) not yet sent: a SUBSCRIBE written now would
    // put the connection in subscriber mode first, and the check would then fail
    await new Promise((r) => conn.once("connect", r));
    const got: string[] = [];
    await a.subscriber.subscribe("dp:test:ready-check", (m) => got.push(m));
    await a.client.publish("dp:test:ready-check", "hello");
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(["hello"]);
    expect(errors).toEqual([]);
    await a.close();
  });
});
