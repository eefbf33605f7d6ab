import { and, gte, inArray, isNull, or } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import { publishIncidentSummaries } from "../../adapters/redis/incident-summary-publish";
import type { RedisPort } from "../../adapters/redis/port";
import { statusPageFromRow } from "../../adapters/redis/status-page-from-row";
import {
  HISTORY_DAYS,
  publishedStatusPageIds,
  publishStatusPage,
  unpublishStatusPage,
} from "../../adapters/redis/status-read-model";
import { domains } from "../../schema/control/domains";
import { incidents } from "../../schema/control/incidents";
import { statusPages } from "../../schema/control/status-pages";

/** What a status-pages reconcile did. */
export interface StatusPagesReport {
  pages: number;
  removed: number;
  incidents: number;
}

/**
 * Rebuilds the edge's read models from the control DB: every page's model and hostname,
 * removal of pages deleted while Redis was unreachable, and the incident summaries of the
 * listed domains over the history window. Idempotent; safe beside live writers.
 */
export async function reconcileStatusPages(deps: {
  db: Database;
  redis: RedisPort;
  log?: Logger;
  now?: number;
}): Promise<StatusPagesReport> {
  const now = deps.now ?? Date.now();
  const rows = await deps.db.select().from(statusPages);
  const domainIds = [...new Set(rows.flatMap((r) => r.domainIds))];
  const named =
    domainIds.length === 0
      ? []
      : await deps.db
          .select({ id: domains.id, name: domains.name })
          .from(domains)
          .where(inArray(domains.id, domainIds));
  const names = new Map(named.map((d) => [d.id, d.name]));
  for (const row of rows) await publishStatusPage(deps.redis, statusPageFromRow(row, names));
  const live = new Set(rows.map((r) => r.id));
  const gone = (await publishedStatusPageIds(deps.redis)).filter((id) => !live.has(id));
  for (const id of gone) await unpublishStatusPage(deps.redis, id);

  let written = 0;
  if (domainIds.length > 0) {
    const since = new Date(now - HISTORY_DAYS * 86_400_000);
    const list = await deps.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(
        and(
          inArray(incidents.domainId, domainIds),
          or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since)),
        ),
      );
    written = await publishIncidentSummaries(
      deps,
      list.map((i) => i.id),
      now,
    );
  }
  const report = { pages: rows.length, removed: gone.length, incidents: written };
  deps.log?.info("status pages reconciled", { ...report });
  return report;
}
