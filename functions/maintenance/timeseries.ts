import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import { maintainPartitions, type PartitionReport } from "./partitions";
import { applyRetention, type RetentionPolicy, type RetentionReport } from "./retention";

/** The time-series DB's scheduled upkeep: partitions ahead and repaired, then retention. */
export async function maintainTimeseries(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  retention?: RetentionPolicy;
}): Promise<PartitionReport & RetentionReport> {
  const now = deps.clock.now();
  const partitions = await maintainPartitions(deps.db, now);
  const retention = await applyRetention(deps.db, now, deps.retention);
  deps.log.info("time series maintained", { ...partitions, ...retention });
  return { ...partitions, ...retention };
}
