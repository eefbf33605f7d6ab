import { describe, expect, it } from "vitest";
import { loadAdminConfig } from "./config";

describe("loadAdminConfig", () => {
  it("reads the API's names: DATABASE_URL and Upstash over REDIS_URL", () => {
    const c = loadAdminConfig({
      DATABASE_URL: "postgres://db.test/control",
      UPSTASH_REDIS_REST_URL: "https://r.upstash.test",
      UPSTASH_REDIS_REST_TOKEN: "t",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(c).toMatchObject({
      databaseUrl: "postgres://db.test/control",
      redis: { kind: "upstash", url: "https://r.upstash.test", token: "t" },
      connectTimeoutMs: 10_000,
    });
    expect(loadAdminConfig({ DATABASE_URL: "pglite://x" }).redis).toBeUndefined();
  });

  it("names DATABASE_URL when it is missing or blank", () => {
    expect(() => loadAdminConfig({})).toThrow(/DATABASE_URL: must be set/);
    expect(() => loadAdminConfig({ DATABASE_URL: "" })).toThrow(/DATABASE_URL/);
  });

  it("refuses half an Upstash setting", () => {
    expect(() =>
      loadAdminConfig({ DATABASE_URL: "pglite://x", UPSTASH_REDIS_REST_URL: "https://r.test" }),
    ).toThrow(/must be set together/);
  });
});
