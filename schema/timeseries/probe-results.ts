import {
  boolean,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Every probe result. Range-partitioned by day on `ts`, so retention drops whole partitions;
 * the partitioned table is created by a hand-written migration (drizzle-kit cannot express
 * PARTITION BY), so this definition is for queries and is kept out of drizzle-kit's schema list.
 */
export const probeResults = pgTable(
  "probe_results",
  {
    ts: timestamp("ts", { withTimezone: true, mode: "date" }).notNull(),
    domainId: uuid("domain_id").notNull(),
    region: text("region").notNull(),
    ok: boolean("ok").notNull(),
    errorCode: text("error_code"),
    httpStatus: smallint("http_status"),
    dnsMs: real("dns_ms"),
    connectMs: real("connect_ms"),
    tlsMs: real("tls_ms"),
    ttfbMs: real("ttfb_ms"),
    totalMs: real("total_ms"),
    tlsDaysToExpiry: real("tls_days_to_expiry"),
  },
  // no index on ts alone: day partitions prune time ranges and every read names a domain
  (t) => [primaryKey({ columns: [t.domainId, t.region, t.ts] })],
);
export type ProbeResultRow = typeof probeResults.$inferSelect;
export type NewProbeResultRow = typeof probeResults.$inferInsert;
