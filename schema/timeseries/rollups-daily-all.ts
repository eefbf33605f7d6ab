import { index, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { allRegionsRollupColumns } from "./rollup-columns";

/**
 * Per-day aggregates of every region of a domain together: the sum of its rollups_daily rows,
 * kept by the ingest flush in the same transaction. The one-year "all regions" graph reads 365
 * rows here instead of three times as many, and merges no histograms.
 */
export const rollupsDailyAll = pgTable("rollups_daily_all", allRegionsRollupColumns(), (t) => [
  primaryKey({ columns: [t.domainId, t.bucket] }),
  index("rollups_daily_all_bucket_idx").on(t.bucket),
]);
export type RollupDailyAll = typeof rollupsDailyAll.$inferSelect;
export type NewRollupDailyAll = typeof rollupsDailyAll.$inferInsert;
