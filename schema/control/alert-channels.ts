import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { channelType } from "./enums";
import { organizations } from "./organizations";

/** Type-specific settings of a channel. */
export type ChannelConfig =
  | { type: "webhook"; url: string }
  | { type: "slack"; webhookUrl: string }
  | { type: "email"; to: string[] }
  | { type: "push"; endpoint: string; keys: { p256dh: string; auth: string } }
  /** A push subscription the push service said is gone (404, 410): removed, nothing kept to send to. */
  | { type: "push"; removed: { at: string; statusCode: number } };

/** Where notifications go: a webhook, a Slack incoming webhook, email addresses or a push subscription. */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    type: channelType("type").notNull(),
    name: text("name").notNull().default(""),
    config: jsonb("config").$type<ChannelConfig>().notNull(),
    /** Standard Webhooks signing secret (whsec_…); webhook channels only. */
    signingSecret: text("signing_secret"),
    /** The secret before the last rotation: it keeps signing beside the new one until it expires. */
    previousSigningSecret: text("previous_signing_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    /** Why delivery turned the channel off (410, a gone push subscription, 5 days failing). */
    disabledReason: text("disabled_reason"),
    /** First failure of the current run of failures; null after a success. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_channels_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);
export type AlertChannel = typeof alertChannels.$inferSelect;
export type NewAlertChannel = typeof alertChannels.$inferInsert;
