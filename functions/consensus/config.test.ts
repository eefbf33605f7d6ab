import { describe, expect, it } from "vitest";
import { loadConsensusConfig } from "./config";

const env = {
  DATABASE_URL: "postgres://db.example/control",
  REDIS_URL: "redis://cache.example:6379",
  ALERTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/alerts",
  WAKE_TARGET_ARN: "arn:aws:lambda:eu-west-1:1:function:digest",
  WAKE_ROLE_ARN: "arn:aws:iam::1:role/scheduler",
};

describe("consensus config", () => {
  it("parses a complete environment once into a frozen object", () => {
    const c = loadConsensusConfig(env);
    expect(c).toMatchObject({ redis: { kind: "tcp" }, alertsQueueUrl: env.ALERTS_QUEUE_URL });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("prefers Upstash when its URL and token are set", () => {
    const c = loadConsensusConfig({
      ...env,
      UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "t",
    });
    expect(c.redis.kind).toBe("upstash");
  });

  it("names the missing variable, treating an empty value as missing", () => {
    expect(() => loadConsensusConfig({ ...env, ALERTS_QUEUE_URL: "" })).toThrow(/ALERTS_QUEUE_URL/);
    expect(() => loadConsensusConfig({ ...env, REDIS_URL: undefined })).toThrow(/REDIS_URL/);
  });

  it("runs as the one shard of one when no shard is set", () => {
    const c = loadConsensusConfig(env);
    expect(c.shard).toEqual({ index: 0, count: 1 });
    expect(c.consensusQueueUrls).toBeUndefined();
  });

  it("reads its shard, the shard count and every shard's queue, in shard order", () => {
    const urls = [0, 1, 2, 3].map((k) => `https://sqs.eu-west-1.amazonaws.com/1/consensus${k}`);
    const c = loadConsensusConfig({
      ...env,
      CONSENSUS_SHARD: "2",
      CONSENSUS_SHARDS: "4",
      CONSENSUS_QUEUE_URL: urls.join(","),
    });
    expect(c.shard).toEqual({ index: 2, count: 4 });
    expect(c.consensusQueueUrls).toEqual(urls);
  });

  it("refuses a shard that is not a whole number, a zero count, or a shard past the count", () => {
    const sharded = (over: Record<string, string>) =>
      loadConsensusConfig({ ...env, CONSENSUS_QUEUE_URL: "https://q.example/0", ...over });
    expect(() => sharded({ CONSENSUS_SHARD: "one" })).toThrow(/^CONSENSUS_SHARD: /);
    expect(() => sharded({ CONSENSUS_SHARD: "-1" })).toThrow(/^CONSENSUS_SHARD: /);
    expect(() => sharded({ CONSENSUS_SHARDS: "1.5" })).toThrow(/^CONSENSUS_SHARDS: /);
    expect(() => sharded({ CONSENSUS_SHARDS: "0" })).toThrow(/^CONSENSUS_SHARDS: /);
    expect(() => sharded({ CONSENSUS_SHARD: "1", CONSENSUS_SHARDS: "1" })).toThrow(
      /^CONSENSUS_SHARD: 1 is not a shard of CONSENSUS_SHARDS=1/,
    );
  });

  it("needs one queue URL per shard when sharded, and names a bad one", () => {
    const four = { ...env, CONSENSUS_SHARD: "0", CONSENSUS_SHARDS: "4" };
    expect(() => loadConsensusConfig(four)).toThrow(/^CONSENSUS_QUEUE_URL: required with 4/);
    expect(() =>
      loadConsensusConfig({
        ...four,
        CONSENSUS_QUEUE_URL: "https://q.example/0,https://q.example/1",
      }),
    ).toThrow(/^CONSENSUS_QUEUE_URL: 2 URLs for CONSENSUS_SHARDS=4/);
    expect(() =>
      loadConsensusConfig({ ...env, CONSENSUS_QUEUE_URL: "https://q.example/0,consensus1" }),
    ).toThrow(/CONSENSUS_QUEUE_URL: entry 2 is not a URL: "consensus1"/);
  });
});
