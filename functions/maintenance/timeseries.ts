import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import { maintainPartitions, type PartitionReport } from "./partitions";
import { domainsByPlan } from "./plan-domains";
import {
  applyRetention,
  defaultPlanRetention,
  type PlanRetention,
  plansWithShorterRetention,
  type RetentionReport,
} from "./retention";
import { type SealReport, sealClosedDays } from "./seal-days";

/**
 * The time-series DB's scheduled upkeep: partitions ahead and repaired, retention per plan
 * (which domains are on which plan is read from the control DB, never joined across), then the
 * closed days' percentiles sealed for the year graph.
 */
export async function maintainTimeseries(deps: {
  db: Database;
  control: Database;
  clock: Clock;
  log: Logger;
  retention?: PlanRetention;
}): Promise<PartitionReport & RetentionReport & SealReport> {
  const now = deps.clock.now();
  const plans = deps.retention ?? defaultPlanRetention;
  const partitions = await maintainPartitions(deps.db, now);
  const byPlan = await domainsByPlan(deps.control, plansWithShorterRetention(plans));
  const retention = await applyRetention(deps.db, now, plans, byPlan);
  const seal = await sealClosedDays(deps.db, now);
  deps.log.info("time series maintained", { ...partitions, ...retention, ...seal });
  return { ...partitions, ...retention, ...seal };
}
