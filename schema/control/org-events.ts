import {
  bigint,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * What an organization's live stream shows (GET /v1/events), in commit order: `seq` is a
 * per-organization sequence handed out by org_event_counters inside the writing transaction.
 */
export const orgEvents = pgTable(
  "org_events",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** domain.status, incident.opened, incident.acknowledged, incident.resolved, … */
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Idempotency key of an event derived from a redeliverable message; null: always new. */
    key: text("key"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.seq] }),
    uniqueIndex("org_events_key_uq").on(t.orgId, t.key),
  ],
);
export type OrgEvent = typeof orgEvents.$inferSelect;

/** The last sequence given per organization; its row lock orders concurrent appends. */
export const orgEventCounters = pgTable("org_event_counters", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
});
