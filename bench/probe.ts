/**
 * bench:probe — fresh-connection HTTPS and HTTP checks per second per core against a local
 * server (in a child process, on the other core), beside a bare tls.connect / net.connect +
 * request loop in the same run: Node's own limit on this machine. A bare node:http request is
 * measured too, to show how much of the HTTP gap is the http module itself. Per core = completed
 * checks ÷ CPU seconds this process used. Prints a table, then one JSON line.
 * Env: BENCH_SECONDS per phase (8), BENCH_CONCURRENCY (8).
 */
import { spawn } from "node:child_process";
import { createServer as createHttp, request as httpRequest } from "node:http";
import { createServer as createHttps } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { connect as tlsConnect } from "node:tls";
import { fileURLToPath } from "node:url";
import { guardPolicy } from "../adapters/net/guard";
import { checkTarget, runCheck } from "../probe-fly/checks/check";
import { buildSecureContext } from "../probe-fly/checks/secure-context";
import { aPki } from "../probe-fly/testing/pki";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// 8 in flight saturates one core here; more only lengthens each loop turn (bare and ours alike).
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BODY = "ok ".repeat(100);

interface Phase {
  name: string;
  perSec: number;
  perCore: number;
  cpuCores: number;
  lagP99Ms: number;
  failures: number;
}

async function serve(): Promise<void> {
  const pki = await aPki();
  const handler = (_req: unknown, res: { end: (b: string) => void }) => res.end(BODY);
  const https = createHttps(
    { cert: `${pki.leaf.cert}\n${pki.intermediate.cert}`, key: pki.leaf.key },
    handler,
  );
  const http = createHttp(handler);
  for (const s of [https, http]) s.keepAliveTimeout = 0;
  await Promise.all(
    [https, http].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", 1024, r))),
  );
  const port = (s: typeof http | typeof https) => (s.address() as { port: number }).port;
  process.stdout.write(
    `${JSON.stringify({ https: port(https), http: port(http), ca: pki.root.cert })}\n`,
  );
}

function startServer(): Promise<{ https: number; http: number; ca: string; stop: () => void }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", self, "--server"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve({ ...JSON.parse(buf), stop: () => child.kill() });
    });
  });
}

/** A bare request on a fresh socket: write, read to the end, no parsing, no verification. */
function bare(
  open: () => Socket,
  ready: "secureConnect" | "connect",
  host: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const s = open();
    let got = 0;
    s.once(ready, () => s.end(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    s.on("data", (d: Buffer) => {
      got += d.length;
    });
    s.once("end", () => resolve(got > 0));
    s.once("error", () => resolve(false));
  });
}

/** node:http on a socket we open, reading the body to the end: the module's own cost. */
function plainHttp(open: () => Socket, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { createConnection: open, headers: { connection: "close" } },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode === 200));
      },
    );
    req.once("error", () => resolve(false));
    req.end();
  });
}

async function measure(name: string, once: () => Promise<boolean>): Promise<Phase> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let done = 0;
  let failures = 0;
  const end = performance.now() + SECONDS * 1000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  lag.enable();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        if (await once()) done += 1;
        else failures += 1;
      }
    }),
  );
  lag.disable();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return {
    name,
    perSec: Math.round(done / wall),
    perCore: Math.round(done / cpuSec),
    cpuCores: Math.round((cpuSec / wall) * 100) / 100,
    lagP99Ms: Math.round((lag.percentile(99) / 1e6) * 100) / 100,
    failures,
  };
}

async function main(): Promise<void> {
  if (process.argv.includes("--server")) return serve();
  const srv = await startServer();
  const secureContext = buildSecureContext([srv.ca]);
  const deps = { region: "bench", policy: guardPolicy(true), secureContext, now: Date.now };
  const ours = (url: string) => async () => (await runCheck(checkTarget(url), deps)).ok;
  console.log(`bench:probe: ${CONCURRENCY} concurrent fresh connections, ${SECONDS} s per phase`);
  const host = "127.0.0.1";
  const phases: Phase[] = [];
  // warm-up: JIT and the server's first handshakes are not what is measured
  await measure("warmup", ours(`https://${host}:${srv.https}/`));
  phases.push(await measure("ours https", ours(`https://${host}:${srv.https}/`)));
  phases.push(
    await measure("bare tls.connect", () =>
      bare(
        () => tlsConnect({ host, port: srv.https, secureContext, rejectUnauthorized: false }),
        "secureConnect",
        host,
      ),
    ),
  );
  phases.push(await measure("ours http", ours(`http://${host}:${srv.http}/`)));
  phases.push(
    await measure("bare net.connect", () =>
      bare(() => netConnect({ host, port: srv.http }), "connect", host),
    ),
  );
  // Context for the HTTP gap: node:http's own client on a fresh socket, with no check logic.
  phases.push(
    await measure("bare http.request", () =>
      plainHttp(() => netConnect({ host, port: srv.http }), `http://${host}:${srv.http}/`),
    ),
  );
  srv.stop();
  console.log(
    `${"phase".padEnd(18)} ${"checks/s".padStart(9)} ${"per core".padStart(9)} ${"cores".padStart(6)} ${"lag p99".padStart(8)} ${"fail".padStart(5)}`,
  );
  for (const p of phases) {
    console.log(
      `${p.name.padEnd(18)} ${String(p.perSec).padStart(9)} ${String(p.perCore).padStart(9)} ${String(p.cpuCores).padStart(6)} ${String(p.lagP99Ms).padStart(8)} ${String(p.failures).padStart(5)}`,
    );
  }
  const [oh, bh, op, bp, hm] = phases as [Phase, Phase, Phase, Phase, Phase];
  const figures = {
    httpsChecksPerSecPerCore: oh.perCore,
    httpChecksPerSecPerCore: op.perCore,
    httpsChecksPerSec: oh.perSec,
    httpChecksPerSec: op.perSec,
    eventLoopLagP99Ms: Math.max(oh.lagP99Ms, op.lagP99Ms),
    httpsShareOfLimit: Math.round((oh.perCore / bh.perCore) * 100) / 100,
    httpShareOfLimit: Math.round((op.perCore / bp.perCore) * 100) / 100,
    httpShareOfHttpModule: Math.round((op.perCore / hm.perCore) * 100) / 100,
  };
  const baseline = {
    httpsChecksPerSecPerCore: bh.perCore,
    httpChecksPerSecPerCore: bp.perCore,
    httpsChecksPerSec: bh.perSec,
    httpChecksPerSec: bp.perSec,
    eventLoopLagP99Ms: Math.max(bh.lagP99Ms, bp.lagP99Ms),
    httpModuleChecksPerSecPerCore: hm.perCore,
  };
  // The baseline is the ceiling, so the ratio is the share of it we reach over HTTPS (≤ 1).
  console.log(
    JSON.stringify({ bench: "probe", figures, baseline, ratio: figures.httpsShareOfLimit }),
  );
}

await main();
