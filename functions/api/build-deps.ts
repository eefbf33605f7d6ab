import { systemClock } from "../../adapters/clock/clock";
import { configError } from "../../adapters/config/env";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { sqsClient, sqsQueue } from "../../adapters/queue/sqs";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { openRedisTarget } from "../../adapters/redis/target";
import type { ApiConfig } from "./config";
import type { ApiDeps } from "./deps";
import { oidcVerifier } from "./signin/oidc";

/** The API's ports for a deployed function: Neon/Postgres and Upstash (or Redis over TCP). */
export async function buildApiDeps(config: ApiConfig): Promise<ApiDeps> {
  if (!config.databaseUrl) throw configError("DATABASE_URL must be set");
  const db = await openDatabase(config.databaseUrl, { maxConnections: 1 });
  if (!config.redis) {
    throw configError(
      "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, must be set",
    );
  }
  const redis = openRedisTarget(config.redis);
  const timeseries = config.timeseriesDatabaseUrl
    ? await openDatabase(config.timeseriesDatabaseUrl, { maxConnections: 1 })
    : undefined;
  return {
    db: db.db,
    ...(timeseries ? { timeseries: timeseries.db } : {}),
    redis,
    broadcast: createConfigBroadcast({ redis }),
    config,
    log: createLogger("json", { unit: "api" }),
    clock: systemClock,
    ...(config.oidc ? { oidc: oidcVerifier(config.oidc) } : {}),
    ...(config.consensusQueueUrls
      ? {
          queue: sqsQueue({
            client: sqsClient(),
            urls: { consensus: config.consensusQueueUrls },
          }),
        }
      : {}),
  };
}
