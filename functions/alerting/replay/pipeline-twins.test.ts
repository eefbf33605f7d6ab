import { describe, expect, it } from "vitest";
import { aDomain, aResult, byTime, checks, MIN, T0, typesOf } from "../test-trace";
import { replayPipeline } from "./pipeline";
import { PipelineLine } from "./trace";

/** Lines through the deployed path; what the alert consumer would hand to channels. */
async function pipeline(lines: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const out = await replayPipeline(lines.map((l) => PipelineLine.parse(l)));
  return out.map((l) => JSON.parse(l) as Record<string, unknown>);
}

// Twins of named engine tests where the deployed path matters: the probe sends only news,
// consensus sees batches on its own clock, and time alone acts through scheduled wake-ups.
describe("engine rules through the pipeline", () => {
  it("pages a 2-minute global outage whose regional onsets are a minute apart", async () => {
    const onset: Record<string, number> = { ams: 0, iad: 30_000, sin: 60_000 };
    const start = T0 + 10 * MIN;
    const down = (r: string, t: number) =>
      t >= start + onset[r]! && t < start + onset[r]! + 2 * MIN ? "TIMEOUT" : null;
    const out = await pipeline([
      aDomain(),
      ...checks({ error: down }),
      { type: "end", t: T0 + 60 * MIN },
    ]);
    expect(typesOf(out)).toEqual(["incident.opened", "incident.resolved"]);
    expect(out[0]!.t).toBeLessThanOrEqual(start + 2 * MIN);
  });

  it("holds an outage inside a maintenance window and pages the same outage outside one", async () => {
    const start = T0 + 10 * MIN;
    const down = (_r: string, t: number) => (t >= start && t < start + 5 * MIN ? "TIMEOUT" : null);
    const window = { from: T0 + 5 * MIN, to: T0 + 30 * MIN };
    const run = (maintenance: { from: number; to: number }[]) =>
      pipeline([
        aDomain({ maintenance }),
        ...checks({ error: down }),
        { type: "end", t: T0 + 60 * MIN },
      ]);
    expect(typesOf(await run([]))).toEqual(["incident.opened", "incident.resolved"]);
    // down and up again within the window: the user-visible state did not change, nothing sent
    expect(typesOf(await run([window]))).toEqual([]);
  });

  it("pages a single-region domain on two consecutive failures, never on one", async () => {
    const out = await pipeline([
      aDomain({ id: "once", regions: ["ams"] }),
      aDomain({ id: "twice", regions: ["ams"] }),
      aResult({ domain: "once", t: T0, ok: false }),
      aResult({ domain: "twice", t: T0 + 1_000, ok: false }),
      aResult({ domain: "once", t: T0 + MIN, ok: true }),
      // a failing region reports every check; it still fails when the trace ends
      ...[1, 2, 3, 4].map((m) => aResult({ domain: "twice", t: T0 + m * MIN + 1_000, ok: false })),
      { type: "end", t: T0 + 5 * MIN },
    ]);
    expect(typesOf(out, "once")).toEqual([]);
    expect(typesOf(out, "twice")).toEqual(["incident.opened"]);
  });

  it("ignores a probe region that fails every domain, its single-region domains included", async () => {
    const multi = ["m1", "m2", "m3"];
    const bad = (region: string, t: number) =>
      region === "ams" && t >= T0 + 10 * MIN && t < T0 + 50 * MIN ? "CONNECTION_RESET" : null;
    const out = await pipeline([
      ...multi.map((id) => aDomain({ id })),
      aDomain({ id: "solo", regions: ["ams"] }),
      ...byTime(
        ...multi.map((domain, i) =>
          checks({
            domain,
            error: bad,
            to: T0 + 90 * MIN,
            phaseMs: (_r, j) => 2_000 * i + 15_000 * j,
          }),
        ),
        checks({
          domain: "solo",
          regions: ["ams"],
          error: bad,
          to: T0 + 90 * MIN,
          phaseMs: () => 50_000,
        }),
      ),
    ]);
    expect(out.filter((n) => n.type === "incident.opened")).toEqual([]);
  });
});
