import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { sqsClient, sqsQueue } from "../../adapters/queue/sqs";
import { openRedisTarget } from "../../adapters/redis/target";
import { eventBridgeScheduler, schedulerClient } from "../../adapters/scheduler/eventbridge";
import { loadConsensusConfig } from "./config";
import { drizzleConfigs } from "./drizzle-configs";
import { drizzleIncidentStore } from "./drizzle-incident-store";
import { drizzleIncidentSummaries } from "./drizzle-summaries";
import { consensusHandler } from "./handler";

type Handler = ReturnType<typeof consensusHandler>;

// Per cold start: the entry file is the one place that holds deps.
let ready: Promise<Handler> | undefined;

async function build(): Promise<Handler> {
  const config = loadConsensusConfig();
  const db = await openDatabase(config.databaseUrl, { maxConnections: 1 });
  const redis = openRedisTarget(config.redis, 3_000);
  return consensusHandler({
    redis,
    queue: sqsQueue({
      client: sqsClient(),
      urls: {
        alerts: config.alertsQueueUrl,
        // messages of a domain another shard owns are forwarded to its queue
        ...(config.consensusQueueUrls ? { consensus: config.consensusQueueUrls } : {}),
      },
    }),
    incidents: drizzleIncidentStore(db.db, systemClock),
    controlConfigs: drizzleConfigs(db.db),
    incidentSummaries: drizzleIncidentSummaries(db.db, redis),
    scheduler: eventBridgeScheduler({ client: schedulerClient(), ...config.wake }),
    clock: systemClock,
    log: createLogger("json", { unit: "consensus", shard: config.shard.index }),
    shard: config.shard,
  });
}

/** SQS entry (ReportBatchItemFailures): the same handler `local/alerting.ts` subscribes. */
export async function handler(event: { Records: { messageId: string; body: string }[] }) {
  ready ??= build();
  const handle = await ready;
  return handle(event.Records.map((r) => ({ messageId: r.messageId, body: r.body })));
}
