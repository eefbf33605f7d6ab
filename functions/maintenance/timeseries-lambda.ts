import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { createLogger } from "../../adapters/log/logger";
import { maintainTimeseries } from "./timeseries";
import { loadTimeseriesMaintenanceConfig } from "./timeseries-config";

// Per cold start: the entry file is the one place that holds deps.
let ready:
  | Promise<{
      db: DatabaseHandle;
      control: DatabaseHandle;
      config: ReturnType<typeof loadTimeseriesMaintenanceConfig>;
    }>
  | undefined;

/** Scheduled (EventBridge, hourly) entry: partitions ahead and repaired, then retention per plan. */
export async function handler() {
  ready ??= (async () => {
    const config = loadTimeseriesMaintenanceConfig();
    return {
      db: await openDatabase(config.timeseriesDatabaseUrl, { maxConnections: 1 }),
      control: await openDatabase(config.databaseUrl, { maxConnections: 1 }),
      config,
    };
  })();
  const { db, control, config } = await ready;
  return maintainTimeseries({
    db: db.db,
    control: control.db,
    clock: systemClock,
    log: createLogger("json", { unit: "maintenance" }),
    retention: config.retention,
  });
}
