import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { domains } from "./domains";

/**
 * Alert jobs consensus decided, committed with the state that produced them (the outbox):
 * a job reaches the alerts queue only after its row exists, and is sent again until marked
 * sent. The rows also keep each domain's last sequence, so a wiped Redis never reuses one.
 */
export const alertOutbox = pgTable(
  "alert_outbox",
  {
    /** The AlertJob id (`<domain>:<sequence>`), which the alert consumer dedupes. */
    id: text("id").primaryKey(),
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    sequence: integer("sequence").notNull(),
    /** The AlertJob as sent, JSON text (not jsonb) so its field order survives. */
    job: text("job").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** When it was handed to the alerts queue; null while it still has to be. */
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("alert_outbox_domain_seq_idx").on(t.domainId, t.sequence),
    index("alert_outbox_unsent_idx").on(t.createdAt).where(sql`sent_at is null`),
  ],
);
export type AlertOutboxRow = typeof alertOutbox.$inferSelect;
