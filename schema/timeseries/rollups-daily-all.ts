import { bigint, index, integer, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { allRegionsRollupColumns } from "./rollup-columns";

/**
 * Per-day aggregates of every region of a domain together: the sum of its rollups_daily rows,
 * kept by the ingest flush in the same transaction. The one-year "all regions" graph reads 365
 * rows here instead of three times as many, and merges no histograms.
 */
export const rollupsDailyAll = pgTable(
  "rollups_daily_all",
  {
    ...allRegionsRollupColumns(),
    /**
     * The day's percentiles as the histogram gives them (and its mean phases, below), in whole
     * microseconds (the API reports milliseconds to three decimals), computed once the day has
     * closed (functions/maintenance/seal-days.ts), and valid only while `checks` still equals
     * `sealedChecks`: every write adds checks, so a late result unseals the row by itself and
     * readers fall back to the histogram and sums. Ingest never writes these. Integers,
     * because PostgreSQL formats them as text for a year graph several times faster than the
     * float sums they stand for.
     */
    sealedChecks: integer("sealed_checks"),
    p50Us: bigint("p50_us", { mode: "number" }),
    p95Us: bigint("p95_us", { mode: "number" }),
    p99Us: bigint("p99_us", { mode: "number" }),
    /** The day's mean timing phases of passing checks, sealed likewise (µs; null without any). */
    meanDnsUs: bigint("mean_dns_us", { mode: "number" }),
    meanConnectUs: bigint("mean_connect_us", { mode: "number" }),
    meanTlsUs: bigint("mean_tls_us", { mode: "number" }),
    meanTtfbUs: bigint("mean_ttfb_us", { mode: "number" }),
    meanTotalUs: bigint("mean_total_us", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.domainId, t.bucket] }),
    index("rollups_daily_all_bucket_idx").on(t.bucket),
  ],
);
export type RollupDailyAll = typeof rollupsDailyAll.$inferSelect;
export type NewRollupDailyAll = typeof rollupsDailyAll.$inferInsert;
