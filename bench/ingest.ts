/**
 * bench:ingest — 1M synthetic probe results through real Redis streams (consumer group; entries
 * of 500 results, as a probe's flush writes them) into PostgreSQL with hourly and daily
 * roll-ups, end to end through the deployed drain (INGEST_WRITERS transactions a batch, as the
 * Lambda's defaults), twice: one consumer for every region, as deployed (the Lambda; the
 * headline `resultsPerSec`), then one consumer per region. Beside it in the same run, Uptime Kuma's
 * pattern: each result inserted on its own, then its hourly and daily stat rows upserted one by
 * one (timed on a smaller count). CPU per result is this process's and the whole machine's
 * (PostgreSQL and Redis run on it) while draining.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { systemClock } from "../adapters/clock/clock";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import type { RedisPort } from "../adapters/redis/port";
import { loadIngestConfig } from "../functions/ingest/config";
import type { IngestDeps } from "../functions/ingest/cycle";
import { publishRegionChecks } from "../functions/ingest/fresh-status";
import { parseEntries } from "../functions/ingest/records";
import { rollupDeltas } from "../functions/ingest/rollup";
import { upsertRollups } from "../functions/ingest/rollup-upsert";
import { drainStreams } from "../functions/ingest/run";
import { asEntry } from "../functions/ingest/testing";
import { INGEST_NODE_OPTIONS } from "../infra/settings";
import type { ProbeResultRecord } from "../schema/wire/probe-result";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { scratchDatabase } from "../test-support/scratch-postgres";

// the drain runs with the ingest Lambda's V8 options (package.json sets them)
if (process.env.NODE_OPTIONS !== INGEST_NODE_OPTIONS) {
  throw new Error(`run with NODE_OPTIONS=${INGEST_NODE_OPTIONS}, as the ingest Lambda is`);
}

const TOTAL = Number(process.env.BENCH_RESULTS ?? 1_000_000);
const WAVE = Number(process.env.BENCH_WAVE ?? 300_000); // results in Redis at once
const BASELINE = Number(process.env.BENCH_BASELINE ?? 5_000);
const PER_ENTRY = 500; // results per stream entry: the probe's default flush
// entries per region per cycle, and per read call: the Lambda's defaults
const lambdaDefaults = loadIngestConfig({
  TIMESERIES_DATABASE_URL: "-",
  REDIS_URL: "-",
  INGEST_REGIONS: "ams",
});
const BATCH = Number(process.env.BENCH_BATCH ?? lambdaDefaults.batchSize);
const WRITERS = Number(process.env.BENCH_WRITERS ?? lambdaDefaults.writers);
const DOMAINS = 10_000;
const REGIONS = ["ams", "iad", "sin"];
const pgUrl =
  process.env.TIMESERIES_DATABASE_URL ||
  process.env.DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const quiet: Logger = { info() {}, warn() {}, error() {} };
const prefix = `bench:ingest:${randomUUID()}:`;

const domainIds = Array.from({ length: DOMAINS }, () => randomUUID());
// an hour ago onwards: today's or yesterday's partition, both created by the migration
const START = Date.now() - 3_600_000;

/** Result i: domains in turn, every region, one minute apart per domain; 1 in 50 fails. */
function record(i: number): ProbeResultRecord {
  const perMinute = DOMAINS * REGIONS.length;
  const ok = i % 50 !== 7;
  const totalMs = 20 + ((i * 7919) % 480) + (i % 13) / 10;
  return {
    url: "https://bench.example/",
    region: REGIONS[Math.floor(i / DOMAINS) % REGIONS.length]!,
    ok,
    checkedAt: new Date(START + Math.floor(i / perMinute) * 60_000 + (i % DOMAINS)).toISOString(),
    error: ok ? null : { code: "TIMEOUT", message: "timed out" },
    httpStatus: ok ? 200 : null,
    timings: { dnsMs: 2, connectMs: 5, tlsMs: 9, ttfbMs: totalMs - 20, totalMs },
    tls: null,
    domainId: domainIds[i % DOMAINS]!,
    configVersion: 1,
  };
}

async function fill(redis: RedisPort, from: number, to: number): Promise<number> {
  const t = performance.now();
  for (const region of REGIONS) {
    // as the region's probe writes them: one entry per flush of PER_ENTRY results
    const mine: ProbeResultRecord[] = [];
    for (let i = from; i < to; i++) {
      const r = record(i);
      if (r.region === region) mine.push(r);
    }
    const entries: Record<string, string>[] = [];
    for (let i = 0; i < mine.length; i += PER_ENTRY) {
      entries.push(asEntry(mine.slice(i, i + PER_ENTRY)));
    }
    for (let i = 0; i < entries.length; i += 50) {
      await redis.xaddMany(`${prefix}results:${region}`, entries.slice(i, i + 50));
    }
  }
  return performance.now() - t;
}

function depsFor(db: DatabaseHandle, redis: RedisPort, region: string): IngestDeps {
  return {
    db,
    redis,
    log: quiet,
    clock: systemClock,
    regions: [region],
    group: "ingest",
    consumer: `bench-${region}`,
    batchSize: BATCH,
    readChunk: lambdaDefaults.readChunk,
    writers: WRITERS,
    claimIdleMs: 600_000,
    streamMaxLen: 1_000_000,
    streamKey: (r) => `${prefix}results:${r}`,
    regionChecksKey: (id) => `${prefix}status:${id}`,
  };
}

const count = async (db: DatabaseHandle, q: ReturnType<typeof sql>) =>
  Number(((await db.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

/** CPU seconds the whole machine has spent (every process), or null off Linux. */
function machineCpuSeconds(): number | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: all but idle and iowait
    const [user, nice, system, , , irq, softirq, steal] = f.slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100;
  } catch {
    return null;
  }
}

/** How the streams are consumed: one consumer per region, or one for all (the Lambda's shape). */
type Shape = "per-region" | "one";

/** Ours: waves of results into the streams, each drained by the consumers of `shape`. */
async function ours(db: DatabaseHandle, redis: RedisPort, shape: Shape) {
  let ingestMs = 0;
  let fillMs = 0;
  let inserted = 0;
  let nodeCpuUs = 0;
  let machineCpu = 0;
  const all = { ...depsFor(db, redis, REGIONS[0]!), regions: REGIONS, consumer: "bench-all" };
  for (let from = 0; from < TOTAL; from += WAVE) {
    fillMs += await fill(redis, from, Math.min(TOTAL, from + WAVE));
    const t = performance.now();
    const cpu = process.cpuUsage();
    const m = machineCpuSeconds();
    const runs = await Promise.all(
      shape === "one"
        ? [drainStreams(all, 3_600_000)]
        : REGIONS.map((r) => drainStreams(depsFor(db, redis, r), 3_600_000)),
    );
    ingestMs += performance.now() - t;
    const used = process.cpuUsage(cpu);
    nodeCpuUs += used.user + used.system;
    machineCpu += m === null ? Number.NaN : machineCpuSeconds()! - m;
    inserted += runs.reduce((s, r) => s + r.inserted, 0);
  }
  const rows = await count(db, sql`SELECT count(*)::int AS n FROM probe_results`);
  const checks = await count(db, sql`SELECT sum(checks)::int AS n FROM rollups_daily`);
  const hourly = await count(db, sql`SELECT sum(checks)::int AS n FROM rollups_hourly`);
  if (rows !== TOTAL || checks !== TOTAL || hourly !== TOTAL || inserted !== TOTAL) {
    throw new Error(`lost or doubled: rows ${rows}, daily ${checks}, hourly ${hourly}`);
  }
  return {
    resultsPerSec: TOTAL / (ingestMs / 1000),
    ingestMs,
    xaddPerSec: TOTAL / (fillMs / 1000),
    // CPU per result while draining: this process, and every process (PostgreSQL, Redis too)
    nodeCpuUsPerResult: nodeCpuUs / TOTAL,
    machineCpuUsPerResult: (machineCpu * 1e6) / TOTAL,
  };
}

/** Empties what a run wrote, so the next shape starts from the same state. */
async function reset(db: DatabaseHandle, redis: RedisPort) {
  await db.db.execute(
    sql`TRUNCATE probe_results, rollups_hourly, rollups_daily, rollups_daily_all, cert_observations`,
  );
  for (const region of REGIONS) await redis.del(`${prefix}results:${region}`);
}

/** Cost of the fresh-status read model: one cycle's latest checks into Redis. */
async function statusCost(redis: RedisPort) {
  const n = 60_000;
  const { records } = parseEntries(
    Array.from({ length: n }, (_, i) => ({ id: `${i}-0`, fields: asEntry(record(TOTAL + i)) })),
  );
  const t = performance.now();
  await publishRegionChecks(redis, records, (id) => `${prefix}status:${id}`);
  return ((performance.now() - t) * 1000) / n; // µs per check
}

/** Uptime Kuma's pattern: read a result, insert it, upsert its hourly and daily rows, repeat. */
async function rowByRow(db: DatabaseHandle, redis: RedisPort) {
  const region = "baseline";
  const stream = `${prefix}results:${region}`;
  const entries = Array.from({ length: BASELINE }, (_, i) => asEntry({ ...record(i), region }));
  for (let i = 0; i < entries.length; i += 5_000)
    await redis.xaddMany(stream, entries.slice(i, i + 5_000));
  await redis.xgroupCreate(stream, "kuma", "0");
  const t = performance.now();
  for (;;) {
    const batch = await redis.xreadgroup(stream, "kuma", "one", 100);
    if (batch.length === 0) break;
    for (const e of batch) {
      const { records } = parseEntries([e]);
      const row = records[0]!;
      await db.db.execute(sql`INSERT INTO probe_results (ts, domain_id, region, ok, error_code,
        http_status, dns_ms, connect_ms, tls_ms, ttfb_ms, total_ms) VALUES (${row.ts.toISOString()},
        ${row.domainId}, ${row.region}, ${row.ok}, ${row.errorCode}, ${row.httpStatus}, ${row.dnsMs},
        ${row.connectMs}, ${row.tlsMs}, ${row.ttfbMs}, ${row.totalMs}) ON CONFLICT DO NOTHING`);
      const deltas = rollupDeltas(records);
      await upsertRollups(db.db, "hour", deltas.hour);
      await upsertRollups(db.db, "day", deltas.day);
      await redis.xack(stream, "kuma", [e.id]);
    }
  }
  return { resultsPerSec: BASELINE / ((performance.now() - t) / 1000) };
}

const scratch = await scratchDatabase(pgUrl, "bench_ingest");
const redisAdapter = ioredisAdapter({ url: redisUrl, commandTimeoutMs: 60_000 });
const redis = redisAdapter.port;
let result: {
  ours: Awaited<ReturnType<typeof ours>>;
  regional: Awaited<ReturnType<typeof ours>>;
  base: { resultsPerSec: number };
  statusUs: number;
};
try {
  const db = await openDatabase(scratch.url, { maxConnections: REGIONS.length * WRITERS });
  try {
    await migrateDatabase(db, "timeseries");
    // the deployed shape first, on a cold process and database
    const o = await ours(db, redis, "one");
    await reset(db, redis);
    const regional = await ours(db, redis, "per-region");
    const statusUs = await statusCost(redis);
    const base = await rowByRow(db, redis);
    result = { ours: o, regional, base, statusUs };
  } finally {
    await db.close();
  }
} finally {
  await deleteKeysWithPrefix(redisUrl, prefix);
  await redisAdapter.close();
  await scratch.drop();
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
const ratio = result.ours.resultsPerSec / result.base.resultsPerSec;
console.log(
  `\ningest: ${TOTAL.toLocaleString("en-US")} results, ${DOMAINS.toLocaleString("en-US")} domains × ${REGIONS.length} regions, Redis streams → PostgreSQL with roll-ups`,
);
console.log(
  `(row-by-row timed on ${BASELINE.toLocaleString("en-US")} results; streams filled in waves of ${WAVE.toLocaleString("en-US")}, fill time excluded)\n`,
);
const cpu = (r: typeof result.ours) =>
  `${r.nodeCpuUsPerResult.toFixed(1).padStart(9)} ${r.machineCpuUsPerResult.toFixed(1).padStart(9)}`;
console.log(
  "path                                              results/s  node µs  machine µs (CPU per result)",
);
console.log(
  `ingest, one consumer for all regions (Lambda)    ${fmt(result.ours.resultsPerSec)} ${cpu(result.ours)}`,
);
console.log(
  `ingest, one consumer per region                  ${fmt(result.regional.resultsPerSec)} ${cpu(result.regional)}`,
);
console.log(`row by row + per-row roll-up upserts (Kuma)      ${fmt(result.base.resultsPerSec)}`);
console.log(`probe side: XADD, an entry per 500 results       ${fmt(result.ours.xaddPerSec)}`);
console.log(
  `fresh-status read model: ${result.statusUs.toFixed(2)} µs per check; ratio ${ratio.toFixed(1)}×`,
);
console.log(
  JSON.stringify({
    bench: "ingest",
    figures: {
      // as deployed: one consumer (the Lambda) for every region's stream
      resultsPerSec: Math.round(result.ours.resultsPerSec),
      perRegionResultsPerSec: Math.round(result.regional.resultsPerSec),
      nodeCpuUsPerResult: Number(result.ours.nodeCpuUsPerResult.toFixed(1)),
      machineCpuUsPerResult: Number(result.ours.machineCpuUsPerResult.toFixed(1)),
      results: TOTAL,
      ingestSeconds: Number((result.ours.ingestMs / 1000).toFixed(2)),
      statusUsPerCheck: Number(result.statusUs.toFixed(2)),
      xaddPerSec: Math.round(result.ours.xaddPerSec),
    },
    baseline: { rowByRowResultsPerSec: Math.round(result.base.resultsPerSec), results: BASELINE },
    ratio: Number(ratio.toFixed(1)),
  }),
);
