import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aDomainConfig } from "../../test-support/builders";
import { manualClock } from "../clock/clock";
import { createConfigBroadcast } from "./config-broadcast";
import { beginRebuild, markRebuilt } from "./config-epoch";
import { configKeys } from "./config-keys";
import { pruneConfigLog } from "./config-prune";
import { snapshotScript } from "./config-scripts";
import type { ContractTarget } from "./contract.test-suite";

/** The config broadcast's behaviour on one adapter (each needs a subscriber on its server). */
export function configBroadcastContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`config broadcast: ${name}`, () => {
    let t: ContractTarget;
    const prefix = `test:bcast:${randomUUID()}:`;
    const keys = configKeys(prefix);
    const clock = manualClock(1_700_000_000_000);
    const notices: unknown[] = [];
    let off: () => Promise<void>;
    beforeAll(async () => {
      t = await open();
      off = await t.subscriber!.subscribe(keys.channel, (m) => notices.push(JSON.parse(m)));
    });
    afterAll(async () => {
      await off?.();
      await t?.close(prefix);
    });
    const bcast = () => createConfigBroadcast({ redis: t.redis, keys, clock, chunkSize: 2 });
    const waitFor = async (n: number) => {
      const end = Date.now() + 2000;
      while (notices.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    };

    it("writes the config, versions it from a time floor, logs it and publishes a notice", async () => {
      const c = aDomainConfig();
      const v = await bcast().upsert(c);
      expect(v).toBe(1_700_000_000_000_000 + 1);
      expect(JSON.parse((await t.redis.hget(keys.hash, c.id))!)).toEqual(c);
      expect(await t.redis.get(keys.version)).toBe(String(v));
      expect(await t.redis.zscore(keys.log, c.id)).toBe(v);
      await waitFor(1);
      expect(notices.at(-1)).toEqual({ id: c.id, version: v, op: "upsert" });
    });

    it("refuses an upsert older than what Redis holds, and accepts a newer one", async () => {
      const c = aDomainConfig({ version: 5, name: "new" });
      const b = bcast();
      const v5 = await b.upsert(c);
      expect(await b.upsert({ ...c, version: 4, name: "old" })).toBe(0);
      expect(await b.upsert({ ...c, version: 5, name: "same" })).toBe(0);
      expect(JSON.parse((await t.redis.hget(keys.hash, c.id))!).name).toBe("new");
      const v6 = await b.upsert({ ...c, version: 6, name: "newer" });
      expect(v6).toBeGreaterThan(v5);
      expect(JSON.parse((await t.redis.hget(keys.hash, c.id))!).name).toBe("newer");
    });

    it("deletes with a notice, and a late upsert cannot bring the domain back", async () => {
      const c = aDomainConfig({ version: 2 });
      const b = bcast();
      await b.upsert(c);
      const before = notices.length;
      const v = await b.remove(c.id);
      expect(await t.redis.hget(keys.hash, c.id)).toBeNull();
      expect(await t.redis.zscore(keys.log, c.id)).toBe(v);
      expect(await b.upsert({ ...c, version: 3 })).toBe(0);
      expect(await t.redis.hget(keys.hash, c.id)).toBeNull();
      await waitFor(before + 1);
      expect(notices.at(-1)).toEqual({ id: c.id, version: v, op: "delete" });
    });

    it("applies a batch in chunks with consecutive versions; put rewrites but never goes back", async () => {
      const b = bcast();
      const cs = [aDomainConfig(), aDomainConfig(), aDomainConfig()];
      const vs = await b.apply(
        cs.map((c) => ({ op: "upsert", id: c.id, domainVersion: 1, json: JSON.stringify(c) })),
      );
      expect(vs[1]).toBe(vs[0]! + 1);
      expect(vs[2]).toBe(vs[0]! + 2);
      const changed = { ...cs[0]!, name: "rebuilt" };
      const [pv, older] = await b.apply([
        { op: "put", id: changed.id, domainVersion: 1, json: JSON.stringify(changed) },
        { op: "put", id: changed.id, domainVersion: 0, json: "{}" },
      ]);
      expect(pv).toBe(vs[2]! + 1);
      expect(older).toBe(0);
      expect(JSON.parse((await t.redis.hget(keys.hash, changed.id))!).name).toBe("rebuilt");
      await b.remove(cs[1]!.id);
      const [revived] = await b.apply([
        { op: "put", id: cs[1]!.id, domainVersion: 9, json: JSON.stringify(cs[1]) },
      ]);
      expect(revived).toBe(0);
    });

    it("snapshots the version and the whole hash in one call", async () => {
      const four = [keys.epoch, keys.version, keys.hash, keys.complete];
      const snap = await t.redis.run(snapshotScript, four, []);
      expect(snap.epoch).toBe(1_700_000_000_000_000);
      expect(snap.complete).toBe(0);
      expect(await markRebuilt(t.redis, keys, snap.epoch)).toBe(true);
      expect((await t.redis.run(snapshotScript, four, [])).complete).toBe(snap.epoch);
      expect(snap.version).toBe(Number(await t.redis.get(keys.version)));
      expect(Object.fromEntries(snap.entries)).toEqual(await t.redis.hgetall(keys.hash));
      expect(snap.entries.length).toBeGreaterThan(3);
      const none = [`${prefix}none`, `${prefix}none2`, `${prefix}none3`, `${prefix}none4`];
      const empty = await t.redis.run(snapshotScript, none, []);
      expect(empty).toEqual({ epoch: 0, version: 0, complete: 0, entries: [] });
    });

    it("starts an epoch on an empty Redis and marks it complete only while it lasts", async () => {
      const k = configKeys(`${prefix}epoch:`);
      const epoch = await beginRebuild(t.redis, k, clock);
      expect(epoch).toBe(clock.now() * 1000);
      expect(await t.redis.get(k.version)).toBe(String(epoch));
      // an existing epoch is returned as is, whatever the clock says
      clock.advance(1_000);
      expect(await beginRebuild(t.redis, k, clock)).toBe(epoch);
      expect(await markRebuilt(t.redis, k, epoch)).toBe(true);
      expect(await t.redis.get(k.complete)).toBe(String(epoch));
      // a wipe during a rebuild: the epoch it began in is gone, so it is not marked complete
      await t.redis.del(k.version, k.epoch, k.complete);
      const next = await createConfigBroadcast({ redis: t.redis, keys: k, clock }).upsert(
        aDomainConfig(),
      );
      expect(next).toBeGreaterThan(epoch);
      expect(await markRebuilt(t.redis, k, epoch)).toBe(false);
      expect(await t.redis.get(k.complete)).toBeNull();
    });

    it("prunes deleted domains below the floor, keeps live ones, and raises the floor first", async () => {
      const b = bcast();
      const live = aDomainConfig();
      const gone = [aDomainConfig(), aDomainConfig()];
      await b.upsert(live);
      for (const g of gone) {
        await b.upsert(g);
        await b.remove(g.id);
      }
      await b.upsert(aDomainConfig());
      const result = await pruneConfigLog(t.redis, keys, 0);
      expect(result.removed).toBeGreaterThanOrEqual(2);
      expect(await t.redis.get(keys.logFloor)).toBe(String(result.floor));
      for (const g of gone) {
        expect(await t.redis.zscore(keys.log, g.id)).toBeNull();
        expect(await t.redis.hget(keys.versions, g.id)).toBeNull();
      }
      expect(await t.redis.zscore(keys.log, live.id)).not.toBeNull();
      expect(await t.redis.hget(keys.hash, live.id)).not.toBeNull();
      expect(await pruneConfigLog(t.redis, keys, 0)).toEqual({ floor: result.floor, removed: 0 });
    });
  });
}
