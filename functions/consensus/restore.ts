import type { EngineRules } from "../alerting/defaults";
import { type DomainState, initialDomainState } from "../alerting/domain-state";
import { markExpiring, markInvalid } from "../alerting/ssl";
import type { DomainSpec } from "../alerting/types";
import { presumedUp, type Vote } from "../alerting/votes";
import type { RecoveredDomain } from "./incident-store";

/**
 * A domain's engine state rebuilt from the control DB after Redis lost it: sequences and
 * incident numbers continue where they were (ids never repeat), and an open incident stays
 * open with its regions presumed down as of `now`. Those presumed votes expire like any down
 * vote (2 intervals plus the timeout), so an outage that ended meanwhile resolves in minutes,
 * and one still going on is confirmed by the next failures without a second page.
 */
export function restoredState(
  spec: DomainSpec,
  rec: RecoveredDomain,
  now: number,
  rules: EngineRules,
  /** Consensus's own clock, from which restored flapping is held (the engine's may lag it). */
  clock = now,
): DomainState {
  const d = initialDomainState(spec);
  restoreMarks(d, rec, clock, rules);
  d.machine.seq = rec.lastSequence;
  d.machine.count = rec.incidentCount;
  const o = rec.open;
  if (o) {
    const acknowledged = o.state === "acknowledged" || o.acknowledgedAt !== null;
    d.machine.phase = o.state === "acknowledged" ? "acknowledged" : "open";
    d.machine.incident = {
      id: o.id,
      openedAt: o.openedAt,
      regions: o.regions,
      cause: o.cause,
      acknowledged,
      acknowledgedAt: o.acknowledgedAt,
      recoveringSince: null,
      resolvedAt: null,
      paged: o.paged,
    };
    d.down = true;
    d.downSince = now;
    for (const r of o.regions)
      if (spec.regions.includes(r)) d.votes[r] = presumedDown(now, o.cause);
  }
  for (const r of spec.regions) d.votes[r] ??= presumedUp(now);
  return d;
}

/**
 * What was already sent, read back from the domain's committed jobs: the SSL notices per
 * certificate, the last degraded notice of each kind (still "sent" for its episode if nothing
 * was decided after it; an episode that ended meanwhile clears it at the first evaluation),
 * flapping that started and did not end (held at least the quiet period from now, its
 * history gone), and the recent incident openings that count towards flapping.
 */
function restoreMarks(d: DomainState, rec: RecoveredDomain, now: number, rules: EngineRules) {
  const spec = d.spec;
  for (const n of rec.notices) {
    const fp = typeof n.data.fingerprint256 === "string" ? n.data.fingerprint256 : null;
    if (n.type === "ssl.expiring" && fp && typeof n.data.daysToExpiry === "number") {
      const left = n.data.daysToExpiry;
      markExpiring(
        d.ssl,
        fp,
        spec.sslWarnDays.filter((days) => left <= days),
      );
    } else if (n.type === "ssl.invalid" && fp) markInvalid(d.ssl, fp, n.t);
  }
  const decisions = rec.notices.filter((n) => !n.type.startsWith("ssl."));
  const last = decisions.at(-1);
  for (const [episode, reason] of [
    [d.degraded, "below-quorum"],
    [d.blind, "region-unhealthy"],
  ] as const) {
    const sent = decisions.filter((n) => n.type === "degraded" && n.data.reason === reason).at(-1);
    if (!sent) continue;
    episode.notifiedAt = sent.t;
    if (sent === last) Object.assign(episode, { since: sent.t, notified: true });
  }
  const flap = decisions.filter((n) => n.type.startsWith("flapping.")).at(-1);
  if (flap?.type === "flapping.started") {
    Object.assign(d.flap, {
      flapping: true,
      announced: true,
      since: flap.t,
      lastTransitionAt: now,
      digestDueAt: now + rules.digestEveryMs,
    });
    d.digest.from = now;
  }
  d.flap.opens = rec.opens.filter((t) => now - t < rules.flapIncidentWindowMs);
}

function presumedDown(t: number, error: string | null): Vote {
  return { ok: false, t, error, latencyMs: 0, streak: 2, prevT: t, tls: null, presumed: true };
}
