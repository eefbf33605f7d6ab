import { describe, expect, it } from "vitest";
import { AlertEngine } from "./engine";
import { replay } from "./replay/run";
import { TraceLine } from "./replay/trace";
import { aDomain, aResult, aSpec, byTime, checks, MIN, T0 } from "./test-trace";
import type { CheckResult, Notification } from "./types";

function busyTrace() {
  const wave = (_r: string, t: number) =>
    Math.floor((t - T0) / MIN) % 3 === 0 && t < T0 + 60 * MIN ? "TIMEOUT" : null;
  const outage = (r: string, t: number) =>
    r !== "sin" && t > T0 + 20 * MIN && t < T0 + 35 * MIN ? "HTTP_STATUS" : null;
  return [
    aDomain({ id: "a" }),
    aDomain({ id: "b" }),
    aDomain({ id: "c", regions: ["iad"] }),
    ...byTime(
      checks({ domain: "a", error: wave, to: T0 + 150 * MIN }),
      checks({ domain: "b", error: outage, to: T0 + 150 * MIN }),
      checks({ domain: "c", regions: ["iad"], error: outage, to: T0 + 150 * MIN }),
    ),
    { type: "end", t: T0 + 200 * MIN },
  ].map((l) => TraceLine.parse(l));
}

describe("AlertEngine", () => {
  it("gives byte-identical output for the same trace", () => {
    const first = replay(busyTrace()).join("\n");
    const second = replay(busyTrace()).join("\n");
    expect(first.length).toBeGreaterThan(0);
    expect(second).toBe(first);
  });

  it("continues from a JSON snapshot exactly as it would have without one", () => {
    const trace = busyTrace();
    const specs = trace.filter((l) => l.type === "domain");
    const results = trace.filter((l) => l.type === "result") as (CheckResult & {
      type: "result";
    })[];
    const build = () => {
      const e = new AlertEngine();
      for (const s of specs) {
        e.configure(
          {
            id: s.id,
            regions: s.regions,
            intervalMs: s.intervalSeconds * 1000,
            timeoutMs: s.timeoutMs,
            quorum: null,
            sslWarnDays: s.sslWarnDays,
            maintenance: [],
          },
          T0,
        );
      }
      return e;
    };
    const straight = build();
    const all: Notification[] = [];
    for (const r of results) all.push(...straight.observe(r).notifications);

    let resumed = build();
    const pieces: Notification[] = [];
    results.forEach((r, i) => {
      if (i % 50 === 0)
        resumed = new AlertEngine({}, JSON.parse(JSON.stringify(resumed.snapshot())));
      pieces.push(...resumed.observe(r).notifications);
    });
    expect(all.length).toBeGreaterThan(0);
    expect(pieces).toEqual(all);
  });

  it("ignores a redelivered result: observing everything twice changes no output", () => {
    const trace = busyTrace();
    const once = replay(trace);
    const twice = replay(trace.flatMap((l): TraceLine[] => (l.type === "result" ? [l, l] : [l])));
    expect(twice).toEqual(once);
  });

  it("numbers each domain's events with a strictly increasing sequence", () => {
    const e = new AlertEngine();
    e.configure(aSpec(), T0);
    const seqs: number[] = [];
    for (const l of checks({
      error: (_r, t) => (t % (7 * MIN) < 3 * MIN ? "TIMEOUT" : null),
      to: T0 + 120 * MIN,
    })) {
      const out = e.observe(TraceLine.parse(l) as CheckResult);
      seqs.push(...out.transitions.map((t) => t.seq));
    }
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("refuses a result for a domain it does not know, naming it", () => {
    expect(() =>
      new AlertEngine().observe(TraceLine.parse(aResult({ domain: "nope" })) as CheckResult),
    ).toThrow(/"nope"/);
  });
});
