/**
 * bench:edge — the status Worker as deployed (bundled by wrangler, run by Miniflare in workerd,
 * reading Upstash REST in front of a private redis-server): requests/s and latency of a status
 * page answered from the Cache API (ours: the cached path) against the same page read from
 * Redis and rendered on every request (baseline: each request a new cache key).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { seedStatusPage } from "../edge/testing/seed";
import { startRedisServer } from "../test-support/redis-server";
import { startUpstashBridge } from "../test-support/upstash-bridge";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** One GET over a keep-alive connection; resolves the status once the body is read. */
function get(agent: Agent, url: URL): Promise<{ status: number; bytes: number; cache: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { host: "status.domainpilot.test" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, bytes, cache: String(res.headers["x-cache"]) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** `n` requests, `concurrency` at a time, to the paths `pathOf(i)` gives; each must be a 200. */
async function load(base: URL, n: number, pathOf: (i: number) => string, concurrency: number) {
  // plain HTTP/1.1 keep-alive against workerd's socket: the client's own cost stays small
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const caches: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t0 = performance.now();
      const res = await get(agent, new URL(pathOf(i), base));
      latencies.push(performance.now() - t0);
      if (res.status !== 200 || res.bytes < 10_000) throw new Error(`${pathOf(i)}: ${res.status}`);
      caches[res.cache] = (caches[res.cache] ?? 0) + 1;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    rps: round(n / seconds),
    p50Ms: round(pct(latencies, 50)),
    p95Ms: round(pct(latencies, 95)),
    caches,
  };
}

type Run = Awaited<ReturnType<typeof load>>;

/** Cached (and, when asked, uncached) figures of one Worker instance. */
async function measure(mf: Miniflare, slug: string, uncachedToo: boolean) {
  const base = await mf.ready;
  const path = `/status/${slug}`;
  // warm both paths (JIT, connections) before measuring
  await load(base, 200, () => path, CONCURRENCY);
  await load(base, 200, (i) => `${path}?warm=${i}`, CONCURRENCY);
  // throughput with CONCURRENCY in flight; latency one request at a time (no queueing)
  const few = Math.max(200, REQUESTS / 4);
  const merge = (tput: Run, lat: Run) => ({ ...lat, rps: tput.rps, caches: tput.caches });
  const uncached = uncachedToo
    ? merge(
        await load(base, few, (i) => `${path}?n=${i}`, CONCURRENCY),
        await load(base, few, (i) => `${path}?m=${i}`, 1),
      )
    : undefined;
  const cached = merge(
    await load(base, REQUESTS, () => path, CONCURRENCY),
    await load(base, REQUESTS, () => path, 1),
  );
  const bytes = (await (await mf.dispatchFetch(`https://x.test${path}`)).arrayBuffer()).byteLength;
  return { cached, uncached, bytes };
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "dp-edge-bench-"));
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], {
    cwd: "edge",
    stdio: "ignore",
  });
  const redis = await startRedisServer();
  const bridge = await startUpstashBridge(redis.url);
  const writer = ioredisAdapter({ url: redis.url });
  const worker = (isolateCacheSeconds: string) =>
    new Miniflare({
      // the bundle as one module (its source map's ../ paths would escape a modules root)
      modules: [
        { type: "ESModule", path: "worker.js", contents: readFileSync(join(out, "worker.js")) },
      ],
      compatibilityDate: "2026-04-01",
      bindings: {
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        ISOLATE_CACHE_SECONDS: isolateCacheSeconds,
      },
    });
  const deployed = worker("5");
  const cacheApiOnly = worker("0");
  try {
    const { slug } = await seedStatusPage(writer.port, Date.now());
    const ours = await measure(deployed, slug, true);
    const apiOnly = await measure(cacheApiOnly, slug, false);
    const uncached = ours.uncached!;
    const cached = ours.cached;
    console.log(
      `bench:edge: one status page (3 domains, 90-day bars, 2 incidents, ${ours.bytes} bytes) in workerd via Miniflare, Upstash REST bridge → redis-server; req/s with ${CONCURRENCY} in flight, latency one at a time; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(
      `${"path".padEnd(40)} ${"req/s".padStart(10)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  x-cache`,
    );
    const row = (name: string, r: Run) =>
      console.log(
        `${name.padEnd(40)} ${String(r.rps).padStart(10)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)}  ${JSON.stringify(r.caches)}`,
      );
    row("cached, as deployed (isolate + Cache API)", cached);
    row("cached, Cache API only", apiOnly.cached);
    row("uncached: Redis + render (baseline)", uncached);
    const ratio = round(cached.rps / uncached.rps);
    console.log(
      JSON.stringify({
        bench: "edge",
        figures: {
          cachedRps: cached.rps,
          uncachedRps: uncached.rps,
          cachedP95Ms: cached.p95Ms,
          cachedP50Ms: cached.p50Ms,
          cacheApiOnlyRps: apiOnly.cached.rps,
          cacheApiOnlyP95Ms: apiOnly.cached.p95Ms,
          uncachedP95Ms: uncached.p95Ms,
          pageBytes: ours.bytes,
        },
        baseline: { uncachedRps: uncached.rps, uncachedP95Ms: uncached.p95Ms },
        ratio,
      }),
    );
  } finally {
    await deployed.dispose();
    await cacheApiOnly.dispose();
    await writer.close();
    await bridge.close();
    await redis.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
