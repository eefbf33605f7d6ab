import { describe, expect, it } from "vitest";
import { aDomain, byTime, checks, MIN, T0 } from "../test-trace";
import { replayPipeline } from "./pipeline";
import { replay } from "./run";
import { PipelineLine, TraceLine } from "./trace";

type Out = Record<string, unknown>;
const END = T0 + 240 * MIN;
const OUTAGES: Record<string, [number, number]> = {
  d1: [T0 + 20 * MIN, T0 + 35 * MIN],
  d2: [T0 + 60 * MIN, T0 + 75 * MIN],
};
const DELETED_AT = T0 + 50 * MIN;

const down = (from: number, to: number) => (_r: string, t: number) =>
  t >= from && t < to ? "TIMEOUT" : null;
const flapping = (_r: string, t: number) =>
  t >= T0 + 100 * MIN && t < T0 + 160 * MIN && (t - T0) % (2 * MIN) < MIN ? "TIMEOUT" : null;

/** Four domains: two outages, one flapping hour, one deleted mid-outage. */
function world(): Record<string, unknown>[] {
  return [
    aDomain({ id: "d1" }),
    aDomain({ id: "d2", regions: ["ams", "iad"] }),
    aDomain({ id: "d3" }),
    aDomain({ id: "d4" }),
    ...byTime(
      checks({ domain: "d1", error: down(...OUTAGES.d1!), to: END }),
      checks({ domain: "d2", regions: ["ams", "iad"], error: down(...OUTAGES.d2!), to: END }),
      checks({ domain: "d3", error: flapping, to: END }),
      checks({ domain: "d4", error: down(T0 + 45 * MIN, T0 + 70 * MIN), to: END }),
    ),
  ];
}

const FAULTS: Record<string, Record<string, unknown>[]> = {
  drop: [{ type: "fault", t: T0 + 15 * MIN, kind: "drop", region: "iad", until: T0 + 40 * MIN }],
  duplicate: [{ type: "fault", t: T0, kind: "duplicate", until: END }],
  crash: [{ type: "fault", t: T0 + 18 * MIN, kind: "crash", until: T0 + 80 * MIN }],
  skew: [
    {
      type: "fault",
      t: T0 + 10 * MIN,
      kind: "skew",
      region: "sin",
      offsetMs: 600_000,
      until: T0 + 90 * MIN,
    },
  ],
  "wipe-redis": [{ type: "fault", t: T0 + 25 * MIN, kind: "wipe-redis" }],
};

function trace(faults: Record<string, unknown>[]): PipelineLine[] {
  const [domains, results] = [world().slice(0, 4), world().slice(4)];
  const del = { type: "delete", t: DELETED_AT, domain: "d4" };
  const lines = byTime([...results, ...faults, del, { type: "end", t: END }]);
  return [...domains, ...lines].map((l) => PipelineLine.parse(l));
}

async function pipeline(faults: Record<string, unknown>[]): Promise<Out[]> {
  return (await replayPipeline(trace(faults))).map((l) => JSON.parse(l) as Out);
}

const of = (out: Out[], d: string) => out.filter((n) => n.domain === d);

/** The §2 rules on one run. */
function holdsTheRules(out: Out[]) {
  for (const [d, [, end]] of Object.entries(OUTAGES)) {
    const mine = of(out, d);
    expect(
      mine.map((n) => n.type),
      d,
    ).toEqual(["incident.opened", "incident.resolved"]);
    expect((mine[1]!.t as number) - end, `${d} resolved late`).toBeLessThanOrEqual(10 * MIN);
  }
  const flap = of(out, "d3").map((n) => n.type);
  const started = flap.indexOf("flapping.started");
  expect(started).toBeGreaterThanOrEqual(0);
  expect(flap.slice(started + 1).every((t) => t === "digest" || t === "flapping.ended")).toBe(true);
  expect(flap.filter((t) => t === "flapping.ended")).toHaveLength(1);
  expect(of(out, "d4").filter((n) => (n.t as number) >= DELETED_AT)).toEqual([]);
}

// each test replays a whole day of five domains through the deployed path (and the last one
// twice): seconds of work on a quiet machine, and up to the default timeout on a loaded one
const REPLAY_TIMEOUT_MS = 90_000;

describe("pipeline replay", () => {
  it(
    "prints what the engine prints for the same trace without faults, within one interval",
    async () => {
      const out = await pipeline([]);
      const engine = replay(
        trace([])
          .filter((l) => l.type !== "delete" && !(l.type === "result" && l.domain === "d4"))
          .map((l) => TraceLine.parse(l)),
        { silenceKeepsUp: true },
      ).map((l) => JSON.parse(l) as Out);
      // the engine here sees every result, the pipeline only what probes send: a decision that
      // waits for time alone (a flap sample) is taken at a wake-up instead of at the next pass
      const shape = (n: Out) => ({ type: n.type, incidentId: n.incidentId, regions: n.regions });
      for (const d of ["d1", "d2", "d3"]) {
        expect(of(out, d).map(shape), d).toEqual(of(engine, d).map(shape));
        of(out, d).forEach((n, i) => {
          const lag = (n.t as number) - (of(engine, d)[i]!.t as number);
          expect(lag).toBeGreaterThanOrEqual(0);
          expect(lag).toBeLessThan(MIN);
        });
      }
      holdsTheRules(out);
    },
    REPLAY_TIMEOUT_MS,
  );

  for (const kind of Object.keys(FAULTS)) {
    it(
      `holds every rule with a ${kind} fault`,
      async () => {
        holdsTheRules(await pipeline(FAULTS[kind]!));
      },
      REPLAY_TIMEOUT_MS,
    );
  }

  it(
    "holds every rule with every fault at once, byte-identical on a second run",
    async () => {
      const all = Object.values(FAULTS).flat();
      const a = await replayPipeline(trace(all));
      holdsTheRules(a.map((l) => JSON.parse(l) as Out));
      expect(await replayPipeline(trace(all))).toEqual(a);
    },
    REPLAY_TIMEOUT_MS,
  );
});
