import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { alertChannels } from "./alert-channels";
import { deliveryStatus } from "./enums";

/** One notification to one channel, retried until sent or dead; the key makes redelivery a no-op. */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    /** The AlertJob id (derived from the incident event sequence). */
    eventId: text("event_id").notNull(),
    /** eventId + channelId: unique, so a redelivered job inserts nothing. */
    idempotencyKey: text("idempotency_key").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("deliveries_idempotency_uq").on(t.idempotencyKey),
    index("deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);
export type Delivery = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;
