import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { deliveries, type NewDelivery } from "../../schema/control/deliveries";
import type { AlertJob } from "../../schema/wire/events";
import { jobPayload } from "./payload";
import { type Route, routeJobs } from "./route";
import type { AlertsDeps } from "./types";

const MINUTE = 60_000;
/** Event types that group in a storm: many domains opening, then many recovering. */
const STORM_TYPES = new Set(["incident.opened", "incident.resolved"]);

/** The idempotency key of (notification, channel): a redelivered job inserts nothing. */
export const deliveryKey = (eventId: string, channelId: string) => `${eventId}:${channelId}`;

async function recentStormDomains(db: Database, orgIds: string[], since: number) {
  const rows = await db
    .select({
      orgId: deliveries.orgId,
      type: deliveries.type,
      n: sql<number>`count(distinct ${deliveries.domainId})::int`,
    })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.orgId, orgIds),
        inArray(deliveries.type, [...STORM_TYPES]),
        eq(deliveries.kind, "single"),
        gte(deliveries.createdAt, new Date(since)),
      ),
    )
    .groupBy(deliveries.orgId, deliveries.type);
  return new Map(rows.map((r) => [`${r.orgId}|${r.type}`, r.n]));
}

/** Messages sent one by one in the current minute, per channel and per organization. */
async function sentThisMinute(db: Database, routes: Route[], since: number) {
  const channelIds = [...new Set(routes.map((r) => r.channel.id))];
  const orgIds = [...new Set(routes.map((r) => r.channel.orgId))];
  const recent = and(
    eq(deliveries.kind, "single"),
    ne(deliveries.status, "grouped"),
    gte(deliveries.createdAt, new Date(since)),
  );
  const [perChannel, perOrg] = await Promise.all([
    db
      .select({ id: deliveries.channelId, n: sql<number>`count(*)::int` })
      .from(deliveries)
      .where(and(inArray(deliveries.channelId, channelIds), recent))
      .groupBy(deliveries.channelId),
    db
      .select({ id: deliveries.orgId, n: sql<number>`count(*)::int` })
      .from(deliveries)
      .where(and(inArray(deliveries.orgId, orgIds), recent))
      .groupBy(deliveries.orgId),
  ]);
  return {
    channel: new Map(perChannel.map((r) => [r.id, r.n])),
    org: new Map(perOrg.map((r) => [r.id, r.n])),
  };
}

/**
 * The storm or summary message a held delivery joins: one per channel per time bucket, made
 * once (its key is unique) and due when the bucket ends, so every member joins before it is sent.
 */
async function groupFor(
  deps: AlertsDeps,
  r: Route,
  kind: "storm" | "summary",
  now: number,
): Promise<string> {
  const span = kind === "storm" ? deps.settings.stormCollectMs : MINUTE;
  const bucket = Math.floor(now / span);
  const type = kind === "storm" ? r.job.type : "summary";
  const key = `${kind}:${type}:${bucket}:${r.channel.id}`;
  const at = new Date(now);
  await deps.db
    .insert(deliveries)
    .values({
      channelId: r.channel.id,
      orgId: r.channel.orgId,
      eventId: `${kind}:${type}:${bucket}`,
      idempotencyKey: key,
      kind,
      type,
      payload: { type, timestamp: at.toISOString(), data: {} },
      status: "pending",
      nextAttemptAt: new Date((bucket + 1) * span),
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing({ target: deliveries.idempotencyKey });
  const [row] = await deps.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(eq(deliveries.idempotencyKey, key));
  return row!.id;
}

/**
 * Turns a batch of jobs into delivery rows and returns the ids to send now. The row (with its
 * unique key) is written before the send, leased to this invocation for `leaseMs`: a redelivered
 * job finds its rows and sends nothing; a crash before the outcome is recorded leaves the row
 * due again when the lease ends, for the sweep to retry. Storm members and messages over a rate
 * limit are written `grouped` under one storm or summary message instead.
 */
export async function acceptJobs(deps: AlertsDeps, jobs: AlertJob[]): Promise<string[]> {
  const routes = await routeJobs(deps.db, jobs);
  if (routes.length === 0) return [];
  const now = deps.clock.now();
  const s = deps.settings;

  const stormCandidates = routes.filter((r) => STORM_TYPES.has(r.job.type));
  const stormy = new Set<string>();
  if (stormCandidates.length > 0) {
    const orgIds = [...new Set(stormCandidates.map((r) => r.job.orgId))];
    const recent = await recentStormDomains(deps.db, orgIds, now - MINUTE);
    const batchDomains = new Map<string, Set<string>>();
    for (const r of stormCandidates) {
      const k = `${r.job.orgId}|${r.job.type}`;
      batchDomains.set(k, (batchDomains.get(k) ?? new Set()).add(r.job.domainId));
    }
    for (const [k, set] of batchDomains) {
      if ((recent.get(k) ?? 0) + set.size > s.stormThreshold) stormy.add(k);
    }
  }

  const counts = await sentThisMinute(deps.db, routes, Math.floor(now / MINUTE) * MINUTE);
  const at = new Date(now);
  const lease = new Date(now + s.leaseMs);
  const rows: NewDelivery[] = [];
  for (const r of routes) {
    const base: NewDelivery = {
      channelId: r.channel.id,
      orgId: r.channel.orgId,
      eventId: r.job.id,
      idempotencyKey: deliveryKey(r.job.id, r.channel.id),
      type: r.job.type,
      domainId: r.job.domainId,
      incidentId: r.job.incidentId,
      payload: jobPayload(r.job),
      createdAt: at,
      updatedAt: at,
    };
    if (stormy.has(`${r.job.orgId}|${r.job.type}`)) {
      rows.push({ ...base, status: "grouped", groupId: await groupFor(deps, r, "storm", now) });
      continue;
    }
    const ch = counts.channel.get(r.channel.id) ?? 0;
    const org = counts.org.get(r.channel.orgId) ?? 0;
    if (ch >= s.channelPerMinute || org >= s.orgPerMinute) {
      rows.push({ ...base, status: "grouped", groupId: await groupFor(deps, r, "summary", now) });
      continue;
    }
    counts.channel.set(r.channel.id, ch + 1);
    counts.org.set(r.channel.orgId, org + 1);
    rows.push({ ...base, status: "pending", nextAttemptAt: lease });
  }
  const inserted = await deps.db
    .insert(deliveries)
    .values(rows)
    .onConflictDoNothing({ target: deliveries.idempotencyKey })
    .returning({ id: deliveries.id, status: deliveries.status });
  return inserted.filter((r) => r.status === "pending").map((r) => r.id);
}
