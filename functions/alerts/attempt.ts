import { asc, eq, inArray, sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { rowsOf } from "../../adapters/db/rows";
import type { AlertChannel } from "../../schema/control/alert-channels";
import { type Delivery, deliveries } from "../../schema/control/deliveries";
import { groupPayload } from "./payload";
import { type AttemptResult, recordOutcomes } from "./record";
import { channelFromRow, deliveryFromRow } from "./rows";
import { senders } from "./senders";
import { type AlertsDeps, failed, type OutboundMessage, type SendOutcome } from "./types";

/** One delivery's attempt as the log line tells it. */
interface AttemptReport extends AttemptResult {
  nextAttemptAt: number | null;
}

async function messageOf(deps: AlertsDeps, d: Delivery): Promise<OutboundMessage | null> {
  const msg = { deliveryId: d.id, webhookId: `msg_${d.id}`, kind: d.kind };
  if (d.kind === "single") return { ...msg, payload: d.payload, members: [] };
  const members = await deps.db
    .select({ payload: deliveries.payload })
    .from(deliveries)
    .where(eq(deliveries.groupId, d.id))
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id));
  if (members.length === 0) return null;
  const list = members.map((m) => m.payload);
  return {
    ...msg,
    payload: groupPayload(d.kind, d.type, list, deps.clock.now()),
    members: list,
  };
}

/** One attempt of one delivery (a disabled channel's is a failure without a send). */
export async function attemptOne(
  deps: AlertsDeps,
  d: Delivery,
  channel: AlertChannel,
): Promise<AttemptResult> {
  const started = performance.now();
  let outcome: SendOutcome;
  if (!channel.enabled) {
    outcome = failed(
      `channel disabled${channel.disabledReason ? `: ${channel.disabledReason}` : ""}`,
    );
  } else {
    const msg = await messageOf(deps, d);
    outcome = msg
      ? await senders[channel.type](deps, channel, msg)
      : failed("nothing to send: the group has no members");
  }
  return { delivery: d, channel, outcome, latencyMs: Math.round(performance.now() - started) };
}

/** A delivery claimed for sending, with its channel. */
export interface Claimed {
  d: Delivery;
  c: AlertChannel;
}

/** The claimed rows of the given ids, with their channels (the sweep's claim). */
export async function claimedRows(deps: AlertsDeps, ids: string[]): Promise<Claimed[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<Record<string, unknown> & { channel: Record<string, unknown> }>(
    await deps.db.execute(sql`
      select d.*, to_jsonb(c) as channel from deliveries d
      join alert_channels c on c.id = d.channel_id
      where d.id = any(${sql.param(pgArray(ids))}::uuid[])`),
  );
  return rows.map((r) => ({ d: deliveryFromRow(r), c: channelFromRow(r.channel) }));
}

/**
 * A channel (or origin) that already has its fill of sends waiting (a slow receiver) does not
 * hold this batch: its deliveries stay pending, due again after `deferMs`, for the sweep.
 */
export async function defer(deps: AlertsDeps, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await deps.db
    .update(deliveries)
    .set({ nextAttemptAt: new Date(deps.clock.now() + deps.settings.deferMs) })
    .where(inArray(deliveries.id, ids));
}

/** Records attempts (one set of statements for all of them) and logs a line per attempt. */
export async function recordAndLog(deps: AlertsDeps, results: AttemptResult[]): Promise<void> {
  if (results.length === 0) return;
  const next = await recordOutcomes(deps, results);
  for (const [i, r] of results.entries())
    logAttempt(deps, { ...r, nextAttemptAt: next[i] ?? null });
}

function logAttempt(deps: AlertsDeps, r: AttemptReport): void {
  const fields = {
    deliveryId: r.delivery.id,
    channel: `${r.channel.type}:${r.channel.name}`,
    type: r.delivery.type,
    attempt: r.delivery.attempts + 1,
    latencyMs: r.latencyMs,
    ...(r.delivery.domainId ? { domainId: r.delivery.domainId } : {}),
    ...(r.outcome.statusCode !== null ? { status: r.outcome.statusCode } : {}),
    ...(r.outcome.error ? { error: r.outcome.error } : {}),
    ...(r.nextAttemptAt !== null ? { next: new Date(r.nextAttemptAt).toISOString() } : {}),
  };
  if (r.outcome.ok) deps.log.info(`delivered ${r.delivery.type}`, fields);
  else deps.log.warn(`delivery failed ${r.delivery.type}`, fields);
}
