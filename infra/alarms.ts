import { type LambdaUnit, type QueueName, queueSettings, queueShards } from "./units";

/** One CloudWatch alarm, as data (deploy-alarms.ts creates it; docs/operations.md explains it). */
export interface AlarmSpec {
  name: string;
  /** What it means and what to do first; shown in the notification. */
  description: string;
  namespace: "AWS/SQS" | "AWS/Lambda";
  metric: string;
  /** A queue (its shard's, for a partitioned one; 0 otherwise) or a function. */
  on: { queue: QueueName; shard: number; dlq: boolean } | { unit: string };
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

/** A queue's two alarms: a dead letter, and an oldest message that waits too long. */
function queueAlarms(queue: QueueName, shard: number): AlarmSpec[] {
  const { maxReceiveCount } = queueSettings[queue];
  const name = shard === 0 ? queue : `${queue}${shard}`;
  const which = shard === 0 ? queue : `${queue} (shard ${shard})`;
  const stuckSeconds = queue === "consensus" ? 60 : 300;
  return [
    {
      name: `${name}-dlq-not-empty`,
      description: `A ${which} message failed ${maxReceiveCount} receives and was set aside. Read it from the DLQ, fix the cause, redrive (docs/operations.md).`,
      namespace: "AWS/SQS",
      metric: "ApproximateNumberOfMessagesVisible",
      on: { queue, shard, dlq: true },
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    },
    {
      name: `${name}-queue-stuck`,
      description: `The oldest ${which} message has waited over ${stuckSeconds} s: alerts are late. Check the consumer's errors and throttles.`,
      namespace: "AWS/SQS",
      metric: "ApproximateAgeOfOldestMessage",
      on: { queue, shard, dlq: false },
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 3,
      threshold: stuckSeconds,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    },
  ];
}

/**
 * Every alarm of a stage: dead letters, stuck queues (each shard's queue of a partitioned one:
 * `consensus-…` for shard 0, `consensus1-…` and on for the others), failing and silent
 * functions.
 */
export function alarmSpecs(units: LambdaUnit[], shards = queueShards): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  for (const queue of QUEUES)
    for (let shard = 0; shard < shards[queue]; shard++) specs.push(...queueAlarms(queue, shard));
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
