import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { incidentState } from "./enums";
import { incidents } from "./incidents";

/** Append-only timeline of an incident; (incident, sequence) is the idempotency key. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    sequence: integer("sequence").notNull(),
    /** The notification type or transition name (e.g. incident.opened, acknowledged). */
    type: text("type").notNull(),
    fromState: incidentState("from_state"),
    toState: incidentState("to_state").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.sequence] })],
);
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type NewIncidentEvent = typeof incidentEvents.$inferInsert;
