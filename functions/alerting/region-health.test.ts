import { describe, expect, it } from "vitest";
import { defaultRules } from "./defaults";
import {
  applyContribution,
  contribution,
  distrustedBefore,
  type RegionHealth,
} from "./region-health";
import type { Vote } from "./votes";

const regions = ["ams", "iad", "sin"];
const vote = (ok: boolean): Vote => ({
  ok,
  t: 0,
  error: ok ? null : "TIMEOUT",
  latencyMs: 1,
  streak: 1,
  prevT: null,
  tls: null,
});
const live = (v: Vote | undefined) => v !== undefined;

describe("region health", () => {
  it("marks a region that sees a domain down while the others see it up as disagreeing", () => {
    const c = contribution(regions, { ams: vote(false), iad: vote(true), sin: vote(true) }, live);
    expect(c).toEqual({ ams: 2, iad: 1, sin: 1 });
  });

  it("has no evidence about a region without a live vote or without others to compare", () => {
    expect(contribution(["ams"], { ams: vote(false) }, live)).toEqual({ ams: 0 });
    expect(contribution(regions, { ams: vote(false) }, live)).toEqual({ ams: 0, iad: 0, sin: 0 });
  });

  it("turns a region unhealthy when it disagrees on most of its domains", () => {
    const health: Record<string, RegionHealth> = {};
    expect(applyContribution(health, {}, { ams: 2, iad: 1 }, 10, defaultRules)).toEqual([]);
    expect(applyContribution(health, {}, { ams: 2, iad: 1 }, 20, defaultRules)).toEqual(["ams"]);
    expect(health.ams).toMatchObject({ unhealthy: true, since: 20, comparable: 2, disagree: 2 });
  });

  it("does not judge on one domain alone", () => {
    const health: Record<string, RegionHealth> = {};
    applyContribution(health, {}, { ams: 2 }, 10, defaultRules);
    expect(health.ams!.unhealthy).toBe(false);
  });

  it("recovers once disagreement falls to a quarter, remembering when", () => {
    const health: Record<string, RegionHealth> = {};
    for (let i = 0; i < 4; i++) applyContribution(health, {}, { ams: 2 }, i, defaultRules);
    expect(health.ams!.unhealthy).toBe(true);
    applyContribution(health, { ams: 2 }, { ams: 1 }, 50, defaultRules);
    applyContribution(health, { ams: 2 }, { ams: 1 }, 51, defaultRules);
    expect(health.ams!.unhealthy).toBe(true); // 2 of 4 still disagree
    applyContribution(health, { ams: 2 }, { ams: 1 }, 52, defaultRules);
    expect(health.ams).toMatchObject({ unhealthy: false, recoveredAt: 52 });
  });

  it("distrusts votes from a long unhealthy spell, not from a short one", () => {
    const base = { comparable: 4, disagree: 0, unhealthy: false, since: 0 };
    expect(distrustedBefore({ ...base, recoveredAt: 500_000, lastSpellMs: 300_000 })).toBe(500_000);
    expect(distrustedBefore({ ...base, recoveredAt: 500_000, lastSpellMs: 30_000 })).toBeNull();
    expect(distrustedBefore({ ...base, recoveredAt: null, lastSpellMs: 0 })).toBeNull();
  });
});
