import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/** A public status page: a slug and the domains it shows. */
export const statusPages = pgTable(
  "status_pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    domainIds: uuid("domain_ids").array().notNull().default([]),
    public: boolean("public").notNull().default(true),
    /** A customer's own hostname (lower case) that also serves the page, or null. */
    customHostname: text("custom_hostname"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("status_pages_slug_uq").on(t.slug),
    uniqueIndex("status_pages_custom_hostname_uq").on(t.customHostname),
    index("status_pages_org_idx").on(t.orgId),
  ],
);
export type StatusPage = typeof statusPages.$inferSelect;
export type NewStatusPage = typeof statusPages.$inferInsert;
