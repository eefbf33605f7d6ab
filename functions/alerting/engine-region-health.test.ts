import { describe, expect, it } from "vitest";
import { aDomain, byTime, checks, MIN, run, T0, typesOf } from "./test-trace";

const BAD = "ams";
const multi = ["m1", "m2", "m3"];

/** Three multi-region domains and one single-region domain in the bad region. */
function probeRegionFailure(
  fromMs: number,
  lengthMs: number,
  soloOutage: (t: number) => string | null = () => null,
) {
  const badRegion = (region: string, t: number) =>
    region === BAD && t >= fromMs && t < fromMs + lengthMs ? "CONNECTION_RESET" : null;
  return run([
    ...multi.map((id) => aDomain({ id })),
    aDomain({ id: "solo", regions: [BAD] }),
    ...byTime(
      ...multi.map((domain, i) =>
        checks({
          domain,
          error: badRegion,
          to: T0 + 180 * MIN,
          phaseMs: (_r, j) => 2_000 * i + 15_000 * j,
        }),
      ),
      checks({
        domain: "solo",
        regions: [BAD],
        error: (r, t) => badRegion(r, t) ?? soloOutage(t),
        to: T0 + 180 * MIN,
        phaseMs: () => 50_000,
      }),
    ),
  ]);
}

describe("region health", () => {
  it("ignores a probe region that fails every domain, its single-region domains included", () => {
    const out = probeRegionFailure(T0 + 10 * MIN, 40 * MIN);
    expect(out.filter((n) => n.type === "incident.opened")).toEqual([]);
    expect(typesOf(out, "solo")).toEqual([]);
  });

  it("sends a single-region domain one degraded notice after an hour with its region unhealthy", () => {
    const out = probeRegionFailure(T0 + 10 * MIN, 120 * MIN);
    expect(typesOf(out, "solo")).toEqual(["degraded"]);
    expect(out.find((n) => n.domain === "solo")).toMatchObject({
      reason: "region-unhealthy",
      regions: [BAD],
    });
    expect(out.filter((n) => n.type === "incident.opened")).toEqual([]);
  });

  it("counts the region again once it recovers: a single-region outage then pages", () => {
    const soloDown = (t: number) =>
      t >= T0 + 100 * MIN && t < T0 + 110 * MIN ? "CONNECTION_REFUSED" : null;
    const out = probeRegionFailure(T0 + 10 * MIN, 40 * MIN, soloDown);
    expect(typesOf(out, "solo")).toContain("incident.opened");
  });

  it("still pages a real outage seen by the healthy regions while one region is unhealthy", () => {
    const realOutage = (region: string, t: number) =>
      region === BAD && t >= T0 + 10 * MIN
        ? "CONNECTION_RESET"
        : t >= T0 + 30 * MIN && t < T0 + 40 * MIN
          ? "HTTP_STATUS"
          : null;
    const out = run([
      ...multi.map((id) => aDomain({ id })),
      ...byTime(...multi.map((domain) => checks({ domain, error: realOutage }))),
    ]);
    const paged = out.filter((n) => n.type === "incident.opened").map((n) => n.domain);
    expect(paged.sort()).toEqual(multi);
  });

  it("does not mark a region unhealthy when every region sees its domains down", () => {
    const global = (_r: string, t: number) =>
      t >= T0 + 10 * MIN && t < T0 + 20 * MIN ? "TIMEOUT" : null;
    const out = run([
      ...multi.map((id) => aDomain({ id })),
      aDomain({ id: "solo", regions: [BAD] }),
      ...byTime(
        ...multi.map((domain) => checks({ domain, error: global })),
        checks({ domain: "solo", regions: [BAD], error: global }),
      ),
    ]);
    expect(
      out
        .filter((n) => n.type === "incident.opened")
        .map((n) => n.domain)
        .sort(),
    ).toEqual([...multi, "solo"]);
  });

  it("pages a shared outage promptly even when one region sees it a minute before the others", () => {
    const onset: Record<string, number> = { ams: T0 + 10 * MIN, iad: T0 + 11 * MIN };
    const partial = (r: string, t: number) =>
      onset[r] !== undefined && t >= onset[r]! && t < T0 + 25 * MIN ? "TIMEOUT" : null;
    const out = run([
      ...multi.map((id) => aDomain({ id })),
      ...byTime(...multi.map((domain) => checks({ domain, error: partial }))),
    ]);
    const opened = out.filter((n) => n.type === "incident.opened");
    expect(opened).toHaveLength(3);
    for (const n of opened) expect(n.t as number).toBeLessThanOrEqual(T0 + 12 * MIN);
  });
});
