import { and, count, eq, inArray, max, ne, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { alertOutbox } from "../../schema/control/alert-outbox";
import { incidents } from "../../schema/control/incidents";
import type { IncidentRow, RecoveredDomain } from "./incident-store";

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/**
 * What the control DB knows of domains whose engine state is gone: the highest sequence in
 * their incidents and outbox, how many incidents they had, and the one still open. Four
 * grouped queries for any number of domains.
 */
export async function drizzleRecover(
  db: Database,
  ids: string[],
): Promise<Map<string, RecoveredDomain>> {
  const out = new Map<string, RecoveredDomain>();
  if (ids.length === 0) return out;
  const entry = (id: string) => {
    const e = out.get(id) ?? { lastSequence: 0, incidentCount: 0, open: null };
    out.set(id, e);
    return e;
  };
  const counts = await db
    .select({ id: incidents.domainId, n: count(), seq: max(incidents.lastSequence) })
    .from(incidents)
    .where(inArray(incidents.domainId, ids))
    .groupBy(incidents.domainId);
  for (const c of counts) {
    const e = entry(c.id);
    e.incidentCount = Number(c.n);
    e.lastSequence = Math.max(e.lastSequence, Number(c.seq ?? 0));
  }
  const seqs = await db
    .select({ id: alertOutbox.domainId, seq: max(alertOutbox.sequence) })
    .from(alertOutbox)
    .where(inArray(alertOutbox.domainId, ids))
    .groupBy(alertOutbox.domainId);
  for (const s of seqs) {
    const e = entry(s.id);
    e.lastSequence = Math.max(e.lastSequence, Number(s.seq ?? 0));
  }
  const open = await db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.domainId, ids), ne(incidents.state, "resolved")));
  if (open.length === 0) return out;
  const paged = await db
    .select({ incidentId: sql<string>`(${alertOutbox.job}::jsonb)->>'incidentId'` })
    .from(alertOutbox)
    .where(
      and(
        inArray(alertOutbox.domainId, ids),
        eq(sql`(${alertOutbox.job}::jsonb)->>'type'`, "incident.opened"),
      ),
    );
  const pagedIds = new Set(paged.map((p) => p.incidentId));
  for (const r of open.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())) {
    const row: IncidentRow = {
      id: r.id,
      orgId: r.orgId,
      domainId: r.domainId,
      state: r.state,
      regions: r.regions,
      cause: r.cause,
      openedAt: r.openedAt.getTime(),
      acknowledgedAt: ms(r.acknowledgedAt),
      resolvedAt: ms(r.resolvedAt),
      lastSequence: r.lastSequence,
    };
    entry(r.domainId).open = { ...row, paged: pagedIds.has(r.id) };
  }
  return out;
}
