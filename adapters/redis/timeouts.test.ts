import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blackHoleServer } from "../../test-support/black-hole";
import { ioredisAdapter } from "./ioredis";
import { RedisError } from "./port";
import { upstashAdapter } from "./upstash";

/** How long `work` took to settle, in ms, and how it settled. */
async function timed(work: Promise<unknown>) {
  const started = performance.now();
  const outcome = await work.then(
    () => ({ ok: true as const }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  return { ...outcome, ms: performance.now() - started };
}

describe("Redis adapters against a server that accepts and never replies", () => {
  let hole: Awaited<ReturnType<typeof blackHoleServer>>;
  beforeAll(async () => {
    hole = await blackHoleServer();
  });
  afterAll(() => hole.close());

  it("ioredis fails a command within its command timeout", async () => {
    const redis = ioredisAdapter({
      url: `redis://127.0.0.1:${hole.port}`,
      commandTimeoutMs: 300,
      connectTimeoutMs: 300,
    });
    const got = await timed(redis.port.get("k"));
    redis.client.disconnect();
    expect(got.ok).toBe(false);
    expect(got.ok ? null : got.err).toBeInstanceOf(RedisError);
    expect(got.ms).toBeGreaterThanOrEqual(250);
    expect(got.ms).toBeLessThan(2_000);
  });

  it("ioredis in fail-fast mode fails a command within its command timeout", async () => {
    const redis = ioredisAdapter({
      url: `redis://127.0.0.1:${hole.port}`,
      failFast: true,
      commandTimeoutMs: 200,
    });
    const got = await timed(redis.port.get("k"));
    redis.client.disconnect();
    expect(got.ok).toBe(false);
    expect(got.ms).toBeLessThan(1_500);
  });

  it("Upstash REST fails a command within its request timeout", async () => {
    const redis = upstashAdapter({
      url: `http://127.0.0.1:${hole.port}`,
      token: "t",
      timeoutMs: 300,
      retries: 0,
    });
    const got = await timed(redis.port.get("k"));
    expect(got.ok).toBe(false);
    expect(got.ok ? null : got.err).toMatchObject({ code: "REDIS_UNAVAILABLE" });
    expect(got.ms).toBeGreaterThanOrEqual(250);
    expect(got.ms).toBeLessThan(2_000);
  });
});
