import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { appendOrgEvents } from "../../adapters/events/org-events";
import { incidentEvents } from "../../schema/control/incident-events";
import { incidents } from "../../schema/control/incidents";
import type { IncidentStore } from "./incident-store";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** Incidents and their events in the control DB; a redelivered batch changes nothing. */
export function drizzleIncidentStore(db: Database): IncidentStore {
  return {
    async save(c) {
      const feed = c.feed?.events.length ?? 0;
      if (c.incidents.length + c.closures.length + c.events.length + feed === 0) return;
      await db.transaction(async (tx) => {
        // the stream's events commit with the change they describe (GET /v1/events)
        if (c.feed) await appendOrgEvents(tx, c.feed.orgId, c.feed.events);
        for (const row of c.incidents) {
          const values = {
            id: row.id,
            orgId: row.orgId,
            domainId: row.domainId,
            state: row.state,
            regions: row.regions,
            cause: row.cause,
            openedAt: new Date(row.openedAt),
            acknowledgedAt: date(row.acknowledgedAt),
            resolvedAt: date(row.resolvedAt),
            lastSequence: row.lastSequence,
          };
          const { id: _id, orgId: _org, domainId: _domain, ...set } = values;
          await tx
            .insert(incidents)
            .values(values)
            .onConflictDoUpdate({
              target: incidents.id,
              set,
              // an older write (a late redelivery) never rolls a newer state back
              setWhere: sql`${incidents.lastSequence} < excluded.last_sequence`,
            });
        }
        for (const cl of c.closures) {
          await tx
            .update(incidents)
            .set({
              state: "resolved",
              resolvedAt: new Date(cl.resolvedAt),
              lastSequence: cl.lastSequence,
            })
            .where(and(eq(incidents.id, cl.id), lt(incidents.lastSequence, cl.lastSequence)));
        }
        if (c.events.length > 0) {
          await tx
            .insert(incidentEvents)
            .values(
              c.events.map((e) => ({
                incidentId: e.incidentId,
                sequence: e.sequence,
                type: e.type,
                fromState: e.fromState,
                toState: e.toState,
                at: new Date(e.at),
                data: e.data,
              })),
            )
            .onConflictDoNothing();
        }
      });
    },
  };
}
