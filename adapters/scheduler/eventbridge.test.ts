import {
  ConflictException,
  CreateScheduleCommand,
  type DeleteScheduleCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-scheduler";
import { describe, expect, it } from "vitest";
import { atExpression, eventBridgeScheduler, type SchedulerSend } from "./eventbridge";

/** A fake SchedulerClient `send` that records commands and can fail with a given error. */
function fakeClient(fail?: () => Error) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      if (fail) throw fail();
      return {};
    },
  } as unknown as SchedulerSend;
  return { client, sent };
}
const opts = {
  targetArn: "arn:aws:sqs:eu-west-1:1:consensus",
  roleArn: "arn:aws:iam::1:role/s",
  groupName: "dp",
};

describe("EventBridge Scheduler adapter", () => {
  it("creates a one-off at() schedule that deletes itself and carries the payload", async () => {
    const { client, sent } = fakeClient();
    await eventBridgeScheduler({ client, ...opts }).scheduleOnce({
      name: "dp-wake-d1-1",
      at: Date.UTC(2026, 10, 24, 10, 0, 0, 250),
      payload: { kind: "wake", domainId: "d1", at: 1 },
    });
    const cmd = sent[0] as CreateScheduleCommand;
    expect(cmd).toBeInstanceOf(CreateScheduleCommand);
    expect(cmd.input).toMatchObject({
      Name: "dp-wake-d1-1",
      GroupName: "dp",
      ScheduleExpression: "at(2026-11-24T10:00:01)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      Target: { Arn: opts.targetArn, RoleArn: opts.roleArn },
    });
    expect(JSON.parse(cmd.input.Target!.Input!)).toEqual({ kind: "wake", domainId: "d1", at: 1 });
  });

  it("treats an existing schedule of the same name as done", async () => {
    const { client } = fakeClient(
      () => new ConflictException({ message: "exists", Message: "exists", $metadata: {} }),
    );
    await expect(
      eventBridgeScheduler({ client, ...opts }).scheduleOnce({ name: "x", at: 0, payload: {} }),
    ).resolves.toBeUndefined();
  });

  it("reports other failures with a code and the cause", async () => {
    const boom = new Error("throttled");
    const { client } = fakeClient(() => boom);
    const err = await eventBridgeScheduler({ client, ...opts })
      .scheduleOnce({ name: "x", at: 0, payload: {} })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "SCHEDULER_FAILED", cause: boom });
  });

  it("deletes a schedule by name and ignores one that is gone", async () => {
    const ok = fakeClient();
    await eventBridgeScheduler({ client: ok.client, ...opts }).cancel("x");
    expect((ok.sent[0] as DeleteScheduleCommand).input).toEqual({ Name: "x", GroupName: "dp" });
    const gone = fakeClient(
      () => new ResourceNotFoundException({ message: "no", Message: "no", $metadata: {} }),
    );
    await expect(
      eventBridgeScheduler({ client: gone.client, ...opts }).cancel("x"),
    ).resolves.toBeUndefined();
  });

  it("never rounds an at() time down", () => {
    expect(atExpression(Date.UTC(2026, 0, 1, 0, 0, 0, 0))).toBe("at(2026-01-01T00:00:00)");
    expect(atExpression(Date.UTC(2026, 0, 1, 0, 0, 0, 1))).toBe("at(2026-01-01T00:00:01)");
  });
});
