import { describe, expect, it } from "vitest";
import { AlertEngine } from "./engine";
import { TraceLine } from "./replay/trace";
import { aDomain, aSpec, checks, MIN, run, T0, typesOf } from "./test-trace";
import type { CheckResult } from "./types";

const outage = (from: number, to: number) => (_r: string, t: number) =>
  t >= from && t < to ? "TIMEOUT" : null;

const asResult = (l: Record<string, unknown>) =>
  TraceLine.parse(l) as CheckResult & { type: "result" };

describe("acknowledgement and muting", () => {
  it("keeps an acknowledged incident acknowledged and still resolves it with a notification", () => {
    const out = run([
      aDomain(),
      ...checks({ error: outage(T0 + 5 * MIN, T0 + 15 * MIN), to: T0 + 8 * MIN }),
      { type: "ack", t: T0 + 8 * MIN, domain: "d1" },
      ...checks({
        error: outage(T0 + 5 * MIN, T0 + 15 * MIN),
        from: T0 + 8 * MIN,
        to: T0 + 30 * MIN,
      }),
    ]);
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
  });

  it("records the acknowledgement as a transition with its time", () => {
    const e = new AlertEngine();
    e.configure(aSpec(), T0);
    for (const l of checks({ error: outage(T0, T0 + 10 * MIN), to: T0 + 3 * MIN }))
      e.observe(asResult(l));
    const ack = e.acknowledge("d1", T0 + 4 * MIN);
    expect(ack.transitions.map((t) => [t.name, t.at])).toEqual([["acknowledged", T0 + 4 * MIN]]);
    expect(e.domain("d1")!.machine.incident!.acknowledgedAt).toBe(T0 + 4 * MIN);
  });

  it("sends nothing for a muted domain while its incident state goes on", () => {
    const e = new AlertEngine();
    e.configure(aSpec(), T0);
    e.mute("d1", true, T0);
    const sent: string[] = [];
    for (const l of checks({ error: outage(T0 + 5 * MIN, T0 + 15 * MIN), to: T0 + 12 * MIN })) {
      sent.push(...e.observe(asResult(l)).notifications.map((n) => n.type));
    }
    expect(sent).toEqual([]);
    expect(e.domain("d1")!.machine.phase).toBe("open");
  });
});
