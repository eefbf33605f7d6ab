import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { alertChannels } from "./alert-channels";
import { deliveryKind, deliveryStatus } from "./enums";

/** What a delivery sends: the webhook event's type, time and data (also the source of Slack, mail and push). */
export interface DeliveryPayload {
  type: string;
  /** ISO time the engine decided. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** One notification to one channel, retried until sent or dead; the key makes redelivery a no-op. */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").notNull(),
    /** The AlertJob id (derived from the incident event sequence). */
    eventId: text("event_id").notNull(),
    /** eventId + channelId: unique, so a redelivered job inserts nothing. */
    idempotencyKey: text("idempotency_key").notNull(),
    kind: deliveryKind("kind").notNull().default("single"),
    /** Event type: one of CONTRACTS §2, or `test`. */
    type: text("type").notNull(),
    domainId: text("domain_id"),
    incidentId: text("incident_id"),
    payload: jsonb("payload").$type<DeliveryPayload>().notNull(),
    /** The storm or summary message this one was folded into. */
    groupId: uuid("group_id").references((): AnyPgColumn => deliveries.id, {
      onDelete: "set null",
    }),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("deliveries_idempotency_uq").on(t.idempotencyKey),
    // partial: a delivery leaves the sweep's index when it is sent or dead, and only grouped
    // rows have a group, so most writes (the insert, the update once sent) skip both
    index("deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed')`),
    index("deliveries_channel_created_idx").on(t.channelId, t.createdAt),
    index("deliveries_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("deliveries_group_idx").on(t.groupId).where(sql`${t.groupId} is not null`),
  ],
);
export type Delivery = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;
