import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../adapters/db/types";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { configFromRow } from "../../adapters/redis/config-from-row";
import { memoryRedis } from "../../adapters/redis/memory";
import { domains, type NewDomain } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import { reconcileConfig } from "./reconcile";

describe("reconcileConfig", () => {
  let h: DatabaseHandle;
  let orgId: string;
  beforeAll(async () => {
    h = await openMigratedMemory("control");
    const [org] = await h.db.insert(organizations).values({ name: "o" }).returning();
    orgId = org!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const aRow = (over: Partial<NewDomain> = {}): NewDomain => ({
    orgId,
    url: "https://a.test/",
    name: "a",
    regions: ["ams"],
    ...over,
  });

  it("rebuilds an empty Redis from the database, then has nothing to do", async () => {
    const m = memoryRedis();
    const broadcast = createConfigBroadcast({ redis: m.port });
    const rows = await h.db
      .insert(domains)
      .values([aRow(), aRow({ name: "b" })])
      .returning();
    const first = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    expect(first).toMatchObject({ deleted: 0 });
    expect(first.put).toBeGreaterThanOrEqual(2);
    const all = await h.db.select().from(domains);
    expect(await m.hgetall(broadcast.keys.hash)).toEqual(
      Object.fromEntries(all.map((r) => [r.id, JSON.stringify(configFromRow(r))])),
    );
    expect(m.published).toHaveLength(all.length);
    const second = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    expect(second).toMatchObject({ put: 0, deleted: 0, unchanged: all.length, complete: true });
    expect(m.published).toHaveLength(all.length);
    expect(rows).toHaveLength(2);
  });

  it("rewrites a stale config and deletes what the database no longer has", async () => {
    const m = memoryRedis();
    const broadcast = createConfigBroadcast({ redis: m.port });
    await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    const [row] = await h.db
      .insert(domains)
      .values(aRow({ name: "stale" }))
      .returning();
    await broadcast.upsert(configFromRow(row!));
    // the database moves on while Redis misses the change (it was down)
    await h.db
      .update(domains)
      .set({ name: "fresh", configVersion: 2 })
      .where(eq(domains.id, row!.id));
    await broadcast.upsert({ ...configFromRow(row!), id: "00000000-0000-4000-8000-00000000dead" });
    const report = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    expect(report).toMatchObject({ put: 1, deleted: 1 });
    expect(JSON.parse((await m.hget(broadcast.keys.hash, row!.id))!).name).toBe("fresh");
    expect(await m.hget(broadcast.keys.hash, "00000000-0000-4000-8000-00000000dead")).toBeNull();
    const notices = m.published.slice(-2).map((p) => JSON.parse(p.message));
    expect(notices.map((n) => n.op).sort()).toEqual(["delete", "upsert"]);
  });

  it("marks the epoch it rebuilt complete, and not when Redis was wiped during the run", async () => {
    const m = memoryRedis();
    const broadcast = createConfigBroadcast({ redis: m.port });
    const keys = broadcast.keys;
    const first = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    expect(first.complete).toBe(true);
    expect(await m.port.get(keys.complete)).toBe(String(first.epoch));
    expect(await m.port.get(keys.epoch)).toBe(String(first.epoch));
    // Redis is wiped after the run read the hash: what it wrote is only what it saw missing
    const hgetall = m.port.hgetall;
    m.port.hgetall = async (key) => {
      const seen = await hgetall(key);
      await m.port.del(keys.hash, keys.version, keys.epoch, keys.versions, keys.complete);
      return seen;
    };
    const torn = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    m.port.hgetall = hgetall;
    expect(torn.complete).toBe(false);
    expect(await m.port.get(keys.complete)).toBeNull();
    // the next run rebuilds the new epoch in full and marks it
    const healed = await reconcileConfig({ db: h.db, redis: m.port, broadcast });
    expect(healed.complete).toBe(true);
    expect(healed.epoch).toBeGreaterThan(torn.epoch);
    expect(healed.put).toBe((await h.db.select().from(domains)).length);
    expect(await m.port.get(keys.complete)).toBe(String(healed.epoch));
  });
});
