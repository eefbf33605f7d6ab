import { describe, expect, it } from "vitest";
import { aDomain, checks, MIN, run, T0, typesOf } from "./test-trace";

const START = T0 + 10 * MIN;

/** Every region sees a square wave: down `downMin`, up `upMin`, for `waveMin`; then `tailDownMin` down. */
function wave(downMin: number, upMin: number, waveMin: number, tailDownMin = 0, endMin = 300) {
  const period = (downMin + upMin) * MIN;
  const waveEnd = START + waveMin * MIN;
  const error = (_r: string, t: number) => {
    if (t >= waveEnd && t < waveEnd + tailDownMin * MIN) return "TIMEOUT";
    if (t < START || t >= waveEnd) return null;
    return (t - START) % period < downMin * MIN ? "TIMEOUT" : null;
  };
  const end = T0 + endMin * MIN;
  return run([aDomain(), ...checks({ error, to: end }), { type: "end", t: end }]);
}

function following(out: Record<string, unknown>[], type: string) {
  const i = out.findIndex((n) => n.type === type);
  return i === -1 ? [] : out.slice(i + 1);
}

describe("flap detection", () => {
  it("sends flapping.started once, nothing but digests while flapping, then flapping.ended", () => {
    const out = wave(1, 1, 90);
    const types = typesOf(out);
    expect(types.filter((t) => t === "flapping.started")).toHaveLength(1);
    expect(types.filter((t) => t === "flapping.ended")).toHaveLength(1);
    const during = following(out, "flapping.started").map((n) => n.type);
    expect(during.slice(0, -1).every((t) => t === "digest")).toBe(true);
    expect(during.at(-1)).toBe("flapping.ended");
  });

  it("enters flapping on the weighted state-change score of a fast square wave", () => {
    const started = wave(1, 1, 90).find((n) => n.type === "flapping.started")!;
    expect(started).toMatchObject({ reason: "state-changes" });
    expect(started.percentStateChange as number).toBeGreaterThanOrEqual(30);
  });

  it("enters flapping when a third incident opens within 60 minutes, instead of paging it", () => {
    const out = wave(5, 5, 90);
    const types = typesOf(out);
    expect(types.slice(0, 5)).toEqual([
      "incident.opened",
      "incident.resolved",
      "incident.opened",
      "incident.resolved",
      "flapping.started",
    ]);
    expect(out[4]).toMatchObject({ reason: "incidents" });
  });

  it("sends at most one digest an hour, with opens, downtime, regions and the worst error", () => {
    const out = wave(1, 1, 150);
    const started = out.find((n) => n.type === "flapping.started")!;
    const digests = out.filter((n) => n.type === "digest");
    expect(digests.length).toBeGreaterThanOrEqual(2);
    expect(digests[0]!.t).toBe((started.t as number) + 60 * MIN);
    for (let i = 1; i < digests.length; i++) {
      expect((digests[i]!.t as number) - (digests[i - 1]!.t as number)).toBeGreaterThanOrEqual(
        60 * MIN,
      );
    }
    expect(digests[0]).toMatchObject({ regions: ["ams", "iad", "sin"], worstError: "TIMEOUT" });
    expect(digests[0]!.downtimeMinutes as number).toBeGreaterThan(20);
  });

  it("leaves flapping only after 30 minutes without a transition, with the net state", () => {
    const out = wave(1, 1, 60);
    const ended = out.find((n) => n.type === "flapping.ended")!;
    expect(ended).toMatchObject({ state: "up" });
    expect(ended.t as number).toBeGreaterThanOrEqual(START + 60 * MIN + 30 * MIN - 2 * MIN);
  });

  it("pages with a new incident.opened when a flapping domain stays down for 10 minutes", () => {
    const out = wave(1, 1, 40, 30);
    const started = out.find((n) => n.type === "flapping.started")!;
    const page = following(out, "flapping.started").find((n) => n.type === "incident.opened")!;
    expect(page).toBeDefined();
    expect(page.t as number).toBeLessThanOrEqual(START + 40 * MIN + 11 * MIN);
    expect(page.incidentId).not.toBe(started.incidentId);
    expect(typesOf(out)).not.toContain("degraded");
  });

  it("ends flapping with state down when the domain stays down, and resolves the page later", () => {
    const out = wave(1, 1, 40, 60);
    const ended = out.find((n) => n.type === "flapping.ended")!;
    expect(ended).toMatchObject({ state: "down" });
    expect(typesOf(out).at(-1)).toBe("incident.resolved");
  });

  it("resolves the page of a flapping domain that stayed down 10 minutes as soon as it recovers", () => {
    const out = wave(1, 1, 40, 15);
    const after = following(out, "flapping.started");
    const page = after.find((n) => n.type === "incident.opened")!;
    const resolved = after.find((n) => n.type === "incident.resolved")!;
    expect(resolved).toMatchObject({ incidentId: page.incidentId });
    // back up at the end of the 15-minute tail; resolved after the recovery period
    expect(resolved.t as number).toBeLessThanOrEqual(START + 55 * MIN + 3 * MIN);
    expect(after.findIndex((n) => n.type === "incident.resolved")).toBeLessThan(
      after.findIndex((n) => n.type === "flapping.ended"),
    );
  });
});
