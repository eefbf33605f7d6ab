import { describe, expect, it } from "vitest";
import { timedFailure, useBlackHole } from "../../test-support/black-hole";
import { ioredisAdapter } from "./ioredis";
import { RedisError } from "./port";
import { upstashAdapter } from "./upstash";

describe("Redis adapters against a server that accepts and never replies", () => {
  const hole = useBlackHole();

  it("ioredis fails a command within its command timeout", async () => {
    const redis = ioredisAdapter({
      url: `redis://127.0.0.1:${hole.port}`,
      commandTimeoutMs: 300,
      connectTimeoutMs: 300,
    });
    const { err, ms } = await timedFailure(() => redis.port.get("k"));
    redis.client.disconnect();
    expect(err).toBeInstanceOf(RedisError);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
  });

  it("ioredis in fail-fast mode fails a command within its command timeout", async () => {
    const redis = ioredisAdapter({
      url: `redis://127.0.0.1:${hole.port}`,
      failFast: true,
      commandTimeoutMs: 200,
    });
    const { err, ms } = await timedFailure(() => redis.port.get("k"));
    redis.client.disconnect();
    expect(err).not.toBeNull();
    expect(ms).toBeLessThan(1_500);
  });

  it("Upstash REST fails a command within its request timeout", async () => {
    const redis = upstashAdapter({ url: hole.endpoint, token: "t", timeoutMs: 300, retries: 0 });
    const { err, ms } = await timedFailure(() => redis.port.get("k"));
    expect(err).toMatchObject({ code: "REDIS_UNAVAILABLE" });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
  });
});
