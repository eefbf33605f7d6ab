/**
 * bench:fanout — 10k notifications through the real alerts consumer (routing, idempotency
 * rows, signing, guarded keep-alive HTTP, delivery log) to 100 local webhook receivers: 80
 * healthy, 10 slow (250 ms), 10 failing (500). Lambda-like: up to 32 concurrent invocations of
 * 25-message batches, and the due-deliveries sweep every 100 ms. Baseline in the same run: the
 * same code sending one notification at a time (a sequential sender), on a 400-job sample.
 * Control DB: DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres (scratch database).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { migrateDatabase, openDatabase } from "../adapters/db";
import { guardedAgent } from "../adapters/net/dispatcher";
import { guardPolicy } from "../adapters/net/guard";
import { defaultSettings } from "../functions/alerts/config";
import { alertsConsumer } from "../functions/alerts/handler";
import type { AlertsDeps } from "../functions/alerts/types";
import { alertChannels } from "../schema/control/alert-channels";
import { domainChannels } from "../schema/control/domain-channels";
import { domains } from "../schema/control/domains";
import { organizations } from "../schema/control/organizations";
import type { AlertJob } from "../schema/wire/events";
import { scratchDatabase } from "../test-support/scratch-postgres";

const NOTIFICATIONS = 10_000;
const RECEIVERS = 100;
const SLOW_MS = 250;
const INVOCATIONS = 32;
const BATCH = 25;
const BASELINE_SAMPLE = 400;

type Kind = "healthy" | "slow" | "failing";
const kindOf = (i: number): Kind => (i % 10 === 0 ? "slow" : i % 10 === 1 ? "failing" : "healthy");

interface Receipt {
  kind: Kind;
  /** False for a retry's receipt (the webhook-id was seen before). */
  first: boolean;
  latencyMs: number;
  at: number;
}

async function receivers(receipts: Receipt[]) {
  const seen = new Set<string>();
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < RECEIVERS; i++) {
    const kind = kindOf(i);
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => {
        body += c;
      });
      req.on("end", () => {
        const now = Date.now();
        const sentAt = Date.parse(JSON.parse(body).timestamp);
        const id = String(req.headers["webhook-id"]);
        receipts.push({ kind, first: !seen.has(id), latencyMs: now - sentAt, at: now });
        seen.add(id);
        const answer = () => {
          res.statusCode = kind === "failing" ? 500 : 204;
          res.end();
        };
        if (kind === "slow") setTimeout(answer, SLOW_MS);
        else answer();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  }
  return {
    urls,
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))),
  };
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const silent = { info() {}, warn() {}, error() {} };

async function run(
  label: string,
  o: { jobs: number; invocations: number; batch: number; concurrency: number },
) {
  const scratch = await scratchDatabase(
    process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    "bench_fanout",
  );
  const db = await openDatabase(scratch.url, { maxConnections: 16 });
  await migrateDatabase(db, "control");
  const receipts: Receipt[] = [];
  const rx = await receivers(receipts);
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
  const agent = guardedAgent({ policy: guardPolicy(true), connections: 16 });
  const deps: AlertsDeps = {
    db: db.db,
    clock: { now: () => Date.now() },
    log: silent,
    agent,
    mail: { send: async () => [] },
    push: { send: async () => ({ statusCode: 201, headers: {}, body: "" }) },
    settings: {
      ...defaultSettings,
      channelPerMinute: 1_000_000,
      orgPerMinute: 1_000_000,
      stormThreshold: 1_000_000,
      concurrency: o.concurrency,
      perChannelConcurrency: o.concurrency === 1 ? 1 : defaultSettings.perChannelConcurrency,
    },
  };
  const consumer = alertsConsumer(deps);
  const queue: AlertJob[] = [];
  const start = Date.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < o.jobs; i++) {
    queue.push({
      id: `${domainIds[i % RECEIVERS]}:${i}`,
      type: "degraded",
      orgId: org!.id,
      domainId: domainIds[i % RECEIVERS]!,
      incidentId: null,
      t: start,
      data: {},
    });
  }
  // each invocation stamps its batch's t when it takes it off the queue (enqueue → receive)
  let seq = 0;
  const invocation = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, o.batch);
      const now = Date.now();
      await consumer.handle(
        batch.map((j) => ({ messageId: `m${seq++}`, body: JSON.stringify({ ...j, t: now }) })),
      );
    }
  };
  let sweeping = true;
  const sweeper = (async () => {
    while (sweeping) {
      await consumer.sweep();
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await Promise.all(Array.from({ length: o.invocations }, invocation));
  // every notification has had its first attempt once each receiver saw it once
  const firsts = () => receipts.filter((r) => r.first);
  while (firsts().length < o.jobs && Date.now() - start < 120_000)
    await new Promise((r) => setTimeout(r, 20));
  const elapsed = (Math.max(...firsts().map((r) => r.at)) - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sweeping = false;
  await sweeper;
  const healthy = receipts.filter((r) => r.kind === "healthy" && r.first).map((r) => r.latencyMs);
  const healthyDone =
    Math.max(...receipts.filter((r) => r.kind === "healthy").map((r) => r.at)) - start;
  const slowDone = Math.max(...receipts.filter((r) => r.kind === "slow").map((r) => r.at)) - start;
  await agent.close();
  await rx.close();
  await db.close();
  await scratch.drop();
  const result = {
    label,
    deliveries: firsts().length,
    deliveriesPerSec: Math.round(o.jobs / elapsed),
    p50Ms: quantile(healthy, 0.5),
    p99Ms: quantile(healthy, 0.99),
    healthyDoneMs: healthyDone,
    slowDoneMs: slowDone,
    // CPU of this process (consumer, receivers and the database driver), per delivery
    cpuMsPerDelivery: Math.round(((cpu.user + cpu.system) / 1000 / o.jobs) * 100) / 100,
  };
  return result;
}

const ours = await run("concurrent consumer", {
  jobs: NOTIFICATIONS,
  invocations: INVOCATIONS,
  batch: BATCH,
  concurrency: defaultSettings.concurrency,
});
const base = await run("sequential sender", {
  jobs: BASELINE_SAMPLE,
  invocations: 1,
  batch: 1,
  concurrency: 1,
});

const rows = [ours, base];
const cols = [
  "label",
  "deliveries",
  "deliveriesPerSec",
  "p50Ms",
  "p99Ms",
  "healthyDoneMs",
  "slowDoneMs",
] as const;
const width = (c: (typeof cols)[number]) =>
  Math.max(c.length, ...rows.map((r) => String(r[c]).length));
console.log(cols.map((c) => c.padEnd(width(c))).join("  "));
for (const r of rows) console.log(cols.map((c) => String(r[c]).padEnd(width(c))).join("  "));
console.log(
  `\n${NOTIFICATIONS} notifications, ${RECEIVERS} receivers (10 slow at ${SLOW_MS} ms, 10 answering 500); ` +
    `p50/p99: job taken off the queue → receipt, healthy receivers only. Goal: ≥ 2000/s, p99 ≤ 100 ms.`,
);
console.log(
  JSON.stringify({
    bench: "fanout",
    figures: {
      deliveriesPerSec: ours.deliveriesPerSec,
      p99Ms: ours.p99Ms,
      p50Ms: ours.p50Ms,
      slowDoneMs: ours.slowDoneMs,
      healthyDoneMs: ours.healthyDoneMs,
      cpuMsPerDelivery: ours.cpuMsPerDelivery,
      // the machine's 1-minute load average: the figures are only as good as the CPU we got
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    },
    baseline: {
      deliveriesPerSec: base.deliveriesPerSec,
      p99Ms: base.p99Ms,
      sample: BASELINE_SAMPLE,
    },
    ratio: Math.round((ours.deliveriesPerSec / base.deliveriesPerSec) * 100) / 100,
  }),
);
process.exit(0);
