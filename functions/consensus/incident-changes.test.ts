import { describe, expect, it } from "vitest";
import { AlertEngine, type EngineOutput } from "../alerting/engine";
import { TraceLine } from "../alerting/replay/trace";
import { aSpec, checks, MIN, T0 } from "../alerting/test-trace";
import type { CheckResult } from "../alerting/types";
import { incidentChanges } from "./incident-changes";

const ORG = "org-1";

function engineWith(error: (r: string, t: number) => string | null, toMin: number) {
  const e = new AlertEngine();
  const out: EngineOutput = { notifications: [], transitions: [] };
  const add = (o: EngineOutput) => {
    out.notifications.push(...o.notifications);
    out.transitions.push(...o.transitions);
  };
  add(e.configure(aSpec(), T0));
  for (const l of checks({ error, to: T0 + toMin * MIN }))
    add(e.observe(TraceLine.parse(l) as CheckResult & { type: "result" }));
  return { e, out };
}

describe("incident changes", () => {
  it("stores the open incident in full with one event per transition", () => {
    const { e, out } = engineWith((_r, t) => (t >= T0 + 5 * MIN ? "TIMEOUT" : null), 8);
    const c = incidentChanges(ORG, e.domain("d1")!, out.transitions);
    expect(c.incidents).toEqual([
      expect.objectContaining({
        orgId: ORG,
        domainId: "d1",
        state: "open",
        regions: ["ams", "iad", "sin"],
        cause: "TIMEOUT",
      }),
    ]);
    expect(c.events.map((ev) => [ev.type, ev.fromState, ev.toState])).toEqual([
      ["opened", "suspect", "open"],
    ]);
    expect(c.incidents[0]!.lastSequence).toBe(c.events[0]!.sequence);
  });

  it("closes the paged incident a flapping episode supersedes and stores its successor", () => {
    const wave = (_r: string, t: number) =>
      t >= T0 + 5 * MIN && Math.floor((t - T0) / MIN) % 2 === 0 ? "TIMEOUT" : null;
    const { e, out } = engineWith(wave, 40);
    const superseded = out.transitions.find((t) => t.name === "superseded")!;
    expect(superseded).toBeDefined();
    const c = incidentChanges(ORG, e.domain("d1")!, out.transitions);
    expect(c.closures).toEqual([
      { id: superseded.incidentId, resolvedAt: superseded.at, lastSequence: superseded.seq },
    ]);
    expect(c.incidents.map((i) => i.id)).not.toContain(superseded.incidentId);
  });

  it("writes nothing for a domain without incidents", () => {
    const { e, out } = engineWith(() => null, 10);
    expect(incidentChanges(ORG, e.domain("d1")!, out.transitions)).toEqual({
      incidents: [],
      closures: [],
      events: [],
    });
  });
});
