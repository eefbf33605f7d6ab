import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { rowsOf } from "../../adapters/db/rows";
import type { Database } from "../../adapters/db/types";
import { type Delivery, deliveries, type NewDelivery } from "../../schema/control/deliveries";
import type { AlertJob } from "../../schema/wire/events";
import type { Claimed } from "./attempt";
import { groupFor, holdForSummary, MINUTE, overLimit } from "./held";
import { jobPayload } from "./payload";
import { isUuid, type Route, routeJobs } from "./route";
import { insertedDelivery } from "./rows";
import type { AlertsDeps } from "./types";

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

/** The batch's rows: pending to send now, or storm members grouped under their storm message. */
async function deliveryRows(
  deps: AlertsDeps,
  routes: Route[],
  stormy: boolean[],
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
    rows.push(
      stormy[i]
        ? {
            ...base,
            status: "grouped",
            groupId: await groupFor(deps, r.channel, "storm", r.job.type, now),
          }
        : { ...base, status: "pending", nextAttemptAt: lease },
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
 * Writes the rows (a row whose key exists is skipped: its job was here before) and, in the same
 * statement, adds the new pending rows to their scopes' counters for this minute, in one order
 * for every batch (concurrent batches that share a scope, the organization's always, then wait
 * for each other instead of deadlocking). Returns the rows written and what each of their
 * scopes counted before them. Only what was written counts: a redelivered job sends nothing,
 * so it takes no slot, and a statement that fails counts nothing.
 */
async function insertCounted(
  db: Database,
  rows: NewDelivery[],
  now: number,
): Promise<{ inserted: Delivery[]; before: Map<string, number> }> {
  const window = Math.floor(now / MINUTE);
  const [out] = rowsOf<{ written: [string, string][]; before: [string, number][] }>(
    await db.execute(sql`
      with ins as (
        insert into deliveries (id, channel_id, org_id, event_id, idempotency_key, kind, type,
          domain_id, incident_id, payload, group_id, status, attempts, last_status_code,
          last_latency_ms, last_error, next_attempt_at, sent_at, created_at, updated_at)
        ${rowsSelect(rows)}
        on conflict (idempotency_key) do nothing
        returning id, idempotency_key, channel_id, org_id, status
      ), adds as (
        select s.scope, count(*)::int as n from ins
        cross join lateral (values ('channel:' || ins.channel_id), ('org:' || ins.org_id)) as s(scope)
        where ins.status = 'pending'
        group by s.scope
      ), counted as (
        insert into delivery_counters (scope, "window", count)
        select scope, ${window}::bigint, n from adds order by scope
        on conflict (scope, "window") do update set count = delivery_counters.count + excluded.count
        returning scope, count
      )
      -- what each scope held before this batch: its count now less the batch's own
      select
        (select coalesce(json_agg(json_build_array(id, idempotency_key)), '[]') from ins) as written,
        (select coalesce(json_agg(json_build_array(c.scope, c.count - a.n)), '[]')
          from counted c join adds a using (scope)) as before`),
  );
  const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
  const inserted = out!.written.map(([id, key]) => insertedDelivery(id, byKey.get(key)!));
  return { inserted, before: new Map(out!.before) };
}

/**
 * Turns a batch of jobs into delivery rows and returns the ids to send now. The row (with its
 * unique key) is written before the send, leased to this invocation for `leaseMs`: a redelivered
 * job finds its rows and sends nothing; a crash before the outcome is recorded leaves the row
 * due again when the lease ends, for the sweep to retry. Storm members are written `grouped`
 * under one storm message; messages over a rate limit are then moved under a summary message.
 * Two round trips in the common case: the routes, then the rows with their counts.
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

  const batchDomains = new Map<string, Set<string>>();
  for (const r of routes) {
    if (!STORM_TYPES.has(r.job.type)) continue;
    const k = `${r.job.orgId}|${r.job.type}`;
    batchDomains.set(k, (batchDomains.get(k) ?? new Set()).add(r.job.domainId));
  }
  const storms = new Set<string>();
  for (const [k, set] of batchDomains) {
    if ((recent.get(k) ?? 0) + set.size > s.stormThreshold) storms.add(k);
  }
  const stormy = routes.map((r) => storms.has(`${r.job.orgId}|${r.job.type}`));
  const insert = async (d: AlertsDeps) =>
    insertCounted(d.db, await deliveryRows(d, routes, stormy, now), now);
  // rows that join a storm are written with their group, whole or not at all; rows alone are
  // one statement
  const { inserted, before } = stormy.some(Boolean)
    ? await deps.db.transaction((tx) => insert({ ...deps, db: tx as unknown as Database }))
    : await insert(deps);

  const pending = inserted.filter((d) => d.status === "pending");
  const held = overLimit(pending, before, s);
  if (held.size > 0) {
    try {
      await holdForSummary(
        deps,
        pending.filter((d) => held.has(d.id)),
        now,
      );
    } catch (err) {
      deps.log.warn("messages over a rate limit not held for a summary; the sweep sends them", {
        count: held.size,
        error: String(err),
      });
    }
  }
  const channels = new Map(routes.map((r) => [r.channel.id, r.channel]));
  return pending.filter((d) => !held.has(d.id)).map((d) => ({ d, c: channels.get(d.channelId)! }));
}
