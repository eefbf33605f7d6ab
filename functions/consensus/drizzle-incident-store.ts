import { asc, isNull, sql } from "drizzle-orm";
import { bulkTable } from "../../adapters/db/bulk-table";
import { unnestInsert, unnestOf } from "../../adapters/db/bulk-unnest";
import { pgArray } from "../../adapters/db/pg-array";
import type { Database } from "../../adapters/db/types";
import { appendOrgEventsMany, type OrgEventIn } from "../../adapters/events/org-events";
import { alertOutbox } from "../../schema/control/alert-outbox";
import type { AlertJob } from "../../schema/wire/events";
import { drizzleRecover } from "./drizzle-recover";
import {
  type DomainCommit,
  type IncidentChanges,
  type IncidentStore,
  jobSeq,
} from "./incident-store";

const OUTBOX = bulkTable(alertOutbox);
const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Incidents, their events and the alert outbox in the control DB. A batch is a few multi-row
 * statements in one transaction; a redelivered batch changes nothing.
 */
export function drizzleIncidentStore(db: Database, clock: { now(): number } = Date): IncidentStore {
  async function write(tx: Database, batch: DomainCommit[]) {
    const merged: IncidentChanges = { incidents: [], closures: [], events: [] };
    const feeds = new Map<string, OrgEventIn[]>();
    for (const b of batch) {
      merged.incidents.push(...b.changes.incidents);
      merged.closures.push(...b.changes.closures);
      merged.events.push(...b.changes.events);
      const feed = b.changes.feed;
      if (feed && feed.events.length > 0) {
        const list = feeds.get(feed.orgId) ?? [];
        list.push(...feed.events);
        feeds.set(feed.orgId, list);
      }
    }
    // the live stream's events commit with the change they describe
    await appendOrgEventsMany(
      tx,
      [...feeds].map(([orgId, events]) => ({ orgId, events })),
    );
    // every table below is one statement per batch, its rows as unnest() arrays
    const rows = merged.incidents;
    if (rows.length > 0)
      await tx.execute(sql`insert into incidents (id, org_id, domain_id, state, regions, cause,
        opened_at, acknowledged_at, resolved_at, last_sequence)
        select id, org_id, domain_id, state::incident_state, regions::text[], cause, opened_at, acknowledged_at,
          resolved_at, last_sequence from ${unnestOf([
            { type: "uuid", values: rows.map((r) => r.id) },
            { type: "uuid", values: rows.map((r) => r.orgId) },
            { type: "uuid", values: rows.map((r) => r.domainId) },
            { type: "text", values: rows.map((r) => r.state) },
            { type: "text", values: rows.map((r) => pgArray(r.regions)) },
            { type: "text", values: rows.map((r) => r.cause) },
            { type: "timestamptz", values: rows.map((r) => date(r.openedAt)) },
            { type: "timestamptz", values: rows.map((r) => date(r.acknowledgedAt)) },
            { type: "timestamptz", values: rows.map((r) => date(r.resolvedAt)) },
            { type: "integer", values: rows.map((r) => r.lastSequence) },
          ])} as u(id, org_id, domain_id, state, regions, cause, opened_at, acknowledged_at,
            resolved_at, last_sequence)
        on conflict (id) do update set state = excluded.state, regions = excluded.regions,
          cause = excluded.cause, opened_at = excluded.opened_at,
          acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at,
          last_sequence = excluded.last_sequence
        -- an older write (a late redelivery) never rolls a newer state back
        where incidents.last_sequence < excluded.last_sequence`);
    const cl = merged.closures;
    if (cl.length > 0)
      await tx.execute(sql`update incidents set state = 'resolved', resolved_at = u.resolved_at,
        last_sequence = u.last_sequence from ${unnestOf([
          { type: "uuid", values: cl.map((c) => c.id) },
          { type: "timestamptz", values: cl.map((c) => date(c.resolvedAt)) },
          { type: "integer", values: cl.map((c) => c.lastSequence) },
        ])} as u(id, resolved_at, last_sequence)
        where incidents.id = u.id and incidents.last_sequence < u.last_sequence`);
    const ev = merged.events;
    if (ev.length > 0)
      await tx.execute(sql`insert into incident_events (incident_id, sequence, type, from_state,
        to_state, at, data)
        select incident_id, sequence, type, from_state::incident_state, to_state::incident_state,
          at, data from ${unnestOf([
            { type: "uuid", values: ev.map((e) => e.incidentId) },
            { type: "integer", values: ev.map((e) => e.sequence) },
            { type: "text", values: ev.map((e) => e.type) },
            { type: "text", values: ev.map((e) => e.fromState) },
            { type: "text", values: ev.map((e) => e.toState) },
            { type: "timestamptz", values: ev.map((e) => date(e.at)) },
            { type: "jsonb", values: ev.map((e) => JSON.stringify(e.data)) },
          ])} as u(incident_id, sequence, type, from_state, to_state, at, data)
        on conflict do nothing`);
    const now = new Date(clock.now());
    await unnestInsert(
      tx,
      OUTBOX,
      batch.flatMap((b) =>
        b.jobs.map((job) => ({
          id: job.id,
          domainId: job.domainId,
          sequence: jobSeq(job),
          job: JSON.stringify(job),
          createdAt: now,
          sentAt: null,
        })),
      ),
      { onConflict: "ignore" },
    );
  }

  const store: IncidentStore = {
    async save(c) {
      const feed = c.feed?.events.length ?? 0;
      if (c.incidents.length + c.closures.length + c.events.length + feed === 0) return;
      await db.transaction((tx) =>
        write(tx as unknown as Database, [{ domainId: "", changes: c, jobs: [] }]),
      );
    },
    async commit(batch) {
      const some = batch.some(
        (b) =>
          b.jobs.length +
            b.changes.incidents.length +
            b.changes.closures.length +
            b.changes.events.length +
            (b.changes.feed?.events.length ?? 0) >
          0,
      );
      if (!some) return;
      await db.transaction((tx) => write(tx as unknown as Database, batch));
    },
    recover: (ids) => drizzleRecover(db, ids),
    async relay(limit, send, at) {
      // the rows stay locked while they are sent: a concurrent relay (another shard) skips
      // them, and a relay that dies releases them unsent
      return db.transaction(async (tx) => {
        const rows = await tx
          .select({ id: alertOutbox.id, job: alertOutbox.job })
          .from(alertOutbox)
          .where(isNull(alertOutbox.sentAt))
          .orderBy(asc(alertOutbox.createdAt), asc(alertOutbox.domainId), asc(alertOutbox.sequence))
          .limit(limit)
          .for("update", { skipLocked: true });
        if (rows.length === 0) return 0;
        await send(rows.map((r) => JSON.parse(r.job) as AlertJob));
        await tx.execute(sql`update alert_outbox set sent_at = ${new Date(at).toISOString()}
          where id = any(${sql.param(rows.map((r) => r.id))}::text[])`);
        return rows.length;
      });
    },
  };
  return store;
}
