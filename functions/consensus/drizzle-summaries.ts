import type { Database } from "../../adapters/db/types";
import { publishIncidentSummaries } from "../../adapters/redis/incident-summary-publish";
import type { RedisPort } from "../../adapters/redis/port";

/** Consensus's hook for status pages: committed incidents of listed domains, read back and written. */
export function drizzleIncidentSummaries(
  db: Database,
  redis: RedisPort,
): (incidentIds: string[], now: number) => Promise<number> {
  return (ids, now) => publishIncidentSummaries({ db, redis }, ids, now, { listedOnly: true });
}
