/**
 * bench:consensus — observation bursts through the consensus handler on real Redis and
 * PostgreSQL: one probe region failing every domain (N × 1) and a global outage (N × 3), for
 * today's handler and the one before the pipeline work (bench/consensus-baseline), same run.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { manualClock } from "../adapters/clock/clock";
import { migrateDatabase, openDatabase } from "../adapters/db";
import type { BatchHandler } from "../adapters/queue/port";
import { configFromRow } from "../adapters/redis/config-from-row";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { ENGINE_KEY } from "../functions/consensus/engine-store";
import { domains } from "../schema/control/domains";
import { organizations } from "../schema/control/organizations";
import { redisKeys } from "../schema/redis-keys";
import { scratchDatabase } from "../test-support/scratch-postgres";
import { drizzleIncidentStore as baselineStore } from "./consensus-baseline/drizzle-incident-store";
import { consensusHandler as baselineHandler } from "./consensus-baseline/handler";
import {
  burst,
  drain,
  idOf,
  noScheduler,
  ourHandler,
  pageCounter,
  REGIONS,
  silent,
  T0,
} from "./consensus-world";

const N = Number(process.env.BENCH_DOMAINS ?? 100_000);
const N_BASELINE = Number(process.env.BENCH_BASELINE_DOMAINS ?? Math.min(N, 5_000));
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
/** Consumers of the partitioned design, one process each (README: partitioning). */
const SHARDS = Number(process.env.BENCH_SHARDS ?? 2);
const pgUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379/1";

const scratch = await scratchDatabase(pgUrl, "bench_consensus");
const h = await openDatabase(scratch.url, { maxConnections: 4 });
await migrateDatabase(h, "control");
const redis = ioredisAdapter({ url: redisUrl, commandTimeoutMs: 30_000 });
const org = randomUUID();
await h.db.insert(organizations).values({ id: org, name: "bench", plan: "business" });
const ids = Array.from({ length: N }, (_, i) => idOf(i));
for (let i = 0; i < N; i += 2_000) {
  await h.db.insert(domains).values(
    ids.slice(i, i + 2_000).map((id) => ({
      id,
      orgId: org,
      url: `https://${id}.example/`,
      name: id,
      regions: REGIONS,
      intervalSeconds: 60,
    })),
  );
}
const configs = (await h.db.select().from(domains)).map(configFromRow);
const byId = new Map(configs.map((c) => [c.id, c]));

/** Clears what consensus wrote (only its own keys: the Redis DB may be shared) and reloads configs. */
async function reset(n: number) {
  await redis.port.del(ENGINE_KEY, redisKeys.configHash);
  for (let i = 0; i < N; i += 5_000)
    await redis.port.del(...ids.slice(i, i + 5_000).map((id) => redisKeys.domainStatus(id)));
  for (let i = 0; i < n; i += 5_000) {
    const part = ids.slice(i, Math.min(i + 5_000, n));
    await redis.port.hset(
      redisKeys.configHash,
      Object.fromEntries(part.map((id) => [id, JSON.stringify(byId.get(id))])),
    );
  }
  await h.db.execute(
    sql`TRUNCATE incidents, incident_events, alert_outbox, org_events, org_event_counters CASCADE`,
  );
}

type Variant = "ours" | "baseline";
type Run = { observations: number; s: number; perSec: number; pages: number; failed: number };

/** One consumer in this process: today's handler or the one before the pipeline work. */
async function run(v: Variant, n: number, regions: string[]): Promise<Run> {
  await reset(n);
  const bodies = burst(n, regions);
  const clock = manualClock(T0 + 60_000);
  const queue = pageCounter();
  const handler: BatchHandler =
    v === "ours"
      ? ourHandler({ db: h.db, redis: redis.port, clock, queue })
      : baselineHandler({
          redis: redis.port,
          queue,
          clock,
          log: silent,
          scheduler: noScheduler,
          incidents: baselineStore(h.db),
        });
  const started = performance.now();
  const failed = await drain(handler, bodies, BATCH);
  const s = (performance.now() - started) / 1000;
  return {
    observations: bodies.length,
    s,
    perSec: bodies.length / s,
    pages: queue.pages.size,
    failed,
  };
}

/** SHARDS consumers, one process each, over the same Redis and control DB; wall time of all. */
async function runSharded(n: number, regions: string[]): Promise<Run> {
  await reset(n);
  const file = fileURLToPath(new URL("./consensus-shard.ts", import.meta.url));
  const children = Array.from({ length: SHARDS }, (_, k) =>
    fork(file, [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        DATABASE_URL: scratch.url,
        REDIS_URL: redisUrl,
        SHARD: String(k),
        SHARDS: String(SHARDS),
        REGIONS: regions.join(","),
        DOMAINS: String(n),
        BATCH: String(BATCH),
      },
    }),
  );
  const next = (c: (typeof children)[number]) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      c.once("message", (m) => resolve(m as Record<string, number>));
      c.once("exit", (code) => reject(new Error(`a shard exited with ${code}`)));
    });
  await Promise.all(children.map(next)); // ready
  const started = performance.now();
  const done = children.map(next);
  for (const c of children) c.send({ op: "go" });
  const results = await Promise.all(done);
  const s = (performance.now() - started) / 1000;
  const sum = (k: string) => results.reduce((a, r) => a + (r[k] ?? 0), 0);
  return {
    observations: sum("observations"),
    s,
    perSec: sum("observations") / s,
    pages: sum("pages"),
    failed: sum("failed"),
  };
}

const rows: [string, Run][] = [];
try {
  rows.push([`ours, ${SHARDS} shards: 1 region × ${N}`, await runSharded(N, ["ams"])]);
  rows.push([`ours, ${SHARDS} shards: 3 regions × ${N}`, await runSharded(N, REGIONS)]);
  rows.push([`ours, 1 consumer: 1 region × ${N}`, await run("ours", N, ["ams"])]);
  rows.push([`ours, 1 consumer: 3 regions × ${N}`, await run("ours", N, REGIONS)]);
  rows.push([`baseline: 1 region × ${N_BASELINE}`, await run("baseline", N_BASELINE, ["ams"])]);
  rows.push([`baseline: 3 regions × ${N_BASELINE}`, await run("baseline", N_BASELINE, REGIONS)]);
} finally {
  await reset(0);
  await redis.port.del(redisKeys.configHash);
  await h.close();
  await redis.close();
  await scratch.drop();
}

console.log(`consensus bench: batches of ${BATCH}, real Redis and PostgreSQL`);
console.log(["burst".padEnd(36), "observations", "drain s", "obs/s", "pages", "failed"].join("  "));
for (const [name, r] of rows)
  console.log(
    [
      name.padEnd(36),
      String(r.observations).padStart(12),
      r.s.toFixed(1).padStart(7),
      Math.round(r.perSec).toString().padStart(6),
      String(r.pages).padStart(6),
      String(r.failed).padStart(6),
    ].join("  "),
  );
const [region, global, oneRegion, oneGlobal, bRegion, bGlobal] = rows.map(([, r]) => r) as Run[];
const perSec = (a: Run, b: Run) => Math.round((a.observations + b.observations) / (a.s + b.s));
const tenths = (s: number) => Math.round(s * 10) / 10;
const figures = {
  observationsPerSec: perSec(region!, global!),
  regionBurstDrainS: tenths(region!.s),
  globalBurstDrainS: tenths(global!.s),
  regionBurstPages: region!.pages,
  globalBurstPages: global!.pages,
  shards: SHARDS,
  oneConsumerObsPerSec: perSec(oneRegion!, oneGlobal!),
  oneConsumerRegionBurstDrainS: tenths(oneRegion!.s),
  oneConsumerGlobalBurstDrainS: tenths(oneGlobal!.s),
  domains: N,
};
const baseline = {
  observationsPerSec: perSec(bRegion!, bGlobal!),
  regionBurstDrainS: tenths(bRegion!.s),
  globalBurstDrainS: tenths(bGlobal!.s),
  regionBurstPages: bRegion!.pages,
  globalBurstPages: bGlobal!.pages,
  domains: N_BASELINE,
};
console.log(
  `ours: ${SHARDS} shard consumers, one process each (figures), and one consumer (oneConsumer*); baseline: the handler before this work, on fewer domains (it writes each domain in its own transaction); obs/s compares per observation`,
);
console.log(
  JSON.stringify({
    bench: "consensus",
    figures,
    baseline,
    ratio: Math.round((figures.observationsPerSec / baseline.observationsPerSec) * 100) / 100,
  }),
);
