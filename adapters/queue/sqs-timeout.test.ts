import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blackHoleServer } from "../../test-support/black-hole";
import { sqsClient, sqsQueue } from "./sqs";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("sqsQueue against an endpoint that accepts and never answers", () => {
  let hole: Awaited<ReturnType<typeof blackHoleServer>>;
  let endpoint: string;
  beforeAll(async () => {
    hole = await blackHoleServer();
    endpoint = `http://127.0.0.1:${hole.port}`;
  });
  afterAll(() => hole.close());

  it("fails a send within the client's request timeout", async () => {
    const client = sqsClient({
      endpoint,
      region: "us-east-1",
      credentials,
      connectTimeoutMs: 200,
      requestTimeoutMs: 300,
      maxAttempts: 2,
    });
    const queue = sqsQueue({ client, urls: { consensus: `${endpoint}/1/consensus` }, retries: 0 });
    const started = performance.now();
    await expect(queue.send("consensus", [{ n: 1 }])).rejects.toThrow();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
    expect(hole.accepted()).toBeGreaterThan(0);
    client.destroy();
  });

  it("aborts a call past its own deadline even on a client built without timeouts", async () => {
    const client = new SQSClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    const queue = sqsQueue({
      client,
      urls: { consensus: `${endpoint}/1/consensus` },
      retries: 1,
      backoffMs: 10,
      callTimeoutMs: 250,
    });
    const started = performance.now();
    await expect(queue.send("consensus", [{ n: 1 }])).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
    client.destroy();
  });
});
