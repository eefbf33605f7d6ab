import { describe, expect, it } from "vitest";
import { loadDigestConfig } from "./config";

describe("digest config", () => {
  it("reads the consensus queue URL", () => {
    const url = "https://sqs.eu-west-1.amazonaws.com/1/consensus";
    expect(loadDigestConfig({ CONSENSUS_QUEUE_URL: url })).toEqual({ consensusQueueUrls: [url] });
  });

  it("reads one consensus queue URL per shard, in shard order", () => {
    const urls = [
      "https://sqs.eu-west-1.amazonaws.com/1/c0",
      "https://sqs.eu-west-1.amazonaws.com/1/c1",
    ];
    expect(loadDigestConfig({ CONSENSUS_QUEUE_URL: urls.join(",") })).toEqual({
      consensusQueueUrls: urls,
    });
  });

  it("names the variable when it is missing or not a URL", () => {
    expect(() => loadDigestConfig({})).toThrow(/CONSENSUS_QUEUE_URL/);
    expect(() => loadDigestConfig({ CONSENSUS_QUEUE_URL: "queue" })).toThrow(/CONSENSUS_QUEUE_URL/);
    expect(() =>
      loadDigestConfig({ CONSENSUS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/c0,c1" }),
    ).toThrow(/CONSENSUS_QUEUE_URL: entry 2 is not a URL: "c1"/);
  });
});
