/**
 * bench:propagation — 1,000 domain updates through the API on PostgreSQL and real Redis; three
 * config-sync instances (one per region). Measures commit → all three in-memory maps holding
 * the new version, then convergence after dropped notices, and in the same run the original
 * design as the baseline: each region polling the control DB every 5 s.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { systemClock } from "../adapters/clock/clock";
import { migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { configKeys } from "../adapters/redis/config-keys";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { createApp } from "../functions/api/app";
import { createOrganizationWithKey } from "../functions/api/keys/create-key";
import { createConfigSync } from "../probe-fly/config-sync";
import { domains } from "../schema/control/domains";
import { droppingSubscriber } from "../test-support/dropping-subscriber";
import { deleteKeysWithPrefix } from "../test-support/redis";
import { scratchDatabase } from "../test-support/scratch-postgres";

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const PG_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const UPDATES = Number(process.env.BENCH_UPDATES ?? 1_000);
const DOMAINS = 100;
const REGIONS = ["ams", "iad", "sin"];
const POLL_MS = 5_000;
const RESYNC_MS = 2_000;
const DROPPED_ALL = 5;
const silent: Logger = { info() {}, warn() {}, error() {} };

/** When each observer first held each (domain, version): observer → id → [version, ms][]. */
type Seen = Map<string, [number, number][]>[];
const observe = (seen: Seen, i: number, id: string, version: number, t: number) => {
  const list = seen[i]!.get(id) ?? [];
  seen[i]!.set(id, list);
  list.push([version, t]);
};

/** ms from commit until every observer held that version or a newer one (null: never). */
function latencies(commits: { id: string; v: number; t: number }[], seen: Seen) {
  return commits.map((c) => {
    let worst = 0;
    for (const obs of seen) {
      const hit = obs.get(c.id)?.find(([v, t]) => v >= c.v && t >= c.t - 1);
      if (!hit) return null;
      worst = Math.max(worst, hit[1] - c.t);
    }
    return worst;
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const scratch = await scratchDatabase(PG_URL, "bench_prop");
  const db = await openDatabase(scratch.url);
  await migrateDatabase(db, "control");
  const prefix = `bench:prop:${randomBytes(4).toString("hex")}:`;
  const keys = configKeys(prefix);
  const apiRedis = ioredisAdapter({ url: REDIS_URL, failFast: true });
  const inner = createConfigBroadcast({ redis: apiRedis.port, keys });
  // the broadcast is called right after the transaction commits: that instant is t0
  const commits: { id: string; v: number; t: number }[] = [];
  const broadcast = {
    ...inner,
    upsert: (cfg: Parameters<typeof inner.upsert>[0]) => {
      commits.push({ id: cfg.id, v: cfg.version, t: performance.now() });
      return inner.upsert(cfg);
    },
  };
  const config = { regions: REGIONS, minIntervalSeconds: 1, bodyLimitBytes: 65_536 };
  const app = createApp({
    db: db.db,
    redis: apiRedis.port,
    broadcast,
    config,
    log: silent,
    clock: systemClock,
  });
  const { key } = await createOrganizationWithKey(db.db, { name: "bench", plan: "business" });
  const call = async (method: string, path: string, body: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const ids: string[] = [];
  for (let i = 0; i < DOMAINS; i++) {
    ids.push(
      (await call("POST", "/v1/domains", { url: `https://d${i}.example.com/`, regions: REGIONS }))
        .id,
    );
  }

  // three regions, each its own connections, each able to lose notices on demand
  let dropRate = 0;
  const seen: Seen = REGIONS.map(() => new Map());
  const probes = REGIONS.map(() => ioredisAdapter({ url: REDIS_URL }));
  const lossySubs = probes.map((p) =>
    droppingSubscriber(p.subscriber, () => Math.random() < dropRate),
  );
  const syncs = REGIONS.map((region, i) =>
    createConfigSync({
      redis: probes[i]!.port,
      subscriber: lossySubs[i]!,
      region,
      resyncIntervalMs: RESYNC_MS,
      keys,
      onChange: (id, c) => c && observe(seen, i, id, c.version, performance.now()),
    }),
  );
  await Promise.all(syncs.map((s) => s.start()));

  let n = 0;
  const update = (id: string) =>
    call("PATCH", `/v1/domains/${id}`, { intervalSeconds: 30 + (n++ % 300) });
  async function burst(count: number, gapMs = 0) {
    const from = commits.length;
    for (let i = 0; i < count; i++) {
      await update(ids[i % ids.length]!);
      if (gapMs) await sleep(gapMs);
    }
    return commits.slice(from);
  }
  async function settle(batch: typeof commits, maxMs: number, by: Seen = seen) {
    const end = performance.now() + maxMs;
    while (latencies(batch, by).some((l) => l === null) && performance.now() < end) {
      await sleep(5);
    }
    return latencies(batch, by);
  }

  // 1. push: 1,000 updates back to back
  const startedAt = performance.now();
  const pushBatch = await burst(UPDATES);
  const pushSeconds = (performance.now() - startedAt) / 1000;
  const push = await settle(pushBatch, 5_000);
  const pushOk = push.filter((l): l is number => l !== null);

  // 2. a fifth of notices lost per region; then one update every region misses
  dropRate = 0.2;
  const lossy = await settle(await burst(100, 5), 6_000);
  dropRate = 1;
  const lastOne: (number | null)[] = [];
  for (let i = 0; i < DROPPED_ALL; i++) {
    lastOne.push(...(await settle(await burst(1), 6_000)));
    await sleep(Math.random() * 500);
  }
  dropRate = 0;
  const lossyOk = lossy.filter((l): l is number => l !== null);

  // 3. baseline: every region polls the DB every 5 s for rows changed since its last poll
  const polled: Seen = REGIONS.map(() => new Map());
  const timers = REGIONS.map((_, i) => {
    let since = new Date(0).toISOString();
    const poll = async () => {
      const rows = await db.db
        .select({
          id: domains.id,
          v: domains.configVersion,
          at: sql<string>`${domains.updatedAt}::text`,
        })
        .from(domains)
        .where(sql`${domains.updatedAt} >= ${since}::timestamptz`);
      const t = performance.now();
      for (const r of rows) {
        observe(polled, i, r.id, r.v, t);
        if (r.at > since) since = r.at;
      }
    };
    return { poll, phase: (i * POLL_MS) / REGIONS.length };
  });
  for (const p of timers) await p.poll();
  const handles = timers.map((p) => {
    let h: NodeJS.Timeout;
    const first = setTimeout(
      () => {
        void p.poll();
        h = setInterval(() => void p.poll(), POLL_MS);
      },
      p.phase + Math.random() * 200,
    );
    return () => {
      clearTimeout(first);
      clearInterval(h);
    };
  });
  const baseBatch = await burst(UPDATES);
  const base = await settle(baseBatch, POLL_MS * 2 + 1_000, polled);
  for (const stop of handles) stop();
  const baseOk = base.filter((l): l is number => l !== null);

  const figures = {
    updates: pushBatch.length,
    p50Ms: round(pct(pushOk, 50)),
    p99Ms: round(pct(pushOk, 99)),
    maxMs: round(Math.max(...pushOk)),
    converged: pushOk.length,
    updatesPerSecond: Math.round(pushBatch.length / pushSeconds),
    lossyP99Ms: round(pct(lossyOk, 99)),
    lossyMaxMs: round(Math.max(...lossyOk)),
    lossyConverged: lossyOk.length,
    allDroppedMaxMs: round(Math.max(...lastOne.map((l) => l ?? Number.POSITIVE_INFINITY))),
    noticesDropped: lossySubs.reduce((sum, d) => sum + d.dropped.length, 0),
  };
  const baseline = {
    updates: baseBatch.length,
    p50Ms: round(pct(baseOk, 50)),
    p99Ms: round(pct(baseOk, 99)),
    maxMs: round(Math.max(...baseOk)),
    converged: baseOk.length,
  };

  await Promise.all(syncs.map((s) => s.stop()));
  await Promise.all([...probes.map((p) => p.close()), apiRedis.close()]);
  await deleteKeysWithPrefix(REDIS_URL, prefix);
  await db.close();
  await scratch.drop();

  console.log("\nbench:propagation: commit → all 3 regions' in-memory maps hold the new version\n");
  console.table({
    "push (ours)": {
      p50Ms: figures.p50Ms,
      p99Ms: figures.p99Ms,
      maxMs: figures.maxMs,
      converged: `${figures.converged}/${figures.updates}`,
    },
    "push, 20% notices lost": {
      p50Ms: round(pct(lossyOk, 50)),
      p99Ms: figures.lossyP99Ms,
      maxMs: figures.lossyMaxMs,
      converged: `${lossyOk.length}/${lossy.length}`,
    },
    "push, notice lost in all 3": {
      p50Ms: round(
        pct(
          lastOne.filter((l): l is number => l !== null),
          50,
        ),
      ),
      p99Ms: "",
      maxMs: figures.allDroppedMaxMs,
      converged: `${lastOne.filter((l) => l !== null).length}/${lastOne.length}`,
    },
    "baseline: poll DB every 5 s": {
      p50Ms: baseline.p50Ms,
      p99Ms: baseline.p99Ms,
      maxMs: baseline.maxMs,
      converged: `${baseline.converged}/${baseline.updates}`,
    },
  });
  console.log(
    `API: ${figures.updatesPerSecond} updates/s on PostgreSQL; resync interval ${RESYNC_MS} ms\n`,
  );
  const ratio = round(baseline.p99Ms / figures.p99Ms);
  console.log(JSON.stringify({ bench: "propagation", figures, baseline, ratio }));
}

await main();
process.exit(0);
