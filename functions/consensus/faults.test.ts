import { describe, expect, it } from "vitest";
import { redisKeys } from "../../schema/redis-keys";
import type { Observation } from "../../schema/wire/observation";
import { MAX_BEHIND_MS } from "./bound-times";
import { ENGINE_KEY, loadEngine } from "./engine-store";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, aWorld, DOMAIN, records, T0 } from "./test-support";

const MIN = 60_000;
const OTHER = "00000000-0000-4000-8000-0000000000d2";
type World = Awaited<ReturnType<typeof aWorld>>;

/** Delivers each body at its own time, as the queue would, one batch each. */
async function deliver(w: World, bodies: Observation[]) {
  for (const b of [...bodies].sort((a, c) => a.t - c.t)) {
    if (b.t > w.clock.now()) w.clock.set(b.t);
    await consensusHandler(w.deps)(records([b]));
  }
}

/** Plays the scheduler until `until`: each wake-up delivered at its time. */
async function playWakes(w: World, until: number) {
  const done = new Set<string>();
  for (;;) {
    const due = w.scheduler.scheduled
      .filter((s) => !done.has(s.name) && s.at <= until)
      .sort((a, b) => a.at - b.at)[0];
    if (!due) return;
    done.add(due.name);
    w.clock.set(Math.max(w.clock.now(), due.at));
    await consensusHandler(w.deps)(records([due.payload]));
  }
}

/** Every region fails each minute over [from, to). */
function failing(domainId: string, regions: string[], from: number, to: number): Observation[] {
  const out: Observation[] = [];
  for (let t = from; t < to; t += MIN)
    for (const [i, region] of regions.entries())
      out.push(anObservation({ domainId, region, t: t + i * 1_000 }));
  return out;
}

describe("consensus time", () => {
  it("keeps paging other domains after one observation stamped 10 minutes ahead", async () => {
    const w = await aWorld([aConfig(), aConfig({ id: OTHER })]);
    // a probe whose clock runs 10 minutes fast reports on DOMAIN
    await consensusHandler(w.deps)(
      records([anObservation({ region: "sin", t: T0 + 10 * MIN, ok: true })]),
    );
    await deliver(w, failing(OTHER, ["ams", "iad"], T0 + 30_000, T0 + 3 * MIN));
    expect(w.alerts().map((j) => [j.type, j.domainId])).toEqual([["incident.opened", OTHER]]);
    const { shared } = await loadEngine(w.redis.port, []);
    expect(shared.now).toBeLessThanOrEqual(w.clock.now());
  });

  it("takes an observation stamped ahead of its arrival as of its arrival", async () => {
    const w = await aWorld();
    await consensusHandler(w.deps)(records([anObservation({ t: T0 + 10 * MIN })]));
    const status = JSON.parse((await w.redis.get(redisKeys.domainStatus(DOMAIN)))!);
    expect(status.regions.ams.checkedAt).toBe(new Date(T0).toISOString());
  });

  it("drops an observation stamped more than the skew tolerance behind, with a log line", async () => {
    const w = await aWorld();
    w.clock.set(T0 + MAX_BEHIND_MS + 1);
    await consensusHandler(w.deps)(records([anObservation({ t: T0 })]));
    expect(await w.redis.get(redisKeys.domainStatus(DOMAIN))).toBeNull();
    expect(w.log.lines.map((l) => l.msg)).toContain(
      "observation stamped too far in the past; dropped",
    );
  });
});

describe("a lost recovery", () => {
  it("resolves a 2-region incident within minutes when the recovery messages never arrive", async () => {
    const w = await aWorld([aConfig({ regions: ["ams", "iad"] })]);
    const lastFailure = T0 + 4 * MIN;
    await deliver(w, failing(DOMAIN, ["ams", "iad"], T0, lastFailure + 1));
    // both regions pass from here on; the probes sent the recovery, the queue lost it
    await playWakes(w, T0 + 60 * MIN);
    const resolved = w.alerts().find((j) => j.type === "incident.resolved");
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened", "incident.resolved"]);
    expect((resolved!.t as number) - lastFailure).toBeLessThanOrEqual(5 * MIN);
  });
});

describe("deleted domains", () => {
  it("removes a deleted domain's state, status and wake-up when its wake-up arrives, without moving region health", async () => {
    const w = await aWorld([aConfig(), aConfig({ id: OTHER })]);
    await deliver(w, [
      anObservation({ region: "ams", t: T0 }),
      anObservation({ domainId: OTHER, region: "ams", t: T0 + 1_000, ok: true }),
      anObservation({ domainId: OTHER, region: "iad", t: T0 + 2_000, ok: true }),
      anObservation({ region: "iad", t: T0 + 3_000, ok: true }),
    ]);
    const before = (await loadEngine(w.redis.port, [])).shared.regions;
    expect(before.ams?.comparable).toBe(2);
    await w.redis.hdel(redisKeys.configHash, DOMAIN); // the API deleted it
    const pending = w.scheduler.scheduled.filter((s) => s.name.includes(DOMAIN));
    expect(pending.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      w.clock.set(T0 + (i + 1) * 10 * MIN);
      await consensusHandler(w.deps)(
        records([{ kind: "wake", domainId: DOMAIN, at: w.clock.now() }]),
      );
    }
    const after = (await loadEngine(w.redis.port, [DOMAIN])).shared.regions;
    expect(after.ams?.comparable).toBe(1);
    expect(after.ams?.disagree).toBe(0);
    expect(await w.redis.hget(ENGINE_KEY, DOMAIN)).toBeNull();
    expect(await w.redis.get(redisKeys.domainStatus(DOMAIN))).toBeNull();
    expect(w.scheduler.cancelled).toEqual(expect.arrayContaining(pending.map((p) => p.name)));
  });
});
