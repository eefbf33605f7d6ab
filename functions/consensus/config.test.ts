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
});
