import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { rowsOf } from "../../adapters/db/rows";
import type { Database } from "../../adapters/db/types";
import { type Delivery, deliveries, type NewDelivery } from "../../schema/control/deliveries";
import type { AlertJob } from "../../schema/wire/events";
import type { Claimed } from "./attempt";
import { jobPayload } from "./payload";
import { isUuid, type Route, routeJobs } from "./route";
import { insertedDelivery } from "./rows";
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

/** Messages per counter scope (the channel's and the organization's), in one order for every batch. */
function scopeCounts(routes: Route[]) {
  const adds = new Map<string, number>();
  for (const r of routes) {
    for (const scope of [`channel:${r.channel.id}`, `org:${r.channel.orgId}`])
      adds.set(scope, (adds.get(scope) ?? 0) + 1);
  }
  // rows in one order in every batch: concurrent batches that share scopes (the organization's
  // always) then wait for each other instead of deadlocking
  const sorted = [...adds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    adds,
    scopes: sql.param(pgArray(sorted.map(([scope]) => scope))),
    counts: sql.param(pgArray(sorted.map(([, n]) => n))),
  };
}

/**
 * Adds this batch's messages to the current minute's counters (one atomic upsert, committed at
 * once so the organization's row is locked for that statement only, not for the batch) and
 * returns each scope's count before the batch, so concurrent batches never both take the last
 * slot, with the way to take counts back: all of them if the batch is then not recorded, or
 * those of routes whose rows already existed (a redelivered job, which sends nothing).
 */
async function countThisMinute(db: Database, routes: Route[], now: number) {
  const window = Math.floor(now / MINUTE);
  const all = scopeCounts(routes);
  const rows = rowsOf<{ scope: string; count: number }>(
    await db.execute(sql`
      insert into delivery_counters (scope, "window", count)
      select v.scope, ${window}::bigint, v.n
      from unnest(${all.scopes}::text[], ${all.counts}::int[]) with ordinality as v(scope, n, i)
      order by v.i
      on conflict (scope, "window") do update set count = delivery_counters.count + excluded.count
      returning scope, count`),
  );
  const before = new Map(rows.map((r) => [r.scope, r.count - (all.adds.get(r.scope) ?? 0)]));
  const uncount = async (some?: Route[]) => {
    const back = some ? scopeCounts(some) : all;
    await db.execute(sql`
      update delivery_counters as c set count = greatest(0, c.count - v.n)
      from unnest(${back.scopes}::text[], ${back.counts}::int[]) as v(scope, n)
      where c.scope = v.scope and c."window" = ${window}::bigint`);
  };
  return { before, uncount };
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

type Fate = "send" | "storm" | "summary";

/** What becomes of each route: a storm member, held over a rate limit for a summary, or sent. */
function fates(
  routes: Route[],
  stormy: Set<string>,
  counts: Map<string, number>,
  s: AlertsDeps["settings"],
): Fate[] {
  return routes.map((r) => {
    if (stormy.has(`${r.job.orgId}|${r.job.type}`)) return "storm";
    const chKey = `channel:${r.channel.id}`;
    const orgKey = `org:${r.channel.orgId}`;
    const ch = counts.get(chKey) ?? 0;
    const org = counts.get(orgKey) ?? 0;
    if (ch >= s.channelPerMinute || org >= s.orgPerMinute) return "summary";
    counts.set(chKey, ch + 1);
    counts.set(orgKey, org + 1);
    return "send";
  });
}

/** The batch's rows: pending to send now, or grouped under their storm or summary message. */
async function deliveryRows(
  deps: AlertsDeps,
  routes: Route[],
  fate: Fate[],
  now: number,
): Promise<NewDelivery[]> {
  const at = new Date(now);
  const lease = new Date(now + deps.settings.leaseMs);
  const rows: NewDelivery[] = [];
  for (const [i, r] of routes.entries()) {
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
    const f = fate[i]!;
    rows.push(
      f === "send"
        ? { ...base, status: "pending", nextAttemptAt: lease }
        : { ...base, status: "grouped", groupId: await groupFor(deps, r, f, now) },
    );
  }
  return rows;
}

/**
 * The rows as one JSON parameter for `insert … select`, every column of `deliveries` in its
 * order: one value to bind instead of twenty per row, which is most of a batch's CPU otherwise.
 */
function rowsSelect(rows: NewDelivery[]) {
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  const json = JSON.stringify(
    rows.map((r) => ({
      channel_id: r.channelId,
      org_id: r.orgId,
      event_id: r.eventId,
      idempotency_key: r.idempotencyKey,
      kind: r.kind ?? "single",
      type: r.type,
      domain_id: r.domainId ?? null,
      incident_id: r.incidentId ?? null,
      payload: r.payload,
      group_id: r.groupId ?? null,
      status: r.status,
      next_attempt_at: iso(r.nextAttemptAt),
      created_at: iso(r.createdAt),
      updated_at: iso(r.updatedAt),
    })),
  );
  return sql`select gen_random_uuid(), x.channel_id, x.org_id, x.event_id, x.idempotency_key,
      x.kind, x.type, x.domain_id, x.incident_id, x.payload, x.group_id, x.status, 0, null::int,
      null::int, null::text, x.next_attempt_at, null::timestamptz, x.created_at, x.updated_at
    from jsonb_to_recordset(${json}::jsonb) as x(channel_id uuid, org_id uuid, event_id text,
      idempotency_key text, kind delivery_kind, type text, domain_id text, incident_id text,
      payload jsonb, group_id uuid, status delivery_status, next_attempt_at timestamptz,
      created_at timestamptz, updated_at timestamptz)`;
}

/**
 * Turns a batch of jobs into delivery rows and returns the ids to send now. The row (with its
 * unique key) is written before the send, leased to this invocation for `leaseMs`: a redelivered
 * job finds its rows and sends nothing; a crash before the outcome is recorded leaves the row
 * due again when the lease ends, for the sweep to retry. Storm members and messages over a rate
 * limit are written `grouped` under one storm or summary message instead.
 */
export async function acceptJobs(deps: AlertsDeps, jobs: AlertJob[]): Promise<Claimed[]> {
  const now = deps.clock.now();
  const s = deps.settings;
  // the storm count depends on the jobs alone, not on their routes: both are read at once
  const stormOrgs = [
    ...new Set(jobs.filter((j) => STORM_TYPES.has(j.type)).map((j) => j.orgId)),
  ].filter(isUuid);
  const [routes, recent] = await Promise.all([
    routeJobs(deps.db, jobs),
    stormOrgs.length > 0
      ? recentStormDomains(deps.db, stormOrgs, now - MINUTE)
      : new Map<string, number>(),
  ]);
  if (routes.length === 0) return [];

  const stormCandidates = routes.filter((r) => STORM_TYPES.has(r.job.type));
  const stormy = new Set<string>();
  if (stormCandidates.length > 0) {
    const batchDomains = new Map<string, Set<string>>();
    for (const r of stormCandidates) {
      const k = `${r.job.orgId}|${r.job.type}`;
      batchDomains.set(k, (batchDomains.get(k) ?? new Set()).add(r.job.domainId));
    }
    for (const [k, set] of batchDomains) {
      if ((recent.get(k) ?? 0) + set.size > s.stormThreshold) stormy.add(k);
    }
  }

  const singles = routes.filter((r) => !stormy.has(`${r.job.orgId}|${r.job.type}`));
  const counted = singles.length > 0 ? await countThisMinute(deps.db, singles, now) : null;
  const fate = fates(routes, stormy, counted?.before ?? new Map(), deps.settings);
  const insert = async (d: AlertsDeps) => {
    const rows = await deliveryRows(d, routes, fate, now);
    // only the ids come back: the rest of each row is what was written
    const written = rowsOf<{ id: string; idempotency_key: string }>(
      await d.db.execute(sql`
        insert into deliveries (id, channel_id, org_id, event_id, idempotency_key, kind, type,
          domain_id, incident_id, payload, group_id, status, attempts, last_status_code,
          last_latency_ms, last_error, next_attempt_at, sent_at, created_at, updated_at)
        ${rowsSelect(rows)}
        on conflict (idempotency_key) do nothing
        returning id, idempotency_key`),
    );
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    return written.map((w) => insertedDelivery(w.id, byKey.get(w.idempotency_key)!));
  };
  let inserted: Delivery[];
  try {
    // rows that join a group are written with their group, whole or not at all; rows alone
    // are one statement
    inserted = fate.every((f) => f === "send")
      ? await insert(deps)
      : await deps.db.transaction((tx) => insert({ ...deps, db: tx as unknown as Database }));
  } catch (err) {
    // not recorded: its counts go back, so what is redelivered is not held for a summary
    await counted?.uncount().catch(() => {});
    throw err;
  }
  if (counted) {
    // a redelivered job's rows were there already: it sends nothing, so it counts nothing
    const written = new Set(inserted.map((d) => d.idempotencyKey));
    const repeats = singles.filter((r) => !written.has(deliveryKey(r.job.id, r.channel.id)));
    if (repeats.length > 0)
      await counted.uncount(repeats).catch((err) => {
        deps.log.warn("a redelivered job's rate-limit counts not taken back", {
          error: String(err),
        });
      });
  }
  const channels = new Map(routes.map((r) => [r.channel.id, r.channel]));
  return inserted
    .filter((d) => d.status === "pending")
    .map((d) => ({ d, c: channels.get(d.channelId)! }));
}
