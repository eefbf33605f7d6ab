import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

function anEnv(over: Record<string, string | undefined> = {}) {
  return {
    REGION: "ams",
    REDIS_URL: "rediss://default:secret@fly-redis.internal:6379",
    CONSENSUS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/consensus",
    ...over,
  };
}

describe("loadConfig", () => {
  it("applies safe defaults: private targets refused, port 9090, region from the queue URL", () => {
    const c = loadConfig(anEnv());
    expect(c).toMatchObject({
      region: "ams",
      allowPrivate: false,
      port: 9090,
      concurrency: 256,
      perHostLimit: 4,
      awsRegion: "eu-west-1",
      localAddress: undefined,
      connectTimeoutMs: 3_000,
      requestTimeoutMs: 5_000,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads the clients' connect and request timeouts and refuses a zero one", () => {
    const c = loadConfig(
      anEnv({ CLIENT_CONNECT_TIMEOUT_MS: "1500", CLIENT_REQUEST_TIMEOUT_MS: "2500" }),
    );
    expect(c).toMatchObject({ connectTimeoutMs: 1_500, requestTimeoutMs: 2_500 });
    expect(() => loadConfig(anEnv({ CLIENT_REQUEST_TIMEOUT_MS: "0" }))).toThrow(
      /CLIENT_REQUEST_TIMEOUT_MS/,
    );
  });

  it("reads the allow switch, source address and limits", () => {
    const c = loadConfig(
      anEnv({
        ALLOW_PRIVATE_TARGETS: "true",
        LOCAL_ADDRESS: "127.0.0.11",
        PROBE_CONCURRENCY: "64",
        PER_HOST_LIMIT: "2",
      }),
    );
    expect(c).toMatchObject({
      allowPrivate: true,
      localAddress: "127.0.0.11",
      concurrency: 64,
      perHostLimit: 2,
    });
  });

  it("takes the region from FLY_REGION when REGION is not set", () => {
    expect(loadConfig(anEnv({ REGION: undefined, FLY_REGION: "sin" })).region).toBe("sin");
    expect(loadConfig(anEnv({ REGION: "iad", FLY_REGION: "sin" })).region).toBe("iad");
  });

  it("names every bad or missing variable in one error", () => {
    const bad = anEnv({ REGION: undefined, LOCAL_ADDRESS: "eth0", ALLOW_PRIVATE_TARGETS: "maybe" });
    expect(() => loadConfig(bad)).toThrow(
      /REGION.*ALLOW_PRIVATE_TARGETS.*LOCAL_ADDRESS|REGION.*LOCAL_ADDRESS/,
    );
    expect(() => loadConfig(bad)).toThrow(/LOCAL_ADDRESS: must be an IP address/);
  });

  it("reads one consensus queue per shard, taking the AWS region from the first", () => {
    const urls = [0, 1].map((k) => `https://sqs.ap-southeast-1.amazonaws.com/123456789012/c${k}`);
    const c = loadConfig(anEnv({ CONSENSUS_QUEUE_URL: urls.join(",") }));
    expect(c.consensusQueueUrls).toEqual(urls);
    expect(c.awsRegion).toBe("ap-southeast-1");
    expect(() => loadConfig(anEnv({ CONSENSUS_QUEUE_URL: `${urls[0]},not a url` }))).toThrow(
      /CONSENSUS_QUEUE_URL: entry 2 is not a URL: "not a url"/,
    );
  });
});
