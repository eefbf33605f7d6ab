import type { EngineRules } from "./defaults";

/** Flap detection over the consensus state, sampled once per check interval. */
export interface FlapState {
  /** Oldest first; "d" down, "u" up; at most `rules.flapSamples`. */
  samples: string;
  nextSampleAt: number | null;
  flapping: boolean;
  since: number | null;
  /** When the consensus state last changed. */
  lastTransitionAt: number | null;
  /** Times incidents were opened (or reopened) within the incident window. */
  opens: number[];
  /** Whether `flapping.started` went out (it is held in maintenance or while muted). */
  announced: boolean;
  digestDueAt: number | null;
  /** Paged incidents that closed while flapping; `flapping.ended` names them. */
  resolvedPaged: string[];
}

/** A fresh, not flapping state. */
export function initialFlap(): FlapState {
  return {
    samples: "",
    nextSampleAt: null,
    flapping: false,
    since: null,
    lastTransitionAt: null,
    opens: [],
    announced: false,
    digestDueAt: null,
    resolvedPaged: [],
  };
}

/**
 * Weighted percent state change (Nagios/Icinga): transitions between consecutive samples,
 * weighted 0.8 (oldest) to 1.2 (newest), over a full window; missing history counts as steady.
 */
export function percentStateChange(samples: string, window: number): number {
  const transitions = window - 1;
  const offset = window - samples.length; // missing samples sit at the old end
  let sum = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i] === samples[i - 1]) continue;
    const slot = offset + i; // 1..transitions
    sum += 0.8 + (0.4 * (slot - 1)) / (transitions - 1);
  }
  return (100 * sum) / transitions;
}

/** Appends one sample per interval tick up to `now` with the state that held. */
export function takeSamples(
  flap: FlapState,
  down: boolean,
  now: number,
  intervalMs: number,
  window: number,
): void {
  if (flap.nextSampleAt === null) {
    flap.nextSampleAt = now + intervalMs;
    return;
  }
  if (now < flap.nextSampleAt) return;
  const due = Math.floor((now - flap.nextSampleAt) / intervalMs) + 1;
  const add = (down ? "d" : "u").repeat(Math.min(due, window));
  flap.samples = (flap.samples + add).slice(-window);
  flap.nextSampleAt += due * intervalMs;
}

/** Records an incident opening and forgets those older than the window. */
export function noteOpen(flap: FlapState, now: number, rules: EngineRules): void {
  flap.opens = [...flap.opens.filter((t) => now - t < rules.flapIncidentWindowMs), now];
}

/** Why flapping should start now, or null. */
export function startReason(
  flap: FlapState,
  now: number,
  rules: EngineRules,
): "state-changes" | "incidents" | null {
  if (flap.flapping) return null;
  if (percentStateChange(flap.samples, rules.flapSamples) >= rules.flapEnterPercent) {
    return "state-changes";
  }
  const recent = flap.opens.filter((t) => now - t < rules.flapIncidentWindowMs).length;
  return recent >= rules.flapIncidentCount ? "incidents" : null;
}

/** Flapping ends once the score is low and the state has held for the quiet period. */
export function shouldEnd(flap: FlapState, now: number, rules: EngineRules): boolean {
  if (!flap.flapping) return false;
  const quiet = flap.lastTransitionAt === null || now - flap.lastTransitionAt >= rules.flapQuietMs;
  return quiet && percentStateChange(flap.samples, rules.flapSamples) <= rules.flapLeavePercent;
}
