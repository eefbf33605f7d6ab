import { doublePrecision, integer, real, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The measures of a roll-up row; every one merges by addition (min/max by min/max). */
function rollupMeasures() {
  return {
    checks: integer("checks").notNull(),
    failures: integer("failures").notNull(),
    /** Checks whose latency is in the sums, min, max and histogram: the passing ones. */
    latencyCount: integer("latency_count").notNull().default(0),
    latencySum: doublePrecision("latency_sum").notNull(), // ms
    latencyMin: real("latency_min"), // ms, null when no check had a latency
    latencyMax: real("latency_max"), // ms
    dnsMsSum: doublePrecision("dns_ms_sum").notNull().default(0), // ms, over latencyCount checks
    connectMsSum: doublePrecision("connect_ms_sum").notNull().default(0),
    tlsMsSum: doublePrecision("tls_ms_sum").notNull().default(0),
    ttfbMsSum: doublePrecision("ttfb_ms_sum").notNull().default(0),
    /** The bucket of histogram[1] in the log layout of latency-histogram.ts. */
    histOffset: integer("hist_offset").notNull().default(0),
    /** Counts of consecutive buckets from histOffset on (sparse: only the range in use). */
    histogram: integer("histogram").array().notNull(),
  };
}

/** Columns of a roll-up over every region of a domain: no region column. */
export function allRegionsRollupColumns() {
  return {
    bucket: timestamp("bucket", { withTimezone: true, mode: "date" }).notNull(),
    domainId: uuid("domain_id").notNull(),
    ...rollupMeasures(),
  };
}

/** Columns shared by the hourly and daily roll-ups of one region; both merge by addition. */
export function rollupColumns() {
  const { bucket, domainId, ...measures } = allRegionsRollupColumns();
  return { bucket, domainId, region: text("region").notNull(), ...measures };
}
