import { type LambdaUnit, type QueueName, queueSettings } from "./units";

/** One CloudWatch alarm, as data (deploy-alarms.ts creates it; docs/operations.md explains it). */
export interface AlarmSpec {
  name: string;
  /** What it means and what to do first; shown in the notification. */
  description: string;
  namespace: "AWS/SQS" | "AWS/Lambda";
  metric: string;
  on: { queue: QueueName; dlq: boolean } | { unit: string };
  statistic: "Maximum" | "Sum";
  periodSeconds: number;
  evaluationPeriods: number;
  threshold: number;
  comparison: "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  /** A cron that stops invoking sends no data points at all: that must alarm too. */
  treatMissingData: "notBreaching" | "breaching";
}

const QUEUES: QueueName[] = ["consensus", "alerts"];

const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

/**
 * The window in which a cron must have run at least once: 5 minutes, or two of its intervals
 * when those are longer (an hourly job's window holds two ticks, so one late tick is no alarm).
 * A cron() expression gets a day, the longest window CloudWatch evaluates.
 */
export function silenceWindowSeconds(schedule: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  if (!rate) return 86_400;
  const every = Number(rate[1]) * UNIT_SECONDS[rate[2]!]!;
  return Math.min(86_400, Math.max(300, 2 * every));
}

/** Every alarm of a stage: dead letters, stuck queues, failing and silent functions. */
export function alarmSpecs(units: LambdaUnit[]): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  for (const queue of QUEUES) {
    const { maxReceiveCount } = queueSettings[queue];
    specs.push({
      name: `${queue}-dlq-not-empty`,
      description: `A ${queue} message failed ${maxReceiveCount} receives and was set aside. Read it from the DLQ, fix the cause, redrive (docs/operations.md).`,
      namespace: "AWS/SQS",
      metric: "ApproximateNumberOfMessagesVisible",
      on: { queue, dlq: true },
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    specs.push({
      name: `${queue}-queue-stuck`,
      description: `The oldest ${queue} message has waited over ${queue === "consensus" ? 60 : 300} s: alerts are late. Check the consumer's errors and throttles.`,
      namespace: "AWS/SQS",
      metric: "ApproximateAgeOfOldestMessage",
      on: { queue, dlq: false },
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 3,
      threshold: queue === "consensus" ? 60 : 300,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
  }
  for (const unit of units) {
    specs.push({
      name: `${unit.name.toLowerCase()}-errors`,
      description: `${unit.name} invocations failed (threw or timed out). Its logs: /aws/lambda/…-${unit.name}.`,
      namespace: "AWS/Lambda",
      metric: "Errors",
      on: { unit: unit.name },
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    if (unit.trigger.kind === "cron") {
      specs.push({
        name: `${unit.name.toLowerCase()}-not-running`,
        description: `${unit.name} has not run for ${silenceWindowSeconds(unit.trigger.schedule) / 60} minutes although its schedule is ${unit.trigger.schedule}.`,
        namespace: "AWS/Lambda",
        metric: "Invocations",
        on: { unit: unit.name },
        statistic: "Sum",
        periodSeconds: silenceWindowSeconds(unit.trigger.schedule),
        evaluationPeriods: 1,
        threshold: 1,
        comparison: "LessThanThreshold",
        treatMissingData: "breaching",
      });
    }
  }
  return specs;
}
