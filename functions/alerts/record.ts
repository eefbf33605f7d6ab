import { and, eq, isNotNull, sql } from "drizzle-orm";
import { scheduleName } from "../../adapters/scheduler/port";
import { type AlertChannel, alertChannels } from "../../schema/control/alert-channels";
import { type Delivery, deliveries } from "../../schema/control/deliveries";
import { deliveryAttempts } from "../../schema/control/delivery-attempts";
import { notifyChannelDisabled } from "./org-notice";
import { FAILING_DISABLE_MS, nextAttemptAt } from "./schedule";
import type { AlertsDeps, SendOutcome } from "./types";

/** The sweep's wake-up payload (the scheduler delivers it to the alerts function). */
export const SWEEP_WAKE = { kind: "deliveries.sweep" } as const;

async function disable(deps: AlertsDeps, channel: AlertChannel, reason: string) {
  await deps.db
    .update(alertChannels)
    .set({ enabled: false, disabledReason: reason })
    .where(eq(alertChannels.id, channel.id));
  deps.log.warn("channel disabled", { channelId: channel.id, reason });
}

/** Keeps the channel's run of failures: cleared by a success, and 5 days of it disables. */
async function trackFailures(
  deps: AlertsDeps,
  channel: AlertChannel,
  ok: boolean,
  now: number,
): Promise<void> {
  if (ok) {
    if (channel.failingSince)
      await deps.db
        .update(alertChannels)
        .set({ failingSince: null })
        .where(and(eq(alertChannels.id, channel.id), isNotNull(alertChannels.failingSince)));
    return;
  }
  if (!channel.failingSince) {
    await deps.db
      .update(alertChannels)
      .set({ failingSince: sql`coalesce(${alertChannels.failingSince}, ${new Date(now)})` })
      .where(eq(alertChannels.id, channel.id));
    return;
  }
  if (channel.enabled && now - channel.failingSince.getTime() >= FAILING_DISABLE_MS) {
    await disable(deps, channel, "every delivery failed for 5 days");
    await notifyChannelDisabled(deps, channel);
  }
}

/**
 * Writes one attempt to the delivery log and the delivery's new state; returns when the next
 * attempt is due (null: sent, or no attempt left). A gone target disables its channel.
 */
export async function recordOutcome(
  deps: AlertsDeps,
  d: Delivery,
  channel: AlertChannel,
  outcome: SendOutcome,
  latencyMs: number,
): Promise<number | null> {
  const now = deps.clock.now();
  const attempt = d.attempts + 1;
  const retryable = !outcome.ok && !outcome.gone && channel.enabled;
  const next = retryable
    ? nextAttemptAt(now, attempt, outcome.retryAfterMs, (deps.random ?? Math.random)())
    : null;
  const status = outcome.ok ? "sent" : next === null ? "dead" : "failed";
  const at = new Date(now);
  await deps.db
    .update(deliveries)
    .set({
      status,
      attempts: attempt,
      lastStatusCode: outcome.statusCode,
      lastLatencyMs: latencyMs,
      lastError: outcome.error,
      nextAttemptAt: next === null ? null : new Date(next),
      sentAt: outcome.ok ? at : d.sentAt,
      updatedAt: at,
    })
    .where(eq(deliveries.id, d.id));
  await deps.db.insert(deliveryAttempts).values({
    deliveryId: d.id,
    attempt,
    at,
    ok: outcome.ok,
    statusCode: outcome.statusCode,
    latencyMs,
    error: outcome.error,
    nextAttemptAt: next === null ? null : new Date(next),
  });
  if (channel.enabled) {
    if (outcome.gone) {
      const why = channel.type === "push" ? "push subscription gone" : "target answered 410 Gone";
      await disable(deps, channel, `${why} (HTTP ${outcome.statusCode ?? "?"})`);
    } else {
      await trackFailures(deps, channel, outcome.ok, now);
    }
  }
  if (next !== null && deps.scheduler) {
    await deps.scheduler.scheduleOnce({
      name: scheduleName("dlv", d.id, attempt),
      at: next,
      payload: SWEEP_WAKE,
    });
  }
  return next;
}
