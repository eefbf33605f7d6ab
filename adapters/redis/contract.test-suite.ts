import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisPort, RedisScript, RedisSubscriber } from "./port";

/** What each adapter's test hands the contract suite. */
export interface ContractTarget {
  redis: RedisPort;
  /** A second connection's subscriber, when the adapter can subscribe. */
  subscriber?: RedisSubscriber;
  /** Removes every key under `prefix` (networked adapters share a server with other suites). */
  close(prefix: string): Promise<void>;
}

/** A script exercising keys, args, a read-modify-write and a publish, as the broadcast does. */
const bumpAndStore: RedisScript<number> = {
  name: "contract-bump-and-store",
  lua: `local v = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. v)
redis.call('PUBLISH', ARGV[3], tostring(v))
return v`,
  native(store, keys, args) {
    const v = store.incr(keys[0]!);
    store.hset(keys[1]!, { [args[0]!]: `${args[1]}:${v}` });
    store.publish(args[2]!, String(v));
    return v;
  },
  parse: (reply) => Number(reply),
};

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  return check();
};

/** The behaviour every RedisPort adapter must share. */
export function redisContract(
  name: string,
  open: () => Promise<ContractTarget>,
  opts: { pubsub: boolean } = { pubsub: true },
): void {
  describe(`RedisPort contract: ${name}`, () => {
    let t: ContractTarget;
    let r: RedisPort;
    const p = `test:contract:${randomUUID()}:`;
    beforeAll(async () => {
      t = await open();
      r = t.redis;
    });
    afterAll(async () => {
      await t?.close(p);
    });

    it("gets back what was set, and null for a missing key", async () => {
      expect(await r.set(`${p}s1`, 'héllo {"json":1}')).toBe(true);
      expect(await r.get(`${p}s1`)).toBe('héllo {"json":1}');
      expect(await r.get(`${p}missing`)).toBeNull();
    });

    it("keeps a value that looks like JSON or a number as the exact string", async () => {
      await r.set(`${p}json`, '{"a":1}');
      await r.set(`${p}num`, "007");
      expect(await r.get(`${p}json`)).toBe('{"a":1}');
      expect(await r.get(`${p}num`)).toBe("007");
    });

    it("refuses SET NX on an existing key and expires a PX key", async () => {
      expect(await r.set(`${p}nx`, "a", { nx: true })).toBe(true);
      expect(await r.set(`${p}nx`, "b", { nx: true })).toBe(false);
      expect(await r.get(`${p}nx`)).toBe("a");
      await r.set(`${p}px`, "v", { px: 40 });
      expect(await r.get(`${p}px`)).toBe("v");
      await new Promise((res) => setTimeout(res, 80));
      expect(await r.get(`${p}px`)).toBeNull();
    });

    it("expires a key after PEXPIRE and reports false for a missing key", async () => {
      await r.set(`${p}pe`, "v");
      expect(await r.pexpire(`${p}pe`, 40)).toBe(true);
      expect(await r.pexpire(`${p}pe-missing`, 40)).toBe(false);
      await new Promise((res) => setTimeout(res, 80));
      expect(await r.get(`${p}pe`)).toBeNull();
    });

    it("sets many string keys at once, replacing what they held", async () => {
      await r.set(`${p}ms1`, "old", { px: 60_000 });
      await r.mset({ [`${p}ms1`]: "a", [`${p}ms2`]: '{"x":1}' });
      expect(await r.get(`${p}ms1`)).toBe("a");
      expect(await r.get(`${p}ms2`)).toBe('{"x":1}');
      await r.mset({});
    });

    it("deletes keys and counts only those that existed", async () => {
      await r.set(`${p}d1`, "1");
      await r.hset(`${p}d2`, { f: "v" });
      expect(await r.del(`${p}d1`, `${p}d2`, `${p}d3`)).toBe(2);
      expect(await r.get(`${p}d1`)).toBeNull();
    });

    it("increments from zero monotonically", async () => {
      expect(await r.incr(`${p}ctr`)).toBe(1);
      expect(await r.incr(`${p}ctr`)).toBe(2);
      expect(await r.get(`${p}ctr`)).toBe("2");
    });

    it("writes many hash fields at once and reads them by one, many and all", async () => {
      expect(await r.hset(`${p}h`, { a: "1", b: '{"x":true}', c: "" })).toBe(3);
      expect(await r.hset(`${p}h`, { a: "2", d: "4" })).toBe(1);
      expect(await r.hget(`${p}h`, "a")).toBe("2");
      expect(await r.hget(`${p}h`, "zz")).toBeNull();
      expect(await r.hmget(`${p}h`, ["b", "zz", "d"])).toEqual(['{"x":true}', null, "4"]);
      expect(await r.hgetall(`${p}h`)).toEqual({ a: "2", b: '{"x":true}', c: "", d: "4" });
      expect(await r.hlen(`${p}h`)).toBe(4);
      expect(await r.hdel(`${p}h`, "a", "zz")).toBe(1);
      expect(await r.hgetall(`${p}h`)).toEqual({ b: '{"x":true}', c: "", d: "4" });
      expect(await r.hgetall(`${p}none`)).toEqual({});
      expect(await r.hmget(`${p}none`, ["a"])).toEqual([null]);
    });

    it("orders a sorted set by score and honours inclusive, exclusive and infinite bounds", async () => {
      const k = `${p}z`;
      expect(
        await r.zadd(k, [
          { score: 3, member: "c" },
          { score: 1, member: "a" },
          { score: 2, member: "b" },
        ]),
      ).toBe(3);
      expect(await r.zadd(k, [{ score: 5, member: "a" }])).toBe(0);
      expect(await r.zrangebyscore(k, "-inf", "+inf")).toEqual(["b", "c", "a"]);
      expect(await r.zrangebyscore(k, "(2", 5)).toEqual(["c", "a"]);
      expect(await r.zrangebyscore(k, 2, "(5")).toEqual(["b", "c"]);
      expect(await r.zrangebyscore(k, "-inf", "+inf", { offset: 1, count: 1 })).toEqual(["c"]);
      expect(await r.zscore(k, "a")).toBe(5);
      expect(await r.zscore(k, "nope")).toBeNull();
      expect(await r.zremrangebyscore(k, "-inf", 3)).toBe(2);
      expect(await r.zrangebyscore(k, "-inf", "+inf")).toEqual(["a"]);
    });

    it("appends stream entries in order, reads ranges and deletes or trims them", async () => {
      const k = `${p}stream`;
      const ids = await r.xaddMany(k, [{ n: "1", v: "{}" }, { n: "2" }, { n: "3" }]);
      expect(ids).toHaveLength(3);
      const all = await r.xrange(k, "-", "+");
      expect(all.map((e) => e.id)).toEqual(ids);
      expect(all.map((e) => e.fields.n)).toEqual(["1", "2", "3"]);
      expect(all[0]!.fields.v).toBe("{}");
      expect((await r.xrange(k, "-", "+", 2)).map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect((await r.xrange(k, `(${ids[0]}`, "+")).map((e) => e.id)).toEqual(ids.slice(1));
      expect(await r.xdel(k, [ids[1]!])).toBe(1);
      expect(await r.xlen(k)).toBe(2);
      expect(await r.xtrimMinId(k, ids[2]!)).toBe(1);
      expect((await r.xrange(k, "-", "+")).map((e) => e.id)).toEqual([ids[2]]);
      expect(await r.xrange(`${p}nostream`, "-", "+")).toEqual([]);
    });

    it("caps a stream near MAXLEN when adding past it", async () => {
      const k = `${p}capped`;
      const batch = Array.from({ length: 500 }, (_, i) => ({ i: String(i) }));
      for (let n = 0; n < 4; n++) await r.xaddMany(k, batch, 100);
      const len = await r.xlen(k);
      expect(len).toBeGreaterThanOrEqual(100);
      expect(len).toBeLessThan(1000);
      const last = await r.xrange(k, "-", "+");
      expect(last.at(-1)!.fields.i).toBe("499");
    });

    it("hands each entry to one consumer of a group and keeps it pending until XACK", async () => {
      const k = `${p}grouped`;
      expect(await r.xgroupCreate(k, "g")).toBe(true);
      expect(await r.xgroupCreate(k, "g")).toBe(false);
      const ids = await r.xaddMany(k, [{ n: "1" }, { n: "2" }, { n: "3" }]);
      const a = await r.xreadgroup(k, "g", "a", 2);
      const b = await r.xreadgroup(k, "g", "b", 10);
      expect(a.map((e) => e.fields.n)).toEqual(["1", "2"]);
      expect(b.map((e) => e.id)).toEqual([ids[2]]);
      expect(await r.xreadgroup(k, "g", "a", 10)).toEqual([]);
      expect(await r.xpendingCount(k, "g")).toBe(3);
      expect(await r.xack(k, "g", [ids[0]!, ids[2]!, "1-1"])).toBe(2);
      expect(await r.xpendingCount(k, "g")).toBe(1);
    });

    it("lets a live consumer claim the entries a dead one left pending past the idle time", async () => {
      const k = `${p}claimed`;
      await r.xgroupCreate(k, "g");
      const ids = await r.xaddMany(k, [{ n: "1" }, { n: "2" }]);
      await r.xreadgroup(k, "g", "dead", 10);
      expect((await r.xautoclaim(k, "g", "live", 60_000, "0-0", 10)).entries).toEqual([]);
      await new Promise((res) => setTimeout(res, 60));
      const claimed = await r.xautoclaim(k, "g", "live", 30, "0-0", 10);
      expect(claimed.entries.map((e) => e.id)).toEqual(ids);
      expect(claimed.entries[1]!.fields.n).toBe("2");
      expect(claimed.next).toBe("0-0");
      // claiming resets the idle time, so a second sweep right away finds nothing
      expect((await r.xautoclaim(k, "g", "other", 30, "0-0", 10)).entries).toEqual([]);
      expect(await r.xack(k, "g", ids)).toBe(2);
    });

    it("trims a stream to about MAXLEN while keeping the newest entries", async () => {
      const k = `${p}trimmed`;
      const batch = Array.from({ length: 1_000 }, (_, i) => ({ i: String(i) }));
      await r.xaddMany(k, batch);
      const removed = await r.xtrimMaxLen(k, 100);
      const len = await r.xlen(k);
      expect(removed + len).toBe(1_000);
      expect(len).toBeGreaterThanOrEqual(100);
      expect(len).toBeLessThan(400);
      expect((await r.xrange(k, "-", "+")).at(-1)!.fields.i).toBe("999");
    });

    it("refuses to read a group that does not exist with a coded error", async () => {
      await expect(r.xreadgroup(`${p}nogroup`, "g", "a", 1)).rejects.toMatchObject({
        code: "REDIS_COMMAND",
      });
    });

    it("runs a script atomically with keys and args and parses its reply", async () => {
      const keys = [`${p}sv`, `${p}sh`];
      expect(await r.run(bumpAndStore, keys, ["f", "val", `${p}ch`])).toBe(1);
      expect(await r.run(bumpAndStore, keys, ["f", "val", `${p}ch`])).toBe(2);
      expect(await r.hget(`${p}sh`, "f")).toBe("val:2");
    });

    it("rejects a command on a key of the wrong type with a coded error", async () => {
      await r.set(`${p}str`, "x");
      await expect(r.hset(`${p}str`, { a: "1" })).rejects.toMatchObject({
        code: "REDIS_COMMAND",
      });
    });

    it("answers ping", async () => {
      await expect(r.ping()).resolves.toBeUndefined();
    });

    if (opts.pubsub) {
      it("delivers a publish to a subscriber until it unsubscribes", async () => {
        if (!t.subscriber) throw new Error(`${name} declared pubsub but gave no subscriber`);
        const got: string[] = [];
        const ch = `${p}chan`;
        const off = await t.subscriber.subscribe(ch, (m) => got.push(m));
        expect(await r.publish(ch, '{"id":"a"}')).toBeGreaterThanOrEqual(1);
        expect(await until(() => got.length === 1)).toBe(true);
        expect(got).toEqual(['{"id":"a"}']);
        await off();
        await r.publish(ch, "after");
        await new Promise((res) => setTimeout(res, 50));
        expect(got).toEqual(['{"id":"a"}']);
      });
    }
  });
}
