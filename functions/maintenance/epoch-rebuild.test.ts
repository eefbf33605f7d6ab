import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../adapters/db/types";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { configFromRow } from "../../adapters/redis/config-from-row";
import { configKeys } from "../../adapters/redis/config-keys";
import { memoryRedis } from "../../adapters/redis/memory";
import type { RedisPort } from "../../adapters/redis/port";
import { createConfigSync } from "../../probe-fly/config-sync";
import { domains, type NewDomain } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import { waitFor } from "../../test-support/until";
import { reconcileConfig } from "./reconcile";

describe("a probe across a Redis wipe and the reconcile that rebuilds it", () => {
  let h: DatabaseHandle;
  let orgId: string;
  beforeAll(async () => {
    h = await openMigratedMemory("control");
    const [org] = await h.db.insert(organizations).values({ name: "o" }).returning();
    orgId = org!.id;
  });
  afterAll(() => h.close());

  const row = (name: string): NewDomain => ({
    orgId,
    url: `https://${name}.test/`,
    name,
    regions: ["ams"],
  });

  it("keeps every domain while the rebuild is partway, then loads the full set", async () => {
    const m = memoryRedis();
    const keys = configKeys();
    const rows = await h.db
      .insert(domains)
      .values(["a", "b", "c", "d", "e", "f"].map(row))
      .returning();
    await reconcileConfig({
      db: h.db,
      redis: m.port,
      broadcast: createConfigBroadcast({ redis: m.port }),
    });
    const sync = createConfigSync({
      redis: m.port,
      subscriber: m.subscriber,
      region: "ams",
      resyncIntervalMs: 10,
    });
    await sync.start();
    expect(sync.configs.size).toBe(6);

    // Redis loses everything; the API's next write starts a new epoch with one domain in it,
    // and a domain is deleted while the broadcast cannot reach Redis (no notice ever says so)
    await m.port.del(...Object.values(keys));
    await createConfigBroadcast({ redis: m.port }).upsert(configFromRow(rows[0]!));
    const gone = rows[5]!;
    await h.db.delete(domains).where(eq(domains.id, gone.id));

    // the scheduled reconcile writes two domains per call and is held after its first call
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    const gated: RedisPort = {
      ...m.port,
      async run(script, k, args) {
        const out = await m.port.run(script, k, args);
        if (script.name === "config-write" && ++calls === 1) await held;
        return out;
      },
    };
    const broadcast = createConfigBroadcast({ redis: gated, chunkSize: 2 });
    const running = reconcileConfig({ db: h.db, redis: gated, broadcast });
    await waitFor(() => calls === 1);
    await new Promise((r) => setTimeout(r, 60)); // several resync ticks of the probe
    expect(await m.port.hlen(keys.hash)).toBeLessThan(6);
    expect(sync.configs.size).toBe(6);

    release();
    expect(await running).toMatchObject({ complete: true });
    // only a full load from the rebuilt hash can tell the probe that `gone` is gone
    await waitFor(() => !sync.configs.has(gone.id));
    expect(new Set(sync.configs.keys())).toEqual(new Set(rows.slice(0, 5).map((r) => r.id)));
    expect(sync.version()).toBe(Number(await m.port.get(keys.version)));
    await sync.stop();
  });
});
