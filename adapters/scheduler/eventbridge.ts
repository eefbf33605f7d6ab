import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";
import { type AwsClientSettings, awsClientOptions } from "../aws/client-options";
import type { SchedulerPort } from "./port";

/** What the adapter needs from the SDK client (so tests can pass a fake `send`). */
export type SchedulerSend = Pick<SchedulerClient, "send">;

export interface EventBridgeOptions {
  client: SchedulerSend;
  /** ARN of the target (the consensus queue, or a function). */
  targetArn: string;
  /** Role EventBridge Scheduler assumes to reach the target. */
  roleArn: string;
  groupName?: string;
  /** Deadline of one call in ms, SDK retries included (default 10 s), whatever the client. */
  callTimeoutMs?: number;
}

/** An EventBridge Scheduler client with connect and request timeouts (see awsClientOptions). */
export function schedulerClient(settings: AwsClientSettings = {}): SchedulerClient {
  return new SchedulerClient(awsClientOptions(settings));
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to the second so it never fires early. */
export function atExpression(at: number): string {
  const rounded = Math.ceil(at / 1000) * 1000;
  return `at(${new Date(rounded).toISOString().slice(0, 19)})`;
}

/** One-off EventBridge Scheduler schedules that delete themselves after they fire. */
export function eventBridgeScheduler(o: EventBridgeOptions): SchedulerPort {
  const callTimeoutMs = o.callTimeoutMs ?? 10_000;
  const deadline = () => ({ abortSignal: AbortSignal.timeout(callTimeoutMs) });
  return {
    async scheduleOnce(s) {
      try {
        await o.client.send(
          new CreateScheduleCommand({
            Name: s.name,
            GroupName: o.groupName,
            ScheduleExpression: atExpression(s.at),
            ScheduleExpressionTimezone: "UTC",
            FlexibleTimeWindow: { Mode: "OFF" },
            ActionAfterCompletion: ActionAfterCompletion.DELETE,
            Target: { Arn: o.targetArn, RoleArn: o.roleArn, Input: JSON.stringify(s.payload) },
          }),
          deadline(),
        );
      } catch (err) {
        if (err instanceof ConflictException) return; // already scheduled: idempotent
        throw Object.assign(new Error(`cannot create schedule ${s.name}`), {
          code: "SCHEDULER_FAILED",
          cause: err,
        });
      }
    },
    async cancel(name) {
      try {
        await o.client.send(
          new DeleteScheduleCommand({ Name: name, GroupName: o.groupName }),
          deadline(),
        );
      } catch (err) {
        if (err instanceof ResourceNotFoundException) return;
        throw Object.assign(new Error(`cannot delete schedule ${name}`), {
          code: "SCHEDULER_FAILED",
          cause: err,
        });
      }
    },
  };
}
