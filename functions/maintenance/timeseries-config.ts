import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { defaultPlanRetention, type Plan, type PlanRetention } from "./retention";

const KINDS = { RAW: "rawDays", HOURLY: "hourlyDays", DAILY: "dailyDays" } as const;
const PLANS = Object.keys(defaultPlanRetention) as Plan[];

/** RETENTION_<PLAN>_<RAW|HOURLY|DAILY>_DAYS, e.g. RETENTION_FREE_HOURLY_DAYS. */
const variable = (plan: Plan, kind: keyof typeof KINDS) =>
  `RETENTION_${plan.toUpperCase()}_${kind}_DAYS`;

const retentionShape: Record<string, z.ZodType<number>> = {};
for (const plan of PLANS) {
  for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
    retentionShape[variable(plan, kind)] = z.coerce
      .number()
      .int()
      .min(1)
      .default(defaultPlanRetention[plan][KINDS[kind]]);
  }
}
const schema = z.object({
  TIMESERIES_DATABASE_URL: z.string().min(1),
  DATABASE_URL: z.string().min(1),
  ...retentionShape,
});

/** Settings of the time-series upkeep, parsed once per cold start. */
export type TimeseriesMaintenanceConfig = Readonly<{
  timeseriesDatabaseUrl: string;
  /** The control DB: which domains are on which plan. */
  databaseUrl: string;
  retention: PlanRetention;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadTimeseriesMaintenanceConfig(
  env: NodeJS.ProcessEnv = process.env,
): TimeseriesMaintenanceConfig {
  const c = parseEnv(schema, env) as Record<string, unknown> & z.infer<typeof schema>;
  const days = (plan: Plan, kind: keyof typeof KINDS) => Number(c[variable(plan, kind)]);
  const retention = Object.fromEntries(
    PLANS.map((p) => [
      p,
      { rawDays: days(p, "RAW"), hourlyDays: days(p, "HOURLY"), dailyDays: days(p, "DAILY") },
    ]),
  ) as PlanRetention;
  return Object.freeze({
    timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL,
    databaseUrl: c.DATABASE_URL,
    retention,
  });
}
