import { describe, expect, it } from "vitest";
import {
  type ConsensusEvent,
  type IncidentState,
  initialIncidentState,
  type MachineEvent,
  next,
} from "./incident";

const MIN = 60_000;

function aSignal(over: Partial<ConsensusEvent> = {}): ConsensusEvent {
  return {
    type: "consensus",
    quorumDown: false,
    anyDown: false,
    majorityUp: true,
    down: [],
    cause: null,
    recoveryMs: 2 * MIN,
    reopenWithinMs: 15 * MIN,
    ...over,
  };
}
const down = aSignal({
  quorumDown: true,
  anyDown: true,
  majorityUp: false,
  down: ["ams", "iad"],
  cause: "TIMEOUT",
});
const suspect = aSignal({ anyDown: true, majorityUp: true, down: ["ams"] });
const up = aSignal();

/** Feeds [event, time] pairs; returns the final state and every transition name. */
function drive(steps: [MachineEvent, number][], from: IncidentState = initialIncidentState("d1")) {
  let s = from;
  const names: string[] = [];
  const seqs: number[] = [];
  for (const [e, t] of steps) {
    const r = next(s, e, t);
    s = r.state;
    names.push(...r.transitions.map((x) => x.name));
    seqs.push(...r.transitions.map((x) => x.seq));
  }
  return { s, names, seqs };
}

describe("incident state machine", () => {
  it("moves ok → suspect on a below-quorum failure and back to ok when it clears", () => {
    const { s, names } = drive([
      [suspect, 0],
      [up, MIN],
    ]);
    expect(names).toEqual(["suspected", "cleared"]);
    expect(s.phase).toBe("ok");
  });

  it("opens an incident on a quorum, with its regions and cause", () => {
    const { s, names } = drive([
      [suspect, 0],
      [down, MIN],
    ]);
    expect(names).toEqual(["suspected", "opened"]);
    expect(s.incident).toMatchObject({ regions: ["ams", "iad"], cause: "TIMEOUT", openedAt: MIN });
  });

  it("is acknowledged only while open", () => {
    expect(drive([[{ type: "ack" }, 0]]).names).toEqual([]);
    const { s, names } = drive([
      [down, 0],
      [{ type: "ack" }, MIN],
    ]);
    expect(names).toEqual(["opened", "acknowledged"]);
    expect(s.phase).toBe("acknowledged");
  });

  it("resolves after the recovery period of majority up", () => {
    const { s, names } = drive([
      [down, 0],
      [up, 5 * MIN],
      [up, 6 * MIN],
      [up, 7 * MIN],
    ]);
    expect(names).toEqual(["opened", "recovering", "resolved"]);
    expect(s.incident?.resolvedAt).toBe(7 * MIN);
  });

  it("restarts the recovery period on a quorum failure", () => {
    const { names, s } = drive([
      [down, 0],
      [up, 5 * MIN],
      [down, 6 * MIN],
      [up, 7 * MIN],
      [up, 8 * MIN],
    ]);
    expect(names).toEqual(["opened", "recovering", "relapsed", "recovering"]);
    expect(s.phase).toBe("recovering");
  });

  it("returns to acknowledged, not open, when an acknowledged incident relapses", () => {
    const { s } = drive([
      [down, 0],
      [{ type: "ack" }, MIN],
      [up, 5 * MIN],
      [down, 6 * MIN],
    ]);
    expect(s.phase).toBe("acknowledged");
  });

  it("reopens the same incident on a failure within 15 minutes of resolving", () => {
    const first = drive([
      [down, 0],
      [up, 5 * MIN],
      [up, 7 * MIN],
    ]);
    const id = first.s.incident!.id;
    const again = drive([[down, 21 * MIN]], first.s);
    expect(again.names).toEqual(["reopened"]);
    expect(again.s.incident!.id).toBe(id);
  });

  it("opens a new incident on a failure more than 15 minutes after resolving", () => {
    const first = drive([
      [down, 0],
      [up, 5 * MIN],
      [up, 7 * MIN],
    ]);
    const later = drive([[down, 23 * MIN]], first.s);
    expect(later.names).toEqual(["closed", "opened"]);
    expect(later.s.incident!.id).not.toBe(first.s.incident!.id);
  });

  it("gives incident ids derived from domain and number: same run, same ids", () => {
    const a = drive([[down, 0]]).s.incident!.id;
    const b = drive([[down, 999]]).s.incident!.id;
    const other = drive([[down, 0]], initialIncidentState("d2")).s.incident!.id;
    expect(a).toBe(b);
    expect(other).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("numbers transitions with a strictly increasing sequence, overlays included", () => {
    const { seqs } = drive([
      [{ type: "maintenance", on: true }, 0],
      [down, MIN],
      [{ type: "mute", on: true }, 2 * MIN],
      [up, 3 * MIN],
      [{ type: "maintenance", on: false }, 4 * MIN],
    ]);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it("supersedes an open incident with a new id, keeping the phase", () => {
    const open = drive([[down, 0]]).s;
    const r = drive([[{ type: "supersede" }, MIN]], open);
    expect(r.names).toEqual(["superseded"]);
    expect(r.s.phase).toBe("open");
    expect(r.s.incident!.id).not.toBe(open.incident!.id);
  });

  it("does not change the state it was given", () => {
    const open = drive([[down, 0]]).s;
    const copy = structuredClone(open);
    next(open, up, MIN);
    expect(open).toEqual(copy);
  });
});
