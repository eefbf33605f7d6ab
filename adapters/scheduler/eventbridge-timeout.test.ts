import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blackHoleServer } from "../../test-support/black-hole";
import { eventBridgeScheduler, schedulerClient } from "./eventbridge";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const target = { targetArn: "arn:aws:sqs:us-east-1:1:consensus", roleArn: "arn:aws:iam::1:role/s" };

describe("EventBridge Scheduler adapter against an endpoint that accepts and never answers", () => {
  let hole: Awaited<ReturnType<typeof blackHoleServer>>;
  let endpoint: string;
  beforeAll(async () => {
    hole = await blackHoleServer();
    endpoint = `http://127.0.0.1:${hole.port}`;
  });
  afterAll(() => hole.close());

  it("fails scheduleOnce within the client's request timeout", async () => {
    const client = schedulerClient({
      endpoint,
      region: "us-east-1",
      credentials,
      connectTimeoutMs: 200,
      requestTimeoutMs: 300,
      maxAttempts: 1,
    });
    const scheduler = eventBridgeScheduler({ client, ...target });
    const started = performance.now();
    await expect(
      scheduler.scheduleOnce({ name: "wake-d1", at: Date.now() + 60_000, payload: { d: 1 } }),
    ).rejects.toMatchObject({ code: "SCHEDULER_FAILED" });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
    expect(hole.accepted()).toBeGreaterThan(0);
    client.destroy();
  });

  it("aborts cancel past its own deadline even on a client built without timeouts", async () => {
    const client = new SchedulerClient({
      endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const scheduler = eventBridgeScheduler({ client, ...target, callTimeoutMs: 250 });
    const started = performance.now();
    await expect(scheduler.cancel("wake-d1")).rejects.toMatchObject({ code: "SCHEDULER_FAILED" });
    expect(performance.now() - started).toBeLessThan(2_000);
    client.destroy();
  });
});
