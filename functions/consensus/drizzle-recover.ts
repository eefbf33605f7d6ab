import { and, count, inArray, max, ne, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { alertOutbox } from "../../schema/control/alert-outbox";
import { incidents } from "../../schema/control/incidents";
import type { AlertJob } from "../../schema/wire/events";
import {
  type IncidentRow,
  noticesOf,
  RECOVERED_NOTICES,
  RECOVERED_OPENS,
  type RecoveredDomain,
} from "./incident-store";

// node-postgres and PGlite answer execute() with { rows }
const rowsOf = <T>(r: unknown): T[] =>
  Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/**
 * What the control DB knows of domains whose engine state is gone: the highest sequence in
 * their incidents and outbox, how many incidents they had, and the one still open. Four
 * grouped queries for any number of domains, plus the jobs that mark what was already sent and the
 * latest incident openings.
 */
export async function drizzleRecover(
  db: Database,
  ids: string[],
): Promise<Map<string, RecoveredDomain>> {
  const out = new Map<string, RecoveredDomain>();
  if (ids.length === 0) return out;
  const entry = (id: string) => {
    const e: RecoveredDomain = out.get(id) ?? {
      lastSequence: 0,
      incidentCount: 0,
      open: null,
      notices: [],
      opens: [],
    };
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
  // a domain with neither incidents nor jobs has nothing more to read (a burst of new domains)
  const known = [...out.keys()];
  if (known.length === 0) return out;
  ids = known;
  // the jobs that mark what was sent, and the latest openings (flap detection)
  const jobs = await db
    .select({ job: alertOutbox.job })
    .from(alertOutbox)
    .where(
      and(
        inArray(alertOutbox.domainId, ids),
        inArray(sql`(${alertOutbox.job}::jsonb)->>'type'`, [...RECOVERED_NOTICES]),
      ),
    );
  const byDomain = new Map<string, AlertJob[]>();
  for (const { job } of jobs) {
    const j = JSON.parse(job) as AlertJob;
    byDomain.set(j.domainId, [...(byDomain.get(j.domainId) ?? []), j]);
  }
  for (const [id, list] of byDomain) entry(id).notices = noticesOf(list);
  const opens = await db.execute<{ domain_id: string; at: Date | string }>(sql`
    select domain_id, at from (
      select i.domain_id, e.at, row_number() over (partition by i.domain_id order by e.at desc) as n
      from incidents i cross join lateral (
        select at from incident_events e
        where e.incident_id = i.id and e.type in ('opened', 'reopened')
      ) e
      where i.domain_id = any(${sql.param(ids)}::uuid[])
    ) x where n <= ${RECOVERED_OPENS}`);
  for (const r of rowsOf<{ domain_id: string; at: Date | string }>(opens))
    entry(r.domain_id).opens.push(new Date(r.at).getTime());
  for (const e of out.values()) e.opens.sort((a, b) => a - b);
  const open = await db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.domainId, ids), ne(incidents.state, "resolved")));
  if (open.length === 0) return out;
  const pagedIds = new Set(
    jobs.flatMap(({ job }) => {
      const j = JSON.parse(job) as AlertJob;
      return j.type === "incident.opened" && j.incidentId ? [j.incidentId] : [];
    }),
  );
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
