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
