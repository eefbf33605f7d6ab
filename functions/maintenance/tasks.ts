import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { type ConfigKeys, configKeys } from "../../adapters/redis/config-keys";
import { pruneConfigLog } from "../../adapters/redis/config-prune";
import type { RedisPort } from "../../adapters/redis/port";
import { pruneOutbox } from "./outbox-prune";
import { reconcileConfig } from "./reconcile";
import { reconcileStatusPages } from "./reconcile-status-pages";

/** What a maintenance task may use; a task that needs more adds it here. */
export interface MaintenanceDeps {
  /** The control database (source of truth). */
  db: Database;
  redis: RedisPort;
  clock: Clock;
  log: Logger;
  /** Config key names; a prefix isolates tests sharing one Redis. */
  configKeys?: ConfigKeys;
}

/** One job of the maintenance tick; its result is logged and returned in the tick's report. */
export interface MaintenanceTask {
  name: string;
  run(deps: MaintenanceDeps): Promise<Record<string, unknown>>;
}

/** Rebuilds the Redis config view from the control DB and marks its epoch complete. */
export const reconcileTask: MaintenanceTask = {
  name: "reconcile-config",
  async run(d) {
    const broadcast = createConfigBroadcast({ redis: d.redis, keys: d.configKeys, clock: d.clock });
    return { ...(await reconcileConfig({ ...d, broadcast })) };
  },
};

/** Bounds the config change log: forgets deleted domains no probe can still be behind on. */
export const pruneConfigLogTask: MaintenanceTask = {
  name: "prune-config-log",
  async run(d) {
    return { ...(await pruneConfigLog(d.redis, d.configKeys ?? configKeys())) };
  },
};

/** Rebuilds the status pages' read models (pages, hostnames, incident summaries) for the edge. */
export const reconcileStatusPagesTask: MaintenanceTask = {
  name: "reconcile-status-pages",
  async run(d) {
    return { ...(await reconcileStatusPages({ ...d, now: d.clock.now() })) };
  },
};

/** Deletes relayed alert-outbox rows past their retention (keeping what recovery reads). */
export const pruneOutboxTask: MaintenanceTask = {
  name: "prune-alert-outbox",
  async run(d) {
    return { ...(await pruneOutbox(d.db, d.clock.now())) };
  },
};

/** What every maintenance tick runs, in order; each runs even when an earlier one failed. */
export const maintenanceTasks: readonly MaintenanceTask[] = [
  reconcileTask,
  pruneConfigLogTask,
  reconcileStatusPagesTask,
  pruneOutboxTask,
];
