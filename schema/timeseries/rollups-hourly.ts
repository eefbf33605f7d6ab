import { index, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { rollupColumns } from "./rollup-columns";

/** Per-hour aggregates of probe results, updated by the ingest flush in the same transaction. */
export const rollupsHourly = pgTable("rollups_hourly", rollupColumns(), (t) => [
  primaryKey({ columns: [t.domainId, t.region, t.bucket] }),
  index("rollups_hourly_bucket_idx").on(t.bucket),
]);
export type RollupHourly = typeof rollupsHourly.$inferSelect;
export type NewRollupHourly = typeof rollupsHourly.$inferInsert;
