import { describe, expect, it } from "vitest";
import { shardOf } from "../../adapters/queue/shard";
import type { DomainConfig } from "../../schema/wire/domain-config";
import { ENGINE_KEY, loadEngine, type Shard, sharedField } from "./engine-store";
import { consensusHandler } from "./handler";
import { aConfig, anObservation, aWorld, records, T0 } from "./test-support";

const SHARDS = 2;
const idOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
/** The first `n` ids (in numeric order) that shard `k` of SHARDS owns. */
function idsOf(k: number, n: number): string[] {
  const out: string[] = [];
  for (let i = 1; out.length < n; i++) if (shardOf(idOf(i), SHARDS) === k) out.push(idOf(i));
  return out;
}
const shard = (index: number): Shard => ({ index, count: SHARDS });
type World = Awaited<ReturnType<typeof aWorld>>;
/** One consumer per shard over the same Redis and control DB, as deployed. */
const consumer = (w: World, index: number) => consensusHandler({ ...w.deps, shard: shard(index) });

/** sin fails every domain of `ids` while ams and iad see them up, at `t`. */
function sinFails(ids: string[], t: number) {
  return ids.flatMap((domainId, i) => [
    anObservation({ domainId, region: "ams", t: t + i, ok: true }),
    anObservation({ domainId, region: "iad", t: t + i, ok: true }),
    anObservation({ domainId, region: "sin", t: t + i }),
  ]);
}

describe("partitioned consensus", () => {
  /** The lonely domain: ams sees it up, sin fails it every minute for 5 minutes (shard 1). */
  async function lonelyFeed(w: World) {
    const feed = [anObservation({ domainId: lonely, region: "ams", t: T0 + 60_000, ok: true })];
    for (let m = 1; m <= 5; m++)
      feed.push(anObservation({ domainId: lonely, region: "sin", t: T0 + m * 60_000 + 1 }));
    for (const o of feed) {
      w.clock.set(o.t);
      await consumer(w, 1)(records([o]));
    }
  }

  // shard 1 owns one domain checked from ams and sin that pages on one region's word: alone, it
  // cannot tell that sin is failing everyone (one domain is too little evidence)
  const many = idsOf(0, 10);
  const [lonely] = idsOf(1, 1) as [string];
  const configs: DomainConfig[] = [
    ...many.map((id) => aConfig({ id })),
    aConfig({ id: lonely, regions: ["ams", "sin"], quorum: 1 }),
  ];

  it("judges a region on every shard's counters, so a shard with little evidence is not fooled", async () => {
    const w = await aWorld(configs);
    await consumer(w, 0)(records(sinFails(many, T0)));
    await lonelyFeed(w);
    expect(w.alerts().filter((j) => j.type === "incident.opened")).toEqual([]);
    const view = await loadEngine(w.redis.port, [], shard(1));
    expect(view.shared.regions.sin).toMatchObject({ unhealthy: true, disagree: 11 });
  });

  it("pages for that domain when no other shard's evidence is there (the same feed alone)", async () => {
    const w = await aWorld(configs);
    await lonelyFeed(w);
    expect(w.alerts().map((j) => [j.type, j.domainId])).toContainEqual(["incident.opened", lonely]);
  });

  it("loses no counter when shards commit at the same time: each writes only its own share", async () => {
    const mine = [idsOf(0, 30), idsOf(1, 30)];
    const w = await aWorld(mine.flat().map((id) => aConfig({ id })));
    // interleaved batches of both shards, run concurrently
    for (let b = 0; b < 3; b++)
      await Promise.all(
        [0, 1].map((k) =>
          consumer(w, k)(records(sinFails(mine[k]!.slice(b * 10, b * 10 + 10), T0))),
        ),
      );
    const own = await Promise.all(
      [0, 1].map(async (k) => JSON.parse((await w.redis.hget(ENGINE_KEY, sharedField(k)))!)),
    );
    expect(own.map((s) => s.regions.sin.disagree)).toEqual([30, 30]);
    for (const k of [0, 1]) {
      const { shared } = await loadEngine(w.redis.port, [], shard(k));
      expect(shared.regions.sin).toMatchObject({ comparable: 60, disagree: 60, unhealthy: true });
      expect(shared.regions.ams).toMatchObject({ comparable: 60, disagree: 0, unhealthy: false });
    }
  });

  it("forwards a message of a domain another shard owns instead of applying it", async () => {
    const [theirs] = idsOf(1, 1) as [string];
    const w = await aWorld([aConfig({ id: theirs })]);
    const result = await consumer(w, 0)(records([anObservation({ domainId: theirs })]));
    expect(result.batchItemFailures).toEqual([]);
    expect(await w.redis.hget(ENGINE_KEY, theirs)).toBeNull();
    expect(w.queue.sent.filter((s) => s.queue === "consensus").map((s) => s.body)).toEqual([
      anObservation({ domainId: theirs }),
    ]);
  });
});
