import { sql } from "drizzle-orm";
import { rowsOf } from "../../adapters/db/rows";
import { claimedRows } from "./attempt";
import type { DeliveryLane } from "./lane";
import type { AlertsDeps } from "./types";

/**
 * Claims due deliveries (retries, storm and summary messages whose time came, and leases that
 * ran out after a crash) and sends them. SKIP LOCKED lets concurrent sweeps split the work; the
 * claim moves next_attempt_at a lease ahead so a sweep that dies leaves them due again.
 * Returns how many it attempted (at the send budget, slow ones are still in the slow lane).
 */
export async function sweepDue(deps: AlertsDeps, lane: DeliveryLane, limit = 500): Promise<number> {
  const now = deps.clock.now();
  const lease = new Date(now + deps.settings.leaseMs).toISOString();
  const due = new Date(now).toISOString();
  const claimed = await deps.db.execute(sql`
    update deliveries set next_attempt_at = ${lease}::timestamptz, updated_at = ${due}::timestamptz
    where id in (
      select id from deliveries
      where status in ('pending', 'failed') and next_attempt_at <= ${due}::timestamptz
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = rowsOf<{ id: string }>(claimed).map((r) => r.id);
  await lane.send(await claimedRows(deps, ids));
  return ids.length;
}
