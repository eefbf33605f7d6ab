import { defineConfig } from "drizzle-kit";

/**
 * Time-series DB. probe_results is absent on purpose: it is range-partitioned by a hand-written
 * migration, which drizzle-kit cannot generate.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./schema/timeseries/rollups-hourly.ts",
    "./schema/timeseries/rollups-daily.ts",
    "./schema/timeseries/rollups-daily-all.ts",
    "./schema/timeseries/cert-observations.ts",
  ],
  out: "./schema/migrations/timeseries",
});
