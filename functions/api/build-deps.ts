import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { ioredisAdapter } from "../../adapters/redis/ioredis";
import type { RedisPort } from "../../adapters/redis/port";
import { upstashAdapter } from "../../adapters/redis/upstash";
import type { ApiConfig } from "./config";
import type { ApiDeps } from "./deps";

/** The API's ports for a deployed function: Neon/Postgres and Upstash (or Redis over TCP). */
export async function buildApiDeps(config: ApiConfig): Promise<ApiDeps> {
  if (!config.databaseUrl) {
    throw Object.assign(new Error("DATABASE_URL must be set"), { code: "CONFIG_INVALID" });
  }
  const db = await openDatabase(config.databaseUrl, { maxConnections: 1 });
  let redis: RedisPort;
  if (config.upstash) redis = upstashAdapter({ ...config.upstash, timeoutMs: 1_000 }).port;
  else if (config.redisUrl) {
    redis = ioredisAdapter({ url: config.redisUrl, failFast: true, commandTimeoutMs: 1_000 }).port;
  } else {
    throw Object.assign(new Error("UPSTASH_REDIS_REST_URL/TOKEN or REDIS_URL must be set"), {
      code: "CONFIG_INVALID",
    });
  }
  return {
    db: db.db,
    redis,
    broadcast: createConfigBroadcast({ redis }),
    config,
    log: createLogger("json", { unit: "api" }),
    clock: systemClock,
  };
}
