import { describe, expect, it } from "vitest";
import { loadApiConfig } from "./config";

describe("loadApiConfig", () => {
  it("defaults to three regions, a 30 s floor and a 64 KiB body limit", () => {
    expect(loadApiConfig({})).toMatchObject({
      regions: ["ams", "iad", "sin"],
      minIntervalSeconds: 30,
      bodyLimitBytes: 65_536,
    });
  });

  it("reads regions as a list and the local floor of 1 s", () => {
    const c = loadApiConfig({ REGIONS: "fra, syd,fra", MIN_INTERVAL_SECONDS: "1" });
    expect(c.regions).toEqual(["fra", "syd"]);
    expect(c.minIntervalSeconds).toBe(1);
  });

  it("picks Upstash when both its values are set, else REDIS_URL, and keeps the time-series URL", () => {
    const up = loadApiConfig({
      UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "t",
      REDIS_URL: "redis://127.0.0.1:6379",
      TIMESERIES_DATABASE_URL: "postgres://127.0.0.1/ts",
    });
    expect(up.redis).toEqual({ kind: "upstash", url: "https://x.upstash.io", token: "t" });
    expect(up.timeseriesDatabaseUrl).toBe("postgres://127.0.0.1/ts");
    expect(loadApiConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).redis).toEqual({
      kind: "tcp",
      url: "redis://127.0.0.1:6379",
    });
    expect(loadApiConfig({}).redis).toBeUndefined();
  });

  it("names the variable that is wrong", () => {
    expect(() => loadApiConfig({ REGIONS: "Bad Region" })).toThrow(/REGIONS/);
    expect(() => loadApiConfig({ MIN_INTERVAL_SECONDS: "0" })).toThrow(/MIN_INTERVAL_SECONDS/);
    expect(() => loadApiConfig({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN/,
    );
  });

  it("reads the consensus queue as one URL or one per shard, and names a bad entry", () => {
    expect(loadApiConfig({}).consensusQueueUrls).toBeUndefined();
    expect(
      loadApiConfig({ CONSENSUS_QUEUE_URL: "https://q.example/c0, https://q.example/c1" })
        .consensusQueueUrls,
    ).toEqual(["https://q.example/c0", "https://q.example/c1"]);
    expect(() => loadApiConfig({ CONSENSUS_QUEUE_URL: "https://q.example/c0,c1" })).toThrow(
      /CONSENSUS_QUEUE_URL: entry 2 is not a URL: "c1"/,
    );
  });
});
