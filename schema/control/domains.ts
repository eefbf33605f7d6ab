import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { httpMethod } from "./enums";
import { organizations } from "./organizations";

/** A monitored URL and how to check it; the source of truth for the probes' config. */
export const domains = pgTable(
  "domains",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    name: text("name").notNull(),
    regions: text("regions").array().notNull(),
    intervalSeconds: integer("interval_seconds").notNull().default(300),
    timeoutMs: integer("timeout_ms").notNull().default(10_000),
    /** null: a strict majority of the domain's regions. */
    quorum: integer("quorum"),
    method: httpMethod("method").notNull().default("GET"),
    /** A code ("200") or an inclusive range ("200-399"). */
    expectStatus: text("expect_status").notNull().default("200-399"),
    keyword: text("keyword"),
    maxRedirects: integer("max_redirects").notNull().default(5),
    sslWarnDays: integer("ssl_warn_days")
      .array()
      .notNull()
      .default(sql`'{30,14,7,3,1}'::integer[]`),
    paused: boolean("paused").notNull().default(false),
    /** Maintenance windows covering this domain (ms, [from, to)); kept from maintenance_windows. */
    maintenance: jsonb("maintenance").$type<{ from: number; to: number }[]>().notNull().default([]),
    /** Notifications are dropped until then; null: not muted. */
    mutedUntil: timestamp("muted_until", { withTimezone: true }),
    /** Bumped on every change; probes compare it to notice a stale copy. */
    configVersion: bigint("config_version", { mode: "number" }).notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Cursor pagination per organization: (created_at, id) keyset.
    index("domains_org_created_idx").on(t.orgId, t.createdAt, t.id),
  ],
);
export type Domain = typeof domains.$inferSelect;
export type NewDomain = typeof domains.$inferInsert;
