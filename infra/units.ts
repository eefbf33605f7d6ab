import {
  alertsEnv,
  apiEnv,
  consensusEnv,
  type DeploySettings,
  digestEnv,
  INGEST_NODE_OPTIONS,
  ingestEnv,
  maintenanceEnv,
  timeseriesMaintenanceEnv,
} from "./settings";

/**
 * The edge Worker's entry, relative to the repository root; edge/wrangler.toml's `main` names
 * the same file (as `worker.ts`, relative to edge/).
 */
export const EDGE_WORKER_ENTRY = "edge/worker.ts";

/**
 * Regions the probes run in, in preference order (REGIONS of the API and ingest). Each is a
 * Fly.io region with one probe machine: see probe-fly/fly.toml and docs/operations.md.
 */
export const REGIONS = ["ams", "iad", "sin"] as const;

/** The two SQS queues; each has a dead-letter queue. */
export type QueueName = "consensus" | "alerts";

/**
 * How many shards consensus runs as: one SQS queue (with its DLQ) and one consumer per shard,
 * each owning the domains `shardOf(domainId, CONSENSUS_SHARDS)` gives it (README of
 * functions/consensus: partitioning). 4 because one consumer drains about 3,600 observations/s
 * and tops out near 4,600/s in CPU (bench:consensus), and the goal is 10,000/s: 3 shards would
 * leave no room for an uneven hash or a slow shard, and every shard more adds a field to each
 * batch's HMGET, a poller set and a connection to the control DB. Changing it is safe: a consumer forwards what another shard owns, so
 * producers that still route with the old count lose nothing. Shrinking it leaves the removed
 * shards' region-health counters in the engine hash: wipe it (docs/operations.md).
 */
export const CONSENSUS_SHARDS = 4;

/** How a function is invoked, which decides its synthetic event in the deploy smoke test. */
export type Trigger =
  /**
   * A Function URL. `streaming` switches it to RESPONSE_STREAM, which SSE (/v1/events) needs;
   * the entry must then answer through hono/aws-lambda's streamHandle.
   */
  | { kind: "url"; streaming: boolean }
  /**
   * An SQS subscriber reporting partial batch failures; `reserved` caps its concurrency.
   * `shard` picks one of a partitioned queue's queues (default 0).
   */
  | { kind: "queue"; queue: QueueName; shard?: number; reserved?: number }
  /** An EventBridge cron (a rate or cron expression). */
  | { kind: "cron"; schedule: `rate(${string})` | `cron(${string})` }
  /** The target of consensus's one-off EventBridge Scheduler wake-ups. */
  | { kind: "schedule" };

/** One Lambda entry point and everything sst.config.ts and the smoke test need to know of it. */
export interface LambdaUnit {
  /** The SST component name (PascalCase, stable: renaming it replaces the function). */
  name: string;
  /** The entry file, relative to the repository root; its export is `handler`. */
  entry: string;
  trigger: Trigger;
  /** Seconds; an SQS subscriber's must stay under its queue's visibility timeout. */
  timeoutSeconds: number;
  memoryMb: number;
  /** Queues it sends to (SQS SendMessage is granted for each). */
  sendsTo: QueueName[];
  /** Creates and deletes one-off schedules in the wake-up group (and passes their role). */
  schedulesWakeUps?: boolean;
  /** The environment its config.ts reads: settings, and literal strings of its own. */
  env<V>(s: DeploySettings<V>): Record<string, V | string>;
}

/**
 * Every deployed function. A new unit is one entry here (its env builder in settings.ts):
 * sst.config.ts creates it with its trigger and the deploy smoke test bundles and invokes it.
 */
export const lambdaUnits: LambdaUnit[] = [
  {
    name: "Api",
    entry: "functions/api/lambda.ts",
    trigger: { kind: "url", streaming: false },
    // buffered answers; the SSE stream (/v1/events) is ApiStream's
    timeoutSeconds: 120,
    memoryMb: 1024,
    sendsTo: ["consensus"],
    env: apiEnv,
  },
  {
    name: "ApiStream",
    entry: "functions/api/lambda-stream.ts",
    // RESPONSE_STREAM: GET /v1/events is written as it happens
    trigger: { kind: "url", streaming: true },
    // Lambda's longest run caps one SSE stream; the client resumes with Last-Event-ID
    timeoutSeconds: 900,
    memoryMb: 1024,
    sendsTo: ["consensus"],
    env: apiEnv,
  },
  ...consensusUnits(CONSENSUS_SHARDS),
  {
    name: "Digest",
    entry: "functions/digest/lambda.ts",
    trigger: { kind: "schedule" },
    timeoutSeconds: 10,
    memoryMb: 256,
    sendsTo: ["consensus"],
    env: digestEnv,
  },
  {
    name: "Maintenance",
    entry: "functions/maintenance/lambda.ts",
    // the same cadence as the local stack's reconcile
    trigger: { kind: "cron", schedule: "rate(1 minute)" },
    timeoutSeconds: 120,
    memoryMb: 512,
    sendsTo: [],
    env: maintenanceEnv,
  },
  {
    name: "Alerts",
    entry: "functions/alerts/lambda.ts",
    trigger: { kind: "queue", queue: "alerts" },
    // under the queue's 60 s visibility: a batch still running is never handed out again
    timeoutSeconds: 50,
    memoryMb: 1024,
    sendsTo: [],
    env: alertsEnv,
  },
  {
    // the same entry: a non-SQS event is the sweep that sends due retries (functions/alerts)
    name: "AlertsSweep",
    entry: "functions/alerts/lambda.ts",
    trigger: { kind: "cron", schedule: "rate(1 minute)" },
    timeoutSeconds: 50,
    memoryMb: 1024,
    sendsTo: [],
    env: alertsEnv,
  },
  {
    name: "Ingest",
    entry: "functions/ingest/lambda.ts",
    trigger: { kind: "cron", schedule: "rate(1 minute)" },
    // INGEST_BUDGET_MS (45 s) stops starting cycles well before this
    timeoutSeconds: 60,
    memoryMb: 1024,
    sendsTo: [],
    env: (s) => ({ ...ingestEnv(s), NODE_OPTIONS: INGEST_NODE_OPTIONS }),
  },
  {
    name: "TimeseriesMaintenance",
    entry: "functions/maintenance/timeseries-lambda.ts",
    trigger: { kind: "cron", schedule: "rate(1 hour)" },
    // retention drops whole partitions; a repair moves at most a day of stray rows
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsTo: [],
    env: timeseriesMaintenanceEnv,
  },
];

/**
 * One consensus consumer per shard, on its shard's queue: shard 0 keeps the name "Consensus"
 * (stable, so the function is not replaced), the others are "Consensus1", "Consensus2", ….
 * Each sends to the consensus queues too: what another shard owns is forwarded there.
 */
export function consensusUnits(count: number): LambdaUnit[] {
  return Array.from({ length: count }, (_, k) => ({
    name: k === 0 ? "Consensus" : `Consensus${k}`,
    entry: "functions/consensus/lambda.ts",
    // a shard's engine fields and its share of region health have one writer: one consumer
    // per shard at a time (README)
    trigger: { kind: "queue", queue: "consensus", shard: k, reserved: 1 },
    timeoutSeconds: 25,
    memoryMb: 1024,
    sendsTo: ["alerts", "consensus"],
    schedulesWakeUps: true,
    env: (s) => consensusEnv(s, { index: k, count }),
  }));
}

/** How many queues (each with its DLQ) a queue name stands for: one per shard of its consumer. */
export const queueShards: Record<QueueName, number> = {
  consensus: CONSENSUS_SHARDS,
  alerts: 1,
};

/** SST's handler string for a unit: the entry without its extension, then the export. */
export function handlerOf(unit: Pick<LambdaUnit, "entry">): string {
  return `${unit.entry.replace(/\.ts$/, "")}.handler`;
}

/** Queue settings: SQS redelivers after `visibilitySeconds`; `maxReceiveCount` receives, then DLQ. */
export const queueSettings: Record<
  QueueName,
  { visibilitySeconds: number; maxReceiveCount: number; batchSize: number; windowSeconds: number }
> = {
  // 30 s: the redelivery delay CONTRACTS §2 models for a crashed batch. Reserved concurrency 1
  // throttles pollers now and then, and a throttled receive counts, hence 10 receives.
  // batches of up to 1,000 (a second's window): a burst is drained at the rate bench:consensus
  // measures with batches of 1,000; a batch of 100 pays the per-batch round trips ten times
  consensus: { visibilitySeconds: 30, maxReceiveCount: 10, batchSize: 1_000, windowSeconds: 1 },
  alerts: { visibilitySeconds: 60, maxReceiveCount: 5, batchSize: 10, windowSeconds: 0 },
};
