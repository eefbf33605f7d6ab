import { describe, expect, it } from "vitest";
import { aDomain, aResult, checks, MIN, run, T0, typesOf } from "./test-trace";

const outage =
  (start: number, lengthMs: number, regions?: string[]) => (region: string, t: number) =>
    (!regions || regions.includes(region)) && t >= start && t < start + lengthMs ? "TIMEOUT" : null;

/** Four regions, of which ams and iad fail for 30 minutes from T0 + 5 min. */
function twoOfFourDown() {
  const regions = ["ams", "iad", "sin", "syd"];
  return run([
    aDomain({ regions }),
    ...checks({ regions, error: outage(T0 + 5 * MIN, 30 * MIN, ["ams", "iad"]) }),
  ]);
}

describe("multi-region consensus", () => {
  it("pages a 2-minute global outage whose regional onsets are a minute apart", () => {
    const onset: Record<string, number> = { ams: 0, iad: 30_000, sin: 60_000 };
    const start = T0 + 10 * MIN;
    const out = run([
      aDomain(),
      ...checks({ error: (r, t) => outage(start + onset[r]!, 2 * MIN)(r, t) }),
      { type: "end", t: T0 + 60 * MIN },
    ]);
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[0]!.t).toBeLessThanOrEqual(start + 2 * MIN);
  });

  it("opens an incident when 2 of 3 regions fail and names them", () => {
    const start = T0 + 10 * MIN;
    const out = run([aDomain(), ...checks({ error: outage(start, 5 * MIN, ["ams", "sin"]) })]);
    expect(out[0]).toMatchObject({
      type: "incident.opened",
      regions: ["ams", "sin"],
      error: "TIMEOUT",
    });
  });

  it("does not page a single-region blip on a three-region domain", () => {
    const out = run([aDomain(), ...checks({ error: outage(T0 + 10 * MIN, 3 * MIN, ["iad"]) })]);
    expect(out).toEqual([]);
  });

  it("never pages 2 of 4 regions down, because a tie is not a majority", () => {
    const out = twoOfFourDown();
    expect(typesOf(out)).not.toContain("incident.opened");
  });

  it("pages 3 of 4 regions down", () => {
    const regions = ["ams", "iad", "sin", "syd"];
    const out = run([
      aDomain({ regions }),
      ...checks({ regions, error: outage(T0 + 5 * MIN, 30 * MIN, ["ams", "iad", "syd"]) }),
    ]);
    expect(typesOf(out)[0]).toBe("incident.opened");
  });

  it("honours a per-domain quorum override", () => {
    const out = run([
      aDomain({ quorum: 3 }),
      ...checks({ error: outage(T0 + 5 * MIN, 30 * MIN, ["ams", "iad"]) }),
    ]);
    expect(typesOf(out)).not.toContain("incident.opened");
  });

  it("does not count an expired down vote: failures 3 minutes apart never make a quorum", () => {
    const out = run([
      aDomain(),
      aResult({ t: T0, region: "ams", ok: false }),
      aResult({ t: T0 + 3 * MIN, region: "iad", ok: false }),
      { type: "end", t: T0 + 10 * MIN },
    ]);
    expect(out).toEqual([]);
  });

  it("counts a down vote until 2 intervals plus the probe timeout have passed", () => {
    const ttl = 2 * MIN + 10_000;
    const fresh = run([
      aDomain(),
      aResult({ t: T0, region: "ams", ok: false }),
      aResult({ t: T0 + ttl - 1, region: "iad", ok: false }),
    ]);
    const expired = run([
      aDomain(),
      aResult({ t: T0, region: "ams", ok: false }),
      aResult({ t: T0 + ttl, region: "iad", ok: false }),
    ]);
    expect(typesOf(fresh)).toEqual(["incident.opened"]);
    expect(expired).toEqual([]);
  });

  it("uses the domain's timeoutMs in the vote lifetime", () => {
    const out = run([
      aDomain({ timeoutMs: 60_000 }),
      aResult({ t: T0, region: "ams", ok: false }),
      aResult({ t: T0 + 2 * MIN + 30_000, region: "iad", ok: false }),
    ]);
    expect(typesOf(out)).toEqual(["incident.opened"]);
  });
});

describe("single-region domains", () => {
  const single = aDomain({ regions: ["ams"] });

  it("does not page on one failure", () => {
    const out = run([single, aResult({ t: T0, ok: false }), aResult({ t: T0 + MIN, ok: true })]);
    expect(out).toEqual([]);
  });

  it("pages on two consecutive failures", () => {
    const out = run([single, aResult({ t: T0, ok: false }), aResult({ t: T0 + MIN, ok: false })]);
    expect(out).toEqual([
      expect.objectContaining({ t: T0 + MIN, type: "incident.opened", regions: ["ams"] }),
    ]);
  });

  it("pages on a failure and its confirm-on-failure recheck", () => {
    const out = run([
      single,
      aResult({ t: T0, ok: false }),
      aResult({ t: T0 + 5_000, ok: false, confirm: true }),
    ]);
    expect(out).toEqual([expect.objectContaining({ t: T0 + 5_000, type: "incident.opened" })]);
  });

  it("does not page failures separated by a pass", () => {
    const out = run([
      single,
      aResult({ t: T0, ok: false }),
      aResult({ t: T0 + MIN, ok: true }),
      aResult({ t: T0 + 2 * MIN, ok: false }),
    ]);
    expect(out).toEqual([]);
  });
});

describe("recovery", () => {
  it("resolves only after a majority has been up for the recovery period", () => {
    const start = T0 + 5 * MIN;
    const out = run([
      aDomain(),
      ...checks({ error: outage(start, 10 * MIN) }),
      { type: "end", t: T0 + 60 * MIN },
    ]);
    const opened = out.find((n) => n.type === "incident.opened")!;
    const resolved = out.find((n) => n.type === "incident.resolved")!;
    expect(resolved.incidentId).toBe(opened.incidentId);
    // the second region back up (at ~start+10m+30s) starts the 2-minute period
    expect(resolved.t).toBeGreaterThanOrEqual(start + 10 * MIN + 2 * MIN);
    expect(resolved.t).toBeLessThan(start + 10 * MIN + 3 * MIN);
  });

  it("restarts the recovery period when a quorum fails again", () => {
    const start = T0 + 5 * MIN;
    const error = (r: string, t: number) =>
      outage(start, 10 * MIN)(r, t) ?? outage(start + 11 * MIN, MIN)(r, t);
    const out = run([aDomain(), ...checks({ error }), { type: "end", t: T0 + 60 * MIN }]);
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[1]!.t).toBeGreaterThanOrEqual(start + 12 * MIN + 2 * MIN);
  });

  it("reopens the same incident when it fails again within 15 minutes of resolving", () => {
    const error = (r: string, t: number) =>
      outage(T0 + 5 * MIN, 5 * MIN)(r, t) ?? outage(T0 + 20 * MIN, 5 * MIN)(r, t);
    const out = run([aDomain(), ...checks({ error, to: T0 + 40 * MIN })]);
    expect(typesOf(out)).toEqual([
      "incident.opened",
      "incident.resolved",
      "incident.opened",
      "incident.resolved",
    ]);
    expect(out[2]).toMatchObject({ incidentId: out[0]!.incidentId, reopened: true });
  });

  it("opens a new incident when it fails more than 15 minutes after resolving", () => {
    const error = (r: string, t: number) =>
      outage(T0 + 5 * MIN, 5 * MIN)(r, t) ?? outage(T0 + 40 * MIN, 5 * MIN)(r, t);
    const out = run([aDomain(), ...checks({ error, to: T0 + 60 * MIN })]);
    const opens = out.filter((n) => n.type === "incident.opened");
    expect(opens).toHaveLength(2);
    expect(opens[1]!.incidentId).not.toBe(opens[0]!.incidentId);
  });
});

describe("degraded", () => {
  it("sends one degraded notice for a sustained below-quorum failure and never pages", () => {
    const out = run([aDomain(), ...checks({ error: outage(T0 + 5 * MIN, 40 * MIN, ["sin"]) })]);
    expect(out).toEqual([
      expect.objectContaining({ type: "degraded", regions: ["sin"], reason: "below-quorum" }),
    ]);
    expect(out[0]!.t).toBeGreaterThanOrEqual(T0 + 15 * MIN);
  });

  it("does not send degraded for a one-region failure shorter than ten minutes", () => {
    const out = run([aDomain(), ...checks({ error: outage(T0 + 5 * MIN, 9 * MIN, ["sin"]) })]);
    expect(out).toEqual([]);
  });

  it("sends degraded for 2 of 4 regions down, not a page", () => {
    const out = twoOfFourDown();
    expect(typesOf(out)).toEqual(["degraded"]);
  });
});
