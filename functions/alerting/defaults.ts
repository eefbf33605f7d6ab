import type { DomainSpec } from "./types";

const MINUTE = 60_000;

/** The rules' tunables; every field has the documented default. */
export interface EngineRules {
  /** Production probes send passing results only after a failure: silence keeps an up vote. */
  silenceKeepsUp: boolean;
  flapSamples: number;
  flapEnterPercent: number;
  flapLeavePercent: number;
  flapQuietMs: number;
  flapIncidentCount: number;
  flapIncidentWindowMs: number;
  /** Continuous down time after which a flapping domain pages anyway. */
  flapDownPageMs: number;
  digestEveryMs: number;
  reopenWithinMs: number;
  /** Below-quorum failure must last this long before `degraded`. */
  degradedAfterMs: number;
  /** A domain whose every region is unhealthy gets one `degraded` notice after this. */
  blindNoticeAfterMs: number;
  /** A region is unhealthy above this share of disagreeing domains… */
  regionEnterShare: number;
  /** …and healthy again at or below this share. */
  regionLeaveShare: number;
  /** Comparable domains a region needs before it can be judged at all. */
  regionMinDomains: number;
  sslInvalidRepeatMs: number;
}

/** Defaults of CONTRACTS §2 and the alerting README. */
export const defaultRules: EngineRules = {
  silenceKeepsUp: false,
  flapSamples: 21,
  flapEnterPercent: 30,
  flapLeavePercent: 20,
  flapQuietMs: 30 * MINUTE,
  flapIncidentCount: 3,
  flapIncidentWindowMs: 60 * MINUTE,
  flapDownPageMs: 10 * MINUTE,
  digestEveryMs: 60 * MINUTE,
  reopenWithinMs: 15 * MINUTE,
  degradedAfterMs: 10 * MINUTE,
  blindNoticeAfterMs: 60 * MINUTE,
  regionEnterShare: 0.5,
  regionLeaveShare: 0.25,
  regionMinDomains: 2,
  sslInvalidRepeatMs: 24 * 60 * MINUTE,
};

/** Strict majority of n: 1/1, 2/2, 2/3, 3/4, 3/5. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Votes needed to page, clamped to the domain's region count. */
export function configuredQuorum(spec: DomainSpec): number {
  const q = spec.quorum ?? majority(spec.regions.length);
  return Math.min(Math.max(1, q), spec.regions.length);
}

/** A vote not refreshed within 2 intervals plus the probe timeout counts for neither side. */
export function voteTtl(spec: DomainSpec): number {
  return 2 * spec.intervalMs + spec.timeoutMs;
}

/** How long a majority must stay up before an incident resolves: max(2 intervals, 60 s). */
export function recoveryMs(spec: DomainSpec): number {
  return Math.max(2 * spec.intervalMs, MINUTE);
}
