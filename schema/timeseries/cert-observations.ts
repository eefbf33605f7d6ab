import { boolean, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * One row each time a region sees a different certificate for a domain (`observedAt` is when it
 * was first seen there); `lastSeen` moves forward while the region keeps seeing it.
 */
export const certObservations = pgTable(
  "cert_observations",
  {
    domainId: uuid("domain_id").notNull(),
    region: text("region").notNull(),
    observedAt: timestamp("observed_at", { withTimezone: true, mode: "date" }).notNull(),
    fingerprint256: text("fingerprint256").notNull(),
    subject: text("subject").notNull(),
    issuer: text("issuer").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true, mode: "date" }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true, mode: "date" }).notNull(),
    /** Min validTo over the served chain. */
    earliestValidTo: timestamp("earliest_valid_to", { withTimezone: true, mode: "date" }).notNull(),
    authorized: boolean("authorized").notNull(),
    errorCode: text("error_code"),
    lastSeen: timestamp("last_seen", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.domainId, t.region, t.observedAt] })],
);
export type CertObservation = typeof certObservations.$inferSelect;
export type NewCertObservation = typeof certObservations.$inferInsert;
