/**
 * bench:consensus — observation bursts through the consensus handler on real Redis and
 * PostgreSQL: one probe region failing every domain (N × 1) and a global outage (N × 3), for
 * today's handler and the one before the pipeline work (bench/consensus-baseline), same run.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { manualClock } from "../adapters/clock/clock";
import { migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import type { BatchHandler, QueuePort } from "../adapters/queue/port";
import { configFromRow } from "../adapters/redis/config-from-row";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import type { SchedulerPort } from "../adapters/scheduler/port";
import { drizzleConfigs } from "../functions/consensus/drizzle-configs";
import { drizzleIncidentStore } from "../functions/consensus/drizzle-incident-store";
import { drizzleIncidentSummaries } from "../functions/consensus/drizzle-summaries";
import { ENGINE_KEY } from "../functions/consensus/engine-store";
import { consensusHandler } from "../functions/consensus/handler";
import { domains } from "../schema/control/domains";
import { organizations } from "../schema/control/organizations";
import { redisKeys } from "../schema/redis-keys";
import { scratchDatabase } from "../test-support/scratch-postgres";
import { drizzleIncidentStore as baselineStore } from "./consensus-baseline/drizzle-incident-store";
import { consensusHandler as baselineHandler } from "./consensus-baseline/handler";

const N = Number(process.env.BENCH_DOMAINS ?? 100_000);
const N_BASELINE = Number(process.env.BENCH_BASELINE_DOMAINS ?? Math.min(N, 5_000));
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const pgUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379/1";
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const REGIONS = ["ams", "iad", "sin"];
const silent: Logger = { info() {}, warn() {}, error() {} };

const scratch = await scratchDatabase(pgUrl, "bench_consensus");
const h = await openDatabase(scratch.url, { maxConnections: 4 });
await migrateDatabase(h, "control");
const redis = ioredisAdapter({ url: redisUrl, commandTimeoutMs: 30_000 });
const org = randomUUID();
await h.db.insert(organizations).values({ id: org, name: "bench", plan: "business" });
const ids = Array.from(
  { length: N },
  (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
);
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

/** The bodies of a burst: every domain's failure from each failing region, interleaved by domain. */
function burst(n: number, regions: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    for (const [r, region] of regions.entries())
      out.push(
        JSON.stringify({
          domainId: ids[i],
          region,
          t: T0 + Math.floor((i * 50_000) / n) + r,
          ok: false,
          error: "CONNECTION_RESET",
          latencyMs: 10,
          tls: null,
          confirm: false,
          configVersion: 1,
        }),
      );
  return out;
}

type Variant = "ours" | "baseline";
function build(v: Variant) {
  const clock = manualClock(T0 + 60_000);
  const pages = new Set<string>();
  const queue: QueuePort = {
    async send(_q, bodies) {
      for (const b of bodies as { id: string; type: string }[])
        if (b.type === "incident.opened") pages.add(b.id);
    },
  };
  // EventBridge is not reachable here: count the schedules instead
  let schedules = 0;
  const scheduler: SchedulerPort = {
    async scheduleOnce() {
      schedules += 1;
    },
    async cancel() {},
  };
  const base = { redis: redis.port, queue, clock, log: silent, scheduler };
  const handler: BatchHandler =
    v === "ours"
      ? consensusHandler({
          ...base,
          incidents: drizzleIncidentStore(h.db, clock),
          controlConfigs: drizzleConfigs(h.db),
          incidentSummaries: drizzleIncidentSummaries(h.db, redis.port),
        })
      : baselineHandler({ ...base, incidents: baselineStore(h.db) });
  return { handler, pages, schedules: () => schedules };
}

async function run(v: Variant, n: number, regions: string[]) {
  await reset(n);
  const bodies = burst(n, regions);
  const { handler, pages } = build(v);
  const started = performance.now();
  let failed = 0;
  for (let i = 0; i < bodies.length; i += BATCH) {
    const records = bodies.slice(i, i + BATCH).map((body, j) => ({ messageId: `m${i + j}`, body }));
    failed += (await handler(records)).batchItemFailures.length;
  }
  const s = (performance.now() - started) / 1000;
  return { observations: bodies.length, s, perSec: bodies.length / s, pages: pages.size, failed };
}

const rows: [string, Awaited<ReturnType<typeof run>>][] = [];
try {
  rows.push([`ours: 1 region × ${N}`, await run("ours", N, ["ams"])]);
  rows.push([`ours: 3 regions × ${N}`, await run("ours", N, REGIONS)]);
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
console.log(["burst".padEnd(28), "observations", "drain s", "obs/s", "pages", "failed"].join("  "));
for (const [name, r] of rows)
  console.log(
    [
      name.padEnd(28),
      String(r.observations).padStart(12),
      r.s.toFixed(1).padStart(7),
      Math.round(r.perSec).toString().padStart(6),
      String(r.pages).padStart(6),
      String(r.failed).padStart(6),
    ].join("  "),
  );
const [region, global, bRegion, bGlobal] = rows.map(([, r]) => r);
const figures = {
  observationsPerSec: Math.round(
    (region!.observations + global!.observations) / (region!.s + global!.s),
  ),
  regionBurstDrainS: Math.round(region!.s * 10) / 10,
  globalBurstDrainS: Math.round(global!.s * 10) / 10,
  regionBurstPages: region!.pages,
  globalBurstPages: global!.pages,
  domains: N,
};
const baseline = {
  observationsPerSec: Math.round(
    (bRegion!.observations + bGlobal!.observations) / (bRegion!.s + bGlobal!.s),
  ),
  regionBurstDrainS: Math.round(bRegion!.s * 10) / 10,
  globalBurstDrainS: Math.round(bGlobal!.s * 10) / 10,
  regionBurstPages: bRegion!.pages,
  globalBurstPages: bGlobal!.pages,
  domains: N_BASELINE,
};
console.log(
  "baseline: the handler before this work, on fewer domains (it writes each domain in its own transaction); obs/s compares per observation",
);
console.log(
  JSON.stringify({
    bench: "consensus",
    figures,
    baseline,
    ratio: Math.round((figures.observationsPerSec / baseline.observationsPerSec) * 100) / 100,
  }),
);
