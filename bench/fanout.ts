/**
 * bench:fanout — notifications through the real alerts consumer (routing, idempotency rows,
 * signing, guarded keep-alive HTTP, send budget and slow lane, delivery log) to 100 local
 * webhook receivers: 80 healthy, 10 slow (250 ms), 10 failing (500). Lambda-like: up to 32
 * concurrent invocations take batches of up to 25 jobs from an in-process queue as soon as jobs
 * are there (as SQS long polling does), and the due-deliveries sweep runs every 100 ms.
 *
 * Latency is from the moment a job is enqueued (available to the consumer) to the moment its
 * receiver has the request, for the healthy receivers. Two loads, one after the other:
 * - burst: every job enqueued at once (FANOUT_JOBS, 10k): the most deliveries/s one process
 *   sends; its latency is mostly time waiting in the queue;
 * - paced: the same number enqueued steadily at FANOUT_RATE (2,000/s, the throughput goal): the
 *   latency a healthy receiver sees while the process sustains that rate.
 * Baseline in the same run: the same code sending one notification at a time and waiting for
 * each answer (a sequential sender), on a FANOUT_BASELINE-job burst (200).
 * Control DB: DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres (scratch database).
 */
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../adapters/db";
import { guardedAgent } from "../adapters/net/dispatcher";
import { guardPolicy } from "../adapters/net/guard";
import { defaultSettings } from "../functions/alerts/config";
import { alertsConsumer, settledConsumer } from "../functions/alerts/handler";
import type { AlertsDeps } from "../functions/alerts/types";
import { alertChannels } from "../schema/control/alert-channels";
import { domainChannels } from "../schema/control/domain-channels";
import { domains } from "../schema/control/domains";
import { organizations } from "../schema/control/organizations";
import type { AlertJob } from "../schema/wire/events";
import { scratchDatabase } from "../test-support/scratch-postgres";
import {
  arrivals,
  emptyLedger,
  epochNow,
  jobQueue,
  type Kind,
  quantile,
  RECEIVERS,
  receivers,
  SLOW_MS,
  sleep,
} from "./fanout-world";

const NOTIFICATIONS = Number(process.env.FANOUT_JOBS ?? 10_000);
const RATE = Number(process.env.FANOUT_RATE ?? 2_000); // jobs/s in the paced load
const BASELINE_SAMPLE = Number(process.env.FANOUT_BASELINE ?? 200);
const INVOCATIONS = 32;
const BATCH = 25;

const silent = { info() {}, warn() {}, error() {} };

async function run(
  label: string,
  o: {
    jobs: number;
    /** Jobs a second, or Infinity for all at once. */
    rate: number;
    invocations: number;
    batch: number;
    sequential: boolean;
  },
) {
  const db = await openDatabase(scratch.url, { maxConnections: 16 });
  // every load starts from empty tables
  await db.db.execute(sql`truncate organizations, delivery_counters cascade`);
  const ledger = emptyLedger();
  const rx = await receivers(ledger);
  const [org] = await db.db.insert(organizations).values({ name: "bench" }).returning();
  const domainIds: string[] = [];
  for (let i = 0; i < RECEIVERS; i++) {
    const [d] = await db.db
      .insert(domains)
      .values({ orgId: org!.id, url: `https://d${i}.example`, name: `d${i}`, regions: ["ams"] })
      .returning();
    const [c] = await db.db
      .insert(alertChannels)
      .values({
        orgId: org!.id,
        type: "webhook",
        config: { type: "webhook", url: rx.urls[i]! },
        signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      })
      .returning();
    await db.db.insert(domainChannels).values({ domainId: d!.id, channelId: c!.id });
    domainIds.push(d!.id);
  }
  // the setup's writes (and the last load's) reach disk now, not in the middle of this load
  await db.db.execute(sql`checkpoint`);
  const settings = {
    ...defaultSettings,
    channelPerMinute: 1_000_000,
    orgPerMinute: 1_000_000,
    stormThreshold: 1_000_000,
    ...(o.sequential ? { concurrency: 1, perChannelConcurrency: 1 } : {}),
  };
  const agent = guardedAgent({
    policy: guardPolicy(true),
    connections: settings.perOriginConcurrency,
  });
  const deps: AlertsDeps = {
    db: db.db,
    clock: { now: () => Date.now() },
    log: silent,
    agent,
    mail: { send: async () => [] },
    push: { send: async () => ({ statusCode: 201, headers: {}, body: "" }) },
    settings,
  };
  const live = alertsConsumer(deps);
  // the sequential sender waits for every answer before it takes the next job
  const consumer = o.sequential ? settledConsumer(live) : live;
  const queue = jobQueue();
  const enqueue = (i: number) => {
    const job: AlertJob = {
      id: `${domainIds[i % RECEIVERS]}:${i}`,
      type: "degraded",
      orgId: org!.id,
      domainId: domainIds[i % RECEIVERS]!,
      incidentId: null,
      t: Date.now(),
      data: { n: i },
    };
    ledger.enqueued[i] = epochNow();
    queue.push(JSON.stringify(job), `m${i}`);
  };
  let sweeping = true;
  let sweepErrors = 0;
  const sweeper = (async () => {
    while (sweeping) {
      // as the local stack's loop: a failed sweep is retried on the next tick
      await consumer.sweep().catch((err) => {
        sweepErrors += 1;
        if (sweepErrors === 1) process.stderr.write(`sweep failed: ${String(err)}\n`);
      });
      await sleep(100);
    }
  })();
  const invocations = Array.from({ length: o.invocations }, async () => {
    for (;;) {
      const batch = await queue.take(o.batch);
      if (batch.length === 0) return;
      await consumer.handle(batch);
    }
  });
  const start = epochNow();
  const cpu0 = process.cpuUsage();
  await arrivals(o.jobs, o.rate, enqueue);
  while (ledger.count < o.jobs && epochNow() - start < 180_000) await sleep(20);
  process.stderr.write(
    `${label}: ${ledger.count}/${o.jobs} in ${Math.round(epochNow() - start)} ms\n`,
  );
  const lastFirst = Math.max(...ledger.received.filter((x) => x !== undefined));
  const cpu = process.cpuUsage(cpu0);
  queue.close();
  await Promise.all(invocations);
  sweeping = false;
  await sweeper;
  await live.settle();
  const latency = (k: Kind) =>
    ledger.received.flatMap((at, i) =>
      at !== undefined && ledger.kind[i] === k ? [at - ledger.enqueued[i]!] : [],
    );
  const doneAt = (k: Kind) =>
    Math.round(
      Math.max(...ledger.received.filter((_, i) => ledger.kind[i] === k).map((at) => at - start)),
    );
  const healthy = latency("healthy");
  await agent.close();
  await rx.close();
  await db.close();
  return {
    label,
    deliveries: ledger.count,
    deliveriesPerSec: Math.round(o.jobs / ((lastFirst - start) / 1000)),
    p50Ms: quantile(healthy, 0.5),
    p99Ms: quantile(healthy, 0.99),
    maxMs: quantile(healthy, 1),
    healthyDoneMs: doneAt("healthy"),
    slowDoneMs: doneAt("slow"),
    // CPU of the sending process (consumer, agent, database driver; not the receivers), per delivery
    cpuMsPerDelivery: Math.round(((cpu.user + cpu.system) / 1000 / o.jobs) * 100) / 100,
  };
}

// one scratch database for the three loads: creating one writes megabytes the kernel would
// flush in the middle of the next load
const scratch = await scratchDatabase(
  process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  "bench_fanout",
);
{
  const db = await openDatabase(scratch.url);
  await migrateDatabase(db, "control");
  await db.close();
}
const concurrent = { invocations: INVOCATIONS, batch: BATCH, sequential: false };
const burst = await run("ours, burst (all enqueued at once)", {
  ...concurrent,
  jobs: NOTIFICATIONS,
  rate: Infinity,
});
const paced = await run(`ours, paced (${RATE}/s enqueued)`, {
  ...concurrent,
  jobs: NOTIFICATIONS,
  rate: RATE,
});
const base = await run("sequential sender, burst", {
  jobs: BASELINE_SAMPLE,
  rate: Infinity,
  invocations: 1,
  batch: 1,
  sequential: true,
});

// the pools' sockets close just after end() resolves; a forced drop before then is an error
await sleep(200);
await scratch.drop();

const rows = [burst, paced, base];
const cols = [
  "label",
  "deliveries",
  "deliveriesPerSec",
  "p50Ms",
  "p99Ms",
  "maxMs",
  "healthyDoneMs",
  "slowDoneMs",
  "cpuMsPerDelivery",
] as const;
const width = (c: (typeof cols)[number]) =>
  Math.max(c.length, ...rows.map((r) => String(r[c]).length));
console.log(cols.map((c) => c.padEnd(width(c))).join("  "));
for (const r of rows) console.log(cols.map((c) => String(r[c]).padEnd(width(c))).join("  "));
console.log(
  `\n${RECEIVERS} receivers (10 slow at ${SLOW_MS} ms, 10 answering 500). p50/p99/max: ms from a job's ` +
    "enqueue (available to the consumer) to its receiver having the request, healthy receivers " +
    "only. deliveriesPerSec: jobs / (last first receipt − first enqueue). " +
    `Goal: ≥ 2000/s (burst), p99 ≤ 100 ms while sustaining ${RATE}/s (paced).`,
);
console.log(
  JSON.stringify({
    bench: "fanout",
    figures: {
      deliveriesPerSec: burst.deliveriesPerSec,
      p99Ms: paced.p99Ms,
      p50Ms: paced.p50Ms,
      pacedRate: RATE,
      pacedPerSec: paced.deliveriesPerSec,
      burstP99Ms: burst.p99Ms,
      slowDoneMs: burst.slowDoneMs,
      healthyDoneMs: burst.healthyDoneMs,
      cpuMsPerDelivery: burst.cpuMsPerDelivery,
      // the machine's 1-minute load average: the figures are only as good as the CPU we got
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    },
    baseline: {
      deliveriesPerSec: base.deliveriesPerSec,
      p99Ms: base.p99Ms,
      sample: BASELINE_SAMPLE,
    },
    ratio: Math.round((burst.deliveriesPerSec / base.deliveriesPerSec) * 100) / 100,
  }),
);
process.exit(0);
