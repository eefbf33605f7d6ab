import { sql } from "drizzle-orm";
import { affected } from "../../adapters/db/bulk-unnest";
import type { Database } from "../../adapters/db/types";

const DAY_MS = 86_400_000;
/** Relayed alert jobs are kept this long (they are what a rebuilt domain recovers from). */
export const OUTBOX_RETENTION_DAYS = 7;
/** Rows deleted per statement, so one run never holds long locks beside consensus. */
const CHUNK = 5_000;

/**
 * Deletes alert-outbox rows handed to the alerts queue more than `days` ago, except what a
 * domain rebuilt after a Redis wipe still reads: its highest-sequence row (where its sequence
 * continues) and the opening job of an incident not yet resolved (whether it was paged).
 * Unsent rows are never deleted.
 */
export async function pruneOutbox(
  db: Database,
  nowMs: number,
  days = OUTBOX_RETENTION_DAYS,
): Promise<{ deleted: number }> {
  const cutoff = new Date(nowMs - days * DAY_MS).toISOString();
  let deleted = 0;
  for (;;) {
    const r = await db.execute(sql`delete from alert_outbox where id in (
      select o.id from alert_outbox o
      where o.sent_at is not null and o.sent_at < ${cutoff}::timestamptz
        and o.sequence < (select max(m.sequence) from alert_outbox m where m.domain_id = o.domain_id)
        and not exists (select 1 from incidents i
          where i.domain_id = o.domain_id and i.state <> 'resolved'
            and i.id::text = (o.job::jsonb ->> 'incidentId') and (o.job::jsonb ->> 'type') = 'incident.opened')
      limit ${CHUNK})`);
    const n = affected(r) ?? 0;
    deleted += n;
    if (n < CHUNK) return { deleted };
  }
}
