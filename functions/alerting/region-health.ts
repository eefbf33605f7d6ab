import type { EngineRules } from "./defaults";
import type { Vote } from "./votes";

/** What one domain says about each of its regions: 0 nothing, 1 agrees, 2 disagrees. */
export type Contribution = Record<string, 0 | 1 | 2>;

/** A probe region's standing across every domain it checks. */
export interface RegionHealth {
  /** Domains where this region and at least one other have a live vote. */
  comparable: number;
  /** Of those, domains this region sees down while most other live votes see them up. */
  disagree: number;
  unhealthy: boolean;
  since: number;
  /** When it last turned healthy after being unhealthy; its older votes no longer count. */
  recoveredAt: number | null;
  /** How long the last unhealthy spell lasted, ms (0 before the first). */
  lastSpellMs: number;
}

/** A region nothing has been said about yet: healthy, with no evidence. */
export function freshHealth(now: number): RegionHealth {
  return {
    comparable: 0,
    disagree: 0,
    unhealthy: false,
    since: now,
    recoveredAt: null,
    lastSpellMs: 0,
  };
}

/** One domain's evidence about each region, from its live votes. */
export function contribution(
  regions: string[],
  votes: Record<string, Vote>,
  live: (v: Vote | undefined) => boolean,
): Contribution {
  const out: Contribution = {};
  for (const region of regions) {
    const mine = votes[region];
    if (!live(mine) || !mine) {
      out[region] = 0;
      continue;
    }
    let up = 0;
    let down = 0;
    for (const other of regions) {
      if (other === region) continue;
      const v = votes[other];
      if (!live(v) || !v) continue;
      if (v.ok) up += 1;
      else down += 1;
    }
    if (up + down === 0) out[region] = 0;
    else out[region] = !mine.ok && up > down ? 2 : 1;
  }
  return out;
}

/**
 * Replaces a domain's old contribution with its new one and re-judges the regions involved.
 * Returns the regions whose health flipped. Mutates `health` (the engine's own state).
 */
export function applyContribution(
  health: Record<string, RegionHealth>,
  before: Contribution,
  after: Contribution,
  now: number,
  rules: EngineRules,
): string[] {
  const flipped: string[] = [];
  const regions = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const region of [...regions].sort()) {
    const a = before[region] ?? 0;
    const b = after[region] ?? 0;
    if (a === b) continue;
    const h = health[region] ?? freshHealth(now);
    health[region] = h;
    h.comparable += (b > 0 ? 1 : 0) - (a > 0 ? 1 : 0);
    h.disagree += (b === 2 ? 1 : 0) - (a === 2 ? 1 : 0);
    if (rejudge(h, now, rules)) flipped.push(region);
  }
  return flipped;
}

/** Judges a region on its counters as they are now; true when its health flipped. Mutates `h`. */
export function rejudge(h: RegionHealth, now: number, rules: EngineRules): boolean {
  const next = judge(h, rules);
  if (next === h.unhealthy) return false;
  if (!next) {
    h.recoveredAt = now;
    h.lastSpellMs = now - h.since;
  }
  h.unhealthy = next;
  h.since = now;
  return true;
}

/** A spell longer than this was a real probe problem: votes cast during it are not trusted. */
export const DISTRUST_AFTER_MS = 2 * 60_000;

/**
 * Votes older than this time do not count: the region's last unhealthy spell, when it was long.
 * A short spell (a region that merely saw a shared outage first) keeps its votes.
 */
export function distrustedBefore(h: RegionHealth | undefined): number | null {
  if (!h || h.recoveredAt === null || h.lastSpellMs < DISTRUST_AFTER_MS) return null;
  return h.recoveredAt;
}

/** Unhealthy above the enter share (with enough evidence), healthy again at the leave share. */
export function judge(h: RegionHealth, rules: EngineRules): boolean {
  if (h.comparable < rules.regionMinDomains) return h.unhealthy && h.disagree > 0;
  const share = h.disagree / h.comparable;
  if (h.unhealthy) return share > rules.regionLeaveShare;
  return share > rules.regionEnterShare;
}
