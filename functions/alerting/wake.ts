import { type EngineRules, recoveryMs, voteTtl } from "./defaults";
import { type DomainState, episodeDueAt } from "./domain-state";
import { nextMaintenanceEdge } from "./maintenance";

/** The next moment this domain's judgement can change without new input, or null. */
export function nextWake(d: DomainState, now: number, rules: EngineRules): number | null {
  const at: (number | null)[] = [];
  const ttl = voteTtl(d.spec);
  for (const v of Object.values(d.votes)) {
    if (!(v.ok && rules.silenceKeepsUp)) at.push(v.t + ttl);
  }
  const inc = d.machine.incident;
  if (d.machine.phase === "recovering" && inc?.recoveringSince != null) {
    at.push(inc.recoveringSince + recoveryMs(d.spec));
  }
  at.push(episodeDueAt(d.degraded, rules.degradedAfterMs, rules.digestEveryMs));
  at.push(episodeDueAt(d.blind, rules.blindNoticeAfterMs, rules.digestEveryMs));
  const f = d.flap;
  if (f.flapping) {
    at.push(f.digestDueAt, f.nextSampleAt);
    if (f.lastTransitionAt !== null) at.push(f.lastTransitionAt + rules.flapQuietMs);
    if (d.downSince !== null && inc && !inc.paged) at.push(d.downSince + rules.flapDownPageMs);
  } else if (f.lastTransitionAt !== null && f.nextSampleAt !== null) {
    // a transition not yet sampled may tip the score over the threshold
    if (f.lastTransitionAt >= f.nextSampleAt - d.spec.intervalMs) at.push(f.nextSampleAt);
  }
  at.push(nextMaintenanceEdge(d.spec, now));
  let best: number | null = null;
  for (const t of at) {
    if (t !== null && t > now && (best === null || t < best)) best = t;
  }
  return best;
}
