/**
 * bench:config-bootstrap — a fresh config-sync loads 100k domain configs from real Redis: one
 * atomic snapshot round trip, filtered to its region, with the heap it takes. Baseline in the
 * same run: the same load done the usual way for a big hash, HSCAN pages of 1,000.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Redis } from "ioredis";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { configKeys } from "../adapters/redis/config-keys";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import type { RedisPort } from "../adapters/redis/port";
import { createConfigSync } from "../probe-fly/config-sync";
import { DomainConfig } from "../schema/wire/domain-config";
import { deleteKeysWithPrefix } from "../test-support/redis";

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 100_000);
const REGION_SETS = [["ams"], ["iad"], ["sin"], ["ams", "iad"], ["ams", "iad", "sin"]];

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};
const round = (n: number) => Math.round(n * 100) / 100;

function aConfig(i: number): DomainConfig {
  return {
    id: randomUUID(),
    orgId: "00000000-0000-4000-8000-000000000001",
    url: `https://site-${i}.example.com/health`,
    name: `site ${i}`,
    regions: REGION_SETS[i % REGION_SETS.length]!,
    intervalSeconds: 60,
    timeoutMs: 10_000,
    method: "GET",
    expectStatus: "200-399",
    keyword: i % 7 === 0 ? "ok" : null,
    maxRedirects: 5,
    sslWarnDays: [30, 14, 7, 3, 1],
    quorum: null,
    paused: i % 50 === 0,
    version: 1,
  };
}

/** Counts the port's calls: each one is a round trip. */
function counting(port: RedisPort): RedisPort & { calls: string[] } {
  const calls: string[] = [];
  const wrapped = { calls } as RedisPort & { calls: string[] };
  for (const [name, fn] of Object.entries(port)) {
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped;
}

/** The baseline: page through the hash with HSCAN, parsing and filtering the same way. */
async function hscanLoad(client: Redis, hash: string, region: string) {
  const configs = new Map<string, DomainConfig>();
  let cursor = "0";
  let trips = 0;
  do {
    const [next, flat] = await client.hscan(hash, cursor, "COUNT", 1000);
    trips += 1;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const parsed = DomainConfig.safeParse(JSON.parse(flat[i + 1]!));
      if (parsed.success && parsed.data.regions.includes(region) && !parsed.data.paused) {
        configs.set(flat[i]!, parsed.data);
      }
    }
    cursor = next;
  } while (cursor !== "0");
  return { configs, trips };
}

async function main() {
  const prefix = `bench:boot:${randomBytes(4).toString("hex")}:`;
  const keys = configKeys(prefix);
  const writer = ioredisAdapter({ url: REDIS_URL });
  const configs = Array.from({ length: DOMAINS }, (_, i) => aConfig(i));
  const fill = performance.now();
  await createConfigBroadcast({ redis: writer.port, keys, chunkSize: 1_000 }).apply(
    configs.map((c) => ({ op: "upsert", id: c.id, domainVersion: 1, json: JSON.stringify(c) })),
  );
  const fillS = (performance.now() - fill) / 1000;
  const expected = configs.filter((c) => c.regions.includes("ams") && !c.paused).length;

  const probe = ioredisAdapter({ url: REDIS_URL });
  await probe.port.ping();
  const port = counting(probe.port);
  const sync = createConfigSync({ redis: port, subscriber: probe.subscriber, region: "ams", keys });
  const before = heapMb();
  const t0 = performance.now();
  await sync.start();
  const startMs = performance.now() - t0;
  const heldMb = heapMb() - before;
  if (sync.configs.size !== expected)
    throw new Error(`loaded ${sync.configs.size}, expected ${expected}`);
  const snapshotCalls = port.calls.filter((c) => c === "run").length;

  const client = new Redis(REDIS_URL);
  const t1 = performance.now();
  const base = await hscanLoad(client, keys.hash, "ams");
  const baseMs = performance.now() - t1;
  if (base.configs.size !== expected) throw new Error(`baseline loaded ${base.configs.size}`);

  await sync.stop();
  client.disconnect();
  await Promise.all([probe.close(), writer.close()]);
  await deleteKeysWithPrefix(REDIS_URL, prefix);

  const figures = {
    domains: DOMAINS,
    inRegion: sync.configs.size,
    startMs: round(startMs),
    roundTripsToLoad: snapshotCalls,
    roundTripsInStart: port.calls.length,
    heapMb: round(heldMb),
    bytesPerDomainHeld: Math.round((heldMb * 1_048_576) / sync.configs.size),
  };
  const baseline = { loadMs: round(baseMs), roundTrips: base.trips };
  console.log(
    `\nbench:config-bootstrap: ${DOMAINS} configs in Redis (written in ${round(fillS)} s)\n`,
  );
  console.table({
    "config-sync start (snapshot)": {
      ms: figures.startMs,
      roundTrips: snapshotCalls,
      kept: figures.inRegion,
    },
    "baseline: HSCAN pages of 1,000": {
      ms: baseline.loadMs,
      roundTrips: base.trips,
      kept: base.configs.size,
    },
  });
  console.log(
    `start() calls: ${port.calls.join(", ")}; heap held by the region's map: ${figures.heapMb} MB`,
  );
  // Loopback hides round trips; a probe in another region than Redis pays each one.
  const rtt = 50;
  console.log(
    `at a ${rtt} ms round trip (projected): start ≈ ${Math.round(startMs + rtt * port.calls.length)} ms,` +
      ` HSCAN ≈ ${Math.round(baseMs + rtt * base.trips)} ms\n`,
  );
  console.log(
    JSON.stringify({
      bench: "config-bootstrap",
      figures,
      baseline,
      ratio: round(baseMs / startMs),
    }),
  );
}

await main();
process.exit(0);
