import { describe, expect, it } from "vitest";
import { configuredQuorum, majority, recoveryMs, voteTtl } from "./defaults";
import { aSpec, MIN } from "./test-trace";
import type { CheckResult } from "./types";
import { isLive, recordVote, tally, type Vote } from "./votes";

function aCheck(over: Partial<CheckResult> = {}): CheckResult {
  return {
    t: 0,
    domain: "d1",
    region: "ams",
    ok: true,
    error: null,
    latencyMs: 100,
    tls: null,
    confirm: false,
    ...over,
  };
}
function votesOf(entries: [string, boolean, number?][]): Record<string, Vote> {
  const out: Record<string, Vote> = {};
  for (const [region, ok, streak = 1] of entries) {
    out[region] = {
      ok,
      t: 0,
      error: ok ? null : "TIMEOUT",
      latencyMs: 1,
      streak,
      prevT: streak > 1 ? -MIN : null,
      tls: null,
    };
  }
  return out;
}
const healthy = { unhealthy: () => false, recoveredAt: () => null, distrustedBefore: () => null };
const always = () => true;
/** Votes with ams and iad down and sin up. */
const twoOfThreeDown = () =>
  votesOf([
    ["ams", false],
    ["iad", false],
    ["sin", true],
  ]);

describe("quorum defaults", () => {
  it("is a strict majority: 1/1, 2/2, 2/3, 3/4, 3/5", () => {
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it("takes a per-domain override, clamped to the region count", () => {
    expect(configuredQuorum(aSpec({ quorum: 1 }))).toBe(1);
    expect(configuredQuorum(aSpec({ quorum: 9 }))).toBe(3);
  });

  it("keeps a vote for 2 intervals plus the probe timeout and recovers over max(2 intervals, 60 s)", () => {
    expect(voteTtl(aSpec())).toBe(130_000);
    expect(recoveryMs(aSpec({ intervalMs: 10_000 }))).toBe(60_000);
    expect(recoveryMs(aSpec({ intervalMs: 5 * MIN }))).toBe(10 * MIN);
  });
});

describe("votes", () => {
  it("counts consecutive results with the same outcome", () => {
    const a = recordVote(undefined, aCheck({ ok: false, t: 1 }))!;
    const b = recordVote(a, aCheck({ ok: false, t: 2 }))!;
    const c = recordVote(b, aCheck({ ok: true, t: 3 }))!;
    expect([a.streak, b.streak, c.streak]).toEqual([1, 2, 1]);
    expect(b.prevT).toBe(1);
  });

  it("ignores a result not newer than the vote it would replace", () => {
    const a = recordVote(undefined, aCheck({ t: 5 }))!;
    expect(recordVote(a, aCheck({ t: 5, ok: false }))).toBeNull();
    expect(recordVote(a, aCheck({ t: 4 }))).toBeNull();
  });

  it("expires a vote after its lifetime; silence keeps an up vote only when told to", () => {
    const down = recordVote(undefined, aCheck({ ok: false, t: 0 }))!;
    const up = recordVote(undefined, aCheck({ ok: true, t: 0 }))!;
    expect(isLive(down, 129_999, 130_000, false)).toBe(true);
    expect(isLive(down, 130_000, 130_000, false)).toBe(false);
    expect(isLive(up, 10 * MIN, 130_000, false)).toBe(false);
    expect(isLive(up, 10 * MIN, 130_000, true)).toBe(true);
    expect(isLive(down, 10 * MIN, 130_000, true)).toBe(false);
  });
});

describe("tally", () => {
  it("reaches quorum with 2 of 3 down", () => {
    const t = tally(aSpec(), twoOfThreeDown(), always, healthy);
    expect(t).toMatchObject({ quorumDown: true, down: ["ams", "iad"], quorum: 2 });
  });

  it("treats a missing vote as unknown, neither up nor down", () => {
    const t = tally(aSpec(), votesOf([["ams", false]]), always, healthy);
    expect(t).toMatchObject({ quorumDown: false, majorityUp: false, up: [], down: ["ams"] });
  });

  it("never reaches quorum with 2 of 4 down", () => {
    const spec = aSpec({ regions: ["a", "b", "c", "d"] });
    const t = tally(
      spec,
      votesOf([
        ["a", false],
        ["b", false],
        ["c", true],
        ["d", true],
      ]),
      always,
      healthy,
    );
    expect(t.quorumDown).toBe(false);
  });

  it("needs two failures in a row when the quorum is one", () => {
    const spec = aSpec({ regions: ["ams"] });
    expect(tally(spec, votesOf([["ams", false, 1]]), always, healthy).quorumDown).toBe(false);
    expect(tally(spec, votesOf([["ams", false, 2]]), always, healthy).quorumDown).toBe(true);
  });

  it("leaves an unhealthy region out and asks a majority of the rest", () => {
    const view = { ...healthy, unhealthy: (r: string) => r === "ams" };
    const t = tally(aSpec(), twoOfThreeDown(), always, view);
    expect(t).toMatchObject({
      counted: ["iad", "sin"],
      quorum: 2,
      quorumDown: false,
      ignoredDown: ["ams"],
    });
  });

  it("does not confirm a failure with one seen before the region recovered", () => {
    const view = { ...healthy, recoveredAt: (r: string) => (r === "ams" ? 1 : null) };
    const t = tally(aSpec({ regions: ["ams"] }), votesOf([["ams", false, 5]]), always, view);
    expect(t).toMatchObject({ down: ["ams"], quorumDown: false });
  });

  it("still counts a pass seen before the region recovered", () => {
    const view = { ...healthy, distrustedBefore: (r: string) => (r === "ams" ? 1 : null) };
    const t = tally(
      aSpec(),
      votesOf([
        ["ams", true],
        ["iad", true],
      ]),
      always,
      view,
    );
    expect(t.up).toEqual(["ams", "iad"]);
  });

  it("does not count failures seen during a long unhealthy spell once the region recovers", () => {
    const view = { ...healthy, distrustedBefore: (r: string) => (r === "ams" ? 1 : null) };
    const t = tally(
      aSpec(),
      votesOf([
        ["ams", false, 9],
        ["iad", false, 9],
        ["sin", true],
      ]),
      always,
      view,
    );
    expect(t).toMatchObject({ down: ["iad"], quorumDown: false });
  });
});
