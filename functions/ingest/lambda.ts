import { randomUUID } from "node:crypto";
import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { openRedisTarget } from "../../adapters/redis/target";
import { loadIngestConfig } from "./config";
import type { IngestDeps } from "./cycle";
import { publishDailyBars } from "./daily-bars";
import { drainStreams, type RunReport } from "./run";

// Per cold start: the entry file is the one place that holds deps.
let ready: Promise<{ deps: IngestDeps; budgetMs: number }> | undefined;

async function build() {
  const config = loadIngestConfig();
  const db = await openDatabase(config.timeseriesDatabaseUrl, {
    maxConnections: config.writers,
  });
  // a batch job reading big replies: a longer command timeout than a request handler's
  const redis = openRedisTarget(config.redis, 10_000);
  const deps: IngestDeps = {
    db,
    redis,
    log: createLogger("json", { unit: "ingest" }),
    clock: systemClock,
    regions: config.regions,
    group: config.group,
    // one name per container: a frozen or killed one's entries are claimed by the next
    consumer: `lambda-${randomUUID()}`,
    batchSize: config.batchSize,
    readChunk: config.readChunk,
    writers: config.writers,
    claimIdleMs: config.claimIdleMs,
    streamMaxLen: config.streamMaxLen,
    // the status pages' 90-day bars (edge read model), from the roll-ups just committed
    onDailyRollups: publishDailyBars({ db: db.db, redis, clock: systemClock }),
  };
  return { deps, budgetMs: config.budgetMs };
}

/** EventBridge cron entry (every minute): drain the results streams within the budget. */
export async function handler(): Promise<RunReport> {
  ready ??= build();
  const { deps, budgetMs } = await ready;
  const report = await drainStreams(deps, budgetMs);
  deps.log.info("ingest run", { ...report });
  return report;
}
