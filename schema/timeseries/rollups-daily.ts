import { index, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { rollupColumns } from "./rollup-columns";

/** Per-day aggregates: a one-year graph reads at most 365 rows per region. */
export const rollupsDaily = pgTable("rollups_daily", rollupColumns(), (t) => [
  primaryKey({ columns: [t.domainId, t.region, t.bucket] }),
  index("rollups_daily_bucket_idx").on(t.bucket),
]);
export type RollupDaily = typeof rollupsDaily.$inferSelect;
export type NewRollupDaily = typeof rollupsDaily.$inferInsert;
