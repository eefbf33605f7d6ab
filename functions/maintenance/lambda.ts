import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { openRedisTarget } from "../../adapters/redis/target";
import { loadMaintenanceConfig } from "./config";
import { maintenanceHandler } from "./handler";
import { type MaintenanceDeps, maintenanceTasks } from "./tasks";

// Per cold start: the entry file is the one place that holds deps.
let deps: Promise<MaintenanceDeps> | undefined;

function build(): Promise<MaintenanceDeps> {
  deps ??= (async () => {
    const config = loadMaintenanceConfig();
    const db = await openDatabase(config.databaseUrl, {
      maxConnections: 1,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
    });
    return {
      db: db.db,
      // a batch job: a longer command timeout than a request handler's
      redis: openRedisTarget(config.redis, config.redisTimeoutMs),
      clock: systemClock,
      log: createLogger("json", { unit: "maintenance" }),
    };
  })();
  // a failed cold start is retried at the next tick instead of being cached
  deps.catch(() => {
    deps = undefined;
  });
  return deps;
}

/** EventBridge Scheduler cron entry (every minute): one maintenance tick. */
export const handler = maintenanceHandler(build, maintenanceTasks);
