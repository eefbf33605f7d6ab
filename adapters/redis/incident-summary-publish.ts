import { inArray } from "drizzle-orm";
import { incidentEvents } from "../../schema/control/incident-events";
import { incidents } from "../../schema/control/incidents";
import type { Database } from "../db/types";
import { incidentSummary } from "./incident-summary";
import type { RedisPort } from "./port";
import { writeIncidentSummary } from "./status-read-model";

/**
 * Re-reads committed incidents with their timelines and writes their public summaries: the
 * hook consensus calls after its incident store commits (and the reconcile reuses). Reading
 * back what was committed makes a redelivered batch or a late call write the same thing.
 */
export async function publishIncidentSummaries(
  deps: { db: Pick<Database, "select">; redis: RedisPort },
  incidentIds: string[],
  now: number,
): Promise<number> {
  const ids = [...new Set(incidentIds)];
  if (ids.length === 0) return 0;
  const rows = await deps.db.select().from(incidents).where(inArray(incidents.id, ids));
  const events = await deps.db
    .select()
    .from(incidentEvents)
    .where(inArray(incidentEvents.incidentId, ids));
  for (const row of rows) {
    const own = events.filter((e) => e.incidentId === row.id);
    await writeIncidentSummary(deps.redis, incidentSummary(row, own), now);
  }
  return rows.length;
}
