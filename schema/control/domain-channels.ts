import { index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { alertChannels } from "./alert-channels";
import { domains } from "./domains";

/** Which channels hear about which domain. */
export const domainChannels = pgTable(
  "domain_channels",
  {
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.domainId, t.channelId] }),
    index("domain_channels_channel_idx").on(t.channelId),
  ],
);
export type DomainChannel = typeof domainChannels.$inferSelect;
