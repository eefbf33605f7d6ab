import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { domains } from "./domains";
import { incidentState } from "./enums";
import { organizations } from "./organizations";

/** A confirmed problem of one domain, from open to resolved (a quick relapse reopens it). */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    state: incidentState("state").notNull(),
    /** Regions whose votes confirmed the failure. */
    regions: text("regions").array().notNull(),
    /** The error code that most regions saw (e.g. TIMEOUT). */
    cause: text("cause"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** The sequence of the latest incident_events row. */
    lastSequence: integer("last_sequence").notNull().default(0),
  },
  (t) => [
    index("incidents_domain_state_idx").on(t.domainId, t.state),
    index("incidents_org_opened_idx").on(t.orgId, t.openedAt, t.id),
  ],
);
export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
