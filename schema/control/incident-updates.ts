import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { incidents } from "./incidents";

/** What people wrote or did on an incident (updates, acknowledge, resolve), beside the engine's events. */
export const incidentUpdates = pgTable(
  "incident_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    /** update, acknowledged or resolved */
    type: text("type").notNull(),
    message: text("message"),
    /** For status updates: investigating, identified, monitoring or resolved. */
    state: text("state"),
    /** Who: a member's subject or an API key id. */
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("incident_updates_incident_idx").on(t.incidentId, t.at)],
);
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
