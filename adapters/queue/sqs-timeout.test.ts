import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { timedFailure, useBlackHole } from "../../test-support/black-hole";
import { sqsClient, sqsQueue } from "./sqs";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("sqsQueue against an endpoint that accepts and never answers", () => {
  const hole = useBlackHole();

  it("fails a send within the client's request timeout", async () => {
    const client = sqsClient({
      endpoint: hole.endpoint,
      region: "us-east-1",
      credentials,
      connectTimeoutMs: 200,
      requestTimeoutMs: 300,
      maxAttempts: 2,
    });
    const queue = sqsQueue({
      client,
      urls: { consensus: `${hole.endpoint}/1/consensus` },
      retries: 0,
    });
    const { err, ms } = await timedFailure(() => queue.send("consensus", [{ n: 1 }]));
    expect(err).toBeInstanceOf(Error);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3_000);
    expect(hole.accepted()).toBeGreaterThan(0);
    client.destroy();
  });

  it("aborts a call past its own deadline even on a client built without timeouts", async () => {
    const client = new SQSClient({
      endpoint: hole.endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const queue = sqsQueue({
      client,
      urls: { consensus: `${hole.endpoint}/1/consensus` },
      retries: 1,
      backoffMs: 10,
      callTimeoutMs: 250,
    });
    const { err, ms } = await timedFailure(() => queue.send("consensus", [{ n: 1 }]));
    expect(err).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(2_000);
    client.destroy();
  });
});
