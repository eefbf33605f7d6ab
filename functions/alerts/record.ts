import { and, eq, isNotNull, sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import { scheduleName } from "../../adapters/scheduler/port";
import { type AlertChannel, alertChannels } from "../../schema/control/alert-channels";
import type { Delivery } from "../../schema/control/deliveries";
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

/**
 * A push subscription the push service calls gone (404, 410) is removed: its endpoint and keys
 * are erased, so nothing can be sent to it again (and the browser's keys are not kept). The
 * channel row stays, disabled and saying why, because its delivery log hangs off it (deleting
 * it would delete the log with it); a new subscription is a new channel, or a PATCH with one.
 */
async function removeSubscription(
  deps: AlertsDeps,
  channel: AlertChannel,
  statusCode: number | null,
  now: number,
) {
  const reason = `push subscription removed: the push service answered ${statusCode ?? "gone"}`;
  await deps.db
    .update(alertChannels)
    .set({
      enabled: false,
      disabledReason: reason,
      config: {
        type: "push",
        removed: { at: new Date(now).toISOString(), statusCode: statusCode ?? 0 },
      },
    })
    .where(eq(alertChannels.id, channel.id));
  deps.log.warn("push subscription removed", { channelId: channel.id, reason });
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

/** One attempt's result, to be written to the log. */
export interface AttemptResult {
  delivery: Delivery;
  channel: AlertChannel;
  outcome: SendOutcome;
  latencyMs: number;
}

/** The delivery's next state after an attempt: when the next attempt is due, and its status. */
function nextState(deps: AlertsDeps, r: AttemptResult, now: number) {
  const attempt = r.delivery.attempts + 1;
  const retryable = !r.outcome.ok && !r.outcome.gone && r.channel.enabled;
  const next = retryable
    ? nextAttemptAt(now, attempt, r.outcome.retryAfterMs, (deps.random ?? Math.random)())
    : null;
  const status = r.outcome.ok ? "sent" : next === null ? "dead" : "failed";
  return { attempt, next, status };
}

/**
 * Writes a set of attempts to the delivery log and the deliveries' new states in one
 * statement (a state only while its attempt's lease holds, i.e. `next_attempt_at` is still the
 * lease the row was claimed with), then applies what they mean to their channels (410
 * disables, a run of failures is tracked) and schedules the wake-ups. Returns when each next
 * attempt is due (null: none).
 */
export async function recordOutcomes(
  deps: AlertsDeps,
  results: AttemptResult[],
): Promise<(number | null)[]> {
  if (results.length === 0) return [];
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  const states = results.map((r) => nextState(deps, r, now));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  // the whole set as one JSON parameter: one round trip, and no per-value query building
  const rows = results.map((r, i) => {
    const st = states[i]!;
    return {
      id: r.delivery.id,
      status: st.status,
      attempt: st.attempt,
      ok: r.outcome.ok,
      code: r.outcome.statusCode,
      latency: r.latencyMs,
      error: r.outcome.error,
      next: iso(st.next),
      sent_at: r.outcome.ok ? at : iso(r.delivery.sentAt?.getTime() ?? null),
      lease: iso(r.delivery.nextAttemptAt?.getTime() ?? null),
    };
  });
  await deps.db.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid,
        status delivery_status, attempt int, ok boolean, code int, latency int, error text,
        next timestamptz, sent_at timestamptz, lease timestamptz)
    ), updated as (
      update deliveries as d set status = v.status, attempts = v.attempt,
        last_status_code = v.code, last_latency_ms = v.latency, last_error = v.error,
        next_attempt_at = v.next, sent_at = v.sent_at, updated_at = ${at}::timestamptz
      -- only while the lease this attempt was sent under holds: once it ran out and the sweep
      -- claimed the row again, the newer attempt owns the row's state (this one is still logged)
      -- the ids again as an array: the planner then looks each row up by its key whatever it
      -- guesses of the JSON's length or the table's size (a join on v alone may scan the table)
      from v where d.id = any(${sql.param(pgArray(rows.map((r) => r.id)))}::uuid[])
        and d.id = v.id and d.next_attempt_at is not distinct from v.lease
    )
    insert into delivery_attempts (delivery_id, attempt, at, ok, status_code, latency_ms, error,
      next_attempt_at)
    select id, attempt, ${at}::timestamptz, ok, code, latency, error, next from v`);
  const seen = new Set<string>();
  for (const [i, r] of results.entries()) {
    const next = states[i]!.next;
    // one channel update per batch is enough: the rows all saw the same channel state
    if (r.channel.enabled && !seen.has(r.channel.id)) {
      if (r.outcome.gone) {
        seen.add(r.channel.id);
        if (r.channel.type === "push")
          await removeSubscription(deps, r.channel, r.outcome.statusCode, now);
        else
          await disable(
            deps,
            r.channel,
            `target answered 410 Gone (HTTP ${r.outcome.statusCode ?? "?"})`,
          );
      } else if (r.outcome.ok ? r.channel.failingSince !== null : true) {
        seen.add(r.channel.id);
        await trackFailures(deps, r.channel, r.outcome.ok, now);
      }
    }
    if (next !== null && deps.scheduler) {
      await deps.scheduler.scheduleOnce({
        name: scheduleName("dlv", r.delivery.id, states[i]!.attempt),
        at: next,
        payload: SWEEP_WAKE,
      });
    }
  }
  return states.map((s) => s.next);
}
