import { and, inArray, sql } from "drizzle-orm";
import type { IncidentEvent } from "../../schema/control/incident-events";
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
 * `listedOnly` keeps the incidents of domains some status page lists (what the edge reads);
 * domains are written concurrently, each domain's incidents in turn.
 */
export async function publishIncidentSummaries(
  deps: { db: Pick<Database, "select">; redis: RedisPort },
  incidentIds: string[],
  now: number,
  opts: { listedOnly?: boolean } = {},
): Promise<number> {
  const ids = [...new Set(incidentIds)];
  if (ids.length === 0) return 0;
  const listed = sql`${incidents.domainId} in (select unnest(domain_ids) from status_pages)`;
  const rows = await deps.db
    .select()
    .from(incidents)
    .where(opts.listedOnly ? and(inArray(incidents.id, ids), listed) : inArray(incidents.id, ids));
  if (rows.length === 0) return 0;
  const events = await deps.db
    .select()
    .from(incidentEvents)
    .where(
      inArray(
        incidentEvents.incidentId,
        rows.map((r) => r.id),
      ),
    );
  const timeline = new Map<string, IncidentEvent[]>();
  for (const e of events) timeline.set(e.incidentId, [...(timeline.get(e.incidentId) ?? []), e]);
  const byDomain = new Map<string, typeof rows>();
  for (const r of rows) byDomain.set(r.domainId, [...(byDomain.get(r.domainId) ?? []), r]);
  await Promise.all(
    [...byDomain.values()].map(async (own) => {
      for (const row of own)
        await writeIncidentSummary(
          deps.redis,
          incidentSummary(row, timeline.get(row.id) ?? []),
          now,
        );
    }),
  );
  return rows.length;
}
