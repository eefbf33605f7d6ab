import { describe, expect, it } from "vitest";
import { loadDigestConfig } from "./config";

describe("digest config", () => {
  it("reads the consensus queue URL", () => {
    const url = "https://sqs.eu-west-1.amazonaws.com/1/consensus";
    expect(loadDigestConfig({ CONSENSUS_QUEUE_URL: url })).toEqual({ consensusQueueUrl: url });
  });

  it("names the variable when it is missing or not a URL", () => {
    expect(() => loadDigestConfig({})).toThrow(/CONSENSUS_QUEUE_URL/);
    expect(() => loadDigestConfig({ CONSENSUS_QUEUE_URL: "queue" })).toThrow(/CONSENSUS_QUEUE_URL/);
  });
});
