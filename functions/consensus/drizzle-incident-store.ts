import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { bulkTable } from "../../adapters/db/bulk-table";
import { unnestInsert } from "../../adapters/db/bulk-unnest";
import type { Database } from "../../adapters/db/types";
import { appendOrgEvents, type OrgEventIn } from "../../adapters/events/org-events";
import { alertOutbox } from "../../schema/control/alert-outbox";
import { incidentEvents } from "../../schema/control/incident-events";
import { incidents } from "../../schema/control/incidents";
import type { AlertJob } from "../../schema/wire/events";
import { drizzleRecover } from "./drizzle-recover";
import type { DomainCommit, IncidentChanges, IncidentStore } from "./incident-store";

const OUTBOX = bulkTable(alertOutbox);
const date = (ms: number | null) => (ms === null ? null : new Date(ms));
/** Rows per INSERT: big enough to amortise a round trip, small enough for the bind limit. */
const CHUNK = 500;

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** The sequence in an AlertJob id (`<domain>:<sequence>`). */
export function jobSequence(job: Pick<AlertJob, "id">): number {
  return Number(job.id.slice(job.id.lastIndexOf(":") + 1));
}

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
      if (feed && feed.events.length > 0)
        feeds.set(feed.orgId, [...(feeds.get(feed.orgId) ?? []), ...feed.events]);
    }
    // the live stream's events commit with the change they describe, one append per organization
    for (const [orgId, events] of feeds) await appendOrgEvents(tx, orgId, events);
    for (const part of chunks(merged.incidents)) {
      await tx
        .insert(incidents)
        .values(
          part.map((row) => ({
            id: row.id,
            orgId: row.orgId,
            domainId: row.domainId,
            state: row.state,
            regions: row.regions,
            cause: row.cause,
            openedAt: new Date(row.openedAt),
            acknowledgedAt: date(row.acknowledgedAt),
            resolvedAt: date(row.resolvedAt),
            lastSequence: row.lastSequence,
          })),
        )
        .onConflictDoUpdate({
          target: incidents.id,
          set: {
            state: sql`excluded.state`,
            regions: sql`excluded.regions`,
            cause: sql`excluded.cause`,
            openedAt: sql`excluded.opened_at`,
            acknowledgedAt: sql`excluded.acknowledged_at`,
            resolvedAt: sql`excluded.resolved_at`,
            lastSequence: sql`excluded.last_sequence`,
          },
          // an older write (a late redelivery) never rolls a newer state back
          setWhere: sql`${incidents.lastSequence} < excluded.last_sequence`,
        });
    }
    for (const cl of merged.closures) {
      await tx
        .update(incidents)
        .set({
          state: "resolved",
          resolvedAt: new Date(cl.resolvedAt),
          lastSequence: cl.lastSequence,
        })
        .where(and(eq(incidents.id, cl.id), lt(incidents.lastSequence, cl.lastSequence)));
    }
    for (const part of chunks(merged.events)) {
      await tx
        .insert(incidentEvents)
        .values(
          part.map((e) => ({
            incidentId: e.incidentId,
            sequence: e.sequence,
            type: e.type,
            fromState: e.fromState,
            toState: e.toState,
            at: new Date(e.at),
            data: e.data,
          })),
        )
        .onConflictDoNothing();
    }
    // outbox rows: one unnest INSERT per chunk, no row builder (the hot path of a burst)
    const now = new Date(clock.now());
    await unnestInsert(
      tx,
      OUTBOX,
      batch.flatMap((b) =>
        b.jobs.map((job) => ({
          id: job.id,
          domainId: job.domainId,
          sequence: jobSequence(job),
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
    async unsent(limit) {
      const rows = await db
        .select({ job: alertOutbox.job })
        .from(alertOutbox)
        .where(isNull(alertOutbox.sentAt))
        .orderBy(asc(alertOutbox.createdAt), asc(alertOutbox.domainId), asc(alertOutbox.sequence))
        .limit(limit);
      return rows.map((r) => JSON.parse(r.job) as AlertJob);
    },
    async markSent(ids, at) {
      for (const part of chunks(ids)) {
        await db
          .update(alertOutbox)
          .set({ sentAt: new Date(at) })
          .where(and(inArray(alertOutbox.id, part), isNull(alertOutbox.sentAt)));
      }
    },
  };
  return store;
}
