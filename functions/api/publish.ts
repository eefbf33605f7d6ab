import { configFromRow } from "../../adapters/redis/config-from-row";
import type { Domain } from "../../schema/control/domains";
import type { ApiDeps } from "./deps";

/**
 * Pushes a committed change to the probes. Redis is a cache rebuilt by the reconcile, so a
 * failure here is logged and the request still succeeds: the database already has the truth.
 */
export async function publishDomain(
  deps: Pick<ApiDeps, "broadcast" | "log">,
  change: { op: "upsert"; row: Domain } | { op: "delete"; id: string },
): Promise<void> {
  try {
    if (change.op === "upsert") {
      const version = await deps.broadcast.upsert(configFromRow(change.row));
      deps.log.info("config changed", { domainId: change.row.id, version });
    } else {
      const version = await deps.broadcast.remove(change.id);
      deps.log.info("config removed", { domainId: change.id, version });
    }
  } catch (err) {
    const domainId = change.op === "upsert" ? change.row.id : change.id;
    deps.log.warn("config broadcast failed; the reconcile will repair Redis", {
      domainId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
