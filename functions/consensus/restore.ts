import { type DomainState, initialDomainState } from "../alerting/domain-state";
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
export function restoredState(spec: DomainSpec, rec: RecoveredDomain, now: number): DomainState {
  const d = initialDomainState(spec);
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

function presumedDown(t: number, error: string | null): Vote {
  return { ok: false, t, error, latencyMs: 0, streak: 2, prevT: t, tls: null, presumed: true };
}
