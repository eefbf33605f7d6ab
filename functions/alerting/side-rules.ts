import { type EvalContext, emit, quiet } from "./context";
import { type DomainState, episodeDue, type StatusName, trackEpisode } from "./domain-state";
import { percentStateChange } from "./flap";
import { isActive } from "./incident";
import { endOfWindowNotice, type Held } from "./maintenance";
import {
  expiringThreshold,
  invalidByQuorum,
  invalidDue,
  isValid,
  markExpiring,
  markInvalid,
  recordSuspicious,
} from "./ssl";
import type { TlsFacts } from "./types";
import type { Tally, Vote } from "./votes";

/** Maintenance end, degraded and blind notices, SSL rules and the shown status. */
export function applySideRules(
  ctx: EvalContext,
  d: DomainState,
  t: Tally,
  now: number,
  live: (v: Vote | undefined) => boolean,
  endedWindow: Held | null,
): void {
  if (endedWindow) windowEnded(ctx, d, now, endedWindow);
  const { rules } = ctx;
  const silent = quiet(d) || d.flap.flapping;

  const belowQuorum = !t.quorumDown && t.down.length > 0 && !isActive(d.machine.phase);
  trackEpisode(d.degraded, belowQuorum, now);
  if (!silent && episodeDue(d.degraded, now, rules.degradedAfterMs, rules.digestEveryMs)) {
    d.degraded.notified = true;
    d.degraded.notifiedAt = now;
    emit(ctx, d, now, "degraded", { regions: t.down, reason: "below-quorum", quorum: t.quorum });
  }

  const blind = t.counted.length === 0 && t.ignoredDown.length > 0;
  trackEpisode(d.blind, blind, now);
  if (!silent && episodeDue(d.blind, now, rules.blindNoticeAfterMs, rules.digestEveryMs)) {
    d.blind.notified = true;
    d.blind.notifiedAt = now;
    emit(ctx, d, now, "degraded", { regions: t.ignoredDown, reason: "region-unhealthy" });
  }

  sslRules(ctx, d, t, now, live, silent);
  const status = statusOf(d, t);
  if (status !== d.status) {
    d.status = status;
    d.statusSince = now;
  }
}

function windowEnded(ctx: EvalContext, d: DomainState, now: number, held: Held): void {
  d.held = null;
  if (d.machine.muted) return;
  if (d.flap.flapping && !d.flap.announced) {
    // flapping began inside the window: say so now instead of a state difference
    d.flap.announced = true;
    const score = percentStateChange(d.flap.samples, ctx.rules.flapSamples);
    emit(ctx, d, now, "flapping.started", {
      state: d.down ? "down" : "up",
      reason: "state-changes",
      percentStateChange: Math.round(score * 10) / 10,
    });
    return;
  }
  const inc = d.machine.incident;
  const notice = endOfWindowNotice(held, isActive(d.machine.phase), inc);
  if (!notice) return;
  if (notice.type === "incident.opened" && inc) {
    inc.paged = true;
    emit(ctx, d, now, "incident.opened", {
      incidentId: inc.id,
      regions: inc.regions,
      error: inc.cause,
      maintenanceEnded: true,
    });
  } else {
    if (inc && inc.id === notice.incidentId) inc.paged = false;
    emit(ctx, d, now, "incident.resolved", {
      incidentId: notice.incidentId,
      regions: inc?.id === notice.incidentId ? inc.regions : [],
      maintenanceEnded: true,
    });
  }
}

function sslRules(
  ctx: EvalContext,
  d: DomainState,
  t: Tally,
  now: number,
  live: (v: Vote | undefined) => boolean,
  silent: boolean,
): void {
  const seen: { region: string; tls: TlsFacts; streak: number }[] = [];
  for (const region of t.counted) {
    const v = d.votes[region];
    if (!v?.tls || !live(v)) continue;
    seen.push({ region, tls: v.tls, streak: v.streak });
  }
  if (seen.length === 0) return;
  for (const { tls } of seen) {
    const due = expiringThreshold(d.ssl, tls, d.spec.sslWarnDays);
    if (!due || silent) continue;
    markExpiring(d.ssl, tls.fingerprint256, due.crossed);
    emit(ctx, d, now, "ssl.expiring", {
      fingerprint256: tls.fingerprint256,
      daysToExpiry: tls.daysToExpiry,
      thresholdDays: due.threshold,
    });
  }
  const groups = invalidByQuorum(seen, t.quorum);
  for (const g of groups) {
    if (silent || !invalidDue(d.ssl, g.fingerprint256, now, ctx.rules.sslInvalidRepeatMs)) continue;
    markInvalid(d.ssl, g.fingerprint256, now);
    emit(ctx, d, now, "ssl.invalid", {
      fingerprint256: g.fingerprint256,
      error: g.error,
      regions: g.regions,
    });
  }
  if (t.quorum > 1) {
    const paged = new Set(groups.map((g) => g.fingerprint256));
    for (const { region, tls } of seen) {
      if (isValid(tls) || paged.has(tls.fingerprint256)) continue;
      recordSuspicious(d.ssl, {
        t: now,
        region,
        fingerprint256: tls.fingerprint256,
        error: tls.error,
      });
    }
  }
}

function statusOf(d: DomainState, t: Tally): StatusName {
  if (d.flap.flapping) return "flapping";
  if (isActive(d.machine.phase)) return "down";
  if (d.degraded.since !== null || d.blind.since !== null) return "degraded";
  return t.up.length > 0 ? "up" : "unknown";
}
