import { describe, expect, it } from "vitest";
import { aDomain, checks, MIN, run, T0, typesOf } from "./test-trace";

const window = { from: T0 + 10 * MIN, to: T0 + 40 * MIN };
const outage = (from: number, to: number) => (_r: string, t: number) =>
  t >= from && t < to ? "TIMEOUT" : null;

function withWindow(error: (r: string, t: number) => string | null) {
  return run([aDomain({ maintenance: [window] }), ...checks({ error, to: T0 + 90 * MIN })]);
}

describe("maintenance windows", () => {
  it("holds an outage that starts and ends inside the window: nothing is sent", () => {
    expect(withWindow(outage(T0 + 15 * MIN, T0 + 25 * MIN))).toEqual([]);
  });

  it("sends one incident.opened at the window's end when the domain is still down", () => {
    const out = withWindow(outage(T0 + 15 * MIN, T0 + 60 * MIN));
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[0]!.t).toBe(window.to);
  });

  it("sends one incident.resolved at the window's end for an outage that recovered inside it", () => {
    const out = withWindow(outage(T0 + 5 * MIN, T0 + 20 * MIN));
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[1]).toMatchObject({ t: window.to, incidentId: out[0]!.incidentId });
  });

  it("sends nothing at the window's end when the state is what it was before", () => {
    const out = withWindow(outage(T0 + 5 * MIN, T0 + 60 * MIN));
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[1]!.t).toBeGreaterThan(T0 + 60 * MIN);
  });

  it("keeps checking inside the window: an outage continuing after it resolves normally", () => {
    const out = withWindow(outage(T0 + 30 * MIN, T0 + 50 * MIN));
    expect(out[0]!.t).toBe(window.to);
    expect(out[1]).toMatchObject({ type: "incident.resolved", incidentId: out[0]!.incidentId });
  });
});
