import { and, asc, eq, gt, sql } from "drizzle-orm";
import { orgEventCounters, orgEvents } from "../../schema/control/org-events";
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

type Tx = Pick<Database, "insert" | "execute">;

// node-postgres and PGlite answer execute() with { rows }; Neon's HTTP driver too
const rowsOf = <T>(r: unknown): T[] =>
  Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);

/**
 * Appends events with the organization's next sequence numbers. Call it inside the writing
 * transaction: the counter row stays locked until commit, so a later sequence never becomes
 * visible before an earlier one and a reader that saw seq n has seen every seq below it.
 */
export async function appendOrgEvents(tx: Tx, orgId: string, events: OrgEventIn[]): Promise<void> {
  if (events.length === 0) return;
  const keys = events.flatMap((e) => (e.key ? [e.key] : []));
  if (keys.length > 0) {
    const seen = await tx.execute<{ key: string }>(
      sql`select key from org_events where org_id = ${orgId} and key in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
    const known = new Set(rowsOf<{ key: string }>(seen).map((r) => r.key));
    events = events.filter((e) => !e.key || !known.has(e.key));
    if (events.length === 0) return;
  }
  const [row] = await tx
    .insert(orgEventCounters)
    .values({ orgId, lastSeq: events.length })
    .onConflictDoUpdate({
      target: orgEventCounters.orgId,
      set: { lastSeq: sql`${orgEventCounters.lastSeq} + ${events.length}` },
    })
    .returning({ lastSeq: orgEventCounters.lastSeq });
  const first = row!.lastSeq - events.length + 1;
  await tx.insert(orgEvents).values(
    events.map((e, i) => ({
      orgId,
      seq: first + i,
      type: e.type,
      data: e.data,
      ...(e.at ? { at: e.at } : {}),
      ...(e.key ? { key: e.key } : {}),
    })),
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
