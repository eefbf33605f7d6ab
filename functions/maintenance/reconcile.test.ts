import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
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
    h = await openDatabase("");
    await migrateDatabase(h, "control");
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
    expect(second).toEqual({ put: 0, deleted: 0, unchanged: all.length });
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
});
