import { incidentId } from "./incident-id";

/** Where a domain stands: ok → suspect → open ⇄ acknowledged → recovering → resolved. */
export type Phase = "ok" | "suspect" | "open" | "acknowledged" | "recovering" | "resolved";

/** The incident being tracked (kept after resolve for the reopen window). */
export interface Incident {
  id: string;
  openedAt: number;
  /** Every region that voted down during the incident. */
  regions: string[];
  cause: string | null;
  acknowledged: boolean;
  acknowledgedAt: number | null;
  recoveringSince: number | null;
  resolvedAt: number | null;
  /** Whether the user was told it opened (set by the notification policy). */
  paged: boolean;
}

/** The machine's state for one domain; overlays hold notifications, never transitions. */
export interface IncidentState {
  domainId: string;
  phase: Phase;
  /** Last event sequence used; every transition takes the next one. */
  seq: number;
  /** Incidents opened so far; the next one is number count + 1. */
  count: number;
  incident: Incident | null;
  maintenance: boolean;
  muted: boolean;
}

/** What the consensus says at one evaluation. */
export interface ConsensusEvent {
  type: "consensus";
  quorumDown: boolean;
  anyDown: boolean;
  majorityUp: boolean;
  down: string[];
  cause: string | null;
  recoveryMs: number;
  reopenWithinMs: number;
}

/** Inputs of the machine. */
export type MachineEvent =
  | ConsensusEvent
  | { type: "ack" }
  | { type: "supersede" }
  | { type: "maintenance"; on: boolean }
  | { type: "mute"; on: boolean };

/** One transition, numbered; persisted as an incident event. */
export interface Transition {
  seq: number;
  name:
    | "suspected"
    | "cleared"
    | "opened"
    | "reopened"
    | "acknowledged"
    | "recovering"
    | "relapsed"
    | "resolved"
    | "closed"
    | "superseded"
    | "maintenance-started"
    | "maintenance-ended"
    | "muted"
    | "unmuted";
  from: Phase;
  to: Phase;
  incidentId: string | null;
  at: number;
}

/** The state of a domain never seen failing. */
export function initialIncidentState(domainId: string): IncidentState {
  return {
    domainId,
    phase: "ok",
    seq: 0,
    count: 0,
    incident: null,
    maintenance: false,
    muted: false,
  };
}

const ACTIVE: Phase[] = ["open", "acknowledged", "recovering"];

/** Whether an incident is open from the user's point of view. */
export function isActive(phase: Phase): boolean {
  return ACTIVE.includes(phase);
}

/** The pure incident state machine: same state, event and time give the same result. */
export function next(
  state: IncidentState,
  event: MachineEvent,
  now: number,
): { state: IncidentState; transitions: Transition[] } {
  const s: IncidentState = { ...state, incident: state.incident ? { ...state.incident } : null };
  const out: Transition[] = [];
  const move = (name: Transition["name"], to: Phase) => {
    s.seq += 1;
    out.push({ seq: s.seq, name, from: s.phase, to, incidentId: s.incident?.id ?? null, at: now });
    s.phase = to;
  };
  switch (event.type) {
    case "ack":
      if (s.phase === "open" && s.incident) {
        s.incident.acknowledged = true;
        s.incident.acknowledgedAt = now;
        move("acknowledged", "acknowledged");
      }
      break;
    case "maintenance":
      if (s.maintenance !== event.on) {
        s.maintenance = event.on;
        move(event.on ? "maintenance-started" : "maintenance-ended", s.phase);
      }
      break;
    case "mute":
      if (s.muted !== event.on) {
        s.muted = event.on;
        move(event.on ? "muted" : "unmuted", s.phase);
      }
      break;
    case "supersede":
      if (s.incident && isActive(s.phase)) {
        move("superseded", s.phase);
        s.count += 1;
        s.incident = {
          ...s.incident,
          id: incidentId(s.domainId, s.count),
          openedAt: now,
          paged: false,
        };
      }
      break;
    case "consensus":
      onConsensus(s, event, now, move);
      break;
  }
  return { state: s, transitions: out };
}

function onConsensus(
  s: IncidentState,
  e: ConsensusEvent,
  now: number,
  move: (name: Transition["name"], to: Phase) => void,
): void {
  const inc = s.incident;
  if (inc && isActive(s.phase)) inc.regions = union(inc.regions, e.down);
  switch (s.phase) {
    case "resolved": {
      const within = inc?.resolvedAt != null && now - inc.resolvedAt <= e.reopenWithinMs;
      if (inc && within && e.quorumDown) {
        inc.resolvedAt = null;
        inc.recoveringSince = null;
        inc.regions = union(inc.regions, e.down);
        move("reopened", inc.acknowledged ? "acknowledged" : "open");
        return;
      }
      if (within) return;
      move("closed", "ok");
      s.incident = null;
      onConsensus(s, e, now, move); // out of the reopen window: judge afresh from ok
      return;
    }
    case "ok":
    case "suspect":
      if (e.quorumDown) {
        s.count += 1;
        s.incident = {
          id: incidentId(s.domainId, s.count),
          openedAt: now,
          regions: [...e.down],
          cause: e.cause,
          acknowledged: false,
          acknowledgedAt: null,
          recoveringSince: null,
          resolvedAt: null,
          paged: false,
        };
        move("opened", "open");
      } else if (s.phase === "ok" && e.anyDown) move("suspected", "suspect");
      else if (s.phase === "suspect" && !e.anyDown) move("cleared", "ok");
      return;
    case "open":
    case "acknowledged":
      if (inc && e.majorityUp) {
        inc.recoveringSince = now;
        move("recovering", "recovering");
        if (e.recoveryMs <= 0) resolve(s, now, move);
      }
      return;
    case "recovering":
      if (!inc) return;
      if (!e.majorityUp) {
        inc.recoveringSince = null;
        move("relapsed", inc.acknowledged ? "acknowledged" : "open");
      } else if (inc.recoveringSince !== null && now - inc.recoveringSince >= e.recoveryMs) {
        resolve(s, now, move);
      }
      return;
  }
}

function resolve(s: IncidentState, now: number, move: (n: Transition["name"], to: Phase) => void) {
  if (!s.incident) return;
  s.incident.resolvedAt = now;
  move("resolved", "resolved");
}

function union(a: string[], b: string[]): string[] {
  return b.every((x) => a.includes(x)) ? a : [...new Set([...a, ...b])].sort();
}
