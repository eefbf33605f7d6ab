import { describe, expect, it } from "vitest";
import { defaultRules } from "./defaults";
import {
  initialFlap,
  noteOpen,
  percentStateChange,
  shouldEnd,
  startReason,
  takeSamples,
} from "./flap";

const MIN = 60_000;
const rules = defaultRules;

describe("percent state change", () => {
  it("is 0 for a steady history", () => {
    expect(percentStateChange("u".repeat(21), 21)).toBe(0);
  });

  it("is 100 when every sample differs from the one before", () => {
    expect(percentStateChange(`${"ud".repeat(10)}u`, 21)).toBeCloseTo(100, 6);
  });

  it("weighs recent changes more than old ones", () => {
    const old = `ud${"d".repeat(19)}`;
    const recent = `${"u".repeat(19)}ud`;
    expect(percentStateChange(recent, 21)).toBeGreaterThan(percentStateChange(old, 21));
    expect(percentStateChange(old, 21)).toBeCloseTo(4, 6);
    expect(percentStateChange(recent, 21)).toBeCloseTo(6, 6);
  });

  it("counts missing history as steady, so a short history cannot look like flapping", () => {
    expect(percentStateChange("udu", 21)).toBeLessThan(15);
  });
});

describe("flap hysteresis", () => {
  it("starts at 30% and not below", () => {
    const f = initialFlap();
    f.samples = `${"u".repeat(15)}dududu`; // six recent changes
    expect(percentStateChange(f.samples, 21)).toBeGreaterThanOrEqual(30);
    expect(startReason(f, 0, rules)).toBe("state-changes");
    f.samples = `${"u".repeat(15)}ududud`; // five
    expect(startReason(f, 0, rules)).toBeNull();
  });

  it("starts when 3 incidents open within 60 minutes", () => {
    const f = initialFlap();
    noteOpen(f, 0, rules);
    noteOpen(f, 20 * MIN, rules);
    expect(startReason(f, 20 * MIN, rules)).toBeNull();
    noteOpen(f, 59 * MIN, rules);
    expect(startReason(f, 59 * MIN, rules)).toBe("incidents");
  });

  it("does not count incidents older than 60 minutes", () => {
    const f = initialFlap();
    noteOpen(f, 0, rules);
    noteOpen(f, 30 * MIN, rules);
    noteOpen(f, 61 * MIN, rules);
    expect(startReason(f, 61 * MIN, rules)).toBeNull();
  });

  it("ends only at or below 20% and after 30 minutes without a transition", () => {
    const f = initialFlap();
    f.flapping = true;
    f.lastTransitionAt = 0;
    f.samples = "u".repeat(21);
    expect(shouldEnd(f, 29 * MIN, rules)).toBe(false);
    expect(shouldEnd(f, 30 * MIN, rules)).toBe(true);
    f.samples = `${"u".repeat(13)}udududud`;
    expect(shouldEnd(f, 60 * MIN, rules)).toBe(false);
  });

  it("takes one sample per interval, catching up on missed ticks", () => {
    const f = initialFlap();
    takeSamples(f, false, 0, MIN, 21);
    takeSamples(f, false, MIN, MIN, 21);
    takeSamples(f, true, 4 * MIN + 1, MIN, 21);
    expect(f.samples).toBe("uddd"); // ticks at 1, 2, 3 and 4 minutes
    expect(f.nextSampleAt).toBe(5 * MIN);
  });
});
