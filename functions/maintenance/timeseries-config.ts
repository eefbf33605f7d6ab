import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import type { RetentionPolicy } from "./retention";

const days = (d: number) => z.coerce.number().int().min(1).default(d);
const schema = z.object({
  TIMESERIES_DATABASE_URL: z.string().min(1),
  RETENTION_RAW_DAYS: days(30),
  RETENTION_HOURLY_DAYS: days(366),
  RETENTION_DAILY_DAYS: days(1830),
});

/** Settings of the time-series upkeep, parsed once per cold start. */
export type TimeseriesMaintenanceConfig = Readonly<{
  timeseriesDatabaseUrl: string;
  retention: RetentionPolicy;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadTimeseriesMaintenanceConfig(
  env: NodeJS.ProcessEnv = process.env,
): TimeseriesMaintenanceConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL,
    retention: {
      rawDays: c.RETENTION_RAW_DAYS,
      hourlyDays: c.RETENTION_HOURLY_DAYS,
      dailyDays: c.RETENTION_DAILY_DAYS,
    },
  });
}
