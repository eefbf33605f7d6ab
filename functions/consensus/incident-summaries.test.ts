import { describe, expect, it } from "vitest";
import type { RedisPort } from "../../adapters/redis/port";
import { statusPages } from "../../schema/control/status-pages";
import { redisKeys } from "../../schema/redis-keys";
import { aDbWorld } from "./db-world";
import { drizzleIncidentSummaries } from "./drizzle-summaries";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, DOMAIN, ORG, records, T0 } from "./test-support";

const OTHER = "00000000-0000-4000-8000-0000000000d2";
type World = Awaited<ReturnType<typeof aDbWorld>>;

/** Both regions of both domains fail at `t`, in one batch. */
async function bothDown(w: World, t: number, deps = w.deps) {
  w.clock.set(t + 2_000);
  const batch = [DOMAIN, OTHER].flatMap((domainId) => [
    anObservation({ domainId, region: "ams", t }),
    anObservation({ domainId, region: "iad", t: t + 500 }),
  ]);
  return consensusHandler(deps)(records(batch));
}

const summaries = async (w: World, domainId: string) =>
  Object.values(await w.redis.port.hgetall(redisKeys.incidentSummaries(domainId))).map(
    (s) => JSON.parse(s) as { state: string; timeline: { type: string }[] },
  );

describe("consensus and the status pages' incident summaries", () => {
  it("publishes an incident's summary in the batch that commits it, for a domain a status page lists", async () => {
    const w = await aDbWorld([aConfig(), aConfig({ id: OTHER })]);
    await w.h.db
      .insert(statusPages)
      .values({ orgId: ORG, slug: "acme", title: "Acme", domainIds: [DOMAIN] });
    expect((await bothDown(w, T0)).batchItemFailures).toEqual([]);
    expect(w.alerts().filter((j) => j.type === "incident.opened")).toHaveLength(2);
    const mine = await summaries(w, DOMAIN);
    expect(mine.map((s) => s.state)).toEqual(["open"]);
    expect(mine[0]!.timeline.length).toBeGreaterThan(0);
    // a domain no page lists gets no public summary
    expect(await summaries(w, OTHER)).toEqual([]);
    await w.h.close();
  });

  it("commits and pages when publishing the summaries fails; the next batch publishes them", async () => {
    const w = await aDbWorld([aConfig(), aConfig({ id: OTHER })]);
    await w.h.db
      .insert(statusPages)
      .values({ orgId: ORG, slug: "acme", title: "Acme", domainIds: [DOMAIN, OTHER] });
    const down = new Error("redis hash write refused");
    const broken: RedisPort = { ...w.redis.port, hset: () => Promise.reject(down) };
    const deps = { ...w.deps, incidentSummaries: drizzleIncidentSummaries(w.h.db, broken) };
    expect((await bothDown(w, T0, deps)).batchItemFailures).toEqual([]);
    expect(w.alerts().filter((j) => j.type === "incident.opened")).toHaveLength(2);
    expect(await summaries(w, DOMAIN)).toEqual([]);
    expect(w.log.lines.some((l) => l.msg.includes("incident summaries not published"))).toBe(true);
    // the incident changes again (recovery) with a working Redis: its summary is written then
    w.clock.set(T0 + 10 * 60_000);
    const up = [DOMAIN, OTHER].flatMap((domainId) =>
      ["ams", "iad"].map((region, i) =>
        anObservation({ domainId, region, t: T0 + 9 * 60_000 + i, ok: true }),
      ),
    );
    expect((await consensusHandler(w.deps)(records(up))).batchItemFailures).toEqual([]);
    expect((await summaries(w, DOMAIN)).length).toBe(1);
    await w.h.close();
  });
});
