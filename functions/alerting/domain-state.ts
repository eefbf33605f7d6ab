import { type FlapState, initialFlap } from "./flap";
import { type IncidentState, initialIncidentState } from "./incident";
import type { Held } from "./maintenance";
import type { Contribution } from "./region-health";
import { initialSsl, type SslState } from "./ssl";
import type { DomainSpec } from "./types";
import type { Vote } from "./votes";

/** What the status API and the edge show. */
export type StatusName = "up" | "down" | "degraded" | "flapping" | "unknown";

/** A notice that goes out once per episode (degraded, blind). */
export interface Episode {
  since: number | null;
  notifiedAt: number | null;
  /** Whether this episode was already announced. */
  notified: boolean;
}

/** Flapping digest accumulators for the current hour. */
export interface DigestPeriod {
  from: number;
  opens: number;
  downMs: number;
  regions: string[];
  worstError: string | null;
}

/** Everything the engine keeps for one domain: plain data, JSON-serialisable. */
export interface DomainState {
  spec: DomainSpec;
  votes: Record<string, Vote>;
  machine: IncidentState;
  flap: FlapState;
  ssl: SslState;
  /** The consensus state: quorum of confirmed down votes. */
  down: boolean;
  downSince: number | null;
  degraded: Episode;
  blind: Episode;
  held: Held | null;
  digest: DigestPeriod;
  contribution: Contribution;
  lastEvalAt: number | null;
  wakeAt: number | null;
  status: StatusName;
  statusSince: number | null;
}

/** A domain just configured, never evaluated. */
export function initialDomainState(spec: DomainSpec): DomainState {
  const episode = (): Episode => ({ since: null, notifiedAt: null, notified: false });
  return {
    spec,
    votes: {},
    machine: initialIncidentState(spec.id),
    flap: initialFlap(),
    ssl: initialSsl(),
    down: false,
    downSince: null,
    degraded: episode(),
    blind: episode(),
    held: null,
    digest: { from: 0, opens: 0, downMs: 0, regions: [], worstError: null },
    contribution: {},
    lastEvalAt: null,
    wakeAt: null,
    status: "unknown",
    statusSince: null,
  };
}

/** Starts or continues an episode while `active`, ends it otherwise. */
export function trackEpisode(e: Episode, active: boolean, now: number): void {
  if (!active) {
    e.since = null;
    e.notified = false;
  } else if (e.since === null) e.since = now;
}

/** Whether an episode's notice is due: long enough, not yet sent, not too soon after the last. */
export function episodeDue(e: Episode, now: number, afterMs: number, repeatMs: number): boolean {
  if (e.since === null || e.notified) return false;
  return now - e.since >= afterMs && (e.notifiedAt === null || now - e.notifiedAt >= repeatMs);
}

/** When an episode's notice falls due, or null. */
export function episodeDueAt(e: Episode, afterMs: number, repeatMs: number): number | null {
  if (e.since === null || e.notified) return null;
  return Math.max(e.since + afterMs, e.notifiedAt === null ? 0 : e.notifiedAt + repeatMs);
}
