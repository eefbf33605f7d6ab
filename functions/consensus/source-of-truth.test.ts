import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { domains } from "../../schema/control/domains";
import { incidents } from "../../schema/control/incidents";
import { redisKeys } from "../../schema/redis-keys";
import type { Observation } from "../../schema/wire/observation";
import { aDbWorld } from "./db-world";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, DOMAIN, records, T0 } from "./test-support";

const MIN = 60_000;
const OTHER = "00000000-0000-4000-8000-0000000000d2";
type World = Awaited<ReturnType<typeof aDbWorld>>;

function failing(domainId: string, from: number, to: number, ok = false): Observation[] {
  const out: Observation[] = [];
  for (let t = from; t < to; t += MIN)
    for (const [i, region] of ["ams", "iad"].entries())
      out.push(anObservation({ domainId, region, t: t + i * 1_000, ok }));
  return out;
}

async function deliver(w: World, bodies: Observation[]) {
  for (const b of bodies) {
    if (b.t > w.clock.now()) w.clock.set(b.t);
    const r = await consensusHandler(w.deps)(records([b]));
    expect(r.batchItemFailures).toEqual([]);
  }
}

/** Plays wake-ups until `until`, as EventBridge would deliver them. */
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

/** Redis loses everything; the API's config hash comes back only with the reconcile. */
function wipe(w: World) {
  w.redis.wipe();
}

describe("the control DB as alerting's source of truth", () => {
  it("drops a domain deleted while Redis still has its config, and pages the others in the same batch", async () => {
    const w = await aDbWorld([aConfig(), aConfig({ id: OTHER })]);
    await w.h.db.delete(domains).where(eq(domains.id, DOMAIN)); // Redis not told yet
    w.clock.set(T0 + 2_000);
    const batch = records([
      anObservation({ region: "ams", t: T0 }),
      anObservation({ region: "iad", t: T0 + 500 }),
      anObservation({ domainId: OTHER, region: "ams", t: T0 + 1_000 }),
      anObservation({ domainId: OTHER, region: "iad", t: T0 + 1_500 }),
    ]);
    const r = await consensusHandler(w.deps)(batch);
    expect(r.batchItemFailures).toEqual([]);
    expect(w.alerts().map((j) => [j.type, j.domainId])).toEqual([["incident.opened", OTHER]]);
    expect(w.log.lines.map((l) => l.msg)).toContain(
      "domain deleted while its batch ran; its effects dropped",
    );
    await w.h.close();
  });

  it("uses the control DB for a config Redis lost, instead of dropping the observation", async () => {
    const w = await aDbWorld([aConfig()]);
    wipe(w);
    await deliver(w, failing(DOMAIN, T0, T0 + 2 * MIN));
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened"]);
    await w.h.close();
  });

  it("after a Redis wipe, numbers the next incident and its jobs after those in the control DB", async () => {
    const w = await aDbWorld([aConfig({ regions: ["ams", "iad"] })]);
    await deliver(w, failing(DOMAIN, T0, T0 + 3 * MIN));
    await deliver(w, failing(DOMAIN, T0 + 3 * MIN, T0 + 4 * MIN, true));
    await playWakes(w, T0 + 10 * MIN);
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened", "incident.resolved"]);
    wipe(w);
    w.clock.set(T0 + 60 * MIN);
    await deliver(w, failing(DOMAIN, T0 + 60 * MIN, T0 + 63 * MIN));
    const jobs = w.alerts();
    expect(jobs.map((j) => j.type)).toEqual([
      "incident.opened",
      "incident.resolved",
      "incident.opened",
    ]);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(3);
    expect(jobs[2]!.incidentId).not.toBe(jobs[0]!.incidentId);
    const rows = await w.h.db.select().from(incidents);
    expect(rows.map((r) => r.state).sort()).toEqual(["open", "resolved"]);
    await w.h.close();
  });

  it("after a Redis wipe mid-outage, neither pages again nor leaves the incident open", async () => {
    const w = await aDbWorld([aConfig({ regions: ["ams", "iad"] })]);
    await deliver(w, failing(DOMAIN, T0, T0 + 3 * MIN));
    wipe(w);
    await deliver(w, failing(DOMAIN, T0 + 3 * MIN, T0 + 6 * MIN));
    // it recovers; the probes' recovery messages are lost too
    await playWakes(w, T0 + 60 * MIN);
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened", "incident.resolved"]);
    const resolved = w.alerts()[1]!;
    expect((resolved.t as number) - (T0 + 6 * MIN)).toBeLessThanOrEqual(6 * MIN);
    expect(await w.redis.get(redisKeys.domainStatus(DOMAIN))).not.toBeNull();
    await w.h.close();
  });

  it("hands a job committed before a crash to the alerts queue with the next batch, once", async () => {
    const w = await aDbWorld([aConfig(), aConfig({ id: OTHER })]);
    const crashing = {
      ...w.deps,
      queue: { send: async () => Promise.reject(new Error("queue unreachable")) },
    };
    w.clock.set(T0 + 2_000);
    const first = records([
      anObservation({ region: "ams", t: T0 }),
      anObservation({ region: "iad", t: T0 + 1_000 }),
    ]);
    const r = await consensusHandler(crashing)(first);
    expect(r.batchItemFailures).toHaveLength(2);
    expect(w.alerts()).toEqual([]);
    // the redelivery and an unrelated batch: the page goes out exactly once
    await consensusHandler(w.deps)(first);
    await consensusHandler(w.deps)(records([anObservation({ domainId: OTHER, t: T0 + 2_000 })]));
    expect(w.alerts().map((j) => j.type)).toEqual(["incident.opened"]);
    await w.h.close();
  });
});
