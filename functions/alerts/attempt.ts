import { asc, eq, inArray } from "drizzle-orm";
import { type AlertChannel, alertChannels } from "../../schema/control/alert-channels";
import { type Delivery, deliveries } from "../../schema/control/deliveries";
import type { KeyedLimiter } from "./limiter";
import { groupPayload } from "./payload";
import { recordOutcomes } from "./record";
import { senders } from "./senders";
import { type AlertsDeps, failed, type OutboundMessage, type SendOutcome } from "./types";

/** One delivery's attempt as the log line tells it. */
export interface AttemptReport {
  delivery: Delivery;
  channel: AlertChannel;
  outcome: SendOutcome;
  latencyMs: number;
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

async function attemptOne(
  deps: AlertsDeps,
  d: Delivery,
  channel: AlertChannel,
): Promise<{ delivery: Delivery; channel: AlertChannel; outcome: SendOutcome; latencyMs: number }> {
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

/**
 * Sends the given (already claimed) deliveries, each channel at most `perChannelConcurrency` at
 * a time and the process at most `concurrency`, and records every attempt.
 */
export async function deliverNow(
  deps: AlertsDeps,
  limiter: KeyedLimiter,
  ids: string[],
): Promise<AttemptReport[]> {
  if (ids.length === 0) return [];
  const rows = await deps.db
    .select({ d: deliveries, c: alertChannels })
    .from(deliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, deliveries.channelId))
    .where(inArray(deliveries.id, ids));
  return deliverRows(deps, limiter, rows);
}

/** Sends claimed rows already in hand (the consumer's fresh inserts). */
export async function deliverRows(
  deps: AlertsDeps,
  limiter: KeyedLimiter,
  rows: Claimed[],
): Promise<AttemptReport[]> {
  if (rows.length === 0) return [];
  const ran = await Promise.all(rows.map((r) => limiter(r.c.id, () => attemptOne(deps, r.d, r.c))));
  const results = ran.flatMap((r) => (r ? [r] : []));
  const deferred = rows.filter((_, i) => ran[i] === null).map((r) => r.d.id);
  if (deferred.length > 0) await defer(deps, deferred);
  const next = await recordOutcomes(deps, results);
  const reports = results.map((r, i) => ({ ...r, nextAttemptAt: next[i] ?? null }));
  for (const r of reports) logAttempt(deps, r);
  return reports;
}

/**
 * A channel that already has its fill of sends waiting (a slow receiver) does not hold this
 * batch: its deliveries stay pending, due again after `deferMs`, for the sweep.
 */
async function defer(deps: AlertsDeps, ids: string[]): Promise<void> {
  await deps.db
    .update(deliveries)
    .set({ nextAttemptAt: new Date(deps.clock.now() + deps.settings.deferMs) })
    .where(inArray(deliveries.id, ids));
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
