import { configuredQuorum, majority } from "./defaults";
import type { CheckResult, DomainSpec, TlsFacts } from "./types";

/** A region's latest result on one domain. */
export interface Vote {
  ok: boolean;
  t: number;
  error: string | null;
  latencyMs: number;
  /** Consecutive results with this same `ok`, this one included. */
  streak: number;
  /** When the previous result of the streak completed, or null for a streak of one. */
  prevT: number | null;
  tls: TlsFacts | null;
  /** Not a result: a region not heard from, presumed up (probes report passes only after failures). */
  presumed?: true;
}

/** The vote of a region not heard from when silence means "up". */
export function presumedUp(t: number): Vote {
  return {
    ok: true,
    t,
    error: null,
    latencyMs: 0,
    streak: 1,
    prevT: null,
    tls: null,
    presumed: true,
  };
}

/**
 * Sparse feed only: a down vote not refreshed within its lifetime turns into a presumed up
 * vote at its expiry. A failing region reports every check, so silence for 2 intervals plus
 * the timeout means it saw passes (whose recovery message may have been lost) or stopped
 * checking; either way it no longer shows the domain down, and a lost recovery heals itself.
 * Mutates `votes`; returns whether any vote changed.
 */
export function expireDownVotes(votes: Record<string, Vote>, now: number, ttl: number): boolean {
  let changed = false;
  for (const [region, v] of Object.entries(votes)) {
    if (v.ok || now < v.t + ttl) continue;
    votes[region] = presumedUp(v.t + ttl);
    changed = true;
  }
  return changed;
}

/** The new vote for a result, or null when it is not newer than the one held (redelivery). */
export function recordVote(prev: Vote | undefined, r: CheckResult): Vote | null {
  if (prev && !prev.presumed && r.t <= prev.t) return null;
  const same = prev !== undefined && prev.ok === r.ok;
  const streak = same ? prev.streak + 1 : 1;
  const prevT = same ? prev.t : null;
  return { ok: r.ok, t: r.t, error: r.error, latencyMs: r.latencyMs, streak, prevT, tls: r.tls };
}

/** Whether a vote still counts at `now`; expired votes are unknown, neither up nor down. */
export function isLive(v: Vote | undefined, now: number, ttl: number, silenceKeepsUp: boolean) {
  if (!v) return false;
  if (v.ok && silenceKeepsUp) return true;
  return now < v.t + ttl;
}

/** The consensus over one domain's live votes from healthy regions. */
export interface Tally {
  /** Regions whose votes count (healthy ones). */
  counted: string[];
  down: string[];
  up: string[];
  /** Votes needed now: the configured quorum, capped at the number of healthy regions. */
  quorum: number;
  /** Enough confirmed down votes to page. */
  quorumDown: boolean;
  /** A strict majority of the counted regions votes up and quorum is not met. */
  majorityUp: boolean;
  /** Down votes from regions that do not count (unhealthy). */
  ignoredDown: string[];
}

/** How the tally sees a region: ignored while unhealthy, and votes older than its recovery. */
export interface RegionView {
  unhealthy(region: string): boolean;
  /** When the region last became healthy again, or null. */
  recoveredAt(region: string): number | null;
  /** Failures seen before this time do not count (a long unhealthy spell), or null. */
  distrustedBefore(region: string): number | null;
}

/**
 * Counts one domain's votes. A quorum of one needs a confirmed failure: two failures in a row,
 * both after the region last recovered (failures seen while it was unhealthy do not confirm).
 */
export function tally(
  spec: DomainSpec,
  votes: Record<string, Vote>,
  live: (v: Vote | undefined) => boolean,
  view: RegionView,
): Tally {
  const counted: string[] = [];
  const down: string[] = [];
  const up: string[] = [];
  const ignoredDown: string[] = [];
  for (const region of spec.regions) {
    const v = votes[region];
    const distrust = view.distrustedBefore(region);
    // a failure seen during a long unhealthy spell says nothing about the site; a pass still does
    const isLiveVote =
      live(v) && (distrust === null || (v !== undefined && (v.ok || v.t >= distrust)));
    if (view.unhealthy(region)) {
      if (isLiveVote && v && !v.ok) ignoredDown.push(region);
      continue;
    }
    counted.push(region);
    if (!isLiveVote || !v) continue;
    (v.ok ? up : down).push(region);
  }
  const configured = configuredQuorum(spec);
  // without unhealthy regions the bar stays where it was, as far as the rest can reach it
  const quorum = Math.min(configured, Math.max(1, counted.length));
  const confirmed =
    quorum > 1 ? quorumConfirmed(votes, down, quorum) : singleConfirmed(votes, down, view);
  const quorumDown = counted.length > 0 && down.length >= quorum && confirmed;
  const majorityUp = !quorumDown && counted.length > 0 && up.length >= majority(counted.length);
  return { counted, down, up, quorum, quorumDown, majorityUp, ignoredDown };
}

/** Two failures in a row from one region, both after it last recovered. */
function singleConfirmed(votes: Record<string, Vote>, down: string[], view: RegionView): boolean {
  return down.some((r) => {
    const v = votes[r]!;
    const recovered = view.recoveredAt(r);
    return v.prevT !== null && (recovered === null || v.prevT >= recovered);
  });
}

/**
 * A region that has been failing for a while (a partition, a below-quorum outage) plus one
 * other region's single failure is not yet a quorum: that single failure is as likely noise,
 * so it must repeat first. Failures that begin together (an outage) page at once.
 */
function quorumConfirmed(votes: Record<string, Vote>, down: string[], quorum: number): boolean {
  const sustained = down.some((r) => votes[r]!.streak >= SUSTAINED);
  if (!sustained) return true;
  return down.filter((r) => votes[r]!.streak > 1).length >= quorum;
}

/** Failures in a row after which a region's down vote is an old story, not a fresh onset. */
const SUSTAINED = 3;

/** The most common error code among the given regions' votes (ties: alphabetical). */
export function commonError(votes: Record<string, Vote>, regions: string[]): string | null {
  const counts = new Map<string, number>();
  for (const r of regions) {
    const e = votes[r]?.error;
    if (e) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [e, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c > bestCount) [best, bestCount] = [e, c];
  }
  return best;
}
