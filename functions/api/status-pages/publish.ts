import { inArray } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import type { Logger } from "../../../adapters/log/logger";
import type { RedisPort } from "../../../adapters/redis/port";
import { statusPageFromRow } from "../../../adapters/redis/status-page-from-row";
import { publishStatusPage, unpublishStatusPage } from "../../../adapters/redis/status-read-model";
import { domains } from "../../../schema/control/domains";
import type { StatusPage } from "../../../schema/control/status-pages";
import type { StatusPageModel } from "../../../schema/wire/status-page";

type Queryable = Pick<Database, "select">;

/** The edge's model of a page: its domains in page order, each with its name. */
export async function pageModel(db: Queryable, row: StatusPage): Promise<StatusPageModel> {
  const rows =
    row.domainIds.length === 0
      ? []
      : await db
          .select({ id: domains.id, name: domains.name })
          .from(domains)
          .where(inArray(domains.id, row.domainIds));
  return statusPageFromRow(row, new Map(rows.map((r) => [r.id, r.name])));
}

/**
 * Pushes a committed page change to the edge's read model. As with configs, Redis is a cache
 * the reconcile rebuilds: a failure is logged and the request still succeeds.
 */
export async function publishPage(
  deps: { db: Queryable; redis: RedisPort; log: Logger },
  change: { op: "upsert"; row: StatusPage } | { op: "delete"; id: string },
): Promise<void> {
  try {
    if (change.op === "upsert") {
      await publishStatusPage(deps.redis, await pageModel(deps.db, change.row));
    } else await unpublishStatusPage(deps.redis, change.id);
  } catch (err) {
    deps.log.warn("status page publish failed; the reconcile will repair Redis", {
      statusPageId: change.op === "upsert" ? change.row.id : change.id,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
