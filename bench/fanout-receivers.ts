/**
 * The fan-out bench's webhook receivers, in their own process (forked by fanout-world.ts) so
 * they take no CPU from the sender, as in production where receivers are elsewhere. 100 HTTP
 * servers on loopback (keep-alive): a tenth answer after 250 ms, a tenth answer 500, the rest
 * 204 at once. Each first receipt of a job (`data.n`) goes back to the parent over IPC as
 * `[n, kind, at]`, `at` in epoch ms (performance.timeOrigin + performance.now(), the clock the
 * parent stamps enqueues with), a batch every few ms so the parent reads few messages.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KINDS, kindOf, RECEIVERS, type Receipt, SLOW_MS } from "./fanout-world";

const FLUSH_MS = 5;

const send = (m: unknown) => process.send!(m);
const seen = new Set<number>();
let pending: Receipt[] = [];
let flushDue = false;
const flush = () => {
  flushDue = false;
  if (pending.length === 0) return;
  send({ receipts: pending });
  pending = [];
};

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
      const at = performance.timeOrigin + performance.now();
      const n = Number(JSON.parse(body).data.n);
      // a retry's receipt (the same job again) does not move the first one
      if (Number.isInteger(n) && !seen.has(n)) {
        seen.add(n);
        pending.push([n, KINDS.indexOf(kind), at]);
        if (!flushDue) {
          flushDue = true;
          setTimeout(flush, FLUSH_MS);
        }
      }
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

process.on("message", async (m: { close?: true }) => {
  if (!m.close) return;
  flush();
  await Promise.all(
    servers.map((s) => {
      s.closeAllConnections();
      return new Promise<void>((r) => s.close(() => r()));
    }),
  );
  send({ closed: true });
  process.disconnect();
});
send({ urls });
