import { and, asc, eq, gt, sql } from "drizzle-orm";
import { orgEventCounters, orgEvents } from "../../schema/control/org-events";
import { unnestOf } from "../db/bulk-unnest";
import type { Database } from "../db/types";

/** One event of an organization's stream (GET /v1/events). */
export interface OrgEventIn {
  type: string;
  data: Record<string, unknown>;
  at?: Date;
  /** Set for events a redelivered message may produce again: a second append is skipped. */
  key?: string;
}

/** An event as stored, with its per-organization sequence. */
export interface OrgEventOut {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  at: Date;
}

type Tx = Pick<Database, "execute">;

// node-postgres and PGlite answer execute() with { rows }; Neon's HTTP driver too
const rowsOf = <T>(r: unknown): T[] =>
  Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);

/**
 * Appends events with the organization's next sequence numbers. Call it inside the writing
 * transaction: the counter row stays locked until commit, so a later sequence never becomes
 * visible before an earlier one and a reader that saw seq n has seen every seq below it.
 */
export async function appendOrgEvents(tx: Tx, orgId: string, events: OrgEventIn[]): Promise<void> {
  await appendOrgEventsMany(tx, [{ orgId, events }]);
}

/**
 * The events of many organizations in three statements whatever their number: one lookup of
 * the keys already stored, one counter upsert (rows locked in organization order, so two
 * writers never deadlock) and one insert. An event whose key is stored already, or repeated
 * in the same call, is skipped.
 */
export async function appendOrgEventsMany(
  tx: Tx,
  batch: { orgId: string; events: OrgEventIn[] }[],
): Promise<void> {
  const all = batch.flatMap((b) => b.events.map((e) => ({ orgId: b.orgId, e })));
  if (all.length === 0) return;
  const keyed = all.filter((x) => x.e.key);
  const seen = new Set<string>();
  if (keyed.length > 0) {
    const stored = await tx.execute(
      sql`select o.org_id, o.key from org_events o join ${unnestOf([
        { type: "uuid", values: keyed.map((x) => x.orgId) },
        { type: "text", values: keyed.map((x) => x.e.key) },
      ])} as u(org_id, key) on o.org_id = u.org_id and o.key = u.key`,
    );
    for (const r of rowsOf<{ org_id: string; key: string }>(stored))
      seen.add(`${r.org_id} ${r.key}`);
  }
  const fresh = all.filter((x) => {
    if (!x.e.key) return true;
    const k = `${x.orgId} ${x.e.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (fresh.length === 0) return;
  const counts = new Map<string, number>();
  for (const x of fresh) counts.set(x.orgId, (counts.get(x.orgId) ?? 0) + 1);
  const orgs = [...counts.keys()].sort();
  const last = await tx.execute(
    sql`insert into org_event_counters (org_id, last_seq) select * from ${unnestOf([
      { type: "uuid", values: orgs },
      { type: "bigint", values: orgs.map((o) => counts.get(o)) },
    ])} as u(org_id, n) order by org_id
    on conflict (org_id) do update set last_seq = org_event_counters.last_seq + excluded.last_seq
    returning org_id, last_seq`,
  );
  const next = new Map<string, number>();
  for (const r of rowsOf<{ org_id: string; last_seq: string | number }>(last))
    next.set(r.org_id, Number(r.last_seq) - counts.get(r.org_id)! + 1);
  const seqs = fresh.map((x) => {
    const s = next.get(x.orgId)!;
    next.set(x.orgId, s + 1);
    return s;
  });
  await tx.execute(
    sql`insert into org_events (org_id, seq, type, data, at, key)
    select org_id, seq, type, data, coalesce(at, now()), key from ${unnestOf([
      { type: "uuid", values: fresh.map((x) => x.orgId) },
      { type: "bigint", values: seqs },
      { type: "text", values: fresh.map((x) => x.e.type) },
      { type: "jsonb", values: fresh.map((x) => JSON.stringify(x.e.data)) },
      { type: "timestamptz", values: fresh.map((x) => x.e.at ?? null) },
      { type: "text", values: fresh.map((x) => x.e.key ?? null) },
    ])} as u(org_id, seq, type, data, at, key)`,
  );
}

/** Events after `afterSeq`, oldest first, at most `limit`. */
export async function readOrgEvents(
  db: Database,
  orgId: string,
  afterSeq: number,
  limit = 500,
): Promise<OrgEventOut[]> {
  return db
    .select({ seq: orgEvents.seq, type: orgEvents.type, data: orgEvents.data, at: orgEvents.at })
    .from(orgEvents)
    .where(and(eq(orgEvents.orgId, orgId), gt(orgEvents.seq, afterSeq)))
    .orderBy(asc(orgEvents.seq))
    .limit(limit);
}

/** The organization's latest sequence (0 before its first event). */
export async function lastOrgSeq(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ lastSeq: orgEventCounters.lastSeq })
    .from(orgEventCounters)
    .where(eq(orgEventCounters.orgId, orgId));
  return row?.lastSeq ?? 0;
}
