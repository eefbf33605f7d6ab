/**
 * bench:events — 10,000 open GET /v1/events streams in one process (server and clients),
 * then one state change: how long until every stream has it (p50/p99 over all streams and
 * several changes), and memory per open stream. Ours: the API's in-process hub (one reader
 * of org_events per organization, fan-out to every stream). Baseline in the same run: each
 * stream polls the database itself (a hub per connection), as a naive SSE endpoint does.
 *
 * The clients run in a worker thread of the same process, so the figure is the server's
 * fan-out, not the clients' parsing. Each stream costs two file descriptors when both sides
 * share a process: where `ulimit -n` is too low for that (and cannot be raised without
 * CAP_SYS_RESOURCE), the clients run in a child process instead, and the run says so.
 */
import { fork, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { systemClock } from "../adapters/clock/clock";
import { migrateDatabase, openDatabase } from "../adapters/db";
import { appendOrgEvents } from "../adapters/events/org-events";
import type { Logger } from "../adapters/log/logger";
import { createConfigBroadcast } from "../adapters/redis/config-broadcast";
import { memoryRedis } from "../adapters/redis/memory";
import { createApp } from "../functions/api/app";
import type { ApiDeps } from "../functions/api/deps";
import { type EventHub, eventHub } from "../functions/api/events/hub";
import { createOrganizationWithKey } from "../functions/api/keys/create-key";
import { CLIENT_WORKER } from "./events-clients";

const CONNECTIONS = Number(process.env.EVENTS_CONNECTIONS ?? 10_000);
const BASELINE_CONNECTIONS = Number(process.env.EVENTS_BASELINE_CONNECTIONS ?? 1_000);
const ROUNDS = 5;
const POLL_MS = 100; // the API's default EVENTS_POLL_MS
const BASELINE_POLL_MS = 1_000; // a client-style "check every second" loop per stream
const ROUND_TIMEOUT_MS = 10_000;

/** Whether one process may hold both ends of every stream (two descriptors each). */
function fitsOneProcess(n: number): { ok: boolean; limit: number } {
  const limit = Number(spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim());
  return { ok: limit >= n * 2 + 500, limit };
}

const quiet: Logger = { info() {}, warn() {}, error: (m, f) => console.error(m, f) };
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round2 = (n: number) => Math.round(n * 100) / 100;
const mb = (b: number) => round2(b / 1_048_576);

/** The client side in a worker thread, so the server's event loop is measured alone. */
function clients(port: number, key: string, n: number) {
  const w = fitsOneProcess(n).ok
    ? new Worker(CLIENT_WORKER, { eval: true, workerData: { port, key, n } })
    : childClients({ port, key, n });
  const ask = <T>(msg: object, op: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { op: string }) => {
        if (m.op !== op) return;
        w.off("message", on);
        resolve(m as T);
      };
      w.on("message", on);
      w.postMessage(msg);
    });
  return {
    open: () => ask({ op: "open" }, "opened"),
    collect: (marker: string) =>
      ask<{ list: number[]; count: number }>({ op: "collect", marker }, "arrivals"),
    close: async () => {
      await ask({ op: "close" }, "closed");
      await w.terminate();
    },
  };
}

/** The same client code in a child process, with the worker's message interface. */
function childClients(data: { port: number; key: string; n: number }) {
  const dir = mkdtempSync(join(tmpdir(), "bench-events-"));
  const file = join(dir, "clients.cjs");
  writeFileSync(file, CLIENT_WORKER);
  const child = fork(file, [], {
    env: { ...process.env, EVENTS_CLIENT_DATA: JSON.stringify(data) },
  });
  return {
    on: (_e: "message", f: (m: { op: string }) => void) => child.on("message", f),
    off: (_e: "message", f: (m: { op: string }) => void) => child.off("message", f),
    postMessage: (m: object) => child.send(m),
    terminate: async () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const now = () => performance.timeOrigin + performance.now();

async function run(label: string, n: number, hubFor: (deps: ApiDeps) => EventHub) {
  const db = await openDatabase("");
  await migrateDatabase(db, "control");
  const redis = memoryRedis();
  const { orgId, key } = await createOrganizationWithKey(db.db, {
    name: "bench",
    plan: "business",
  });
  const base: ApiDeps = {
    db: db.db,
    redis: redis.port,
    broadcast: createConfigBroadcast({ redis: redis.port }),
    config: {
      regions: ["ams"],
      minIntervalSeconds: 30,
      bodyLimitBytes: 65_536,
      eventsHeartbeatMs: 15_000,
    },
    log: quiet,
    clock: systemClock,
  };
  const hub = hubFor(base);
  const app = createApp({ ...base, events: hub });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const port = (server.address() as AddressInfo).port;

  (globalThis as { gc?: () => void }).gc?.();
  const mem0 = process.memoryUsage();
  const latencies: number[] = [];
  const client = clients(port, key, n);
  const t0 = performance.now();
  await client.open();
  const connectMs = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const mem1 = process.memoryUsage();

  const perRound: { p99: number; got: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await new Promise((res) => setTimeout(res, 300 + Math.random() * POLL_MS)); // a random phase
    const marker = `${label}-${r}`;
    const sentAt = now();
    await appendOrgEvents(db.db, orgId, [
      {
        type: "domain.status",
        data: { domainId: "d1", status: r % 2 ? "up" : "down", mark: marker },
      },
    ]);
    const deadline = Date.now() + ROUND_TIMEOUT_MS;
    let got = await client.collect(marker);
    while (got.count < n && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 20));
      got = await client.collect(marker);
    }
    const mine = got.list.map((at) => at - sentAt);
    latencies.push(...mine);
    for (let k = mine.length; k < n; k++) latencies.push(ROUND_TIMEOUT_MS); // missed: counted as the timeout
    perRound.push({ p99: pct(mine, 99), got: mine.length });
  }

  await client.close();
  hub.close();
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await db.close();
  return {
    label,
    connections: n,
    connectMs: Math.round(connectMs),
    p50Ms: round2(pct(latencies, 50)),
    p99Ms: round2(pct(latencies, 99)),
    maxMs: round2(Math.max(...latencies)),
    delivered: perRound.reduce((a, r) => a + r.got, 0),
    expected: n * ROUNDS,
    heapPerConnKb: round2((mem1.heapUsed - mem0.heapUsed) / n / 1024),
    rssPerConnKb: round2((mem1.rss - mem0.rss) / n / 1024),
    rssMb: mb(mem1.rss),
  };
}

/** The baseline: every stream gets a hub of its own, so it reads the database itself. */
function perConnectionPolling(deps: ApiDeps): EventHub {
  const hubs = new Set<EventHub>();
  return {
    subscribe(orgId, listener) {
      const own = eventHub({ db: deps.db, log: deps.log, pollMs: BASELINE_POLL_MS });
      hubs.add(own);
      const sub = own.subscribe(orgId, listener);
      return {
        start: sub.start,
        close() {
          sub.close();
          own.close();
          hubs.delete(own);
        },
      };
    },
    poke() {},
    size: () => hubs.size,
    close() {
      for (const h of hubs) h.close();
    },
  };
}

async function main() {
  const fit = fitsOneProcess(CONNECTIONS);
  if (!fit.ok) {
    console.log(
      `note: ulimit -n is ${fit.limit} and cannot be raised here (no CAP_SYS_RESOURCE); ` +
        `${CONNECTIONS} streams need ${CONNECTIONS * 2} descriptors in one process, so the ` +
        "clients run in a child process and the server process holds the streams alone",
    );
  }
  console.log(
    `\nbench:events: one state change → every open GET /v1/events stream (${ROUNDS} changes)\n`,
  );
  const ours = await run("hub", CONNECTIONS, (d) =>
    eventHub({ db: d.db, log: d.log, pollMs: POLL_MS }),
  );
  const baseline = await run("per-connection-poll", BASELINE_CONNECTIONS, perConnectionPolling);
  const head = [
    "",
    "streams",
    "connect ms",
    "p50 ms",
    "p99 ms",
    "max ms",
    "delivered",
    "heap/conn KB",
    "rss/conn KB",
  ];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(34) : h.padStart(12))).join(""));
  for (const [name, r] of [
    [`hub, one reader every ${POLL_MS} ms`, ours],
    [`each stream polls every ${BASELINE_POLL_MS} ms`, baseline],
  ] as const) {
    const cells = [
      r.connections,
      r.connectMs,
      r.p50Ms,
      r.p99Ms,
      r.maxMs,
      `${r.delivered}/${r.expected}`,
      r.heapPerConnKb,
      r.rssPerConnKb,
    ];
    console.log(name.padEnd(34) + cells.map((c) => String(c).padStart(12)).join(""));
  }
  console.log(
    `\nprocess RSS with ${ours.connections} streams open: ${ours.rssMb} MB (client and server sides)`,
  );
  console.log(`goal p99 ≤ 250 ms: ${ours.p99Ms <= 250 ? "met" : "missed"}\n`);
  const figures = {
    connections: ours.connections,
    p50Ms: ours.p50Ms,
    p99Ms: ours.p99Ms,
    delivered: ours.delivered,
    expected: ours.expected,
    heapPerConnectionKb: ours.heapPerConnKb,
    rssPerConnectionKb: ours.rssPerConnKb,
    rssMb: ours.rssMb,
  };
  const base = {
    connections: baseline.connections,
    p50Ms: baseline.p50Ms,
    p99Ms: baseline.p99Ms,
    delivered: baseline.delivered,
    expected: baseline.expected,
  };
  console.log(
    JSON.stringify({
      bench: "events",
      figures,
      baseline: base,
      ratio: round2(baseline.p99Ms / ours.p99Ms),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
