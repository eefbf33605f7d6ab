import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { describe, expect, it } from "vitest";
import { timedFailure, useBlackHole } from "../../test-support/black-hole";
import { eventBridgeScheduler, schedulerClient } from "./eventbridge";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const target = { targetArn: "arn:aws:sqs:us-east-1:1:consensus", roleArn: "arn:aws:iam::1:role/s" };

describe("EventBridge Scheduler adapter against an endpoint that accepts and never answers", () => {
  const hole = useBlackHole();

  it("fails scheduleOnce within the client's request timeout", async () => {
    const client = schedulerClient({
      endpoint: hole.endpoint,
      region: "us-east-1",
      credentials,
      connectTimeoutMs: 200,
      requestTimeoutMs: 300,
      maxAttempts: 1,
    });
    const scheduler = eventBridgeScheduler({ client, ...target });
    const { err, ms } = await timedFailure(() =>
      scheduler.scheduleOnce({ name: "wake-d1", at: Date.now() + 60_000, payload: { d: 1 } }),
    );
    expect(err).toMatchObject({ code: "SCHEDULER_FAILED" });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
    expect(hole.accepted()).toBeGreaterThan(0);
    client.destroy();
  });

  it("aborts cancel past its own deadline even on a client built without timeouts", async () => {
    const client = new SchedulerClient({
      endpoint: hole.endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const scheduler = eventBridgeScheduler({ client, ...target, callTimeoutMs: 250 });
    const { err, ms } = await timedFailure(() => scheduler.cancel("wake-d1"));
    expect(err).toMatchObject({ code: "SCHEDULER_FAILED" });
    expect(ms).toBeLessThan(2_000);
    client.destroy();
  });
});
