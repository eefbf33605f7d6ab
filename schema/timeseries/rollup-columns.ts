import { doublePrecision, integer, real, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns shared by the hourly and daily roll-ups; both merge by addition. */
export function rollupColumns() {
  return {
    bucket: timestamp("bucket", { withTimezone: true, mode: "date" }).notNull(),
    domainId: uuid("domain_id").notNull(),
    region: text("region").notNull(),
    checks: integer("checks").notNull(),
    failures: integer("failures").notNull(),
    latencySum: doublePrecision("latency_sum").notNull(), // ms
    latencyMin: real("latency_min"), // ms, null when no check had a latency
    latencyMax: real("latency_max"), // ms
    /** Counts per bucket of the fixed layout in latency-histogram.ts. */
    histogram: integer("histogram").array().notNull(),
  };
}
