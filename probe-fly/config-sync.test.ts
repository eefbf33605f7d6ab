import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { beginRebuild, markRebuilt } from "../adapters/redis/config-epoch";
import { configKeys } from "../adapters/redis/config-keys";
import { pruneConfigLog } from "../adapters/redis/config-prune";
import { type MemoryRedis, memoryRedis } from "../adapters/redis/memory";
import type { RedisSubscriber } from "../adapters/redis/port";
import type { DomainConfig } from "../schema/wire/domain-config";
import { aDomainConfig } from "../test-support/builders";
import { droppingSubscriber } from "../test-support/dropping-subscriber";
import { waitFor } from "../test-support/until";
import { type ConfigSync, createConfigSync } from "./config-sync";

const running: ConfigSync[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function setup(opts: { subscriber?: (m: MemoryRedis) => RedisSubscriber; interval?: number } = {}) {
  const m = memoryRedis();
  const bcast = createConfigBroadcast({ redis: m.port });
  const changes: [string, DomainConfig | null][] = [];
  const sync = createConfigSync({
    redis: m.port,
    subscriber: opts.subscriber?.(m) ?? m.subscriber,
    region: "ams",
    resyncIntervalMs: opts.interval ?? 60_000,
    onChange: (id, c) => changes.push([id, c]),
  });
  running.push(sync);
  return { m, bcast, sync, changes };
}

describe("createConfigSync", () => {
  it("loads only this region's unpaused domains at start and reports each", async () => {
    const { m, bcast, sync, changes } = setup();
    const here = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(here);
    await bcast.upsert(aDomainConfig({ regions: ["iad"] }));
    await bcast.upsert(aDomainConfig({ regions: ["ams"], paused: true }));
    await sync.start();
    expect([...sync.configs.keys()]).toEqual([here.id]);
    expect(changes).toEqual([[here.id, here]]);
    expect(sync.version()).toBe(Number(await m.port.get(configKeys().version)));
  });

  it("applies an update as soon as its notice arrives, with one read of that domain", async () => {
    const { m, bcast, sync } = setup();
    const c = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(aDomainConfig({ regions: ["iad"] }));
    await sync.start();
    const reads = countReads(m);
    const v = await bcast.upsert(c);
    await waitFor(() => sync.configs.get(c.id)?.version === 1);
    await bcast.upsert({ ...c, version: 2, intervalSeconds: 30 });
    await waitFor(() => sync.configs.get(c.id)?.version === 2);
    expect(sync.configs.get(c.id)!.intervalSeconds).toBe(30);
    await waitFor(() => sync.version() === v + 1);
    expect(reads).toEqual([c.id, c.id]);
  });

  it("starts on an empty Redis and follows from the first write", async () => {
    const { bcast, sync } = setup({ interval: 20 });
    await sync.start();
    expect(sync.version()).toBe(0);
    const c = aDomainConfig({ regions: ["ams"] });
    const v = await bcast.upsert(c);
    await waitFor(() => sync.version() === v);
    expect(sync.configs.get(c.id)).toEqual(c);
  });

  it("removes a domain that is paused, moved to other regions or deleted", async () => {
    const { bcast, sync, changes } = setup();
    const [a, b, c] = [1, 2, 3].map(() =>
      aDomainConfig({ regions: ["ams", "iad"] }),
    ) as DomainConfig[];
    for (const d of [a, b, c]) await bcast.upsert(d!);
    await sync.start();
    expect(sync.configs.size).toBe(3);
    await bcast.upsert({ ...a!, version: 2, paused: true });
    await bcast.upsert({ ...b!, version: 2, regions: ["iad"] });
    await bcast.remove(c!.id);
    await waitFor(() => sync.configs.size === 0);
    expect(changes.slice(3)).toEqual([
      [a!.id, null],
      [b!.id, null],
      [c!.id, null],
    ]);
  });

  it("converges after a dropped notice with one version check and only the changed ids", async () => {
    const { m, bcast, sync } = setup({
      subscriber: (mem) => droppingSubscriber(mem.subscriber, () => true),
      interval: 30,
    });
    const c = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(aDomainConfig({ regions: ["iad"] }));
    await sync.start();
    const reads = countReads(m);
    const v = await bcast.upsert(c);
    await waitFor(() => sync.configs.has(c.id), 1_000);
    expect(sync.version()).toBe(v);
    expect(reads).toEqual([c.id]);
  });

  it("picks up a change made between its snapshot and its subscription", async () => {
    const late = aDomainConfig({ regions: ["ams"] });
    const { sync } = setup({
      subscriber: (mem) => ({
        async subscribe(channel, fn) {
          await createConfigBroadcast({ redis: mem.port }).upsert(late);
          return mem.subscriber.subscribe(channel, fn);
        },
      }),
    });
    await sync.start();
    expect(sync.configs.get(late.id)).toEqual(late);
  });

  it("never lets an older config replace a newer one", async () => {
    const { m, sync } = setup();
    const keys = configKeys();
    const c = aDomainConfig({ regions: ["ams"], version: 7 });
    await m.port.hset(keys.hash, { [c.id]: JSON.stringify(c) });
    await sync.start();
    await m.port.hset(keys.hash, { [c.id]: JSON.stringify({ ...c, version: 6, name: "old" }) });
    await m.port.publish(keys.channel, JSON.stringify({ id: c.id, version: 1, op: "upsert" }));
    await new Promise((r) => setTimeout(r, 20));
    expect(sync.configs.get(c.id)!.version).toBe(7);
  });

  it("drops a config that fails its schema and keeps going", async () => {
    const { m, bcast, sync } = setup();
    const keys = configKeys();
    await m.port.hset(keys.hash, { broken: '{"id":"broken","url":"not a url"}', junk: "{" });
    const ok = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(ok);
    await sync.start();
    expect([...sync.configs.keys()]).toEqual([ok.id]);
    await m.port.publish(keys.channel, "not json");
    const next = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(next);
    await waitFor(() => sync.configs.has(next.id));
  });

  it("reloads in full when it is behind the pruned part of the change log", async () => {
    let drop = false;
    const { m, bcast, sync } = setup({
      subscriber: (mem) => droppingSubscriber(mem.subscriber, () => drop),
    });
    const doomed = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(doomed);
    await sync.start();
    drop = true;
    await bcast.remove(doomed.id);
    await bcast.upsert(aDomainConfig({ regions: ["iad"] }));
    expect((await pruneConfigLog(m.port, configKeys(), 0)).removed).toBe(1);
    drop = false;
    // the next notice shows a gap; the log no longer names the deleted domain
    const next = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(next);
    await waitFor(() => !sync.configs.has(doomed.id));
    expect([...sync.configs.keys()]).toEqual([next.id]);
  });

  it("reloads in full when Redis was wiped and rebuilt, dropping what the rebuild lacks", async () => {
    const { m, bcast, sync } = setup({ interval: 20 });
    const keep = aDomainConfig({ regions: ["ams"] });
    const gone = aDomainConfig({ regions: ["ams"] });
    await bcast.upsert(keep);
    await bcast.upsert(gone);
    await sync.start();
    const k = configKeys();
    await m.port.del(k.hash, k.version, k.epoch, k.log, k.versions, k.complete);
    await new Promise((r) => setTimeout(r, 60));
    expect(sync.configs.size).toBe(2);
    // the rebuild runs on a later clock, as a restart would
    const clock = { now: () => Date.now() + 5 };
    const rebuilt = createConfigBroadcast({ redis: m.port, clock });
    const epoch = await beginRebuild(m.port, k, clock);
    await rebuilt.apply([{ op: "put", id: keep.id, domainVersion: 1, json: JSON.stringify(keep) }]);
    expect(await markRebuilt(m.port, k, epoch)).toBe(true);
    await waitFor(() => sync.configs.size === 1);
    expect([...sync.configs.keys()]).toEqual([keep.id]);
  });

  it("keeps its domains while a new epoch is rebuilt partway, then loads the full set once complete", async () => {
    const { m, bcast, sync } = setup({ interval: 10 });
    const all = Array.from({ length: 6 }, () => aDomainConfig({ regions: ["ams"] }));
    for (const c of all) await bcast.upsert(c);
    await sync.start();
    const k = configKeys();
    await m.port.del(k.hash, k.version, k.epoch, k.log, k.versions, k.complete);
    // after the wipe the API writes one domain first (a new epoch begins), then the rebuild
    // has written half of the rest when the probe next looks
    const clock = { now: () => Date.now() + 5 };
    const writer = createConfigBroadcast({ redis: m.port, clock });
    const changed = { ...all[0]!, name: "renamed", version: 2 };
    await writer.upsert(changed);
    const epoch = await beginRebuild(m.port, k, clock);
    const put = (c: DomainConfig) => ({
      op: "put" as const,
      id: c.id,
      domainVersion: c.version,
      json: JSON.stringify(c),
    });
    await writer.apply(all.slice(1, 3).map(put));
    await new Promise((r) => setTimeout(r, 80)); // several resync ticks
    expect(new Set(sync.configs.keys())).toEqual(new Set(all.map((c) => c.id)));
    // what the notices named is applied meanwhile
    expect(sync.configs.get(changed.id)?.name).toBe("renamed");
    // a domain deleted in the new epoch is removed as well, rebuild or not
    await writer.remove(all[5]!.id);
    await waitFor(() => !sync.configs.has(all[5]!.id));
    expect(sync.configs.size).toBe(5);
    await writer.apply(all.slice(3, 5).map(put));
    expect(await markRebuilt(m.port, k, epoch)).toBe(true);
    const extra = aDomainConfig({ regions: ["ams"] });
    await m.port.hset(k.hash, { [extra.id]: JSON.stringify(extra) }); // only a full load sees it
    await waitFor(() => sync.configs.has(extra.id));
    expect(new Set(sync.configs.keys())).toEqual(
      new Set([...all.slice(0, 5).map((c) => c.id), extra.id]),
    );
    expect(sync.version()).toBe(Number(await m.port.get(k.version)));
  });

  it("loads what a partly rebuilt hash holds at start, then the full set once it is complete", async () => {
    const { m, sync } = setup({ interval: 10 });
    const k = configKeys();
    const writer = createConfigBroadcast({ redis: m.port });
    const first = aDomainConfig({ regions: ["ams"] });
    const epoch = await beginRebuild(m.port, k);
    await writer.apply([
      { op: "put", id: first.id, domainVersion: 1, json: JSON.stringify(first) },
    ]);
    await sync.start();
    expect([...sync.configs.keys()]).toEqual([first.id]);
    const late = aDomainConfig({ regions: ["ams"] });
    await m.port.hset(k.hash, { [late.id]: JSON.stringify(late) });
    await markRebuilt(m.port, k, epoch);
    await waitFor(() => sync.configs.has(late.id));
  });
});

/** Records the hash fields config-sync reads after this call. */
function countReads(m: MemoryRedis): string[] {
  const reads: string[] = [];
  const { hget, hmget } = m.port;
  m.port.hmget = (key, fields) => {
    reads.push(...fields);
    return hmget(key, fields);
  };
  m.port.hget = (key, field) => {
    reads.push(field);
    return hget(key, field);
  };
  return reads;
}

describe("probe-fly imports", () => {
  const banned = [/^pg$/, /^pg-/, /@neondatabase\//, /@electric-sql\/pglite/, /^drizzle-orm/];

  function importsOf(file: string): string[] {
    const src = readFileSync(file, "utf8");
    return [...src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  }

  it("include no database driver, directly or through another module", () => {
    const root = resolve(__dirname);
    const start = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => join(root, f));
    expect(start).toContain(join(root, "config-sync.ts"));
    const seen = new Set<string>();
    const offenders: string[] = [];
    const queue = [...start];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith(".")) {
          if (/adapters\/db(\/|$)|schema\/(control|timeseries)(\/|$)/.test(spec)) {
            offenders.push(`${file} → ${spec}`);
          }
          const base = resolve(dirname(file), spec).replace(/\.ts$/, "");
          queue.push(existsSync(`${base}.ts`) ? `${base}.ts` : join(base, "index.ts"));
        } else if (banned.some((b) => b.test(spec))) offenders.push(`${file} → ${spec}`);
      }
    }
    expect(seen.size).toBeGreaterThan(start.length);
    expect(offenders).toEqual([]);
  });
});
