import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { createLogger } from "../../adapters/log/logger";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { pruneConfigLog } from "../../adapters/redis/config-prune";
import type { RedisPort } from "../../adapters/redis/port";
import { openRedisTarget } from "../../adapters/redis/target";
import { loadMaintenanceConfig } from "./config";
import { type ReconcileReport, reconcileConfig } from "./reconcile";
import { reconcileStatusPages, type StatusPagesReport } from "./reconcile-status-pages";

// Per cold start: the entry file is the one place that holds deps.
let deps: Promise<{ db: DatabaseHandle; redis: RedisPort }> | undefined;

function build() {
  deps ??= (async () => {
    const config = loadMaintenanceConfig();
    const db = await openDatabase(config.databaseUrl, { maxConnections: 1 });
    // a batch job: a longer command timeout than a request handler's
    const redis = openRedisTarget(config.redis, 10_000);
    return { db, redis };
  })();
  return deps;
}

/**
 * Scheduled (EventBridge) entry: rebuild the Redis config view, bound its change log, and
 * rebuild the status pages' read models.
 */
export async function handler(): Promise<
  ReconcileReport & { pruned: number; statusPages: StatusPagesReport }
> {
  const { db, redis } = await build();
  const log = createLogger("json", { unit: "maintenance" });
  const broadcast = createConfigBroadcast({ redis });
  const report = await reconcileConfig({ db: db.db, redis, broadcast, log });
  const { removed } = await pruneConfigLog(redis, broadcast.keys);
  log.info("config log pruned", { removed });
  const statusPages = await reconcileStatusPages({ db: db.db, redis, log });
  return { ...report, pruned: removed, statusPages };
}
