import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A person who signs in through the identity provider; `subject` is the token's `sub`. */
export const users = pgTable("users", {
  subject: text("subject").primaryKey(),
  email: text("email"),
  name: text("name"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
